// End to end: the real CLI runs the RDMA offload suite on the simulated rig (real SSH servers on loopback). A healthy
// rig passes, on NX-OS and on OS10 switches; each misconfiguration the suite guards against exits 1 naming the verdicts
// it fails; RDMA disabled for phase B is always put back: after a pass, after a fail, on Ctrl+C, and by rdmalab restore
// after kill -9 during phase B. rejudge judges a stored run again.
import {existsSync, readFileSync} from 'node:fs';
import {join} from 'node:path';
import test, {type ExecutionContext} from 'ava';
import {execa} from 'execa';
import {readAdapterRdma} from '../../harness/kinds/faults/node-commands.js';
import {loadRig} from '../../harness/rig/load.js';
import {FaultJournal} from '../../harness/safety/journal.js';
import {bin, rdmalab, simRig, stateDirFor, tempDir, waitForLine} from '../helpers/cli.js';
import {devicesFor} from '../helpers/fault-devices.js';
import {limited} from '../helpers/limit.js';
import {repoRoot} from '../helpers/paths.js';
import {resultIn} from '../helpers/result.js';
import {startSim} from '../helpers/sim-process.js';

/** Phases short enough for tests: 3 s idle, 2 s warm-up and 6 s measured per phase, 3 s for SMB to fall back. */
const quick = ['--set', 'idleS=3', '--set', 'warmupS=2', '--set', 'phaseS=6', '--set', 'settleS=3', '--set', 'fileSize=1G'];

type ResultJson = NonNullable<Awaited<ReturnType<typeof resultIn>>>;

const run = async (misconfigs: string[] = [], rig = simRig, extra: string[] = []) => {
	const out = join(await tempDir(), 'run');
	const result = await rdmalab(['run', 'rdma-offload', '--rig', rig, ...misconfigs.flatMap(name => ['--misconfig', name]), ...quick, ...extra, '--out', out]);
	return {...result, out, json: await resultIn(out)};
};

const statuses = (json: ResultJson | undefined) => Object.fromEntries((json?.verdicts ?? []).map(verdict => [verdict.id, verdict.status]));
const allPass = {'rdma-share': 'pass', 'rdma-errors': 'pass', 'every-rnic-rdma': 'pass', 'offload-ratio': 'pass', 'phase-a-throughput': 'pass'};

/** Every RDMA fault the run injected was restored and confirmed, after phase B, and journaled as restored. */
const assertRestored = (t: ExecutionContext, json: ResultJson | undefined, stateDir?: string) => {
	const injected = (json?.suites[0]?.faults ?? []).filter(fault => fault.foundInPlace !== true);
	t.true(injected.length > 0);
	for (const fault of injected) {
		t.is(fault.kind, 'rdma-disable');
		t.true(fault.restoreConfirmedAtS !== undefined && fault.restoreConfirmedAtS > fault.confirmedAtS!, JSON.stringify(fault));
	}

	if (stateDir !== undefined) {
		t.is(readFileSync(join(stateDir, 'sim-converged.journal.jsonl'), 'utf8').split('\n').filter(line => line.includes('"type":"restored"')).length, injected.length);
	}
};

