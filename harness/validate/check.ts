// The rules of `rdmalab validate` and the helper that turns their findings into verdicts (harness/verdicts), one per
// rule and target, each with the evidence it was judged on and, when it fails, how to fix it. Rules are pure
// functions from the rig file and live state to verdicts.
import type {Verdict, VerdictStatus} from '../verdicts/verdict.js';

export interface Rule {
	/** Stable identifier, e.g. `rnic-rdma-enabled`; misconfigurations and JUnit test names refer to it. */
	id: string;
	/** What must hold, for people: "RDMA enabled on every rNIC". */
	title: string;
	/** How to fix a failure, e.g. the cmdlet or switch command. */
	hint: string;
}

type Evidence = Record<string, unknown>;

/** Builds verdicts for one rule so every verdict of it carries the same id, title and (on failures) hint. */
export const checker = (rule: Rule) => {
	// Validate judges configuration, not quantities: no threshold or measured value beyond the summary line.
	const verdict = (status: VerdictStatus, target: string, summary: string, evidence: Evidence): Verdict => ({
		id: rule.id, title: rule.title, target, status, summary, threshold: '', measured: '', evidence, ...(status === 'fail' ? {hint: rule.hint} : {}),
	});
	return {
		pass: (target: string, summary: string, evidence: Evidence = {}) => verdict('pass', target, summary, evidence),
		fail: (target: string, summary: string, evidence: Evidence = {}) => verdict('fail', target, summary, evidence),
		/** The rule does not apply here; the summary says why. */
		skip: (target: string, summary: string, evidence: Evidence = {}) => verdict('skipped', target, summary, evidence),
		/** What the rule needs could not be read: neither a pass nor a finding about the rig. */
		error: (target: string, summary: string, evidence: Evidence = {}) => verdict('error', target, summary, evidence),
		/** Pass or fail on a condition. */
		expect: (ok: boolean, target: string, summary: string, evidence: Evidence = {}) => verdict(ok ? 'pass' : 'fail', target, summary, evidence),
	};
};
