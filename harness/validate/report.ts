// The three forms of validation results: a table for people (failures with their hint), JSON for tools, and JUnit
// XML for CI (one testcase per check, classname = rule, so CI groups checks by rule).
import junitModule, {type Builder} from 'junit-report-builder';
import type {Check, CheckStatus} from './check.js';

// dist/index.js is `module.exports = builder` while its types declare an ES default export, so under NodeNext the
// default import is typed as the module; at run time it is the builder itself.
const junit = junitModule as unknown as Builder;

const word: Record<CheckStatus, string> = {pass: 'PASS', fail: 'FAIL', skip: 'SKIP'};

export const summarize = (checks: readonly Check[]) => ({
	pass: checks.filter(check => check.status === 'pass').length,
	fail: checks.filter(check => check.status === 'fail').length,
	skip: checks.filter(check => check.status === 'skip').length,
});

export const formatTable = (checks: readonly Check[]): string => {
	const ruleWidth = Math.max(4, ...checks.map(check => check.rule.length));
	const targetWidth = Math.max(6, ...checks.map(check => check.target.length));
	const lines = [`${'STATUS'.padEnd(6)}  ${'RULE'.padEnd(ruleWidth)}  ${'TARGET'.padEnd(targetWidth)}  MESSAGE`];
	for (const check of checks) {
		lines.push(`${word[check.status].padEnd(6)}  ${check.rule.padEnd(ruleWidth)}  ${check.target.padEnd(targetWidth)}  ${check.message}`);
		if (check.status === 'fail' && check.hint !== undefined) {
			lines.push(`${' '.repeat(8 + ruleWidth + 2 + targetWidth + 2)}hint: ${check.hint}`);
		}
	}

	const {pass, fail, skip} = summarize(checks);
	lines.push('', `${checks.length} checks: ${pass} passed, ${fail} failed, ${skip} skipped`);
	return `${lines.join('\n')}\n`;
};

export const formatJson = (rig: string, checks: readonly Check[]): string => `${JSON.stringify({rig, summary: summarize(checks), checks}, null, 2)}\n`;

export const formatJunit = (rig: string, checks: readonly Check[]): string => {
	const builder = junit.newBuilder();
	const suite = builder.testSuite().name(`rdmalab validate ${rig}`);
	for (const check of checks) {
		const testCase = suite.testCase().className(check.rule).name(check.target).standardOutput(`${check.message}\n${JSON.stringify(check.evidence)}`);
		if (check.status === 'fail') {
			testCase.failure(`${check.message}${check.hint === undefined ? '' : ` (hint: ${check.hint})`}`, 'check');
		} else if (check.status === 'skip') {
			testCase.skipped();
		}
	}

	return builder.build();
};
