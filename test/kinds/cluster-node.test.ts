// The cluster node kinds: Suspend-ClusterNode -Drain / Stop-ClusterNode through another member, each read back from
// Get-ClusterNode and Get-ClusterGroup; restored by Resume- / Start-ClusterNode and Move-ClusterGroup home. Against
// the simulated rig over real SSH on loopback, in Windows PowerShell 5.1 whatever the node's own shell.
import test from 'ava';
import {clusterNodeDrain, clusterNodeStepOf, clusterNodeStop, type ClusterNodeKind} from '../../harness/kinds/faults/cluster-node.js';
import type {FaultKind} from '../../harness/kinds/fault-kind.js';
import type {ClusterNodeStep} from '../../harness/kinds/faults/cluster-node.js';
import {loadRig} from '../../harness/rig/load.js';
import {confirmState} from '../../harness/run/fault-lifecycle.js';
import {systemClock} from '../../harness/run/clock.js';
import {simCluster} from '../../harness/sim/cluster.js';
import {startSimulator} from '../../harness/sim/index.js';
import {simRig} from '../helpers/cli.js';
import {devicesFor, scriptsSent} from '../helpers/fault-devices.js';

const rig = await loadRig(simRig);
const kinds: Record<ClusterNodeKind, FaultKind<ClusterNodeStep>> = {'cluster-node-drain': clusterNodeDrain, 'cluster-node-stop': clusterNodeStop};

const start = async (t: import('ava').ExecutionContext, misconfigs: string[] = []) => {
	const sim = await startSimulator(await loadRig(simRig), {misconfigs});
	t.teardown(async () => sim.stop());
	return {sim, devices: devicesFor(t, sim.rig)};
};

for (const [kind, away] of [['cluster-node-drain', 'Paused'], ['cluster-node-stop', 'Down']] as const) {
	test(`${kind}: away through sofs02 (sofs01 ${away}, the role on sofs02), back with the role home; restoring again sends nothing`, async t => {
		const {sim, devices} = await start(t);
		const fault = clusterNodeStepOf(rig, kind, 'away', 'sofs01', 'sofs02', 10, 30);
		const faultKind = kinds[kind];
		t.deepEqual(await faultKind.readBack(devices, fault), {state: 'clear', detail: 'sofs01 Up; sofs on sofs01 (Online)'});

		await faultKind.inject(devices, fault);
		const away_ = await confirmState(faultKind, devices, fault, 'faulted', faultKind.confirmWithinMs.inject, systemClock);
		t.true(away_.reached, away_.last?.detail);
		t.deepEqual(away_.last, {state: 'faulted', detail: `sofs01 ${away}; sofs on sofs02 (Online)`});
		const sent = scriptsSent(sim.commands, 'sofs02');
		t.true(sent.some(script => script.includes(kind === 'cluster-node-drain' ? 'Suspend-ClusterNode -Name \'sofs01\' -Drain' : 'Stop-ClusterNode -Name \'sofs01\'')));
		// Cluster cmdlets go to Windows PowerShell 5.1 even where the node's own queries use 7.
		t.true(sim.commands.filter(record => record.device === 'sofs02').every(record => record.command.startsWith('powershell.exe')));

		await faultKind.restore(devices, fault);
		const back = await confirmState(faultKind, devices, fault, 'clear', faultKind.confirmWithinMs.restore, systemClock);
		t.true(back.reached, back.last?.detail);
		t.is(simCluster(sim.fabric).owner('sofs')?.owner, 'sofs01');
		const restored = scriptsSent(sim.commands, 'sofs02');
		t.true(restored.some(script => script.includes('Move-ClusterGroup -Name \'sofs\' -Node \'sofs01\'')));

		const changes = () => scriptsSent(sim.commands, 'sofs02').filter(script => /(Resume|Start)-ClusterNode|Move-ClusterGroup/.test(script)).length;
		const before = changes();
		await faultKind.restore(devices, fault);
		t.is(changes(), before, 'the restore of a restored node sends no change');
	});
}

