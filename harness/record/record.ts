// The run record: everything a run measured and everything its verdicts and charts need: the suite and its
// parameters, the rig as the run saw it, the plan (with its named windows), and the run's data on one timeline
// (samples, workload results, fault times, errors). Suites judge the record, so a stored run can be judged again
// with other thresholds, with no connection to any rig.
import type {Plan} from '../plan/plan.js';
import type {Rig} from '../rig/schema.js';
import type {DiskspdRun, NtttcpRun, RunData, WorkloadRun} from '../run/run-data.js';

export interface RunRecord {
	suite: string;
	/** The suite module's file, for a suite from outside rdmalab's own (`rdmalab run ./my-suite/index.js`). */
	suiteFile?: string;
	/** The suite's parameters as the run used them (defaults filled in). */
	params: unknown;
	rig: Rig;
	plan: Plan;
	data: RunData;
}

/** Version of record.json; a reader refuses any other. */
export const recordVersion = 1;

/** A named window of the plan (`baseline`, `fault`, `recovery`, `phase-a` …), or an error naming what is missing. */
export const planWindow = (record: Pick<RunRecord, 'plan'>, name: string): {fromS: number; toS: number} | undefined =>
	record.plan.windows?.find(window => window.name === name);

export const isDiskspdRun = (run: WorkloadRun): run is DiskspdRun => run.kind === undefined || run.kind === 'diskspd';

export const isNtttcpRun = (run: WorkloadRun): run is NtttcpRun => run.kind === 'ntttcp';
