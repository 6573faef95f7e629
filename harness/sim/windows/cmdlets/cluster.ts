// Failover cluster and Hyper-V host cmdlets of a simulated node. Cluster objects are .NET objects (not CIM): State
// and Role print as enum integers, OwnerNode as a nested ClusterNode. A node outside the cluster fails the cmdlets
// as Windows does.
import type {RigNode} from '../../../rig/schema.js';
import type {Fabric} from '../../fabric.js';
import {hostState, nodeState, type ClusterConfig} from '../node-state.js';
import {PsRuntimeError, type Cmdlet} from '../ps-interpreter.js';

const clusterOf = (node: RigNode, fabric: Fabric): ClusterConfig => {
	const {cluster} = hostState(fabric);
	if (cluster === undefined || !cluster.members.includes(node.name)) {
		throw new PsRuntimeError('The cluster service is not running.  Make sure that the service is running on all nodes in the cluster.', undefined, 'ConnectionError: (:) [], ClusterCmdletException');
	}

	return cluster;
};

const clusterNode = (cluster: ClusterConfig, name: string) => ({Name: name, Id: String(cluster.members.indexOf(name) + 1), State: 0});

export const getClusterNode = (node: RigNode, fabric: Fabric): Cmdlet => () => {
	const cluster = clusterOf(node, fabric);
	return cluster.members.map(member => clusterNode(cluster, member));
};

export const getClusterNetwork = (node: RigNode, fabric: Fabric): Cmdlet => () => clusterOf(node, fabric).networks.map(network => ({...network}));

export const getClusterGroup = (node: RigNode, fabric: Fabric): Cmdlet => () => {
	const cluster = clusterOf(node, fabric);
	const owner = clusterNode(cluster, cluster.members[0]!);
	return ['Cluster Group', 'Available Storage', fabric.rig.sofs.name].map(name => ({Name: name, OwnerNode: owner, State: 0}));
};

export const getClusterSharedVolume = (node: RigNode, fabric: Fabric): Cmdlet => () => {
	const cluster = clusterOf(node, fabric);
	return [...fabric.shares.values()].map((share, index) => ({
		Name: `Cluster Virtual Disk (${share.name})`, OwnerNode: clusterNode(cluster, cluster.members[index % cluster.members.length]!), State: 2,
	}));
};

export const getVmHost = (node: RigNode, fabric: Fabric): Cmdlet => () => {
	const {vmHost} = nodeState(fabric, node.name);
	return vmHost === undefined ? [] : [{
		ComputerName: node.name.toUpperCase(), VirtualMachineMigrationEnabled: true, VirtualMachineMigrationPerformanceOption: vmHost.migrationOption, MaximumVirtualMachineMigrations: vmHost.maxMigrations,
	}];
};
