// kill -9 of a run while a fault is in place (a port shut, an adapter disabled, RDMA off): nothing in the run gets a
// chance to restore it. The simulated rig runs as its own process (as a physical rig outlives the orchestrator), so
// the fault really stays; the journal on disk is all that is left, and `rdmalab restore` must undo it from there.
import {existsSync, readFileSync, writeFileSync} from 'node:fs';
import {hostname} from 'node:os';
import {join} from 'node:path';
import test, {type ExecutionContext} from 'ava';
import {execa} from 'execa';
import type {FaultDevices} from '../../harness/kinds/fault-kind.js';
import {readAdapterRdma, readAdapterStatus} from '../../harness/kinds/faults/node-commands.js';
import type {RdmaDisableStep} from '../../harness/kinds/faults/rdma-disable.js';
import {faultKindOf} from '../../harness/kinds/index.js';
import {loadRig} from '../../harness/rig/load.js';
import {systemClock} from '../../harness/run/clock.js';
import {injectFault} from '../../harness/run/fault-lifecycle.js';
import {RunRecorder} from '../../harness/run/recorder.js';
import {TeardownStack} from '../../harness/run/teardown.js';
import {FaultJournal} from '../../harness/safety/journal.js';
import {processStart} from '../../harness/safety/process-start.js';
import {leaseFile} from '../../harness/safety/state-dir.js';
import {NxosDriver} from '../../harness/targets/switches/nxos.js';
import {connectDevice} from '../../harness/transport/connect.js';
import {bin, quickFailover, rdmalab, startSimProcess, stateDirFor, waitForLine} from '../helpers/cli.js';
import {devicesFor} from '../helpers/fault-devices.js';
import {journalPortDown} from '../helpers/journal.js';
import {repoRoot} from '../helpers/paths.js';
import {startSim} from '../helpers/sim-process.js';

test('kill -9 while the port is shut: the next run refuses, rdmalab restore brings the port up, restoring again is a no-op', async t => {
	const {rigFile, folder, log} = await startSimProcess(t);
	const state = stateDirFor();
	const run = execa('node', [bin, 'run', 'multichannel-failover', '--rig', rigFile, ...quickFailover, '--out', `${folder}/run`], {cwd: repoRoot, reject: false, env: {RDMALAB_STATE_DIR: state}});
	await waitForLine(run.stderr, /port shut: tor-a Ethernet1\/1/);
	run.kill('SIGKILL');
	const killed = await run;
	t.is(killed.signal, 'SIGKILL');

	const rig = await loadRig(rigFile);
	const transport = await connectDevice(rig, rig.switches.find(device => device.name === 'tor-a')!);
	t.teardown(async () => transport.close());
	const torA = new NxosDriver('tor-a', transport);
	t.like(await torA.portStatus('Ethernet1/1'), {admin: 'down', oper: 'down'}, 'the killed run left the port shut');
	const journal = new FaultJournal(state, rig.name);
	t.deepEqual((await journal.pending()).map(intent => [intent.device, intent.step['port']]), [['tor-a', 'Ethernet1/1']]);
	t.true(existsSync(leaseFile(state, rig.name)), 'the dead run\'s lock is still there');
	// What the killed run captured up to the kill is on disk: the fault's intent and the counter samples.
	t.regex(readFileSync(`${folder}/run/events.jsonl`, 'utf8'), /"type":"fault-confirmed"/);
	t.true(readFileSync(`${folder}/run/counters/hv01.typeperf.csv`, 'utf8').split('\n').length > 5);

	// A plain run refuses before touching anything, and says what to do.
	const commandsBefore = readFileSync(log, 'utf8').split('\n').length;
	const refused = await rdmalab(['run', 'multichannel-failover', '--rig', rigFile, ...quickFailover, '--out', `${folder}/refused`], {stateDir: state});
	t.is(refused.exitCode, 2, refused.all);
	t.regex(refused.stderr, /rig sim-converged has 1 unrestored fault\(s\) from an earlier run:\n {2}port-down tor-a Ethernet1\/1 \(hv01 SLOT 3 Port 1\) by run /);
	t.regex(refused.stderr, /hint: run rdmalab restore --rig .*rig\.yaml, or pass --restore-first/);
	t.is(readFileSync(log, 'utf8').split('\n').length, commandsBefore, 'the refused run sent no command');
	t.false(existsSync(`${folder}/refused`));

	const restored = await rdmalab(['restore', '--rig', rigFile], {stateDir: state});
	t.is(restored.exitCode, 0, restored.all);
	t.regex(restored.stdout, /rig sim-converged restored: 1 fault\(s\) undone and confirmed/);
	t.regex(restored.stderr, /stale \(its process \d+ on .* is gone\)/);
	t.like(await torA.portStatus('Ethernet1/1'), {admin: 'up', oper: 'up'});
	// The simulated switch received the no shutdown from the restore.
	t.regex(readFileSync(log, 'utf8'), /"command":"configure terminal ; interface Ethernet1\/1 ; no shutdown ; end"/);
	t.deepEqual(await journal.pending(), []);
	t.false(existsSync(leaseFile(state, rig.name)), 'restore released the lock it took over');

	const again = await rdmalab(['restore', '--rig', rigFile], {stateDir: state});
	t.is(again.exitCode, 0, again.all);
	t.regex(again.stdout, /restored: nothing to restore/);
});

