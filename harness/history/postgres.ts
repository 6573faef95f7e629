// The shared history: a PostgreSQL database every orchestrator of a lab writes to (RDMALAB_HISTORY_URL), which
// Grafana or psql read. One connection per command; writers take turns through a transaction-scoped advisory lock.
import pg from 'pg';
import {HarnessError} from '../errors.js';
import {serially} from './serially.js';
import type {SqlClient} from './sql-store.js';

/** The advisory lock every rdmalab writer takes: one number for the whole history. */
const writerLock = 0x72646d61; // 'rdma'

/** The URL for people: the password, if the URL carries one, never leaves the process. */
export const redactUrl = (url: string): string => {
	try {
		const parsed = new URL(url);
		if (parsed.password !== '') {
			parsed.password = '***';
		}

		return parsed.toString();
	} catch {
		return 'postgres://<unparsable URL>';
	}
};

/** `?` placeholders as PostgreSQL's `$1`, `$2`...; no statement of the store has a `?` anywhere else. */
const numbered = (sql: string) => {
	let index = 0;
	return sql.replace(/\?/g, () => `$${++index}`);
};

export const openPostgres = async (url: string): Promise<SqlClient> => {
	const location = redactUrl(url);
	const connection = new pg.Client({connectionString: url, connectionTimeoutMillis: 10_000, application_name: 'rdmalab'});
	// An error on an idle connection (the server restarted) would otherwise be an uncaught 'error' event.
	let broken: Error | undefined;
	connection.on('error', error => {
		broken = error;
	});
	try {
		await connection.connect();
	} catch (error) {
		await connection.end().catch(() => undefined);
		throw new HarnessError('HISTORY', `cannot connect to the history database: ${error instanceof Error ? error.message : String(error)}`, {
			target: location, cause: error, hint: 'check RDMALAB_HISTORY_URL (postgres://user@host:port/database; the password from PGPASSWORD or ~/.pgpass) and that the server accepts connections from this host',
		});
	}

	const run = serially();
	const query = async (sql: string, params: readonly unknown[] = []) => {
		if (broken !== undefined) {
			throw broken;
		}

		return (await connection.query(numbered(sql), [...params])).rows as Array<Record<string, unknown>>;
	};

	return {
		dialect: 'postgres',
		location,
		query,
		async transaction(work) {
			return run(async () => {
				await query('BEGIN');
				try {
					await query('SELECT pg_advisory_xact_lock(?)', [writerLock]);
					const result = await work();
					await query('COMMIT');
					return result;
				} catch (error) {
					await query('ROLLBACK').catch(() => undefined);
					throw error;
				}
			});
		},
		async close() {
			await run(async () => connection.end().catch(() => undefined));
		},
	};
};
