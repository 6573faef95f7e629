// One node's inventory in two round trips: the node's own view in its shell, and the cluster's view in Windows
// PowerShell 5.1 (the FailoverClusters module is 5.1-only). Queries a node may legitimately lack (no Hyper-V role,
// not a cluster member, no SMB bandwidth feature, no LBFO) keep their error text; any other failing query means the
// node could not be read, which is an infrastructure error and never a pass.
import {HarnessError} from '../../errors.js';
import type {WindowsNode} from '../../targets/windows-node.js';
import {assertPowerShellOk, runPowerShell} from '../powershell.js';
import {batchScript, parseBatch, type QueryResults} from '../query.js';
import {clusterQueries, nodeQueries} from './queries.js';

type NodeData = QueryResults<typeof nodeQueries>;
type ClusterData = QueryResults<typeof clusterQueries>;

export type NodeInventory = NodeData & ClusterData & {
	node: string;
	/** The shell that answered the node's own queries. */
	shell: '5.1' | '7';
	/** Query key → the cmdlet's error, for the queries a node may lack (see optionalQueries). */
	errors: Partial<Record<keyof NodeData | keyof ClusterData, string>>;
};

/**
 * Cmdlets that work only with a role or feature (Hyper-V, Failover Clustering, SMB Bandwidth Limit, Data Center
 * Bridging, LBFO); their failure is a fact about the node, judged by the rules that need them. The run manifest's
 * reads (the build's update revision, adapter firmware) are facts too: a node that cannot say is "not reported".
 */
export const optionalQueries: ReadonlySet<string> = new Set([
	'osBuild', 'firmware', 'lbfoMembers', 'setTeams', 'vmHost', 'smbWitnessClients', 'smbBandwidthLimits', 'qosTrafficClasses', 'qosFlowControl', 'adapterQos', 'dcbx',
	...Object.keys(clusterQueries),
]);

export interface ReadInventoryOptions {
	signal?: AbortSignal;
	timeoutMs?: number;
}

export const readInventory = async (node: WindowsNode, options: ReadInventoryOptions = {}): Promise<NodeInventory> => {
	const execOptions = {...(options.signal ? {signal: options.signal} : {}), timeoutMs: options.timeoutMs ?? 120_000};
	const own = await node.query(nodeQueries, execOptions);
	const clusterResult = await runPowerShell(node.transport, batchScript(clusterQueries), {...execOptions, version: '5.1', label: 'query cluster'});
	assertPowerShellOk(clusterResult, node.name, 'query cluster');
	const cluster = parseBatch(clusterResult.stdout, clusterQueries, node.name);
	const errors = {...own.errors, ...cluster.errors};
	const required = Object.entries(errors).filter(([key]) => !optionalQueries.has(key));
	if (required.length > 0) {
		throw new HarnessError('COMMAND_FAILED', `could not read ${required.map(([key, message]) => `${key} (${String(message)})`).join('; ')}`, {
			target: node.name, hint: 'these cmdlets exist on every Windows Server with the rNIC drivers installed; run them on the node to see why they fail',
		});
	}

	const data = {...own.data, ...cluster.data};
	const list = <K extends keyof NodeData | keyof ClusterData>(key: K) => (data[key] ?? []) as (NodeData & ClusterData)[K];
	const keys = [...Object.keys(nodeQueries), ...Object.keys(clusterQueries)] as Array<keyof NodeData | keyof ClusterData>;
	return {
		...Object.fromEntries(keys.map(key => [key, list(key)])) as NodeData & ClusterData,
		node: node.name,
		shell: node.node.powershell,
		errors,
	};
};
