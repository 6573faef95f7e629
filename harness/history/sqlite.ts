// The embedded history: one SQLite file (better-sqlite3), in WAL mode so Grafana's SQLite plugin or the sqlite3
// shell can read while a run writes, with a busy timeout so two runs of one user on two rigs take turns writing.
import {chmod, stat} from 'node:fs/promises';
import path from 'node:path';
import Database from 'better-sqlite3';
import {HarnessError} from '../errors.js';
import {stateModes} from '../safety/state-dir.js';
import {serially} from './serially.js';
import type {SqlClient} from './sql-store.js';

/** How long a writer waits for another process's transaction to end before giving up. */
const busyTimeoutMs = 15_000;

// better-sqlite3 waits for a lock synchronously, event loop and all: a second connection of this process waiting on
// the first would keep the first from ever finishing. Connections of one process to one file take turns instead;
// only other processes are waited for.
const turns = new Map<string, ReturnType<typeof serially>>();
const turnsFor = (file: string) => {
	let turn = turns.get(file);
	if (turn === undefined) {
		turn = serially();
		turns.set(file, turn);
	}

	return turn;
};

export const openSqlite = async (file: string): Promise<SqlClient> => {
	const existed = await stat(file).then(() => true, () => false);
	let db: Database.Database;
	try {
		db = new Database(file);
		db.pragma(`busy_timeout = ${busyTimeoutMs}`);
		db.pragma('journal_mode = WAL');
		db.pragma('foreign_keys = ON');
	} catch (error) {
		throw new HarnessError('HISTORY', `cannot open the history database: ${error instanceof Error ? error.message : String(error)}`, {
			target: file, cause: error, hint: 'the history lives in the state directory unless RDMALAB_HISTORY_URL names another file or a PostgreSQL server: check that the directory exists and is writable',
		});
	}

	if (!existed) {
		// As the journal and the lock: group-writable, so a lab sharing the state directory shares the history.
		await chmod(file, stateModes.file).catch(() => undefined);
	}

	const run = turnsFor(path.resolve(file));
	const client: SqlClient = {
		dialect: 'sqlite',
		location: file,
		async query(sql, params = []) {
			const statement = db.prepare(sql);
			if (statement.reader) {
				return statement.all(...params) as Array<Record<string, unknown>>;
			}

			statement.run(...params);
			return [];
		},
		async transaction(work) {
			return run(async () => {
				db.exec('BEGIN IMMEDIATE');
				try {
					const result = await work();
					db.exec('COMMIT');
					return result;
				} catch (error) {
					db.exec('ROLLBACK');
					throw error;
				}
			});
		},
		async close() {
			await run(async () => {
				db.close();
			});
		},
	};
	return client;
};
