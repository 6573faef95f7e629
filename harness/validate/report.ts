// The three forms of validation results: a table for people (failures with their hint), JSON for tools, and JUnit
// XML for CI (one testcase per check, classname = rule, so CI groups checks by rule). Each check is a verdict
// (harness/verdicts) whose id is its rule.
import junitModule, {type Builder} from 'junit-report-builder';
import type {Verdict, VerdictStatus} from '../verdicts/verdict.js';

// dist/index.js is `module.exports = builder` while its types declare an ES default export, so under NodeNext the
// default import is typed as the module; at run time it is the builder itself.
const junit = junitModule as unknown as Builder;

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

export const formatJunit = (rig: string, checks: readonly Verdict[]): string => {
	const builder = junit.newBuilder();
	const suite = builder.testSuite().name(`rdmalab validate ${rig}`);
	for (const check of checks) {
		const testCase = suite.testCase().className(check.id).name(check.target ?? '').standardOutput(`${check.summary}\n${JSON.stringify(check.evidence)}`);
		const hint = check.hint === undefined ? '' : ` (hint: ${check.hint})`;
		if (check.status === 'fail') {
			testCase.failure(`${check.summary}${hint}`, 'check');
		} else if (check.status === 'error') {
			// JUnit's own distinction: an error is a check that could not run, not a product failure.
			testCase.error(`${check.summary}${hint}`, 'error');
		} else if (check.status === 'skipped') {
			testCase.skipped();
		}
	}

	return builder.build();
};
