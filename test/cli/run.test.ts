// End to end: the real CLI runs the failover suite on the simulated rig (real SSH servers on loopback), healthy
// and with each misconfiguration the verdicts guard against.
import {existsSync, readFileSync} from 'node:fs';
import {join} from 'node:path';
import test from 'ava';
import type {PortDownStep} from '../../harness/kinds/faults/port-down.js';
import {loadRig} from '../../harness/rig/load.js';
import {simConfigSchema} from '../../harness/sim/config.js';
import {quickFailover, quickFailoverS, quickSetting, rdmalab, simRig, tempDir} from '../helpers/cli.js';
import {limited} from '../helpers/limit.js';
import {events} from '../helpers/matrix.js';
import {repoRoot} from '../helpers/paths.js';
import {resultIn} from '../helpers/result.js';


const run = async (misconfigs: string[] = [], extra: string[] = []) => {
	const out = join(await tempDir(), 'run');
	const result = await rdmalab(['run', 'multichannel-failover', '--rig', simRig, ...misconfigs.flatMap(name => ['--misconfig', name]), ...quickFailover, ...extra, '--out', out]);
	const json = await resultIn(out);
	return {...result, out, json};
};

/** Tolerance for a timer that fires a hair early against the wall clock (Node rounds to the millisecond). */
const timerSlackS = 0.005;

const statuses = (json: {verdicts: Array<{id: string; status: string}>} | undefined) => Object.fromEntries((json?.verdicts ?? []).map(verdict => [verdict.id, verdict.status]));

test('a healthy simulated rig passes, and the run folder holds the raw outputs, the chart and the report', limited(async t => {
	const {exitCode, stdout, stderr, all, out, json} = await run();
	t.is(exitCode, 0, all);
	t.regex(stdout, /^PASS$/m);
	t.regex(stdout, /report: .*report\.html/);
	// Not on a terminal: every progress line is plain text with a UTC timestamp, the timeline's with each host's throughput.
	t.regex(stderr, new RegExp(`^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ progress: timeline \\d+:\\d\\d of 0:${quickFailoverS()}, \\d+:\\d\\d left · \\d+:\\d\\d elapsed · hv01 [1-9]\\d* MB/s · sofs01 \\d+ MB/s · sofs02 \\d+ MB/s$`, 'm'));
	t.regex(stderr, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ progress: restoring and stopping · /m);
	t.false(stderr.includes('\u001B['), 'no terminal control sequences in a log');
	t.deepEqual(statuses(json), {'io-errors': 'pass', 'longest-stall': 'pass', 'fault-throughput': 'pass', 'restored-rnic-carries-traffic': 'pass', 'balanced-after-recovery': 'pass'});
	for (const file of ['plan.json', 'events.jsonl', 'result.json', 'junit.xml', 'report.html', 'failover.png', 'diskspd/hv01-diskspd.xml', 'counters/hv01.csv', 'counters/hv01.typeperf.csv', 'counters/sofs01.csv', 'inventory/hv01.json']) {
		t.true(existsSync(join(out, file)), file);
	}

	// The raw files are what the nodes printed: diskspd XML and console-form PDH-CSV.
	t.true(readFileSync(join(out, 'diskspd/hv01-diskspd.xml'), 'utf8').startsWith('<Results>'));
	t.regex(readFileSync(join(out, 'counters/hv01.typeperf.csv'), 'utf8'), /"\(PDH-CSV 4\.0\)","\\\\HV01\\RDMA Activity\(Mellanox ConnectX-4 Lx Ethernet Adapter\)\\RDMA Inbound Bytes\/sec"/);
	// The stall is judged against the plan, not the clock: I/O stuck on the lost channel waits at least the simulated
	// rig's detection time (failoverDetectionMs) before it is replayed, and at most the threshold the verdict passed.
	const stall = Number(json!.verdicts.find(verdict => verdict.id === 'longest-stall')!.evidence['stallMs']);
	const {failoverDetectionMs} = simConfigSchema.parse((await loadRig(simRig)).simulation).timings;
	t.true(stall >= failoverDetectionMs, `stall ${stall} ms, detection ${failoverDetectionMs} ms`);
	t.true(stall <= quickSetting('thresholds.maxStallMs'), `stall ${stall} ms`);

	// The fault happened in the order the plan says, never before its planned instants, whatever the machine's load.
	const planned = (JSON.parse(readFileSync(join(out, 'plan.json'), 'utf8')) as {faults: PortDownStep[]}).faults;
	const {faults} = json!.suites[0]!;
	t.deepEqual(planned.map(step => step.id), faults.map(fault => fault.id));
	const [step, fault] = [planned[0]!, faults[0]!];
	const times = [fault.injectedAtS, fault.confirmedAtS, fault.restoredAtS, fault.restoreConfirmedAtS];
	t.false(times.includes(undefined), JSON.stringify(fault));
	t.deepEqual([...times].sort((a, b) => a! - b!), times, 'shut, confirmed down, no shut, confirmed up');
	t.true(fault.injectedAtS! >= step.atS - timerSlackS, `shut at ${fault.injectedAtS} s, planned ${step.atS} s`);
	t.true(fault.restoredAtS! >= step.restoreAtS - timerSlackS, `no shut at ${fault.restoredAtS} s, planned ${step.restoreAtS} s`);
	// The journal's intent is written before the shutdown is sent, the restore confirmed after it was sent.
	const order = events(out).filter(event => event.type.startsWith('fault-')).map(event => event.type);
	t.deepEqual(order, ['fault-intent', 'fault-sent', 'fault-confirmed', 'fault-restore-sent', 'fault-restored']);
}));

