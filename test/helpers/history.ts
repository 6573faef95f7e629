// The history tests run once per backend, the same code against SQLite and against a real PostgreSQL.
import {join} from 'node:path';
import test, {type ExecutionContext} from 'ava';
import {openPostgres} from '../../harness/history/postgres.js';
import {openSqlite} from '../../harness/history/sqlite.js';
import type {SqlClient} from '../../harness/history/sql-store.js';
import {tempDir} from './cli.js';
import {freshDatabase, postgresUnavailable} from './postgres.js';
import {notChecked} from './tools.js';

export interface Backend {
	name: 'SQLite' | 'PostgreSQL';
	unavailable?: string;
	/** A fresh, empty history for one test: a file path or a database URL. */
	prepare(t: ExecutionContext): Promise<string>;
	connect(location: string): Promise<SqlClient>;
}

export const backends: Backend[] = [
	{name: 'SQLite', prepare: async () => join(await tempDir(), 'history.sqlite'), connect: openSqlite},
	{name: 'PostgreSQL', ...(postgresUnavailable === undefined ? {} : {unavailable: postgresUnavailable}), prepare: freshDatabase, connect: openPostgres},
];

/** Registers `implementation` once per backend; a backend that cannot run here skips loudly, or fails in CI. */
export const eachBackend = (title: string, implementation: (t: ExecutionContext, backend: Backend, location: string) => Promise<void>) => {
	for (const backend of backends) {
		const name = `${backend.name}: ${title}`;
		const {unavailable} = backend;
		test(name, async t => {
			if (unavailable !== undefined) {
				notChecked(t, `${backend.name} is not reachable: ${unavailable}`);
				return;
			}

			await implementation(t, backend, await backend.prepare(t));
		});
	}
};
