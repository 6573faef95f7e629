// A certification suite: its parameters (thresholds included), a pure plan for a rig, and pure verdicts and
// charts from what the run recorded. Suites live in suites/, one file each.
import type {z} from 'zod';
import type {FailoverChartModel} from '../reports/model.js';
import type {Plan} from './plan/plan.js';
import type {Rig} from './rig/schema.js';
import type {RunData} from './run/run-data.js';
import type {Verdict} from './verdicts/verdict.js';

export interface ChartSpec {
	/** File name in the run folder. */
	file: string;
	caption: string;
	failover: FailoverChartModel;
}

export interface Suite<P = unknown> {
	name: string;
	title: string;
	description: string;
	params: z.ZodType<P, unknown>;
	plan(rig: Rig, params: P): Plan;
	judge(data: RunData, rig: Rig, params: P): Verdict[];
	charts(data: RunData, rig: Rig, params: P): ChartSpec[];
}

export const defineSuite = <P>(suite: Suite<P>): Suite<P> => suite;