test('a healthy simulated rig passes; the run folder holds every chart, the report and the evidence; rejudge judges it again', limited(async t => {
	const stateDir = stateDirFor();
	const out = join(await tempDir(), 'run');
	const {exitCode, stdout, all} = await rdmalab(['run', 'rdma-offload', '--rig', simRig, ...quick, '--out', out], {stateDir});
	t.is(exitCode, 0, all);
	t.regex(stdout, /^PASS$/m);
	const json = (await resultIn(out))!;
	t.deepEqual(statuses(json), allPass);
	assertRestored(t, json, stateDir);
	const charts = ['offload-timeline.png', 'cpu-per-gbps.png', 'rnic-bytes.png', 'rdma-errors.png'];
	for (const file of [...charts, 'report.html', 'record.json', 'diskspd/hv01-phase-a-hv01.xml', 'diskspd/hv02-phase-b-hv02.xml', 'counters/hv01.csv', 'counters/sofs02.csv']) {
		t.true(existsSync(join(out, file)), file);
	}

	const html = readFileSync(join(out, 'report.html'), 'utf8');
	for (const chart of charts) {
		t.true(html.includes(`href="${chart}"`), chart);
	}

	t.is(html.match(/<img src="data:image\/png;base64,/g)?.length, charts.length, 'every chart embedded in the page');

	// Each verdict's evidence, per host, node or rNIC, is in result.json.
	const evidence = Object.fromEntries(json.verdicts.map(verdict => [verdict.id, verdict.evidence['items'] as Record<string, Record<string, unknown>>]));
	t.true(Number(evidence['rdma-share']!['hv02']!['rdmaActivitySharePct']) >= 95);
	t.is(evidence['rdma-share']!['hv01']!['smbDirectSharePct'], 100);
	t.deepEqual(Object.keys(evidence['rdma-errors']!).length, 8, 'every rNIC of hosts and SOFS nodes');
	const ratio = evidence['offload-ratio']!['sofs01']!;
	t.true(Number(ratio['ratio']) > 4, JSON.stringify(ratio));
	t.like(ratio, {phaseA: {rdmaSharePct: 100}, phaseB: {rdmaSharePct: 0}});

	const rejudged = await rdmalab(['rejudge', out, '--set', 'thresholds.minOffloadRatio=50', '--out', join(out, 'again')]);
	t.is(rejudged.exitCode, 1, rejudged.all);
	t.regex(rejudged.stdout, /FAIL +RDMA saves CPU: CPU per GB\/s over TCP ÷ over RDMA +\d+\.\d+ × \(lowest node\) \(≥ 50 on every node\)/);
	for (const chart of charts) {
		t.true(existsSync(join(out, 'again', chart)), chart);
	}
}));

const misconfigured = test.macro(limited(async (t, misconfig: string, failing: string[]) => {
	const {exitCode, stdout, all, json} = await run([misconfig]);
	t.is(exitCode, 1, all);
	t.regex(stdout, /^FAIL$/m);
	const failed = Object.entries(statuses(json)).filter(([, status]) => status === 'fail').map(([id]) => id);
	t.deepEqual(failed, failing, JSON.stringify(json?.verdicts.map(verdict => [verdict.id, verdict.status, verdict.summary])));
	t.deepEqual(Object.values(statuses(json)).filter(status => status !== 'pass' && status !== 'fail'), [], 'every other verdict judged and passed');
	for (const verdict of json!.verdicts.filter(candidate => failing.includes(candidate.id))) {
		t.true(stdout.split('\n').some(line => line.includes('FAIL') && line.includes(verdict.title)), `stdout names ${verdict.title}`);
	}

	assertRestored(t, json);
}));

test('RDMA off on the second rNIC of every host: that rNIC carries no RDMA (left off, as found) and the links are half used', misconfigured, 'rnic2-rdma-disabled', ['every-rnic-rdma', 'phase-a-throughput']);
test('an rNIC of a SOFS node on the other RDMA technology: no RDMA on the host rNIC facing it, and its connection attempts fail', misconfigured, 'rnic-technology-mismatch', ['rdma-errors', 'every-rnic-rdma']);
test('NetworkDirect off globally on a SOFS node: its host runs SMB over TCP in phase A, and saves no CPU', misconfigured, 'sofs-networkdirect-global-off', ['rdma-share', 'every-rnic-rdma', 'offload-ratio']);
test('PFC off on the hosts of a RoCE rig: RDMA runs, but with errors, and retransmits collapse its throughput', misconfigured, 'hosts-pfc-off', ['rdma-errors', 'phase-a-throughput']);

test('a second switch vendor\'s rig (Dell OS10) passes', limited(async t => {
	const {exitCode, all, json} = await run([], join(repoRoot, 'lab-configs', 'sim-rig-os10-switches.yaml'));
	t.is(exitCode, 0, all);
	t.deepEqual(statuses(json), allPass);
}));

const hostRnics = {hv01: ['SLOT 3 Port 1', 'SLOT 3 Port 2'], hv02: ['SLOT 3 Port 1', 'SLOT 3 Port 2']};

/** RDMA enabled on each host rNIC, as Get-NetAdapterRdma says over SSH. */
const rdmaStates = async (t: ExecutionContext, rigFile: string) => {
	const devices = devicesFor(t, await loadRig(rigFile));
	return Object.fromEntries(await Promise.all(Object.entries(hostRnics).map(async ([node, rnics]) => [node, Object.fromEntries(await readAdapterRdma(await devices.windowsNode(node), rnics))])));
};

const allOn = {hv01: {'SLOT 3 Port 1': true, 'SLOT 3 Port 2': true}, hv02: {'SLOT 3 Port 1': true, 'SLOT 3 Port 2': true}};

/** `rdmalab run` against a standalone simulator, waiting until phase B runs with RDMA off on every host rNIC. */
const inPhaseB = async (t: ExecutionContext) => {
	const sim = await startSim(t);
	const state = stateDirFor();
	const child = execa('node', [bin, 'run', 'rdma-offload', '--rig', sim.rigFile, ...quick, '--out', join(sim.folder, 'run')], {cwd: repoRoot, reject: false, env: {RDMALAB_STATE_DIR: state}});
	await waitForLine(child.stderr, /RDMA disabled: hv02 SLOT 3 Port 2/);
	await waitForLine(child.stderr, /start diskspd on hv01, hv02/);
	t.deepEqual(await rdmaStates(t, sim.rigFile), {hv01: {'SLOT 3 Port 1': false, 'SLOT 3 Port 2': false}, hv02: {'SLOT 3 Port 1': false, 'SLOT 3 Port 2': false}}, 'phase B runs with RDMA off');
	return {sim, state, child};
};

test('Ctrl+C during phase B: RDMA is enabled again and confirmed on every host rNIC, the partial run is kept, exit 130', limited(async t => {
	const {sim, state, child} = await inPhaseB(t);
	child.kill('SIGINT');
	const {exitCode, stdout, stderr} = await child;
	t.is(exitCode, 130, stderr);
	t.regex(stdout, /^INTERRUPTED$/m);
	t.regex(stderr, /RDMA back on: hv02 SLOT 3 Port 2/);
	t.deepEqual(await rdmaStates(t, sim.rigFile), allOn);
	t.deepEqual(await new FaultJournal(state, 'sim-converged').pending(), []);
	t.true(existsSync(join(sim.folder, 'run', 'counters', 'hv01.typeperf.csv')));
}));

test('kill -9 during phase B: RDMA stays off; the next run refuses; rdmalab restore enables it on every host rNIC and records it', limited(async t => {
	const {sim, state, child} = await inPhaseB(t);
	child.kill('SIGKILL');
	t.is((await child).signal, 'SIGKILL');
	t.deepEqual(await rdmaStates(t, sim.rigFile), {hv01: {'SLOT 3 Port 1': false, 'SLOT 3 Port 2': false}, hv02: {'SLOT 3 Port 1': false, 'SLOT 3 Port 2': false}}, 'nothing restored it');
	const journal = new FaultJournal(state, 'sim-converged');
	t.deepEqual((await journal.pending()).map(intent => [intent.step.kind, intent.device, intent.describe]).sort(), [
		['rdma-disable', 'hv01', 'hv01 SLOT 3 Port 1'], ['rdma-disable', 'hv01', 'hv01 SLOT 3 Port 2'], ['rdma-disable', 'hv02', 'hv02 SLOT 3 Port 1'], ['rdma-disable', 'hv02', 'hv02 SLOT 3 Port 2'],
	]);

	const refused = await rdmalab(['run', 'rdma-offload', '--rig', sim.rigFile, ...quick, '--out', join(sim.folder, 'refused')], {stateDir: state});
	t.is(refused.exitCode, 2, refused.all);
	t.regex(refused.stderr, /rig sim-converged has 4 unrestored fault\(s\) from an earlier run:\n {2}rdma-disable hv0\d SLOT 3 Port \d by run /);

	const restored = await rdmalab(['restore', '--rig', sim.rigFile], {stateDir: state});
	t.is(restored.exitCode, 0, restored.all);
	t.regex(restored.stdout, /^rig sim-converged restored: 4 fault\(s\) undone and confirmed$/m);
	t.deepEqual(await rdmaStates(t, sim.rigFile), allOn);
	t.true(sim.commands().some(command => command.device === 'hv02' && command.script.includes("Enable-NetAdapterRdma -Name 'SLOT 3 Port 2'")));
	t.deepEqual(await journal.pending(), []);
}));

test('certification runs it: its charts are linked from the combined report, in its run folder', limited(async t => {
	const out = join(await tempDir(), 'certify');
	const {exitCode, all} = await rdmalab(['run', 'certify', '--rig', simRig, '--suites', 'rdma-offload', '--out', out]);
	t.is(exitCode, 0, all);
	const html = readFileSync(join(out, 'report.html'), 'utf8');
	for (const chart of ['offload-timeline.png', 'cpu-per-gbps.png', 'rnic-bytes.png', 'rdma-errors.png']) {
		t.true(html.includes(`href="01-rdma-offload-read-64k/${chart}"`), chart);
		t.true(existsSync(join(out, '01-rdma-offload-read-64k', chart)), chart);
	}
}));

test('a host without the RDMA Activity counter set: the verdicts that need it are errors naming why, exit 2; diskspd\'s own throughput is still judged', limited(async t => {
	const {exitCode, all, json} = await run(['counter-set-missing']);
	t.is(exitCode, 2, all);
	t.deepEqual(statuses(json), {'rdma-share': 'error', 'rdma-errors': 'error', 'every-rnic-rdma': 'error', 'offload-ratio': 'error', 'phase-a-throughput': 'pass'});
	t.regex(json!.verdicts[0]!.summary, /^could not be judged: hv01: SLOT 3 Port 1 RDMA Activity bytes: the node has no "RDMA Activity" counter set/);
	assertRestored(t, json);
}));