const misconfigured = test.macro(limited(async (t, misconfig: string, failing: string[], extra: string[] = []) => {
	const {exitCode, stdout, all, json} = await run([misconfig], extra);
	t.is(exitCode, 1, all);
	t.regex(stdout, /^FAIL$/m);
	const failed = Object.entries(statuses(json)).filter(([, status]) => status === 'fail').map(([id]) => id);
	t.deepEqual(failed, failing, JSON.stringify(json?.verdicts.map(verdict => [verdict.id, verdict.status, (verdict as {summary?: string}).summary])));
	for (const id of failing) {
		const title = {'io-errors': 'No I/O errors', 'longest-stall': 'Longest I/O stall', 'fault-throughput': 'Throughput while a link is down', 'restored-rnic-carries-traffic': 'Restored rNIC carries traffic again', 'balanced-after-recovery': 'rNICs balanced after recovery'}[id]!;
		t.true(stdout.split('\n').some(line => line.includes('FAIL') && line.includes(title)), `stdout names ${title}`);
	}
}));

test('the second rNIC\'s link can be pulled instead: its own switch port goes down and comes back, and the first carries the I/O', limited(async t => {
	const {exitCode, all, json} = await run([], ['--set', 'rnic=2']);
	t.is(exitCode, 0, all);
	const [fault] = json!.suites[0]!.faults;
	t.is(fault?.id, 'pull-rnic-2');
	t.is((fault?.step as unknown as PortDownStep).switch, 'tor-b');
	t.deepEqual(statuses(json), {'io-errors': 'pass', 'longest-stall': 'pass', 'fault-throughput': 'pass', 'restored-rnic-carries-traffic': 'pass', 'balanced-after-recovery': 'pass'});
	const restored = json!.verdicts.find(verdict => verdict.id === 'restored-rnic-carries-traffic');
	t.regex(JSON.stringify(restored), /rNIC 2/);
}));
test('RDMA disabled on the second rNIC: traffic never spreads, and the TCP fallback is slow', misconfigured, 'rnic2-rdma-disabled', ['fault-throughput', 'balanced-after-recovery']);
test('second rNIC\'s port down from the start: the run refuses to take the host\'s last path, naming the down ports', limited(async t => {
	const {exitCode, stdout, all, json} = await run(['rnic2-port-down']);
	t.is(exitCode, 2, all);
	t.regex(stdout, /refusing to shut tor-a Ethernet1\/1 \(hv01 SLOT 3 Port 1\): 2 other port\(s\) the rig file cables to an rNIC are down/);
	t.regex(stdout, /tor-b Ethernet1\/1 \(hv01 SLOT 3 Port 2\): admin down, link down/);
	t.is(json?.outcome, 'error');
	t.deepEqual(json?.verdicts, []);
}));
test('channel never re-added: the restored rNIC stays idle', misconfigured, 'no-channel-readd', ['restored-rnic-carries-traffic', 'balanced-after-recovery']);
test('share not continuously available: in-flight I/O fails', misconfigured, 'share-not-ca', ['io-errors']);

