// A certification suite: its parameters (thresholds included), a pure plan for a rig, and pure verdicts and
// report sections from the run record (which holds the plan, the rig and everything measured). Suites live in
// suites/, one folder or file each; `rdmalab run <path>` also takes a suite module outside the tree.
import type {z} from 'zod';
import type {ReportSection} from '../reports/model.js';
import type {Plan} from './plan/plan.js';
import type {Rig} from './rig/schema.js';
import type {RunRecord} from './record/record.js';
import type {Verdict} from './verdicts/verdict.js';

export interface Suite<P = unknown> {
	name: string;
	title: string;
	description: string;
	params: z.ZodType<P, unknown>;
	plan(rig: Rig, params: P): Plan;
	judge(record: RunRecord, params: P): Verdict[];
	/** Charts, tables and facts shown after the verdicts, in this order; chart files are written to the run folder. */
	report(record: RunRecord, verdicts: readonly Verdict[], params: P): ReportSection[];
	/**
	 * How `rdmalab run certify` runs this suite in a profile: one entry per variant, in order, each with the
	 * settings it overrides (parsed by `params` as `--set` values are). A suite without it is not part of
	 * certification.
	 */
	certify?(rig: Rig, profile: CertifyProfile): CertifyVariant[];
}

/** `quick`: nightly runs, short holds, once each. `full`: sign-off, longer holds, every variant, repeated. */
export type CertifyProfile = 'quick' | 'full';

export interface CertifyVariant {
	/** Names the variant in folder names and reports: `port-down-rnic1`. */
	label: string;
	settings: Record<string, unknown>;
}

export const defineSuite = <P>(suite: Suite<P>): Suite<P> => suite;
