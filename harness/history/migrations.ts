// The history's schema, one migration per version, the same for SQLite and PostgreSQL but for two column types:
// a time (TEXT holding ISO 8601 in SQLite, TIMESTAMPTZ in PostgreSQL, so Grafana sees a time column) and a JSON
// document (TEXT in SQLite, JSONB in PostgreSQL, so psql can query into it). Migrations only ever add: a version
// once released is never edited, and an orchestrator that finds a newer schema than it knows refuses to write.

export type Dialect = 'sqlite' | 'postgres';

interface Types {
	time: string;
	json: string;
}

const types: Record<Dialect, Types> = {
	sqlite: {time: 'TEXT', json: 'TEXT'},
	postgres: {time: 'TIMESTAMPTZ', json: 'JSONB'},
};

export interface Migration {
	version: number;
	description: string;
	statements: (types: Types) => string[];
}

export const migrations: readonly Migration[] = [
	{
		version: 1,
		description: 'runs, their verdicts with metrics, manifests stored once per content',
		statements: t => [
			`CREATE TABLE manifests (
				sha256 TEXT PRIMARY KEY,
				manifest ${t.json} NOT NULL
			)`,
			`CREATE TABLE runs (
				id TEXT PRIMARY KEY,
				started_at ${t.time} NOT NULL,
				rig TEXT NOT NULL,
				suite TEXT NOT NULL,
				variant TEXT,
				params_hash TEXT NOT NULL,
				params ${t.json} NOT NULL,
				kind TEXT NOT NULL,
				certification TEXT,
				outcome TEXT NOT NULL,
				regression TEXT,
				manifest_sha256 TEXT REFERENCES manifests (sha256),
				folder TEXT,
				host TEXT
			)`,
			'CREATE INDEX runs_baseline ON runs (rig, suite, params_hash, started_at)',
			'CREATE INDEX runs_started ON runs (started_at)',
			`CREATE TABLE verdicts (
				run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
				position INTEGER NOT NULL,
				source TEXT NOT NULL,
				verdict_id TEXT NOT NULL,
				target TEXT,
				status TEXT NOT NULL,
				title TEXT NOT NULL,
				summary TEXT NOT NULL,
				metric_name TEXT,
				metric_value DOUBLE PRECISION,
				metric_unit TEXT,
				metric_better TEXT,
				verdict ${t.json} NOT NULL,
				PRIMARY KEY (run_id, position)
			)`,
			'CREATE INDEX verdicts_metric ON verdicts (metric_name)',
		],
	},
];

export const latestVersion = migrations.at(-1)!.version;

export const migrationStatements = (migration: Migration, dialect: Dialect): string[] => migration.statements(types[dialect]);

/** The table that says which migrations ran. */
export const versionTable = 'rdmalab_schema';
