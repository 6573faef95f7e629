// A real PostgreSQL for the history tests: RDMALAB_TEST_POSTGRES_URL names a server (.ci/run starts one on
// loopback). Each test gets a database of its own, dropped when it ends, so test files and the tests in them never
// see each other's rows. With no server reachable the PostgreSQL tests skip and say so loudly; with
// RDMALAB_CI_STRICT=1 (CI) they fail instead, so CI can never pass without them.
import {randomBytes} from 'node:crypto';
import type {ExecutionContext} from 'ava';
import pg from 'pg';

const adminUrl = process.env['RDMALAB_TEST_POSTGRES_URL'];
export const strict = process.env['RDMALAB_CI_STRICT'] === '1';

const reach = async (): Promise<string | undefined> => {
	if (adminUrl === undefined || adminUrl === '') {
		return 'RDMALAB_TEST_POSTGRES_URL is not set';
	}

	const client = new pg.Client({connectionString: adminUrl, connectionTimeoutMillis: 5000});
	client.on('error', () => undefined);
	try {
		await client.connect();
		await client.query('SELECT 1');
		return undefined;
	} catch (error) {
		return `${adminUrl.replace(/:[^:@/]*@/, ':***@')} is not reachable: ${error instanceof Error ? error.message : String(error)}`;
	} finally {
		await client.end().catch(() => undefined);
	}
};

/** Why the PostgreSQL tests cannot run here, or undefined when they can. Said once per file, loudly. */
export const postgresUnavailable = await reach();
if (postgresUnavailable !== undefined) {
	const banner = `\n*** PostgreSQL history tests ${strict ? 'FAIL' : 'SKIPPED'}: ${postgresUnavailable}${strict ? ' (RDMALAB_CI_STRICT=1)' : ''} ***\n`;
	process.stderr.write(banner);
}

const admin = async <T>(work: (client: pg.Client) => Promise<T>): Promise<T> => {
	const client = new pg.Client({connectionString: adminUrl});
	client.on('error', () => undefined);
	await client.connect();
	try {
		return await work(client);
	} finally {
		await client.end();
	}
};

/** A fresh, empty database for one test; its URL. Dropped (connections and all) when the test ends. */
export const freshDatabase = async (t: ExecutionContext): Promise<string> => {
	const name = `rdmalab_test_${process.pid}_${randomBytes(4).toString('hex')}`;
	await admin(async client => client.query(`CREATE DATABASE ${name}`));
	t.teardown(async () => {
		await admin(async client => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
	});
	const url = new URL(adminUrl!);
	url.pathname = `/${name}`;
	return url.toString();
};
