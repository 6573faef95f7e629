import test from 'ava';
import {parse} from 'junit2json';
import {renderJunit, type JunitModel} from '../../reports/junit.js';
import {assertSchemaValid, caseNamed, readBack} from '../helpers/junit.js';

// Everything the outside world can put into a verdict, including what XML 1.0 cannot hold at all.
const model: JunitModel = {
	name: 'rdmalab certify <rack "3"> & co',
	suites: [{
		name: 'multichannel-failover',
		timestamp: '2026-12-01T02:13:07.412Z',
		timeS: 61.25,
		hostname: 'lab-ctl01',
		properties: [{name: 'rig', value: 'rack "3" & <b>'}, {name: 'param.thresholds.maxStallMs', value: '5000'}],
		cases: [
			{classname: 'multichannel-failover', name: 'longest-stall', status: 'pass', message: 'longest stall 1520 ms', output: 'threshold: ≤ 5000 ms\nmeasured: 1520 ms'},
			{classname: 'multichannel-failover', name: 'fault-throughput', status: 'fail', message: 'throughput 41 % < 80 % (hint: check PFC)', details: 'threshold: ≥ 80 %\nmeasured: 41 %\n]]> <tag> & \u0007bell', output: 'evidence: {"a":1}', attachments: ['/runs/x/report.html']},
			{classname: 'multichannel-failover', name: 'restore-delay hv01/SLOT 3 Port 1', status: 'error', message: '3 samples blank', details: 'counter missing', output: ''},
			{classname: 'multichannel-failover', name: 'balance', status: 'skipped', message: 'not judged: rNIC 1 never came back', output: 'why: restore-delay failed'},
		],
		output: 'SMB Multichannel link failover: failed',
		attachments: ['/runs/x/report.html'],
	}, {
		name: 'rdmalab',
		timestamp: '2026-12-01T02:14:09.000Z',
		timeS: 0,
		properties: [],
		cases: [{classname: 'rdmalab', name: 'infrastructure error IO', status: 'error', message: 'disk full', output: ''}],
	}],
};

test('the XML validates against the JUnit schema Jenkins uses (xmllint, junit-10.xsd)', async t => {
	await assertSchemaValid(t, renderJunit(model));
});

test('a JUnit reader from npm reads back every testcase with its status, message, output and the suite\'s properties', async t => {
	const xml = renderJunit(model);
	const read = await readBack(xml);
	t.is(read.name, 'rdmalab certify <rack "3"> & co');
	t.deepEqual([read.tests, read.failures, read.errors], [5, 1, 2]);
	const [suite, run] = read.testsuite ?? [];
	t.is(suite?.name, 'multichannel-failover');
	t.deepEqual([suite?.tests, suite?.failures, suite?.errors, suite?.skipped, suite?.time], [4, 1, 1, 1, 61.25]);
	t.is(suite?.timestamp, '2026-12-01T02:13:07.412Z');
	// junit2json turns numeric-looking values into numbers.
	t.deepEqual(suite?.properties, [{name: 'rig', value: 'rack "3" & <b>'}, {name: 'param.thresholds.maxStallMs', value: 5000 as unknown as string}]);
	t.deepEqual(suite?.['system-out'], ['SMB Multichannel link failover: failed\n[[ATTACHMENT|/runs/x/report.html]]']);

	const passed = caseNamed(suite, 'longest-stall');
	t.is(passed.classname, 'multichannel-failover');
	t.deepEqual([passed.failure, passed.error, passed.skipped], [undefined, undefined, undefined]);
	t.deepEqual(passed['system-out'], ['threshold: ≤ 5000 ms\nmeasured: 1520 ms']);

	const failed = caseNamed(suite, 'fault-throughput');
	t.deepEqual(failed.failure, [{message: 'throughput 41 % < 80 % (hint: check PFC)', type: 'fail', inner: 'threshold: ≥ 80 %\nmeasured: 41 %\n]]> <tag> & \uFFFDbell'}]);
	t.deepEqual(failed['system-out'], ['evidence: {"a":1}\n[[ATTACHMENT|/runs/x/report.html]]']);

	const unmeasured = caseNamed(suite, 'restore-delay hv01/SLOT 3 Port 1');
	t.deepEqual(unmeasured.error, [{message: '3 samples blank', type: 'error', inner: 'counter missing'}]);
	t.is(unmeasured.failure, undefined);
	t.is(unmeasured['system-out'], undefined, 'no empty output element');

	t.deepEqual(caseNamed(suite, 'balance').skipped, [{message: 'not judged: rNIC 1 never came back', type: 'skipped'} as {message: string}]);
	t.deepEqual(caseNamed(run, 'infrastructure error IO').error, [{message: 'disk full', type: 'error'}]);
});

test('nothing to report is still a valid document', async t => {
	const xml = renderJunit({name: 'empty', suites: []});
	await assertSchemaValid(t, xml);
	t.deepEqual(await parse(xml), {name: 'empty', tests: 0, failures: 0, errors: 0, time: 0});
});