test('restore while another run holds the rig is refused, naming the holder', async t => {
	const {rigFile} = await startSimProcess(t);
	const state = stateDirFor();
	const {acquireLease} = await import('../../harness/safety/lease.js');
	const lease = await acquireLease({dir: state, rig: 'sim-converged', runId: 'busy-run', purpose: 'run multichannel-failover'});
	t.teardown(async () => lease.release());
	const {exitCode, stderr} = await rdmalab(['restore', '--rig', rigFile], {stateDir: state});
	t.is(exitCode, 2);
	t.regex(stderr, /rig sim-converged is in use by .*run multichannel-failover, run busy-run/);
});

/** A standalone simulated rig, a state directory with a journal, and tor-a read and shut from outside, as by hand. */
const rigWithJournal = async (t: ExecutionContext) => {
	const sim = await startSim(t);
	const state = stateDirFor();
	const rig = await loadRig(sim.rigFile);
	const transport = await connectDevice(rig, rig.switches.find(device => device.name === 'tor-a')!);
	t.teardown(async () => transport.close());
	return {sim, state, journal: new FaultJournal(state, rig.name), torA: new NxosDriver('tor-a', transport)};
};

const switchCommands = (sim: Awaited<ReturnType<typeof startSim>>) => sim.commands().filter(command => command.device.startsWith('tor-')).map(command => command.command);

test('a journaled port found up before any command is reported as already up, not as undone', async t => {
	const {sim, state, journal} = await rigWithJournal(t);
	// The run's teardown brought it up but died before journaling that.
	await journalPortDown(journal, {runId: 'killed-run', faultId: 'pull', switch: 'tor-a', port: 'Ethernet1/2', cable: {node: 'hv02', rnic: 'SLOT 3 Port 1'}});
	const restored = await rdmalab(['restore', '--rig', sim.rigFile], {stateDir: state});
	t.is(restored.exitCode, 0, restored.all);
	t.regex(restored.stdout, /^rig sim-converged restored: 1 fault\(s\) already up, no command sent$/m);
	t.notRegex(restored.stdout, /undone/);
	t.regex(restored.stderr, /already up, no command sent: tor-a Ethernet1\/2/);
	t.false(switchCommands(sim).some(command => /shutdown/.test(command)));
	t.deepEqual(await journal.pending(), []);
});

test('restore refuses a journaled port the rig file cables no rNIC to (INTERLOCK), sends it nothing, and restores the rest', async t => {
	const {sim, state, journal, torA} = await rigWithJournal(t);
	await journalPortDown(journal, {runId: 'killed-run', faultId: 'pull', switch: 'tor-a', port: 'Ethernet1/1', cable: {node: 'hv01', rnic: 'SLOT 3 Port 1'}});
	// A journal written against another rig file, or edited: Ethernet1/40 is cabled to nothing in this one.
	await journalPortDown(journal, {runId: 'other-rig', faultId: 'pull', switch: 'tor-a', port: 'Ethernet1/40', cable: {node: 'hv03', rnic: 'SLOT 3 Port 1'}});
	await torA.setPortAdmin('Ethernet1/1', false);
	const restored = await rdmalab(['restore', '--rig', sim.rigFile], {stateDir: state});
	t.is(restored.exitCode, 2, restored.all);
	t.regex(restored.stdout, /^rig sim-converged: 1 fault\(s\) undone and confirmed$/m);
	t.regex(restored.stdout, /^rig sim-converged NOT restored: 1 fault\(s\) remain\n {2}port-down tor-a Ethernet1\/40 \(hv03 SLOT 3 Port 1\) by run other-rig at \S+: refusing to touch tor-a Ethernet1\/40 \(hv03 SLOT 3 Port 1\): tor-a Ethernet1\/40: no rNIC in the rig file is cabled to this port/m);
	t.regex(restored.stderr, /could not restore tor-a Ethernet1\/40 \(hv03 SLOT 3 Port 1\): tor-a: refusing to touch .*\n {2}hint: restore with the rig file the run used \(sim-converged\); if the rig has changed, check it by hand and remove the entry \(id other-rig\/pull\) from the journal/);
	t.false(switchCommands(sim).some(command => command.includes('Ethernet1/40')), 'nothing, not even a read, went to Ethernet1/40');
	t.like(await torA.portStatus('Ethernet1/1'), {admin: 'up', oper: 'up'});
	t.deepEqual((await journal.pending()).map(intent => intent.id), ['other-rig/pull']);
});

