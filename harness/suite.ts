// A certification suite: its parameters (thresholds included), a pure plan for a rig, and pure verdicts and
// report sections from what the run recorded. Suites live in suites/, one file each.
import type {z} from 'zod';
import type {ReportSection} from '../reports/model.js';
import type {Plan} from './plan/plan.js';
import type {Rig} from './rig/schema.js';
import type {RunData} from './run/run-data.js';
import type {Verdict} from './verdicts/verdict.js';

export interface Suite<P = unknown> {
	name: string;
	title: string;
	description: string;
	params: z.ZodType<P, unknown>;
	plan(rig: Rig, params: P): Plan;
	judge(data: RunData, rig: Rig, params: P): Verdict[];
	/** Charts, tables and facts shown after the verdicts, in this order; chart files are written to the run folder. */
	report(data: RunData, rig: Rig, params: P): ReportSection[];
}

export const defineSuite = <P>(suite: Suite<P>): Suite<P> => suite;
