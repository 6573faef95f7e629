// Failover cluster and Hyper-V host cmdlets of a simulated node, answered from the cluster model (sim/cluster.ts).
// Cluster objects are .NET objects (not CIM): State and Role print as enum integers, OwnerNode as a nested
// ClusterNode (reference/formats.md §5.2). A node whose cluster service is not running (not a member, stopped,
// removed) fails the cmdlets as Windows does; the node-changing cmdlets print nothing the harness reads.
import type {RigNode} from '../../../rig/schema.js';
import {simCluster, type NodeAction, type NodeState, type SimCluster} from '../../cluster.js';
import type {Fabric} from '../../fabric.js';
import {hostState, nodeState} from '../node-state.js';
import {PsRuntimeError, type Cmdlet, type CmdletCall} from '../ps-interpreter.js';

/** Microsoft.FailoverClusters.PowerShell.ClusterNodeState / ClusterGroupState / ClusterNetworkState values. */
const nodeStateCode: Record<NodeState, number> = {Up: 0, Down: 1, Paused: 2, Joining: 3};
const networkStateCode = {Up: 3, Partitioned: 2, Down: 1} as const;
const groupOnline = 0;
const groupPending = 4;

const notRunning = () => new PsRuntimeError('The cluster service is not running.  Make sure that the service is running on all nodes in the cluster.', undefined, 'ConnectionError: (:) [], ClusterCmdletException');

/** The cluster as this node sees it: it must be a member whose cluster service runs. */
const clusterOf = (node: RigNode, fabric: Fabric): SimCluster => {
	const cluster = simCluster(fabric);
	if (!cluster.members.includes(node.name) || cluster.nodeState(node.name) === 'Down') {
		throw notRunning();
	}

	return cluster;
};

const clusterNode = (cluster: SimCluster, name: string) => ({Name: name, Id: String(cluster.members.indexOf(name) + 1), State: nodeStateCode[cluster.nodeState(name)]});

const nameOf = (call: CmdletCall): string | undefined => {
	const value = call.named.get('name') ?? call.positional[0];
	return value === undefined || value === null ? undefined : String(value);
};

const memberNamed = (cluster: SimCluster, call: CmdletCall, cmdlet: string): string => {
	const name = nameOf(call);
	const member = cluster.members.find(candidate => candidate.toLowerCase() === name?.toLowerCase());
	if (member === undefined) {
		throw new PsRuntimeError(name === undefined ? 'Cannot process command because of one or more missing mandatory parameters: Name.' : `The cluster node '${name}' was not found in the cluster.`, undefined, `ObjectNotFound: (:) [${cmdlet}], ClusterCmdletException`);
	}

	return member;
};

export const getCluster = (node: RigNode, fabric: Fabric): Cmdlet => () => {
	const cluster = clusterOf(node, fabric);
	return [{
		Name: hostState(fabric).cluster!.name,
		SameSubnetDelay: cluster.heartbeat.delayMs,
		SameSubnetThreshold: cluster.heartbeat.threshold,
		CrossSubnetDelay: 1000,
		CrossSubnetThreshold: 20,
	}];
};

export const getClusterNode = (node: RigNode, fabric: Fabric): Cmdlet => call => {
	const cluster = clusterOf(node, fabric);
	const names = nameOf(call) === undefined ? cluster.members : [memberNamed(cluster, call, 'Get-ClusterNode')];
	return names.map(member => clusterNode(cluster, member));
};

export const getClusterNetwork = (node: RigNode, fabric: Fabric): Cmdlet => () => {
	const cluster = clusterOf(node, fabric);
	return hostState(fabric).cluster!.networks.map(network => ({...network, State: networkStateCode[cluster.networkState(network.Name)]}));
};

export const getClusterGroup = (node: RigNode, fabric: Fabric): Cmdlet => call => {
	const cluster = clusterOf(node, fabric);
	const name = nameOf(call);
	const groups = name === undefined ? cluster.groups : cluster.groups.filter(group => group.toLowerCase() === name.toLowerCase());
	if (groups.length === 0) {
		throw new PsRuntimeError(`The resource group '${name ?? ''}' was not found in the cluster.`, undefined, 'ObjectNotFound: (:) [Get-ClusterGroup], ClusterCmdletException');
	}

	return groups.map(group => {
		const owner = cluster.owner(group)!;
		return {Name: group, OwnerNode: clusterNode(cluster, owner.owner), State: owner.pending ? groupPending : groupOnline};
	});
};