test('a stopped node reads Down through another member and fails the cluster cmdlets on itself; its client moves with a short pause', async t => {
	const {sim, devices} = await start(t);
	const fault = clusterNodeStepOf(rig, 'cluster-node-stop', 'away', 'sofs01', 'sofs02', 10, 30);
	await clusterNodeStop.inject(devices, fault);
	const own = await (await devices.windowsNode('sofs01')).powershell('Get-ClusterNode', {label: 'own view'});
	t.regex(own.stderr, /The cluster service is not running/);
	const cluster = simCluster(sim.fabric);
	const session = sim.fabric.sessionOf('hv01')!;
	const move = cluster.sessionMoves('hv01').at(-1)!;
	t.is(move.server, 'sofs02');
	t.is(move.resumeAt - move.at, sim.fabric.config.cluster.unplannedMoveMs, 'its witness (sofs02) tells it to move');
	t.is(sim.fabric.serverAt(session, move.resumeAt + 1), 'sofs02');
	t.deepEqual(cluster.sessionMoves('hv02'), [], 'hv02 was on sofs02 all along');
	// Two nodes, one out: no other node to be a witness, so no registration until sofs01 is back.
	t.deepEqual(cluster.witnessRegistrations(move.resumeAt + 1), []);
});

test('without witness registrations a lost file server node is noticed only by SMB time-outs', async t => {
	const {sim, devices} = await start(t, ['witness-not-registered']);
	const cluster = simCluster(sim.fabric);
	t.deepEqual(cluster.witnessRegistrations(), []);
	await clusterNodeStop.inject(devices, clusterNodeStepOf(rig, 'cluster-node-stop', 'away', 'sofs01', 'sofs02', 10, 30));
	const move = cluster.sessionMoves('hv01').at(-1)!;
	t.is(move.resumeAt - move.at, sim.fabric.config.cluster.smbTimeoutMs);
});

test('the live quorum check refuses to take the last node up away, sending nothing', async t => {
	const {sim, devices} = await start(t);
	await clusterNodeStop.inject(devices, clusterNodeStepOf(rig, 'cluster-node-stop', 'first', 'sofs01', 'sofs02', 10, 30));
	const before = scriptsSent(sim.commands, 'sofs01').length;
	const error = await t.throwsAsync(clusterNodeDrain.inject(devices, clusterNodeStepOf(rig, 'cluster-node-drain', 'second', 'sofs02', 'sofs01', 10, 30)));
	// sofs01's own cluster service is stopped: nothing can be read or sent through it.
	t.like(error, {code: 'COMMAND_FAILED', target: 'sofs01'});
	t.false(scriptsSent(sim.commands, 'sofs01').slice(before).some(script => script.includes('Suspend-ClusterNode')));
	const refused = await t.throwsAsync(clusterNodeStop.inject(devices, {...clusterNodeStepOf(rig, 'cluster-node-stop', 'third', 'sofs02', 'sofs01', 10, 30), via: 'sofs02'}));
	t.regex(refused!.message, /refusing to stop sofs02: the cluster reports sofs01 Down, sofs02 Up; without sofs02, sofs has no node/);
});

test('refusals: a node outside the SOFS, commands through the node itself, a rig without a cluster', t => {
	const step = clusterNodeStepOf(rig, 'cluster-node-stop', 'x', 'hv01', 'hv01', 10, 30);
	t.deepEqual(clusterNodeStop.refusals(step, rig).map(refusal => refusal.message), [
		'hv01: not a SOFS node of the rig file (sofs01, sofs02); the node taken away must be one',
		'hv01: not a SOFS node of the rig file (sofs01, sofs02); the node the commands go through must be one',
		'hv01: the commands must go through another node than the one taken away',
	]);
	const {cluster: _cluster, ...noCluster} = rig;
	t.regex(clusterNodeStop.refusals(clusterNodeStepOf(rig, 'cluster-node-stop', 'x', 'sofs01', 'sofs02', 10, 30), noCluster as typeof rig)[0]!.message, /declares no cluster/);
});
