// The workload misconfigurations, end to end through the real CLI: a diskspd that ends early or never starts,
// and a node without the RDMA Activity counter set, are infrastructure errors (exit 2) that name the host, never
// results and never passes.
import {existsSync, readFileSync} from 'node:fs';
import {join} from 'node:path';
import test from 'ava';
import {quickFailover, quickFailoverS, rdmalab, simRig, tempDir} from '../../helpers/cli.js';
import {resultIn} from '../../helpers/result.js';


const run = async (misconfig: string) => {
	const out = join(await tempDir(), 'run');
	const result = await rdmalab(['run', 'multichannel-failover', '--rig', simRig, '--misconfig', misconfig, ...quickFailover, '--out', out]);
	const json = await resultIn(out);
	const html = existsSync(join(out, 'report.html')) ? readFileSync(join(out, 'report.html'), 'utf8') : '';
	return {...result, json, html};
};

test('diskspd that ends before its -d duration is an infrastructure error naming the host', async t => {
	const {exitCode, stdout, all, json} = await run('diskspd-exits-early');
	t.is(exitCode, 2, all);
	t.regex(stdout, new RegExp(`error: hv01: diskspd ended early: diskspd exited \\d+\\.\\d s after launch with code 0, before its ${quickFailoverS()} s run`));
	t.is(json?.outcome, 'error');
	t.false(json!.verdicts.some(verdict => verdict.status === 'pass'));
	t.deepEqual(json!.errors.filter(error => error.target === 'hv01').length, 1);
	// Only the failed workload is an error: the captures it stopped are not.
	t.false(json!.errors.some(error => /typeperf/.test(error.message)));
});

test('diskspd that never starts is an infrastructure error naming the host', async t => {
	const {exitCode, stdout, all, json} = await run('diskspd-never-starts');
	t.is(exitCode, 2, all);
	// How soon after launch it exited depends on the machine's load; that it was before its run's end is what counts.
	const exitedS = Number(new RegExp(`error: hv01: diskspd never started: diskspd exited (\\d+\\.\\d) s after launch with code 0, before its ${quickFailoverS()} s run`).exec(stdout)?.[1]);
	t.true(exitedS < quickFailoverS(), stdout);
	t.false(json!.verdicts.some(verdict => verdict.status === 'pass'));
});

test('a node without the RDMA Activity set: the counters are reported missing with the reason, and no verdict passes on zeros', async t => {
	const {exitCode, stdout, all, json, html} = await run('counter-set-missing');
	// The report page says so too.
	t.regex(html, /hv01 does not report .*RDMA Activity.*the node has no (&quot;|")RDMA Activity(&quot;|") counter set/);
	t.is(exitCode, 2, all);
	const hv01 = json!.suites[0]!.captures.find(capture => capture.node === 'hv01')!;
	t.deepEqual(hv01.missing, [
		'\\RDMA Activity(Mellanox ConnectX-4 Lx Ethernet Adapter)\\RDMA Inbound Bytes/sec',
		'\\RDMA Activity(Mellanox ConnectX-4 Lx Ethernet Adapter)\\RDMA Outbound Bytes/sec',
		'\\RDMA Activity(Mellanox ConnectX-4 Lx Ethernet Adapter #2)\\RDMA Inbound Bytes/sec',
		'\\RDMA Activity(Mellanox ConnectX-4 Lx Ethernet Adapter #2)\\RDMA Outbound Bytes/sec',
	]);
	t.true(hv01.unavailable!.every(entry => entry.reason.startsWith('the node has no "RDMA Activity" counter set')));
	// The missing counters were never captured, so no column could read as zero; the others were.
	t.false(hv01.columns.some(column => column.includes('RDMA Activity')));
	t.true(hv01.sampleCount > 0);
	// The SOFS nodes have the set and capture it.
	t.deepEqual(json!.suites[0]!.captures.find(capture => capture.node === 'sofs01')!.missing, []);
	t.true(json!.warnings.some(warning => warning.message.startsWith('hv01 does not report \\RDMA Activity(Mellanox ConnectX-4 Lx Ethernet Adapter)\\RDMA Inbound Bytes/sec (the node has no "RDMA Activity" counter set')));
	// What diskspd alone decides is judged; what needs the rNIC counters is an error with the reason, never a pass.
	const status = Object.fromEntries(json!.verdicts.map(verdict => [verdict.id, verdict.status]));
	t.deepEqual(status, {'io-errors': 'pass', 'longest-stall': 'pass', 'fault-throughput': 'pass', 'restored-rnic-carries-traffic': 'error', 'balanced-after-recovery': 'error'});
	for (const verdict of json!.verdicts.filter(candidate => candidate.status === 'error')) {
		t.regex(verdict.summary, /hv01 lacks 4 rNIC counters .*the node has no "RDMA Activity" counter set/);
	}

	t.regex(stdout, /ERROR: the run could not measure/);
	// Both clock readings are kept, with the drift between them.
	t.is(json!.suites[0]!.nodes['hv01']!.clocks.length, 2);
	t.is(typeof json!.suites[0]!.nodes['hv01']!.clockDrift?.driftMs, 'number');
});
