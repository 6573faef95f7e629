// kill -9 of a run while a port is shut: nothing in the run gets a chance to restore it. The simulated rig runs as
// its own process (as a physical rig outlives the orchestrator), so the port really stays shut; the journal on disk
// is all that is left, and `rdmalab restore` must put the port back from it.
import {existsSync, readFileSync} from 'node:fs';
import test from 'ava';
import {execa} from 'execa';
import {loadRig} from '../../harness/rig/load.js';
import {FaultJournal} from '../../harness/safety/journal.js';
import {leaseFile} from '../../harness/safety/state-dir.js';
import {NxosDriver} from '../../harness/targets/switches/nxos.js';
import {connectDevice} from '../../harness/transport/connect.js';
import {bin, quickFailover, rdmalab, startSimProcess, stateDirFor, waitForLine} from '../helpers/cli.js';
import {repoRoot} from '../helpers/paths.js';

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
	t.deepEqual((await journal.pending()).map(intent => [intent.device, intent.port]), [['tor-a', 'Ethernet1/1']]);
	t.true(existsSync(leaseFile(state, rig.name)), 'the dead run\'s lock is still there');
	// What the killed run captured up to the kill is on disk: the fault's intent and the counter samples.
	t.regex(readFileSync(`${folder}/run/events.jsonl`, 'utf8'), /"type":"fault-confirmed"/);
	t.true(readFileSync(`${folder}/run/counters/hv01.typeperf.csv`, 'utf8').split('\n').length > 5);

	// A plain run refuses before touching anything, and says what to do.
	const commandsBefore = readFileSync(log, 'utf8').split('\n').length;
	const refused = await rdmalab(['run', 'multichannel-failover', '--rig', rigFile, ...quickFailover, '--out', `${folder}/refused`], {stateDir: state});
	t.is(refused.exitCode, 2, refused.all);
	t.regex(refused.stderr, /rig sim-converged has 1 unrestored fault\(s\) from an earlier run:\n {2}tor-a Ethernet1\/1 \(hv01 SLOT 3 Port 1\) shut by run /);
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