export const getClusterSharedVolume = (node: RigNode, fabric: Fabric): Cmdlet => () => {
	const cluster = clusterOf(node, fabric);
	return [...fabric.shares.values()].map((share, index) => ({
		Name: `Cluster Virtual Disk (${share.name})`, OwnerNode: clusterNode(cluster, cluster.members[index % cluster.members.length]!), State: 2,
	}));
};

/** Stop-, Start-, Suspend- and Resume-ClusterNode: sent through any node whose cluster service runs. */
const nodeCommand = (node: RigNode, fabric: Fabric, cmdlet: string, action: (call: CmdletCall) => NodeAction): Cmdlet => call => {
	const cluster = clusterOf(node, fabric);
	cluster.command(memberNamed(cluster, call, cmdlet), action(call));
	return [];
};

export const stopClusterNode = (node: RigNode, fabric: Fabric) => nodeCommand(node, fabric, 'Stop-ClusterNode', () => 'stop');
export const startClusterNode = (node: RigNode, fabric: Fabric) => nodeCommand(node, fabric, 'Start-ClusterNode', () => 'start');
export const suspendClusterNode = (node: RigNode, fabric: Fabric) => nodeCommand(node, fabric, 'Suspend-ClusterNode', call => (call.switches.has('drain') ? 'drain' : 'pause'));
export const resumeClusterNode = (node: RigNode, fabric: Fabric) => nodeCommand(node, fabric, 'Resume-ClusterNode', () => 'resume');

export const moveClusterGroup = (node: RigNode, fabric: Fabric): Cmdlet => call => {
	const cluster = clusterOf(node, fabric);
	const name = nameOf(call);
	const group = cluster.groups.find(candidate => candidate.toLowerCase() === name?.toLowerCase());
	if (group === undefined) {
		throw new PsRuntimeError(`The resource group '${name ?? ''}' was not found in the cluster.`, undefined, 'ObjectNotFound: (:) [Move-ClusterGroup], ClusterCmdletException');
	}

	const target = String(call.named.get('node') ?? call.positional[1] ?? '');
	const to = cluster.members.find(candidate => candidate.toLowerCase() === target.toLowerCase());
	if (to === undefined || cluster.nodeState(to) !== 'Up') {
		throw new PsRuntimeError(`An error occurred while moving the clustered role '${group}'.\r\n    The cluster node is not in a state to perform the requested operation.`, undefined, 'NotSpecified: (:) [Move-ClusterGroup], ClusterCmdletException');
	}

	cluster.moveGroup(group, to);
	return [];
};

/** Witness registrations are cluster-wide: every member whose cluster service runs lists every client's. */
export const getSmbWitnessClient = (node: RigNode, fabric: Fabric): Cmdlet => () => {
	const cluster = simCluster(fabric);
	if (!cluster.members.includes(node.name) || cluster.nodeState(node.name) === 'Down') {
		return [];
	}

	const networkName = fabric.rig.sofs.name.toUpperCase();
	// One registration for the network name, and one per share (the Get-SmbWitnessClient help's example).
	return cluster.witnessRegistrations().flatMap(registration => [undefined, ...fabric.shares.values()].map(share => ({
		ClientName: registration.client.toUpperCase(),
		FileServerNodeName: registration.server.toUpperCase(),
		WitnessNodeName: registration.witness.toUpperCase(),
		NetworkName: networkName,
		ShareName: share?.name ?? '',
		State: 1,
	})));
};

export const getVmHost = (node: RigNode, fabric: Fabric): Cmdlet => () => {
	const {vmHost} = nodeState(fabric, node.name);
	return vmHost === undefined ? [] : [{
		ComputerName: node.name.toUpperCase(), VirtualMachineMigrationEnabled: true, VirtualMachineMigrationPerformanceOption: vmHost.migrationOption, MaximumVirtualMachineMigrations: vmHost.maxMigrations,
	}];
};
