// result.json: what a run concluded, for machines (CI, the history, a lab's own tools). One shape for a run of one
// suite and for a certification of several: the verdicts and errors of every suite in one list each, tagged with
// their suite, and one entry per suite for what that suite ran with and recorded. Published as JSON Schema in
// docs/result-2.schema.json; `rdmalabResult` is its version, raised whenever a reader would misread the new shape.
import type {ErrorRecord} from '../errors.js';
import type {RunData} from '../run/run-data.js';
import type {RunOutcome, Verdict} from '../verdicts/verdict.js';

export const resultVersion = 2;

export interface ResultVerdict extends Verdict {
	/** The suite that judged it (`validate` for a rig check). */
	suite: string;
}

export interface ResultError extends ErrorRecord {
	/** The suite whose run hit it; absent for an error of the whole run (the report could not be written). */
	suite?: string;
}

export interface ResultWarning {
	suite?: string;
	message: string;
}

/** One suite's run: its parameters and what it recorded, without the samples (those are in the run folder). */
export interface SuiteResult {
	suite: string;
	title: string;
	outcome: RunOutcome;
	exitCode: number;
	/** Its files, relative to the folder of result.json: '' when they are beside it. */
	folder: string;
	startedAt: string;
	durationS: number;
	params: unknown;
	interrupted: boolean;
	stoppedEarly?: string;
	nodes: RunData['nodes'];
	faults: RunData['faults'];
	startSkew: NonNullable<RunData['startSkew']>;
	workloads: Array<Omit<RunData['workloads'][number], 'result'> & {toolVersion?: string}>;
	captures: Array<Omit<RunData['captures'][number], 'samples'> & {sampleCount: number}>;
}

export interface Result {
	rdmalabResult: typeof resultVersion;
	title: string;
	rig: string;
	outcome: RunOutcome;
	exitCode: number;
	startedAt: string;
	durationS: number;
	/** Who ran what, where, with which versions (the run's manifest), when the command recorded one. */
	manifest?: Record<string, unknown>;
	/** The other files of the result, relative to its folder. */
	files: {report?: string; junit: string};
	verdicts: ResultVerdict[];
	errors: ResultError[];
	warnings: ResultWarning[];
	interrupted: boolean;
	stoppedEarly?: string;
	suites: SuiteResult[];
}

/**
 * The outcome of several suites' runs: stopped by the operator wins, then a product failure (a finding even if
 * something else could not be measured), then anything unmeasured; a result passes only if every suite passed.
 */
export const combinedOutcome = (outcomes: readonly RunOutcome[]): RunOutcome => {
	for (const outcome of ['interrupted', 'failed', 'error'] as const) {
		if (outcomes.includes(outcome)) {
			return outcome;
		}
	}

	return outcomes.length === 0 ? 'error' : 'passed';
};
