// The failure matrix: each transport, node or orchestrator failure the harness must survive, injected into the
// simulated rig (a standalone `rdmalab sim`, driven by the real CLI through the rig file it writes, as a physical
// rig would be). For every row: the rig ends restored (the port is read back over SSH, or no switch command was
// ever sent), no captured sample is lost (every row typeperf printed is in the run folder, raw and on the
// timeline), and the run is an infrastructure error (exit 2), never a pass.
import {readFileSync, renameSync, symlinkSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import test, {type ExecutionContext} from 'ava';
import {execa} from 'execa';
import {rowsBeforeHang} from '../../harness/sim/misconfigs/faults.js';
import {bin, quickFailover, stateDirFor, waitForLine} from '../helpers/cli.js';
import {limited} from '../helpers/limit.js';
import {assertInfrastructureError, assertNoSwitchCommand, assertPortUp, assertSamplesKept, events, finish, runWith, startRun, type Sim} from '../helpers/matrix.js';
import {repoRoot} from '../helpers/paths.js';
import {startSim} from '../helpers/sim-process.js';

test('SSH connections dropped while a port is shut: restored through a new switch connection, node loss is an infrastructure error', limited(async t => {
	const sim = await startSim(t, ['--misconfig', 'ssh-drop-during-fault']);
	const result = await runWith(sim);
	assertInfrastructureError(t, result);
	// The switch's connection went with the port shut; whichever command needed it next (the restore, its read-back or
	// the port's counter poll) said so and went over a new one, and the port is back up (below).
	t.regex(result.stderr, /tor-a: SSH connection lost .*; reconnected for (configure terminal ; interface Ethernet1\/1 ; no shutdown ; end|show interface Ethernet1\/1 \| json|show queuing interface Ethernet1\/1|show interface Ethernet1\/1 priority-flow-control)/);
	t.regex(result.stdout, /error: hv01: SSH connection to 127\.0\.0\.1:\d+ lost/);
	t.regex(result.json?.stoppedEarly ?? '', /hv01/);
	t.deepEqual(result.json?.verdicts, []);
	await assertPortUp(t, sim);
	const types = events(result.out).map(event => event.type);
	t.true(types.includes('fault-confirmed'));
	t.true(types.includes('reconnected'));
	t.true(types.includes('fault-restored'));
	const kept = assertSamplesKept(t, result.out);
	t.true(kept['hv01']! > 0, 'hv01 samples before the drop are kept');
}));

test('a node hangs (typeperf stops answering): it is killed on the node, the run ends as an infrastructure error', limited(async t => {
	const sim = await startSim(t, ['--misconfig', 'node-hangs']);
	const result = await runWith(sim);
	assertInfrastructureError(t, result);
	t.regex(result.stdout, /error: hv01: typeperf: no output for 10000 ms; killed on the node \(taskkill \/PID \d+ \/T \/F\)/);
	// The kill went to the node, for the process the start marker reported.
	const pid = /taskkill \/PID (\d+)/.exec(result.stdout)?.[1];
	t.true(sim.commands().some(command => command.device === 'hv01' && command.script.includes(`& 'taskkill.exe' '/PID' '${pid!}' '/T' '/F'`)));
	await assertPortUp(t, sim);
	t.true(events(result.out).some(event => event.type === 'fault-restored'));
	// The rows printed before the hang are all there.
	t.is(assertSamplesKept(t, result.out)['hv01'], rowsBeforeHang);
}));

test('garbage output from a node query: a PARSE infrastructure error before anything is touched', limited(async t => {
	const sim = await startSim(t, ['--misconfig', 'garbage-output']);
	const result = await runWith(sim);
	assertInfrastructureError(t, result);
	t.is(result.json?.errors[0]?.code, 'PARSE');
	t.regex(result.stdout, /error: hv01: PowerShell JSON: expected ConvertTo-Json output/);
	assertNoSwitchCommand(t, sim.commands());
}));

test('slow node within its deadlines: the run still passes', limited(async t => {
	const sim = await startSim(t, ['--misconfig', 'slow-node']);
	const result = await runWith(sim);
	t.is(result.exitCode, 0, result.all);
	t.regex(result.stdout, /^PASS$/m);
	await assertPortUp(t, sim);
	assertSamplesKept(t, result.out);
}));

test('slow node past its deadlines: COMMAND_TIMEOUT, an infrastructure error before anything is touched', limited(async t => {
	const sim = await startSim(t, ['--misconfig', 'very-slow-node']);
	const result = await runWith(sim);
	assertInfrastructureError(t, result);
	t.regex(result.stdout, /error: sofs02: read clock: no result after 30000 ms/);
	t.is(result.json?.errors[0]?.code, 'COMMAND_TIMEOUT');
	assertNoSwitchCommand(t, sim.commands());
}));

test('host key changed: HOST_KEY_MISMATCH with both fingerprints, exit 2, no command sent to any device', limited(async t => {
	const sim = await startSim(t, ['--misconfig', 'host-key-changed']);
	const result = await runWith(sim);
	assertInfrastructureError(t, result);
	t.regex(result.stdout, /error: tor-a: host key SHA256:\S+ does not match the pinned key SHA256:\S+/);
	t.is(result.json?.errors[0]?.code, 'HOST_KEY_MISMATCH');
	t.deepEqual(sim.commands(), []);
}));

test('disk full in the run folder while a port is shut: the port is restored, exit 2 with a clear IO error', limited(async t => {
	const sim = await startSim(t);
	const run = startRun(sim);
	await waitForLine(run.child.stderr!, /port shut: tor-a Ethernet1\/1/);
	// From here on every append to events.jsonl fails with ENOSPC, as on a full disk (/dev/full).
	const eventsFile = join(run.out, 'events.jsonl');
	renameSync(eventsFile, join(run.out, 'events-before-full.jsonl'));
	symlinkSync('/dev/full', eventsFile);
	const result = await finish(run);
	assertInfrastructureError(t, result);
	t.regex(result.stdout, /error: .*cannot write events\.jsonl in the run folder: ENOSPC/);
	t.is(result.json?.errors[0]?.code, 'IO');
	await assertPortUp(t, sim);
	// The restore ran to its confirmation although nothing more could be logged.
	t.regex(result.stderr, /link back up: tor-a Ethernet1\/1/);
	const before = readFileSync(join(run.out, 'events-before-full.jsonl'), 'utf8');
	t.regex(before, /"type":"fault-confirmed"/);
	assertSamplesKept(t, result.out);
}));

test('run folder unusable from the start: exit 2 naming it, nothing touched on the rig', limited(async t => {
	const sim = await startSim(t);
	// Its parent is a file: the folder can be neither read nor created.
	writeFileSync(join(sim.folder, 'not-a-folder'), '');
	const out = join(sim.folder, 'not-a-folder', 'run');
	const result = await execa('node', [bin, 'run', 'multichannel-failover', '--rig', sim.rigFile, ...quickFailover, '--out', out], {cwd: repoRoot, reject: false, all: true, env: {RDMALAB_STATE_DIR: stateDirFor()}});
	t.is(result.exitCode, 2, result.all);
	t.regex(result.stderr, /--out .*not-a-folder\/run cannot be used as a run folder: ENOTDIR/);
	t.deepEqual(sim.commands(), []);
}));

// Rows whose fault is a workload or counter misconfiguration of the simulated rig.
const misconfigRow = (name: string, title: string, check: (t: ExecutionContext, result: Awaited<ReturnType<typeof finish>>, sim: Sim) => Promise<void> | void) => {
	test(title, limited(async t => {
		const sim = await startSim(t, ['--misconfig', name]);
		const result = await runWith(sim);
		assertInfrastructureError(t, result);
		await check(t, result, sim);
	}));
};

misconfigRow('counter-set-missing', 'counter set missing: an infrastructure error, never a pass, the rig restored', async (t, result, sim) => {
	t.regex(result.stdout, /hv01 lacks \d+ rNIC counters .*the node has no "RDMA Activity" counter set/);
	await assertPortUp(t, sim);
});

misconfigRow('diskspd-exits-early', 'diskspd exits early: an infrastructure error with what was captured kept, the rig restored', async (t, result, sim) => {
	await assertPortUp(t, sim);
	assertSamplesKept(t, result.out);
});