test('a port put back whose journal entry cannot be written is reported as restored and confirmed up, not as NOT restored', async t => {
	const {sim, state, journal, torA} = await rigWithJournal(t);
	// A journal with a history: more than the 2 KiB the restore below may write, so its append fails (EFBIG). The file
	// size limit stands in for a write error no permission check can foresee: a full disk, an I/O error.
	for (let index = 0; index < 10; index++) {
		await journalPortDown(journal, {runId: `old-${index}`, faultId: 'pull', switch: 'tor-a', port: 'Ethernet1/1', cable: {node: 'hv01', rnic: 'SLOT 3 Port 1'}});
		await journal.restored(`old-${index}/pull`, 'run');
	}

	await journalPortDown(journal, {runId: 'killed-run', faultId: 'pull', switch: 'tor-a', port: 'Ethernet1/1', cable: {node: 'hv01', rnic: 'SLOT 3 Port 1'}});
	await torA.setPortAdmin('Ethernet1/1', false);
	const limited = await execa('bash', ['-c', 'ulimit -f 2 && exec "$@"', 'bash', 'node', bin, 'restore', '--rig', sim.rigFile], {cwd: repoRoot, reject: false, all: true, env: {RDMALAB_STATE_DIR: state}});
	t.is(limited.exitCode, 2, limited.all);
	t.regex(limited.stdout, /^rig sim-converged: 1 fault\(s\) undone, but not recorded in the journal:\n {2}port-down tor-a Ethernet1\/1 \(hv01 SLOT 3 Port 1\) by run killed-run at \S+: restored and confirmed up, but the journal could not be updated: cannot write the fault journal .*: EFBIG: file too large/m);
	t.notRegex(limited.stdout, /NOT restored/);
	t.like(await torA.portStatus('Ethernet1/1'), {admin: 'up', oper: 'up'});
	t.deepEqual((await journal.pending()).map(intent => intent.id), ['killed-run/pull']);

	// Without the limit the next restore finds the port up and records it.
	const again = await rdmalab(['restore', '--rig', sim.rigFile], {stateDir: state});
	t.is(again.exitCode, 0, again.all);
	t.regex(again.stdout, /^rig sim-converged restored: 1 fault\(s\) already up, no command sent$/m);
	t.deepEqual(await journal.pending(), []);
});

// Without /proc/<pid>/stat (macOS) locks fall back on the pid alone; AVA reports this test as skipped there.
const withProcessStart = processStart(process.pid) === undefined ? test.skip : test;

withProcessStart('a lock naming a live but unrelated process (its pid reused: another start time) does not block restore', async t => {
	const mine = processStart(process.pid);
	if (mine === undefined) {
		t.fail('no /proc/<pid>/stat');
		return;
	}

	const {sim, state} = await rigWithJournal(t);

	// The killed run's pid now belongs to this test process, which started at another tick.
	writeFileSync(leaseFile(state, 'sim-converged'), JSON.stringify({
		user: 'lab', pid: process.pid, host: hostname(), runId: 'killed-run', purpose: 'run multichannel-failover',
		startedAt: new Date().toISOString(), expiresAt: new Date(Date.now() + 600_000).toISOString(), startTicks: mine.startTicks + 17, bootId: mine.bootId,
	}));
	const restored = await rdmalab(['restore', '--rig', sim.rigFile], {stateDir: state});
	t.is(restored.exitCode, 0, restored.all);
	t.regex(restored.stderr, new RegExp(`the rig lock of lab \\(pid ${process.pid} .*\\) is stale \\(its process ${process.pid} on .* is gone: pid ${process.pid} is now another process`));
	t.regex(restored.stdout, /restored: nothing to restore/);
	t.false(existsSync(leaseFile(state, 'sim-converged')));
});

// The node kinds: the fault is on a Windows node, not a switch, and `rdmalab restore` undoes it through its kind.
const adapterStatus = async (devices: FaultDevices, node: string, rnic: string) => (await readAdapterStatus(await devices.windowsNode(node), [rnic])).get(rnic);
const adapterRdma = async (devices: FaultDevices, node: string, rnics: string[]) => Object.fromEntries(await readAdapterRdma(await devices.windowsNode(node), rnics));

