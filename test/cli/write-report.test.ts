import {existsSync, readFileSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import test from 'ava';
import {writeJunit} from '../../harness/cli/junit.js';
import {writeResult, writeRunReport, type SuiteReport} from '../../harness/cli/write-report.js';
import {readResult, resultProblems} from '../../harness/record/result-file.js';
import type {Result} from '../../harness/record/result.js';
import {RunRecorder} from '../../harness/run/recorder.js';
import {tempDir} from '../helpers/cli.js';
import {failoverSuiteReport, qosSuiteReport} from '../helpers/judged-suites.js';
import {assertSchemaValid, caseNamed, readBack} from '../helpers/junit.js';

const certify = async (suites: SuiteReport[] = [failoverSuiteReport, qosSuiteReport]) => {
	const recorder = new RunRecorder(join(await tempDir(), 'certify'));
	const written = await writeResult(recorder, {title: 'Certification of lab-b-rack-3', rig: 'lab-b-rack-3', suites, manifest: {rdmalab: '0.1.0', orchestrator: {host: 'lab-ctl01', node: 'v20.20.0'}}});
	await recorder.close();
	return {folder: recorder.folder, written, result: await readResult(written.json)};
};

test('a result of several suites: one result.json (valid against its schema), one junit.xml, one report.html, charts in each suite\'s folder', async t => {
	const {folder, written, result} = await certify();
	t.deepEqual(resultProblems(JSON.parse(readFileSync(written.json, 'utf8'))), []);
	// A product failure is the finding, even though the other suite could not measure everything.
	t.is(result.outcome, 'failed');
	t.is(result.exitCode, 1);
	t.is(written.outcome, 'failed');
	t.deepEqual(result.files, {report: 'report.html', junit: 'junit.xml'});
	t.deepEqual(result.suites.map(suite => [suite.suite, suite.outcome, suite.exitCode, suite.folder]), [['multichannel-failover', 'failed', 1, 'multichannel-failover'], ['qos-contention', 'error', 2, 'qos-contention']]);
	t.deepEqual(result.verdicts.map(verdict => [verdict.suite, verdict.id, verdict.status]), [
		['multichannel-failover', 'stall', 'fail'], ['multichannel-failover', 'recovery', 'pass'], ['multichannel-failover', 'rebalance', 'pass'],
		['qos-contention', 'smb-share', 'error'], ['qos-contention', 'cluster-share', 'skipped'],
	]);
	t.deepEqual(result.errors, [{code: 'CONNECTION_LOST', message: 'typeperf on sofs02 stopped', target: 'sofs02', hint: 'check the management network', suite: 'qos-contention'}]);
	t.deepEqual(result.warnings, [{suite: 'multichannel-failover', message: 'hv01: SLOT 3 Port 2 was down before any fault'}]);
	// From the first suite's start to the last one's end.
	t.is(result.startedAt, '2026-12-01T02:13:07.412Z');
	t.is(result.durationS, 100);
	t.deepEqual(result.manifest, {rdmalab: '0.1.0', orchestrator: {host: 'lab-ctl01', node: 'v20.20.0'}});
	t.is(result.suites[0]!.captures[0]!.sampleCount, 2);
	t.false('samples' in result.suites[0]!.captures[0]!);
	t.false('result' in result.suites[0]!.workloads[0]!);
	for (const file of ['result.json', 'junit.xml', 'report.html', 'multichannel-failover/charts/failover.png', 'qos-contention/shares.png']) {
		t.true(existsSync(join(folder, file)), file);
	}
});

test('the report embeds every chart and links to its PNG; raw files are listed, the charts and the page itself are not', async t => {
	const {written} = await certify();
	const html = readFileSync(written.html!, 'utf8');
	t.is(html.match(/<img src="data:image\/png;base64,/g)?.length, 2);
	t.true(html.includes('<a href="multichannel-failover/charts/failover.png"><img src="data:image/png;base64,'));
	t.true(html.includes('<a href="qos-contention/shares.png"><img src="data:image/png;base64,'));
	t.true(html.includes('<a href="result.json">result.json</a>'));
	t.true(html.includes('<a href="junit.xml">junit.xml</a>'));
	t.false(html.includes('<a href="report.html">'));
	t.false(/<li><a href="[^"]*\.png">/.test(html));
	t.true(html.includes('<dt>orchestrator.host</dt><dd>lab-ctl01</dd>'));
	t.true(html.includes('<p class="message">qos-contention: typeperf on sofs02 stopped</p>'));
});

test('junit.xml: valid against Jenkins\' schema, and a JUnit reader gets one testcase per verdict and per infrastructure error', async t => {
	const {folder} = await certify();
	const xml = readFileSync(join(folder, 'junit.xml'), 'utf8');
	await assertSchemaValid(t, xml);
	const read = await readBack(xml);
	t.deepEqual([read.tests, read.failures, read.errors], [6, 1, 2]);
	const [failover, qos] = read.testsuite ?? [];
	t.deepEqual(failover?.testcase?.map(testCase => [testCase.classname, testCase.name]), [['multichannel-failover', 'stall'], ['multichannel-failover', 'recovery'], ['multichannel-failover', 'rebalance']]);
	const stall = caseNamed(failover, 'stall');
	t.regex(stall.failure?.[0]?.message ?? '', /1520 ms after the shut/);
	t.regex(stall.failure?.[0]?.inner ?? '', /threshold: ≤ 1000 ms\nmeasured: 1520 ms/);
	const output = stall['system-out']?.[0] ?? '';
	t.regex(output, /^I\/O stall after the link is pulled\n/);
	t.regex(output, /metric: stallMs = 1520\.25 ms \(lower is better\)/);
	t.regex(output, /"baselineIops": 268555/);
	t.true(output.endsWith(`[[ATTACHMENT|${join(folder, 'report.html')}]]`), 'the report attached to a failure');
	t.false((caseNamed(failover, 'recovery')['system-out']?.[0] ?? '').includes('ATTACHMENT'), 'not to every pass');
	t.true(failover?.properties?.some(property => property.name === 'report' && property.value === join(folder, 'report.html')));
	t.true(failover?.properties?.some(property => property.name === 'param.thresholds.maxStallMs' && Number(property.value) === 1000));
	t.deepEqual(qos?.testcase?.map(testCase => [testCase.name, testCase.failure === undefined ? (testCase.error === undefined ? (testCase.skipped === undefined ? 'pass' : 'skipped') : 'error') : 'fail']), [
		['smb-share tor-a/Ethernet1/1', 'error'],
		['cluster-share tor-a/Ethernet1/1', 'skipped'],
		['infrastructure error CONNECTION_LOST sofs02', 'error'],
	]);
});

test('a run that judged nothing is never green in JUnit: an interrupted run without errors still has an error testcase', async t => {
	const recorder = new RunRecorder(join(await tempDir(), 'run'));
	const {rig, ...suite} = {...failoverSuiteReport, rig: 'lab-b-rack-3', outcome: 'interrupted' as const, verdicts: [], sections: [], data: {...failoverSuiteReport.data, interrupted: true, stoppedEarly: 'stopped by SIGINT'}};
	const written = await writeRunReport(recorder, {...suite, rig});
	const result = await readResult(written.json);
	t.is(result.outcome, 'interrupted');
	t.is(result.exitCode, 130);
	t.is(result.stoppedEarly, 'stopped by SIGINT');
	const xml = readFileSync(written.junit, 'utf8');
	await assertSchemaValid(t, xml);
	const read = await readBack(xml);
	t.deepEqual(caseNamed(read.testsuite?.[0], 'run outcome').error, [{message: 'the run was interrupted before it finished: stopped by SIGINT', type: 'error'}]);
});

test('writeJunit writes the JUnit of a result read back, as nightly does', async t => {
	const {folder, result} = await certify();
	const file = join(await tempDir(), 'nightly.xml');
	await writeJunit(result, file, folder);
	t.is(readFileSync(file, 'utf8'), readFileSync(join(folder, 'junit.xml'), 'utf8'));
});

test('a chart that cannot be drawn is a warning of its suite and leaves the page; the rest is written', async t => {
	const broken: SuiteReport = {...qosSuiteReport, sections: [{kind: 'chart', file: 'bad.png', caption: 'bad', chart: {title: 'bad', axes: [{id: 'left', label: 'x', unit: 'MB/s'}], series: [{id: 's', label: 's', unit: 'IOPS', axis: 'left', points: []}], bands: [], markers: [], xMaxS: 10}}]};
	const {folder, result} = await certify([broken]);
	t.regex(result.warnings[0]?.message ?? '', /^chart qos-contention\/bad\.png could not be drawn: .*series "s" is in IOPS but the left axis is in MB\/s/);
	t.is(result.warnings[0]?.suite, 'qos-contention');
	t.false(existsSync(join(folder, 'qos-contention', 'bad.png')));
	t.false(readFileSync(join(folder, 'report.html'), 'utf8').includes('<img'));
});

test('the schema refuses what a reader would misread, naming path and rule; readResult refuses another version', async t => {
	const {written} = await certify();
	const good = JSON.parse(readFileSync(written.json, 'utf8')) as Result;
	t.deepEqual(resultProblems({...good, verdicts: [{...good.verdicts[0]!, status: 'ok'}]}), ['/verdicts/0/status: must be equal to one of the allowed values [enum]']);
	t.deepEqual(resultProblems({...good, rdmalabResult: 1}), ['/rdmalabResult: must be equal to constant [const]']);
	t.deepEqual(resultProblems({...good, errors: [{message: 'no code'}]}), ['/errors/0: must have required property \'code\' [required]']);
	t.deepEqual(resultProblems({...good, extra: 1}), ['(top): must NOT have additional properties (extra) [additionalProperties]']);
	const old = join(await tempDir(), 'result.json');
	writeFileSync(old, JSON.stringify({rdmalabResult: 1, outcome: 'passed', verdicts: []}));
	await t.throwsAsync(readResult(old), {message: /is a result of version 1; this rdmalab reads version 2/});
});
