// The history store on any SQL client: every query and the migrations are written once, with `?` placeholders;
// each backend (sqlite.ts, postgres.ts) only connects, runs a statement and holds a transaction.
import {HarnessError} from '../errors.js';
import {sha256, type RigManifest} from '../manifest/manifest.js';
import type {RunOutcome} from '../verdicts/verdict.js';
import type {HistoryRun, HistoryStore, RegressionState, RunFilter, RunKind, StoredVerdict} from './history.js';
import {latestVersion, migrations, migrationStatements, versionTable, type Dialect} from './migrations.js';

export type Row = Record<string, unknown>;

export interface SqlClient {
	readonly dialect: Dialect;
	readonly location: string;
	/** One statement with `?` placeholders; its rows (none for a write). */
	query(sql: string, params?: readonly unknown[]): Promise<Row[]>;
	/**
	 * Runs `work` in one transaction that holds the database's write lock from its start (SQLite BEGIN IMMEDIATE,
	 * a PostgreSQL advisory lock), so two orchestrators migrating or writing at once take turns.
	 */
	transaction<T>(work: () => Promise<T>): Promise<T>;
	close(): Promise<void>;
}

const failure = (client: SqlClient, doing: string, error: unknown, hint?: string) => new HarnessError('HISTORY', `${doing}: ${error instanceof Error ? error.message : String(error)}`, {
	target: client.location, cause: error, hint: hint ?? 'check that the history database is reachable and writable (RDMALAB_HISTORY_URL, or the state directory for the default SQLite file)',
});

/** Brings the schema to the latest version; refuses a schema newer than this rdmalab knows. */
export const migrate = async (client: SqlClient): Promise<void> => {
	await client.transaction(async () => {
		await client.query(`CREATE TABLE IF NOT EXISTS ${versionTable} (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL, description TEXT NOT NULL)`);
		const rows = await client.query(`SELECT MAX(version) AS version FROM ${versionTable}`);
		const current = Number(rows[0]?.['version'] ?? 0);
		if (current > latestVersion) {
			throw new HarnessError('HISTORY', `the history's schema is version ${current}, newer than this rdmalab knows (${latestVersion})`, {
				target: client.location, hint: 'another orchestrator runs a newer rdmalab: upgrade this one before it writes to the shared history',
			});
		}

		for (const migration of migrations.filter(candidate => candidate.version > current)) {
			for (const statement of migrationStatements(migration, client.dialect)) {
				await client.query(statement);
			}

			await client.query(`INSERT INTO ${versionTable} (version, applied_at, description) VALUES (?, ?, ?)`, [migration.version, new Date().toISOString(), migration.description]);
		}
	});
};

// PostgreSQL returns JSONB parsed and TIMESTAMPTZ as a Date; SQLite returns both as text.
const json = (value: unknown): unknown => (typeof value === 'string' ? JSON.parse(value) as unknown : value);
const isoTime = (value: unknown): string => (value instanceof Date ? value.toISOString() : new Date(String(value)).toISOString());
const text = (value: unknown): string | null => (value === null || value === undefined ? null : String(value));

/** A manifest is stored once however many runs share it: its identity is the hash of all of it. */
const manifestId = (manifest: RigManifest): string => sha256(manifest);

/** A time for comparisons in SQL: SQLite compares ISO text, so every stored time has the same form. */
const normalTime = (value: string) => new Date(value).toISOString();

export class SqlHistoryStore implements HistoryStore {
	readonly location: string;

	private constructor(private readonly client: SqlClient) {
		this.location = client.location;
	}

	static async open(client: SqlClient): Promise<SqlHistoryStore> {
		try {
			await migrate(client);
		} catch (error) {
			await client.close();
			throw error instanceof HarnessError ? error : failure(client, 'could not prepare the history', error);
		}

		return new SqlHistoryStore(client);
	}

