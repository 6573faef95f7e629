// JUnit XML for CI from a result (run, certify, nightly) or from validate's checks. One <testsuite> per suite, one
// <testcase> per verdict (classname = suite, name = verdict id and target); a failed verdict is a <failure>, an
// unmeasured one an <error>, a skipped one <skipped>. An infrastructure error is a testcase of its own, and a
// suite that did not pass always shows a failure or an error: CI must never read a run that measured nothing as green.
import {writeFile} from 'node:fs/promises';
import path from 'node:path';
import {renderJunit, type JunitCase, type JunitModel, type JunitSuite} from '../../reports/junit.js';
import {HarnessError} from '../errors.js';
import type {Result, ResultError, SuiteResult} from '../record/result.js';
import type {Verdict} from '../verdicts/verdict.js';

/** The verdict's testcase name: its id, then what it judged when it is one of several of the same id. */
const caseName = (verdict: Pick<Verdict, 'id' | 'target'>) => (verdict.target === undefined ? verdict.id : `${verdict.id} ${verdict.target}`);

const verdictOutput = (verdict: Verdict): string => [
	verdict.title,
	...(verdict.target === undefined ? [] : [`target: ${verdict.target}`]),
	`status: ${verdict.status}`,
	`summary: ${verdict.summary}`,
	...(verdict.threshold === '' ? [] : [`threshold: ${verdict.threshold}`]),
	...(verdict.measured === '' ? [] : [`measured: ${verdict.measured}`]),
	...(verdict.metric === undefined ? [] : [`metric: ${verdict.metric.name} = ${verdict.metric.value} ${verdict.metric.unit} (${verdict.metric.better} is better)`]),
	...(verdict.hint === undefined ? [] : [`hint: ${verdict.hint}`]),
	`evidence: ${JSON.stringify(verdict.evidence, (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value), 2)}`,
].join('\n');

const verdictCase = (classname: string, verdict: Verdict, attachments: string[]): JunitCase => ({
	classname,
	name: caseName(verdict),
	status: verdict.status,
	message: `${verdict.summary}${verdict.hint === undefined ? '' : ` (hint: ${verdict.hint})`}`,
	...(verdict.status === 'fail' || verdict.status === 'error'
		? {details: [verdict.summary, ...(verdict.threshold === '' ? [] : [`threshold: ${verdict.threshold}`]), ...(verdict.measured === '' ? [] : [`measured: ${verdict.measured}`]), ...(verdict.hint === undefined ? [] : [`hint: ${verdict.hint}`])].join('\n')}
		: {}),
	output: verdictOutput(verdict),
	...(verdict.status === 'pass' ? {} : {attachments}),
});

const errorCase = (classname: string, error: ResultError, attachments: string[]): JunitCase => ({
	classname,
	name: `infrastructure error ${error.code}${error.target === undefined ? '' : ` ${error.target}`}`,
	status: 'error',
	message: error.message,
	details: [error.message, ...(error.hint === undefined ? [] : [`hint: ${error.hint}`])].join('\n'),
	output: 'The run could not measure this: an infrastructure error, not a verdict on the hardware.',
	attachments,
});

// Parameters as flat properties (`param.thresholds.maxStallMs`), so CI shows what a run was judged against.
const flatten = (value: unknown, prefix: string): Array<{name: string; value: string}> => (typeof value === 'object' && value !== null && !Array.isArray(value)
	? Object.entries(value).flatMap(([key, inner]) => flatten(inner, `${prefix}.${key}`))
	: [{name: prefix, value: typeof value === 'string' ? value : JSON.stringify(value) ?? 'null'}]);

const outcomeText = {passed: 'passed', failed: 'failed', error: 'could not measure everything it needed', interrupted: 'was interrupted before it finished'} as const;

const suiteOf = (result: Result, suite: SuiteResult, attachments: string[]): JunitSuite => {
	const cases = [
		...result.verdicts.filter(verdict => verdict.suite === suite.suite).map(verdict => verdictCase(suite.suite, verdict, attachments)),
		...result.errors.filter(error => error.suite === suite.suite).map(error => errorCase(suite.suite, error, attachments)),
	];
	if (suite.outcome !== 'passed' && !cases.some(testCase => testCase.status === 'fail' || testCase.status === 'error')) {
		const why = suite.stoppedEarly === undefined ? '' : `: ${suite.stoppedEarly}`;
		cases.push({classname: suite.suite, name: 'run outcome', status: 'error', message: `the run ${outcomeText[suite.outcome]}${why}`, output: '', attachments});
	}

	return {
		name: suite.suite,
		timestamp: suite.startedAt,
		timeS: suite.durationS,
		properties: [
			{name: 'title', value: suite.title},
			{name: 'rig', value: result.rig},
			{name: 'outcome', value: suite.outcome},
			...attachments.map(file => ({name: 'report', value: file})),
			...flatten(suite.params, 'param'),
		],
		cases,
		output: `${suite.title}: ${suite.outcome}`,
		attachments,
	};
};

/** The JUnit model of a result whose files are in `folder` (the report is attached by its absolute path). */
export const junitOfResult = (result: Result, folder: string): JunitModel => {
	const attachments = result.files.report === undefined ? [] : [path.resolve(folder, result.files.report)];
	const suites = result.suites.map(suite => suiteOf(result, suite, attachments));
	const runErrors = result.errors.filter(error => error.suite === undefined || !result.suites.some(suite => suite.suite === error.suite));
	if (runErrors.length > 0 || suites.length === 0) {
		const cases = runErrors.map(error => errorCase('rdmalab', error, attachments));
		suites.push({
			name: 'rdmalab', timestamp: result.startedAt, timeS: 0, properties: [{name: 'rig', value: result.rig}], output: '', attachments,
			cases: cases.length > 0 ? cases : [{classname: 'rdmalab', name: 'run outcome', status: 'error', message: `no suite ran (${result.outcome})`, output: ''}],
		});
	}

	return {name: result.title, suites};
};

/** JUnit of `rdmalab validate`: one testcase per check, classname = rule, name = target, so CI groups by rule. */
export const junitOfChecks = (rig: string, checks: readonly Verdict[], startedAt: string): JunitModel => ({
	name: `rdmalab validate ${rig}`,
	suites: [{
		name: `rdmalab validate ${rig}`,
		timestamp: startedAt,
		timeS: 0,
		properties: [{name: 'rig', value: rig}],
		cases: checks.map(check => ({...verdictCase(check.id, check, []), name: check.target ?? check.id})),
	}],
});

const writeXml = async (model: JunitModel, file: string) => {
	try {
		await writeFile(file, renderJunit(model));
	} catch (error) {
		throw new HarnessError('IO', `cannot write JUnit report ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, {target: file, hint: 'name a writable file'});
	}
};

/** Writes the JUnit XML of a result read from (or written to) `folder`; for run, certify and nightly alike. */
export const writeJunit = async (result: Result, file: string, folder = path.dirname(file)): Promise<void> => writeXml(junitOfResult(result, folder), file);

export const writeChecksJunit = async (rig: string, checks: readonly Verdict[], startedAt: string, file: string): Promise<void> => writeXml(junitOfChecks(rig, checks, startedAt), file);