// Serial (ava runs serial tests first, one at a time): on two cores, more than the seven runs above at once make
// switch reads so slow that faults land tens of seconds late and the verdicts cannot be judged.
test.serial('the link pulled from the host side (--set fault=nic-disable): the adapter is disabled and enabled again, and a healthy rig passes', async t => {
	const {exitCode, stdout, stderr, all, out, json} = await run([], ['--set', 'fault=nic-disable']);
	t.is(exitCode, 0, all);
	t.regex(stdout, /^PASS$/m);
	t.deepEqual(statuses(json), {'io-errors': 'pass', 'longest-stall': 'pass', 'fault-throughput': 'pass', 'restored-rnic-carries-traffic': 'pass', 'balanced-after-recovery': 'pass'});
	const plan = JSON.parse(readFileSync(join(out, 'plan.json'), 'utf8')) as {faults: Array<Record<string, unknown>>};
	t.deepEqual(plan.faults.map(fault => [fault['kind'], fault['node'], fault['rnic']]), [['nic-disable', 'hv01', 'SLOT 3 Port 1']]);
	t.false(plan.faults.some(fault => 'switch' in fault), 'no switch in the plan');
	const events = readFileSync(join(out, 'events.jsonl'), 'utf8').trim().split('\n').map(line => JSON.parse(line) as {type: string} & Record<string, unknown>);
	const faultEvents = events.filter(event => event.type.startsWith('fault-'));
	t.deepEqual(faultEvents.map(event => event.type), ['fault-intent', 'fault-sent', 'fault-confirmed', 'fault-restore-sent', 'fault-restored']);
	t.like(faultEvents[0], {kind: 'nic-disable', target: 'hv01 SLOT 3 Port 1'});
	t.regex(stderr, /adapter disabled: hv01 SLOT 3 Port 1/);
	t.regex(stderr, /adapter back up: hv01 SLOT 3 Port 1/);
	// The stall is SMB's failover, whichever end pulled the link.
	const stall = json!.verdicts.find(verdict => verdict.id === 'longest-stall')!.evidence;
	t.true(Math.abs(Number(stall['stallMs']) - 1500) <= 200, String(stall['stallMs']));
});

test.serial('the link pulled from the host side, share not continuously available: in-flight I/O fails', misconfigured, 'share-not-ca', ['io-errors'], ['--set', 'fault=nic-disable']);

// As with the port shut above: the host's last path is never taken, whichever end pulls the link. A run that only
// faults nodes must read the rest of the rig before it disables an adapter too.
test.serial('second rNIC\'s port down from the start, link pulled from the host side: the run refuses to take the host\'s last path', async t => {
	const {exitCode, stdout, all, json} = await run(['rnic2-port-down'], ['--set', 'fault=nic-disable']);
	t.is(exitCode, 2, all);
	t.regex(stdout, /refusing to disable hv01 SLOT 3 Port 1\b.*\n(.*\n)*.*hv01 SLOT 3 Port 2/);
	t.is(json?.outcome, 'error');
	t.deepEqual(json?.verdicts, []);
});

test('a broken rig file stops the run before anything is touched, with exit code 2 and every problem named', async t => {
	const folder = await tempDir();
	const file = join(folder, 'bad.yaml');
	const {writeFileSync} = await import('node:fs');
	writeFileSync(file, readFileSync(simRig, 'utf8').replace('cidr: 10.71.2.0/24', 'cidr: 10.71.2.0/33').replace('port: Ethernet1/2 }', 'port: Eth1/2 }'));
	// No --out: run from a temporary folder, so that a run that did start could only write runs/ there.
	const {exitCode, stderr} = await rdmalab(['run', 'multichannel-failover', '--rig', file], {cwd: folder});
	t.is(exitCode, 2);
	t.regex(stderr, /bad\.yaml:\d+:\d+: networks\[2\]\.cidr: must be an IPv4 network .* \[rule: CIDR; received: "10\.71\.2\.0\/33"\]/);
	t.regex(stderr, /bad\.yaml:\d+:\d+: nodes\[1\]\.rnics\[0\]\.cable\.port: not a nxos port name/);
	t.false(existsSync(join(folder, 'runs')), 'no run folder was made');
});

test('usage errors exit 2: unknown suite, a misconfiguration on a physical rig, bad parameters', async t => {
	// No --out: run from a temporary folder, so that a run that did start could only write runs/ there.
	const cwd = await tempDir();
	const unknown = await rdmalab(['run', 'no-such-suite', '--rig', simRig], {cwd});
	t.is(unknown.exitCode, 2);
	t.regex(unknown.stderr, /unknown suite "no-such-suite".*\n.*hint: suites: multichannel-failover/);
	const physical = await rdmalab(['run', 'multichannel-failover', '--rig', join(repoRoot, 'lab-configs', 'examples', 'physical-roce.yaml'), '--misconfig', 'share-not-ca'], {cwd});
	t.is(physical.exitCode, 2);
	t.regex(physical.stderr, /--misconfig applies only to a simulated rig/);
	const params = await rdmalab(['run', 'multichannel-failover', '--rig', simRig, '--set', 'holdS=2'], {cwd});
	t.is(params.exitCode, 2);
	t.regex(params.stderr, /--set holdS: must be at least thresholds\.maxStallMs \+ 2 s = 7 s/);
	t.false(existsSync(join(cwd, 'runs')), 'no run folder was made');
});
