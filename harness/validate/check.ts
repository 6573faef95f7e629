// The result model of `rdmalab validate`: one check per rule and target, each with the evidence it was judged on
// and, when it fails, how to fix it. Rules are pure functions from the rig file and live state to checks.

export type CheckStatus = 'pass' | 'fail' | 'skip';

export interface Rule {
	/** Stable identifier, e.g. `rnic-rdma-enabled`; misconfigurations and JUnit test names refer to it. */
	id: string;
	/** What must hold, for people: "RDMA enabled on every rNIC". */
	title: string;
	/** How to fix a failure, e.g. the cmdlet or switch command. */
	hint: string;
}

export interface Check {
	rule: string;
	/** What was checked: `hv01/SLOT 2 Port 1`, `tor-a/Ethernet1/1`, `hv01`. */
	target: string;
	status: CheckStatus;
	/** One line: what was found against what was expected. */
	message: string;
	/** The values the check was judged on (what was read, what was expected). */
	evidence: Record<string, unknown>;
	/** Present on failures. */
	hint?: string;
}

/** Builds checks for one rule so every check of it carries the same id and hint. */
export const checker = (rule: Rule) => ({
	pass: (target: string, message: string, evidence: Record<string, unknown> = {}): Check => ({rule: rule.id, target, status: 'pass', message, evidence}),
	fail: (target: string, message: string, evidence: Record<string, unknown> = {}): Check => ({rule: rule.id, target, status: 'fail', message, evidence, hint: rule.hint}),
	skip: (target: string, message: string, evidence: Record<string, unknown> = {}): Check => ({rule: rule.id, target, status: 'skip', message, evidence}),
	/** Pass or fail on a condition. */
	expect: (ok: boolean, target: string, message: string, evidence: Record<string, unknown> = {}): Check => ({
		rule: rule.id, target, status: ok ? 'pass' : 'fail', message, evidence, ...(ok ? {} : {hint: rule.hint}),
	}),
});
