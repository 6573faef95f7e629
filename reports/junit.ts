// JUnit XML for CI servers: one <testsuite> per suite (or per validate run), one <testcase> per verdict. It follows
// the schema Jenkins validates JUnit input against (xunit-plugin's junit-10.xsd, kept in test/fixtures/junit/ with its
// source), which is why it is written with an XML builder rather than junit-report-builder: that one puts a
// `skipped` attribute on <testsuites>, which the schema does not allow, and cannot leave it out.
import {XMLBuilder} from 'fast-xml-parser';
import type {VerdictStatus} from './model.js';

export interface JunitCase {
	classname: string;
	name: string;
	status: VerdictStatus;
	/** One line: the failure's or error's message (also the skip reason). */
	message: string;
	/** The failure's or error's body: what was measured against what, and what to do. */
	details?: string;
	/** Everything behind the verdict (title, threshold, measured value, evidence), for whoever opens the test. */
	output: string;
	/** Files CI servers attach to the test (Jenkins' `[[ATTACHMENT|path]]` convention), absolute paths. */
	attachments?: string[];
}

export interface JunitSuite {
	name: string;
	/** ISO 8601 UTC. */
	timestamp: string;
	timeS: number;
	hostname?: string;
	properties: {name: string; value: string}[];
	cases: JunitCase[];
	output?: string;
	attachments?: string[];
}

export interface JunitModel {
	name: string;
	suites: JunitSuite[];
}

// A failure and an error are JUnit's own distinction: a check that failed versus one that could not run.
const elementOf: Partial<Record<VerdictStatus, 'failure' | 'error' | 'skipped'>> = {fail: 'failure', error: 'error', skipped: 'skipped'};

const builder = new XMLBuilder({ignoreAttributes: false, attributeNamePrefix: '@_', textNodeName: '#text', format: true, suppressEmptyNode: true});

/**
 * XML 1.0 has no way to write most control characters, even escaped; remote output (a garbled PowerShell reply, a
 * switch banner) can hold them. They become U+FFFD so the file still parses and the place shows.
 */
const xmlText = (text: string): string => text.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
// Attribute values are normalized to one line by every XML parser anyway; say it plainly.
const oneLine = (text: string): string => xmlText(text).replace(/\s+/g, ' ').trim();

const withAttachments = (output: string, attachments: readonly string[] = []): string =>
	[output, ...attachments.map(file => `[[ATTACHMENT|${file}]]`)].filter(part => part !== '').join('\n');

const count = (cases: readonly JunitCase[], status: VerdictStatus) => cases.filter(testCase => testCase.status === status).length;

const testcase = (testCase: JunitCase) => {
	const element = elementOf[testCase.status];
	const out = withAttachments(testCase.output, testCase.attachments);
	return {
		'@_classname': oneLine(testCase.classname),
		'@_name': oneLine(testCase.name),
		'@_time': '0',
		...(element === undefined ? {} : {[element]: {'@_message': oneLine(testCase.message), '@_type': testCase.status, ...(testCase.details === undefined ? {} : {'#text': xmlText(testCase.details)})}}),
		...(out === '' ? {} : {'system-out': xmlText(out)}),
	};
};

const seconds = (value: number) => (Number.isFinite(value) && value >= 0 ? value.toFixed(3) : '0');

export const renderJunit = (model: JunitModel): string => {
	const cases = model.suites.flatMap(suite => suite.cases);
	const suiteOutput = (suite: JunitSuite) => withAttachments(suite.output ?? '', suite.attachments);
	return builder.build({
		'?xml': {'@_version': '1.0', '@_encoding': 'UTF-8'},
		testsuites: {
			'@_name': oneLine(model.name),
			'@_tests': String(cases.length),
			'@_failures': String(count(cases, 'fail')),
			'@_errors': String(count(cases, 'error')),
			'@_time': seconds(model.suites.reduce((sum, suite) => sum + suite.timeS, 0)),
			testsuite: model.suites.map((suite, index) => ({
				'@_name': oneLine(suite.name),
				'@_id': String(index),
				'@_tests': String(suite.cases.length),
				'@_failures': String(count(suite.cases, 'fail')),
				'@_errors': String(count(suite.cases, 'error')),
				'@_skipped': String(count(suite.cases, 'skipped')),
				'@_time': seconds(suite.timeS),
				'@_timestamp': suite.timestamp,
				...(suite.hostname === undefined ? {} : {'@_hostname': oneLine(suite.hostname)}),
				...(suite.properties.length === 0 ? {} : {properties: {property: suite.properties.map(property => ({'@_name': oneLine(property.name), '@_value': oneLine(property.value)}))}}),
				testcase: suite.cases.map(testCase => testcase(testCase)),
				...(suiteOutput(suite) === '' ? {} : {'system-out': xmlText(suiteOutput(suite))}),
			})),
		},
	}) as string;
};
