// Cmdlets that run in Windows PowerShell 5.1 (powershell.exe) whatever shell a node's own queries use: the
// FailoverClusters module is 5.1-only (PowerShell 7 gets deserialized objects through a compatibility session,
// reference/formats.md §5.2), and the Hyper-V cmdlets that go with it run there too.
import type {PsQuery} from './query.js';
import type {WindowsNode} from '../targets/windows-node.js';
import {timeouts} from '../transport/timeouts.js';
import {assertPowerShellOk, runPowerShell} from './powershell.js';
import {batchScript, parseBatch, type BatchResult} from './query.js';

export interface WindowsPowerShellOptions {
	label: string;
	signal?: AbortSignal;
	timeoutMs?: number;
	/** Reads may be repeated on a new connection after a lost one; changes may not. */
	idempotent: boolean;
}

/** Runs a script in Windows PowerShell 5.1 on the node; a script that fails is an error naming it. */
export const runWindowsPowerShell = async (node: WindowsNode, script: string, options: WindowsPowerShellOptions): Promise<string> => {
	const result = await runPowerShell(node.transport, script, {
		version: '5.1', label: options.label, timeoutMs: options.timeoutMs ?? timeouts.commandMs, idempotent: options.idempotent, ...(options.signal === undefined ? {} : {signal: options.signal}),
	});
	assertPowerShellOk(result, node.name, options.label);
	return result.stdout;
};

/** Batched typed queries, in 5.1. */
export const queryWindowsPowerShell = async <Q extends Record<string, PsQuery<unknown>>>(node: WindowsNode, queries: Q, signal?: AbortSignal): Promise<BatchResult<Q>> => {
	const stdout = await runWindowsPowerShell(node, batchScript(queries), {label: `query ${Object.keys(queries).join(', ')}`, idempotent: true, timeoutMs: timeouts.queryMs, ...(signal === undefined ? {} : {signal})});
	return parseBatch(stdout, queries, node.name);
};