test('kill -9 while the adapter is disabled (--set fault=nic-disable): rdmalab restore enables it again, and no switch is touched', async t => {
	const sim = await startSim(t);
	const state = stateDirFor();
	const run = execa('node', [bin, 'run', 'multichannel-failover', '--rig', sim.rigFile, ...quickFailover, '--set', 'fault=nic-disable', '--out', `${sim.folder}/run`], {cwd: repoRoot, reject: false, env: {RDMALAB_STATE_DIR: state}});
	await waitForLine(run.stderr, /adapter disabled: hv01 SLOT 3 Port 1/);
	run.kill('SIGKILL');
	t.is((await run).signal, 'SIGKILL');

	const rig = await loadRig(sim.rigFile);
	const devices = devicesFor(t, rig);
	t.is(await adapterStatus(devices, 'hv01', 'SLOT 3 Port 1'), 'Disabled', 'the killed run left the adapter disabled');
	const journal = new FaultJournal(state, rig.name);
	t.deepEqual((await journal.pending()).map(intent => [intent.step.kind, intent.device, intent.describe, intent.step['node'], intent.step['rnic']]), [['nic-disable', 'hv01', 'hv01 SLOT 3 Port 1', 'hv01', 'SLOT 3 Port 1']]);

	const restored = await rdmalab(['restore', '--rig', sim.rigFile], {stateDir: state});
	t.is(restored.exitCode, 0, restored.all);
	t.regex(restored.stdout, /^rig sim-converged restored: 1 fault\(s\) undone and confirmed$/m);
	t.regex(restored.stderr, /^Enable-NetAdapter on hv01 SLOT 3 Port 1 \(nic-disable by run run\.\S+ at \S+\)$/m);
	t.is(await adapterStatus(devices, 'hv01', 'SLOT 3 Port 1'), 'Up');
	t.true(sim.commands().some(command => command.device === 'hv01' && command.script.includes("Enable-NetAdapter -Name 'SLOT 3 Port 1'")), 'the node received the Enable-NetAdapter');
	t.deepEqual(sim.commands().filter(command => command.device.startsWith('tor-')), [], 'neither the run nor the restore sent a switch anything');
	t.deepEqual(await journal.pending(), []);

	const again = await rdmalab(['restore', '--rig', sim.rigFile], {stateDir: state});
	t.is(again.exitCode, 0, again.all);
	t.regex(again.stdout, /restored: nothing to restore/);
});

test('RDMA disabled by the fault lifecycle (journaled first), then the process gone: rdmalab restore turns it back on and records it', async t => {
	const sim = await startSim(t);
	const state = stateDirFor();
	const rig = await loadRig(sim.rigFile);
	const devices = devicesFor(t, rig);
	const journal = new FaultJournal(state, rig.name);
	// No suite uses rdma-disable yet: inject it as the runner would, then drop the teardown as a kill -9 does.
	const step: RdmaDisableStep = {kind: 'rdma-disable', id: 'rdma-off', node: 'sofs01', rnics: ['Storage A', 'Storage B'], atS: 0, restoreAtS: 5};
	const {kind} = faultKindOf(step);
	await injectFault({
		kind, step, record: {id: step.id, kind: step.kind, target: kind.describe(step), step}, devices, teardown: new TeardownStack(),
		recorder: new RunRecorder(join(sim.folder, 'run')), clock: systemClock, log() {/* not needed */}, journal: {journal, runId: 'killed-run'},
	}, AbortSignal.timeout(30_000));
	t.deepEqual(await adapterRdma(devices, 'sofs01', step.rnics), {'Storage A': false, 'Storage B': false});
	t.deepEqual((await journal.pending()).map(intent => [intent.id, intent.step.kind, intent.device]), [['killed-run/rdma-off', 'rdma-disable', 'sofs01']]);

	const restored = await rdmalab(['restore', '--rig', sim.rigFile], {stateDir: state});
	t.is(restored.exitCode, 0, restored.all);
	t.regex(restored.stdout, /^rig sim-converged restored: 1 fault\(s\) undone and confirmed$/m);
	t.deepEqual(await adapterRdma(devices, 'sofs01', step.rnics), {'Storage A': true, 'Storage B': true});
	t.true(sim.commands().some(command => command.device === 'sofs01' && command.script.includes("Enable-NetAdapterRdma -Name 'Storage A','Storage B'")));
	t.deepEqual(await journal.pending(), []);
	const last = (await journal.records()).at(-1);
	t.like(last, {type: 'restored', id: 'killed-run/rdma-off'});
	t.regex((last as {by: string}).by, /^restore restore-/);
	t.false((last as {alreadyUp?: boolean}).alreadyUp ?? false, 'undone by the restore, not found so');
});
