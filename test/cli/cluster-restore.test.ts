// kill -9 of a run while a cluster node is stopped: nothing in the run gets a chance to start it again. The simulated
// rig runs as its own process, so the node stays stopped and the role stays away; `rdmalab restore` must start the
// node and move the role home from the journal alone.
import {readFileSync} from 'node:fs';
import test from 'ava';
import {execa} from 'execa';
import {clusterNodeStop, type ClusterNodeStep} from '../../harness/kinds/faults/cluster-node.js';
import {loadRig} from '../../harness/rig/load.js';
import {FaultJournal} from '../../harness/safety/journal.js';
import {bin, rdmalab, startSimProcess, stateDirFor, waitForLine} from '../helpers/cli.js';
import {devicesFor} from '../helpers/fault-devices.js';
import {repoRoot} from '../helpers/paths.js';

test('kill -9 while sofs01 is stopped: restore starts it and moves the file server role home; restoring again is a no-op', async t => {
	const {rigFile, folder, log} = await startSimProcess(t);
	const state = stateDirFor();
	const args = ['run', 'sofs-node-failover', '--rig', rigFile, '--set', 'variants=[stop]', '--set', 'warmupS=1', '--set', 'preFaultS=3', '--set', 'holdS=30', '--set', 'recoverS=6', '--out', `${folder}/run`];
	const run = execa('node', [bin, ...args], {cwd: repoRoot, reject: false, env: {RDMALAB_STATE_DIR: state}});
	await waitForLine(run.stderr, /cluster node stopped: cluster node sofs01/);
	run.kill('SIGKILL');
	t.is((await run).signal, 'SIGKILL');

	const rig = await loadRig(rigFile);
	const devices = devicesFor(t, rig);
	const journal = new FaultJournal(state, rig.name);
	const pending = await journal.pending();
	t.deepEqual(pending.map(intent => [intent.device, intent.step.kind, intent.step['node']]), [['sofs02', 'cluster-node-stop', 'sofs01']]);
	const step = pending[0]!.step as unknown as ClusterNodeStep;
	t.deepEqual(await clusterNodeStop.readBack(devices, step), {state: 'faulted', detail: 'sofs01 Down; sofs on sofs02 (Online)'}, 'the killed run left the node stopped');

	const restored = await rdmalab(['restore', '--rig', rigFile], {stateDir: state});
	t.is(restored.exitCode, 0, restored.all);
	t.regex(restored.stdout, /restored: 1 fault\(s\) undone and confirmed/);
	t.deepEqual(await clusterNodeStop.readBack(devices, step), {state: 'clear', detail: 'sofs01 Up; sofs on sofs01 (Online)'});
	t.deepEqual(await journal.pending(), []);
	t.true(readFileSync(log, 'utf8').includes('"device":"sofs02"'), 'the restore went through sofs02');

	const again = await rdmalab(['restore', '--rig', rigFile], {stateDir: state});
	t.is(again.exitCode, 0, again.all);
	t.regex(again.stdout, /restored: nothing to restore/);
});
