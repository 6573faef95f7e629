// Cluster cmdlets on a node: the FailoverClusters module is Windows PowerShell only (PowerShell 7 gets deserialized
// objects through a compatibility session, reference/formats.md §5.2), so these always run in powershell.exe 5.1,
// whatever shell the node's own queries use.
import type {PsQuery} from './query.js';
import type {WindowsNode} from '../targets/windows-node.js';
import {timeouts} from '../transport/timeouts.js';
import {assertPowerShellOk, runPowerShell} from './powershell.js';
import {batchScript, parseBatch, type BatchResult} from './query.js';

export interface ClusterCallOptions {
	label: string;
	signal?: AbortSignal;
	timeoutMs?: number;
	/** Reads may be repeated on a new connection after a lost one; changes may not. */
	idempotent: boolean;
}

/** Runs a script in Windows PowerShell 5.1 on the node; a script that fails is an error naming it. */
export const runCluster = async (node: WindowsNode, script: string, options: ClusterCallOptions): Promise<string> => {
	const result = await runPowerShell(node.transport, script, {
		version: '5.1', label: options.label, timeoutMs: options.timeoutMs ?? timeouts.commandMs, idempotent: options.idempotent, ...(options.signal === undefined ? {} : {signal: options.signal}),
	});
	assertPowerShellOk(result, node.name, options.label);
	return result.stdout;
};

/** Batched typed queries of cluster cmdlets, in 5.1. */
export const queryCluster = async <Q extends Record<string, PsQuery<unknown>>>(node: WindowsNode, queries: Q, signal?: AbortSignal): Promise<BatchResult<Q>> => {
	const stdout = await runCluster(node, batchScript(queries), {label: `query ${Object.keys(queries).join(', ')}`, idempotent: true, timeoutMs: timeouts.queryMs, ...(signal === undefined ? {} : {signal})});
	return parseBatch(stdout, queries, node.name);
};
