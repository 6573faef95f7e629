// The simulated cluster, read over SSH as the harness reads a real one: heartbeats across a pulled link (interface
// failed, network down, both back up), a node removed when the cluster has no other heartbeat network, and the
// events Get-WinEvent returns. A heartbeat threshold of 500 ms × 4 keeps the waits short.
import test, {type ExecutionContext} from 'ava';
import {z} from 'zod';
import type {Rig} from '../../harness/rig/schema.js';
import {sleep} from '../../harness/run/clock.js';
import {startSimulator} from '../../harness/sim/index.js';
import {queryWindowsPowerShell, runWindowsPowerShell} from '../../harness/windows/windows-powershell.js';
import {parseWinEvents, winEventScript} from '../../harness/windows/events.js';
import {clusterNetworkItem, clusterNodeItem} from '../../harness/windows/inventory/queries.js';
import {psQuery} from '../../harness/windows/query.js';
import {simRig} from '../helpers/cli.js';
import {devicesFor} from '../helpers/fault-devices.js';
import {loadSimRig} from '../helpers/sim-inventory.js';

const thresholdMs = 500 * 4;
const fast = (rig: Rig) => {
	rig.simulation = {...rig.simulation, cluster: {sameSubnetDelayMs: 500, sameSubnetThreshold: 4, joinMs: 500}};
};

const start = async (t: ExecutionContext, misconfigs: string[] = []) => {
	const sim = await startSimulator(await loadSimRig(simRig, fast), {misconfigs});
	t.teardown(async () => sim.stop());
	return {sim, devices: devicesFor(t, sim.rig)};
};

const ids = [1125, 1126, 1127, 1128, 1129, 1130, 1135];
const events = async (devices: ReturnType<typeof devicesFor>, node: string, since: number) => parseWinEvents(
	await runWindowsPowerShell(await devices.windowsNode(node), winEventScript({log: 'System', provider: 'Microsoft-Windows-FailoverClustering', ids, startUtcMs: since}), {label: 'events', idempotent: true}),
	node,
).map(event => `${event.id} ${event.data.join(' · ')}`);

const queries = {
	nodes: psQuery('nodes', 'Get-ClusterNode | Select-Object -Property Name,Id,State', clusterNodeItem),
	networks: psQuery('networks', 'Get-ClusterNetwork | Select-Object -Property Name,Address,AddressMask,Role,State', clusterNetworkItem),
	cluster: psQuery('cluster', 'Get-Cluster | Select-Object -Property Name,SameSubnetDelay,SameSubnetThreshold', z.object({Name: z.string(), SameSubnetDelay: z.number(), SameSubnetThreshold: z.number()})),
};

test('a pulled link: nothing before the threshold; then the interface failed and its network down; both up once it is back', async t => {
	const {sim, devices} = await start(t);
	const since = Date.now() - 60_000;
	const reader = await devices.windowsNode('sofs02');
	const read = async () => (await queryWindowsPowerShell(reader, queries)).data;
	t.like((await read()).cluster?.[0], {Name: 'sofs-cl', SameSubnetDelay: 500, SameSubnetThreshold: 4});
	// Get-WinEvent with nothing to find fails with NoMatchingEventsFound, which is no events.
	t.deepEqual(await events(devices, 'sofs02', since), []);

	await (await devices.switchDriver('tor-a')).setPortAdmin('Ethernet1/11', false);
	await sleep(thresholdMs / 2);
	t.deepEqual((await read()).networks?.map(network => [network.Address, network.State]), [['192.168.10.0', 'Up'], ['10.71.1.0', 'Up'], ['10.71.2.0', 'Up']], 'within the threshold nothing is declared');
	await sleep(thresholdMs);
	const down = await read();
	t.deepEqual(down.networks?.map(network => [network.Address, network.Role, network.State]), [['192.168.10.0', 'Client', 'Up'], ['10.71.1.0', 'ClusterAndClient', 'Down'], ['10.71.2.0', 'ClusterAndClient', 'Up']]);
	t.deepEqual(down.nodes?.map(node => [node.Name, node.State]), [['sofs01', 'Up'], ['sofs02', 'Up']], 'the other storage network carries the heartbeat');
	t.deepEqual(await events(devices, 'sofs02', since), ['1130 Cluster Network 2', '1127 sofs01 - Storage A · sofs01 · Cluster Network 2'], 'newest first');

	await (await devices.switchDriver('tor-a')).setPortAdmin('Ethernet1/11', true);
	await sleep(sim.fabric.config.timings.linkUpMs + 1000);
	t.is((await read()).networks?.find(network => network.Address === '10.71.1.0')?.State, 'Up');
	t.deepEqual((await events(devices, 'sofs01', since)).slice(0, 2), ['1128 Cluster Network 2', '1125 sofs01 - Storage A · sofs01 · Cluster Network 2']);
});

test('with cluster traffic on one storage network only, pulling it removes the node the core cannot reach; it joins again once back', async t => {
	const {sim, devices} = await start(t, ['cluster-network-no-cluster-traffic']);
	const since = Date.now() - 60_000;
	await (await devices.switchDriver('tor-a')).setPortAdmin('Ethernet1/11', false);
	await sleep(thresholdMs + 700);
	// sofs01 owns the core cluster group: sofs02 is the one cut off, and sofs01 logs its removal.
	t.deepEqual((await queryWindowsPowerShell(await devices.windowsNode('sofs01'), queries)).data.nodes?.map(node => [node.Name, node.State]), [['sofs01', 'Up'], ['sofs02', 'Down']]);
	t.true((await events(devices, 'sofs01', since)).includes('1135 sofs02'));
	t.false((await events(devices, 'sofs02', since)).includes('1135 sofs02'), 'not logged on the node removed');
	// A removed node's cluster service answers nothing.
	t.regex((await (await devices.windowsNode('sofs02')).powershell('Get-ClusterNode', {label: 'own'})).stderr, /cluster service is not running/);
	// The second storage network has role None: not watched, never down.
	t.is((await queryWindowsPowerShell(await devices.windowsNode('sofs01'), queries)).data.networks?.find(network => network.Address === '10.71.2.0')?.State, 'Up');

	await (await devices.switchDriver('tor-a')).setPortAdmin('Ethernet1/11', true);
	await sleep(sim.fabric.config.timings.linkUpMs + 1500);
	t.deepEqual((await queryWindowsPowerShell(await devices.windowsNode('sofs01'), queries)).data.nodes?.map(node => [node.Name, node.State]), [['sofs01', 'Up'], ['sofs02', 'Up']]);
});

test('heartbeats dropped on a link that is up make its interface unreachable, not failed, and partition nothing else', async t => {
	const {devices} = await start(t, ['cluster-heartbeat-blocked']);
	const since = Date.now() - 60_000;
	await sleep(thresholdMs + 500);
	t.deepEqual(await events(devices, 'sofs01', since), ['1130 Cluster Network 3', '1126 sofs02 - Storage B · sofs02 · Cluster Network 3']);
	t.is((await (await devices.switchDriver('tor-b')).portStatus('Ethernet1/12')).oper, 'up', 'its link is up');
});
