// Two runs on one rig. From two working directories of one user they share the per-user state directory, so the lease
// stops the second and `restore` from either sees the journal. Where nothing local can see the other run (another
// state directory, another orchestrator, a port shut by hand), the rig itself is asked: before a shutdown, every port
// the rig file cables to an rNIC must be up but the run's own faults.
import {existsSync, mkdirSync} from 'node:fs';
import {join} from 'node:path';
import test, {type ExecutionContext} from 'ava';
import {execa} from 'execa';
import {loadRig} from '../../harness/rig/load.js';
import {FaultJournal} from '../../harness/safety/journal.js';
import {NxosDriver} from '../../harness/targets/switches/nxos.js';
import {connectDevice} from '../../harness/transport/connect.js';
import {bin, quickFailover, stateDirFor, tempDir, waitForLine} from '../helpers/cli.js';
import {limited} from '../helpers/limit.js';
import {startSim} from '../helpers/sim-process.js';

type Sim = Awaited<ReturnType<typeof startSim>>;

const switchDriver = async (t: ExecutionContext, sim: Sim, name: string) => {
	const rig = await loadRig(sim.rigFile);
	const transport = await connectDevice(rig, rig.switches.find(device => device.name === name)!);
	t.teardown(async () => transport.close());
	return new NxosDriver(name, transport);
};

// Long enough for a second run to get to its own fault while the first one's port is still shut.
const longHold = [...quickFailover, '--set', 'holdS=25'];

const run = (sim: Sim, args: string[], options: {cwd: string; env: Record<string, string>}) =>
	execa('node', [bin, 'run', 'multichannel-failover', '--rig', sim.rigFile, ...args], {cwd: options.cwd, env: options.env, reject: false, all: true});

const shutdowns = (sim: Sim, from = 0) => sim.commands().slice(from).filter(command => command.device.startsWith('tor-') && /(^|; )shutdown/.test(command.command)).map(command => `${command.device} ${command.command}`);

test('two working directories, one user, no RDMALAB_STATE_DIR: the second run is refused by the lease, restore from the other directory sees the journal', limited(async t => {
	const sim = await startSim(t);
	const home = await tempDir();
	const [first, second] = [await tempDir(), await tempDir()];
	// The per-user default, under this test's own HOME: nothing the test process or the machine set may leak in.
	const env = {HOME: home, XDG_STATE_HOME: '', RDMALAB_STATE_DIR: ''};
	const runA = run(sim, [...longHold, '--out', join(first, 'run')], {cwd: first, env});
	await waitForLine(runA.stderr!, /port shut: tor-a Ethernet1\/1/);

	const runB = await run(sim, [...quickFailover, '--set', 'host=hv02', '--out', join(second, 'run')], {cwd: second, env});
	t.is(runB.exitCode, 2, runB.all);
	t.regex(runB.stderr, /rig sim-converged is in use by .*\(pid \d+ on .*, run multichannel-failover, run run\./);
	t.false(existsSync(join(second, 'run')), 'the refused run wrote nothing');

	// The first run dies with its port shut; the other checkout's restore finds its journal entry and puts it back.
	runA.kill('SIGKILL');
	await runA;
	const state = join(home, '.local', 'state', 'rdmalab');
	t.deepEqual((await new FaultJournal(state, 'sim-converged').pending()).map(intent => `${intent.step.kind} ${intent.describe}`), ['port-down tor-a Ethernet1/1 (hv01 SLOT 3 Port 1)']);
	const restored = await execa('node', [bin, 'restore', '--rig', sim.rigFile], {cwd: second, env, reject: false, all: true});
	t.is(restored.exitCode, 0, restored.all);
	t.regex(restored.stdout, /^rig sim-converged restored: 1 fault\(s\) undone and confirmed\njournal: .*\/\.local\/state\/rdmalab\/sim-converged\.journal\.jsonl$/m);
	t.like(await (await switchDriver(t, sim, 'tor-a')).portStatus('Ethernet1/1'), {admin: 'up', oper: 'up'});
	t.false(existsSync(join(first, '.rdmalab')));
	t.false(existsSync(join(second, '.rdmalab')));
}));

test('a port shut by hand elsewhere on the rig: the run refuses before shutting anything, naming it, exit 2', limited(async t => {
	const sim = await startSim(t);
	const out = await tempDir();
	// sofs01's second rNIC, on the other switch from the port the suite pulls.
	await (await switchDriver(t, sim, 'tor-b')).setPortAdmin('Ethernet1/11', false);
	const byHand = sim.commands().length;
	const state = stateDirFor();
	const result = await run(sim, [...quickFailover, '--out', join(out, 'run')], {cwd: out, env: {RDMALAB_STATE_DIR: state}});
	t.is(result.exitCode, 2, result.all);
	t.regex(result.stdout, /^ERROR: the run could not measure$/m);
	t.regex(result.stdout, /error: tor-a: refusing to shut tor-a Ethernet1\/1 \(hv01 SLOT 3 Port 1\): 1 other port\(s\) the rig file cables to an rNIC are down and this run did not take them down:\n {2}tor-b Ethernet1\/11 \(sofs01 Storage B\): admin down, link down \(Administratively down\)\n/);
	t.deepEqual(shutdowns(sim, byHand), [], 'the run sent no shutdown');
	t.deepEqual(await new FaultJournal(state, 'sim-converged').records(), [], 'nothing was journaled');
	t.like(await (await switchDriver(t, sim, 'tor-a')).portStatus('Ethernet1/1'), {admin: 'up', oper: 'up'});
}));

test('two runs from two state directories (the old default): the second refuses before its shutdown, naming the first one\'s port', limited(async t => {
	const sim = await startSim(t);
	const folder = await tempDir();
	mkdirSync(join(folder, 'a'));
	mkdirSync(join(folder, 'b'));
	const runA = run(sim, [...longHold, '--out', join(folder, 'a', 'run')], {cwd: join(folder, 'a'), env: {RDMALAB_STATE_DIR: stateDirFor()}});
	await waitForLine(runA.stderr!, /port shut: tor-a Ethernet1\/1/);
	// Its own lease and journal: nothing local tells it about the first run, and it faults another host's port.
	const runB = await run(sim, [...quickFailover, '--set', 'host=hv02', '--out', join(folder, 'b', 'run')], {cwd: join(folder, 'b'), env: {RDMALAB_STATE_DIR: stateDirFor()}});
	t.is(runB.exitCode, 2, runB.all);
	t.regex(runB.stdout, /error: tor-a: refusing to shut tor-a Ethernet1\/2 \(hv02 SLOT 3 Port 1\): 1 other port\(s\) .* are down and this run did not take them down:\n {2}tor-a Ethernet1\/1 \(hv01 SLOT 3 Port 1\): admin down, link down/);
	t.notRegex(runB.stdout, /^PASS$/m);
	t.deepEqual(shutdowns(sim), ['tor-a configure terminal ; interface Ethernet1/1 ; shutdown ; end'], 'only the first run shut a port');

	// The first run, stopped, restores its own port.
	runA.kill('SIGINT');
	t.is((await runA).exitCode, 130);
	t.like(await (await switchDriver(t, sim, 'tor-a')).portStatus('Ethernet1/1'), {admin: 'up', oper: 'up'});
}));
