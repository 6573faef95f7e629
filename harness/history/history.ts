// The run history: every run, certification and nightly, with the rig, suite, parameters, manifest and verdicts
// (their metrics in columns, so Grafana or psql can chart them). One interface, two backends: embedded SQLite by
// default, PostgreSQL when a lab shares one history across its orchestrators.
import type {RigManifest} from '../manifest/manifest.js';
import {sha256} from '../manifest/manifest.js';
import type {RunOutcome, Verdict} from '../verdicts/verdict.js';

export type RunKind = 'run' | 'certify' | 'nightly';

/** The regression judgement of a run: null when none was made (a plain run, or a run that could not measure). */
export type RegressionState = 'regressed' | 'clean' | 'skipped';

export interface StoredVerdict extends Verdict {
	/** A verdict of the suite (or validate), or a regression verdict of the history. */
	source: 'suite' | 'regression';
}

export interface HistoryRun {
	/** Unique: the run folder's name and a random suffix, as the run's journal entries use. */
	id: string;
	/** ISO 8601 UTC. */
	startedAt: string;
	rig: string;
	/** The suite's name, or `validate` for a certification's design checks. */
	suite: string;
	/** A certification's variant of the suite (`quick`, `1500ms`...), or null. */
	variant: string | null;
	paramsHash: string;
	params: unknown;
	kind: RunKind;
	/** The certification or nightly the run belongs to. */
	certification: string | null;
	outcome: RunOutcome;
	regression: RegressionState | null;
	/** The run folder on the orchestrator that wrote it. */
	folder: string | null;
	/** The orchestrator's host name. */
	host: string | null;
	manifest: RigManifest | null;
	verdicts: StoredVerdict[];
}

export interface RunFilter {
	rig?: string;
	suite?: string;
	paramsHash?: string;
	outcome?: RunOutcome;
	regression?: RegressionState;
	/** Started at or after (ISO 8601). */
	since?: string;
	/** Started strictly before (ISO 8601). */
	before?: string;
	certification?: string;
	/** Newest first; 100 unless given. */
	limit?: number;
}

export interface HistoryStore {
	/** Where the history is, for people: a file path, or a PostgreSQL URL without its password. */
	readonly location: string;
	/** Writes a run and its verdicts in one transaction; a run id already stored is refused. */
	record(run: HistoryRun): Promise<void>;
	/** Runs matching the filter, newest first, each with its verdicts and manifest. */
	runs(filter?: RunFilter): Promise<HistoryRun[]>;
	/** One run by its id, or by a unique prefix of it. */
	run(id: string): Promise<HistoryRun | undefined>;
	close(): Promise<void>;
}

/** The identity of a suite's parameters: the same parameters, whatever their key order, hash the same. */
export const paramsHash = (params: unknown): string => sha256(params ?? {});