	async record(run: HistoryRun): Promise<void> {
		try {
			await this.client.transaction(async () => {
				if (run.manifest !== null) {
					const existing = await this.client.query('SELECT sha256 FROM manifests WHERE sha256 = ?', [manifestId(run.manifest)]);
					if (existing.length === 0) {
						await this.client.query('INSERT INTO manifests (sha256, manifest) VALUES (?, ?)', [manifestId(run.manifest), JSON.stringify(run.manifest)]);
					}
				}

				await this.client.query(
					`INSERT INTO runs (id, started_at, rig, suite, variant, params_hash, params, kind, certification, outcome, regression, manifest_sha256, folder, host)
					VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
					[
						run.id, normalTime(run.startedAt), run.rig, run.suite, run.variant, run.paramsHash, JSON.stringify(run.params ?? {}), run.kind, run.certification,
						run.outcome, run.regression, run.manifest === null ? null : manifestId(run.manifest), run.folder, run.host,
					],
				);
				for (const [position, verdict] of run.verdicts.entries()) {
					await this.client.query(
						`INSERT INTO verdicts (run_id, position, source, verdict_id, target, status, title, summary, metric_name, metric_value, metric_unit, metric_better, verdict)
						VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
						[
							run.id, position, verdict.source, verdict.id, verdict.target ?? null, verdict.status, verdict.title, verdict.summary,
							verdict.metric?.name ?? null, verdict.metric?.value ?? null, verdict.metric?.unit ?? null, verdict.metric?.better ?? null, JSON.stringify(verdict),
						],
					);
				}
			});
		} catch (error) {
			throw error instanceof HarnessError ? error : failure(this.client, `could not record run ${run.id}`, error);
		}
	}

	async runs(filter: RunFilter = {}): Promise<HistoryRun[]> {
		const conditions: string[] = [];
		const params: unknown[] = [];
		const where = (sql: string, value: unknown) => {
			conditions.push(sql);
			params.push(value);
		};

		if (filter.rig !== undefined) {
			where('rig = ?', filter.rig);
		}

		if (filter.suite !== undefined) {
			where('suite = ?', filter.suite);
		}

		if (filter.paramsHash !== undefined) {
			where('params_hash = ?', filter.paramsHash);
		}

		if (filter.outcome !== undefined) {
			where('outcome = ?', filter.outcome);
		}

		if (filter.regression !== undefined) {
			where('regression = ?', filter.regression);
		}

		if (filter.since !== undefined) {
			where('started_at >= ?', normalTime(filter.since));
		}

		if (filter.before !== undefined) {
			where('started_at < ?', normalTime(filter.before));
		}

		if (filter.certification !== undefined) {
			where('certification = ?', filter.certification);
		}

		params.push(filter.limit ?? 100);
		return this.load(`SELECT * FROM runs ${conditions.length === 0 ? '' : `WHERE ${conditions.join(' AND ')}`} ORDER BY started_at DESC, id DESC LIMIT ?`, params, 'could not read runs');
	}

	async run(id: string): Promise<HistoryRun | undefined> {
		const exact = await this.load('SELECT * FROM runs WHERE id = ?', [id], `could not read run ${id}`);
		if (exact.length > 0) {
			return exact[0];
		}

		// A prefix is what people copy from a list; it must name one run.
		const prefixed = await this.load('SELECT * FROM runs WHERE substr(id, 1, ?) = ? ORDER BY started_at DESC LIMIT 2', [id.length, id], `could not read run ${id}`);
		if (prefixed.length > 1) {
			throw new HarnessError('USAGE', `${id} names more than one run (${prefixed.map(run => run.id).join(', ')}, …)`, {hint: 'give more of the run id'});
		}

		return prefixed[0];
	}

	async close(): Promise<void> {
		await this.client.close();
	}

	/** Runs of a query, each with its verdicts (in their order) and its manifest. */
	private async load(sql: string, params: unknown[], doing: string): Promise<HistoryRun[]> {
		try {
			const rows = await this.client.query(sql, params);
			if (rows.length === 0) {
				return [];
			}

			const ids = rows.map(row => String(row['id']));
			const marks = ids.map(() => '?').join(', ');
			const verdicts = await this.client.query(`SELECT run_id, source, verdict FROM verdicts WHERE run_id IN (${marks}) ORDER BY run_id, position`, ids);
			const hashes = [...new Set(rows.map(row => row['manifest_sha256']).filter((hash): hash is string => typeof hash === 'string'))];
			const manifests = hashes.length === 0 ? [] : await this.client.query(`SELECT sha256, manifest FROM manifests WHERE sha256 IN (${hashes.map(() => '?').join(', ')})`, hashes);
			const manifestOf = new Map(manifests.map(row => [String(row['sha256']), json(row['manifest']) as RigManifest]));
			const verdictsOf = new Map<string, StoredVerdict[]>();
			for (const row of verdicts) {
				const list = verdictsOf.get(String(row['run_id'])) ?? [];
				list.push({...(json(row['verdict']) as StoredVerdict), source: row['source'] as StoredVerdict['source']});
				verdictsOf.set(String(row['run_id']), list);
			}

			return rows.map(row => ({
				id: String(row['id']),
				startedAt: isoTime(row['started_at']),
				rig: String(row['rig']),
				suite: String(row['suite']),
				variant: text(row['variant']),
				paramsHash: String(row['params_hash']),
				params: json(row['params']),
				kind: row['kind'] as RunKind,
				certification: text(row['certification']),
				outcome: row['outcome'] as RunOutcome,
				regression: text(row['regression']) as RegressionState | null,
				folder: text(row['folder']),
				host: text(row['host']),
				manifest: typeof row['manifest_sha256'] === 'string' ? manifestOf.get(row['manifest_sha256']) ?? null : null,
				verdicts: verdictsOf.get(String(row['id'])) ?? [],
			}));
		} catch (error) {
			throw error instanceof HarnessError ? error : failure(this.client, doing, error);
		}
	}
}
