// Validation results for people (a table, failures with their hint) and for tools (JSON); the CLI writes the JUnit
// XML for CI (harness/cli/junit.ts). Each check is a verdict (harness/verdicts) whose id is its rule.
import type {Verdict, VerdictStatus} from '../verdicts/verdict.js';

const word: Record<VerdictStatus, string> = {pass: 'PASS', fail: 'FAIL', skipped: 'SKIP', error: 'ERROR'};

// `skip` keeps the key tools already read; `error` is appended so the earlier keys keep their order.
export const summarize = (checks: readonly Verdict[]) => ({
	pass: checks.filter(check => check.status === 'pass').length,
	fail: checks.filter(check => check.status === 'fail').length,
	skip: checks.filter(check => check.status === 'skipped').length,
	error: checks.filter(check => check.status === 'error').length,
});

export const formatTable = (checks: readonly Verdict[]): string => {
	const ruleWidth = Math.max(4, ...checks.map(check => check.id.length));
	const targetWidth = Math.max(6, ...checks.map(check => (check.target ?? '').length));
	const lines = [`${'STATUS'.padEnd(6)}  ${'RULE'.padEnd(ruleWidth)}  ${'TARGET'.padEnd(targetWidth)}  MESSAGE`];
	for (const check of checks) {
		lines.push(`${word[check.status].padEnd(6)}  ${check.id.padEnd(ruleWidth)}  ${(check.target ?? '').padEnd(targetWidth)}  ${check.summary}`);
		if ((check.status === 'fail' || check.status === 'error') && check.hint !== undefined) {
			lines.push(`${' '.repeat(8 + ruleWidth + 2 + targetWidth + 2)}hint: ${check.hint}`);
		}
	}

	const {pass, fail, skip, error} = summarize(checks);
	// Errors are named only when there are some, so the usual line reads as it always has.
	lines.push('', `${checks.length} checks: ${pass} passed, ${fail} failed, ${skip} skipped${error > 0 ? `, ${error} could not be judged` : ''}`);
	return `${lines.join('\n')}\n`;
};

export const formatJson = (rig: string, checks: readonly Verdict[]): string => `${JSON.stringify({rig, summary: summarize(checks), checks}, null, 2)}\n`;
