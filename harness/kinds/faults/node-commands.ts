// Running one PowerShell command of a fault on its node, and reading an adapter back: shared by the kinds whose
// commands go to a Windows node rather than a switch.
import {z} from 'zod';
import {HarnessError} from '../../errors.js';
import type {PlanCommand} from '../../plan/command.js';
import type {Rig} from '../../rig/schema.js';
import type {WindowsNode} from '../../targets/windows-node.js';
import {timeouts} from '../../transport/timeouts.js';
import {psBool} from '../../windows/ps-json.js';
import {assertPowerShellOk, powershellExe, psStringList} from '../../windows/powershell.js';
import {psQuery} from '../../windows/query.js';

/** The script as it is sent, and as `rdmalab plan` shows it. */
export const nodeCommand = (rig: Rig, nodeName: string, script: string, confirm?: PlanCommand['confirm']): PlanCommand => ({
	kind: 'powershell', exe: powershellExe(rig.nodes.find(node => node.name === nodeName)?.powershell ?? '5.1'), script, ...(confirm === undefined ? {} : {confirm}),
});

/** Runs a fault's command; a command that fails on the node is an error naming it. */
export const runOnNode = async (node: WindowsNode, script: string, label: string, idempotent: boolean, signal?: AbortSignal): Promise<void> => {
	const result = await node.powershell(script, {label, timeoutMs: timeouts.commandMs, idempotent, ...(signal === undefined ? {} : {signal})});
	assertPowerShellOk(result, node.name, label);
};

export const adapterStatusScript = (rnics: readonly string[]) => `Get-NetAdapter -Name ${psStringList(rnics)} | Select-Object Name, Status`;
export const adapterRdmaScript = (rnics: readonly string[]) => `Get-NetAdapterRdma -Name ${psStringList(rnics)} | Select-Object Name, Enabled`;

const statusQuery = (rnics: readonly string[]) => psQuery('adapters', adapterStatusScript(rnics), z.object({Name: z.string(), Status: z.string()}));
const rdmaQuery = (rnics: readonly string[]) => psQuery('rdma', adapterRdmaScript(rnics), z.object({Name: z.string(), Enabled: psBool}));

/** Each named adapter's Status (`Up`, `Disabled`, `Disconnected`), as Get-NetAdapter reports it. */
export const readAdapterStatus = async (node: WindowsNode, rnics: readonly string[], signal?: AbortSignal): Promise<Map<string, string>> => {
	const result = await node.query({adapters: statusQuery(rnics)}, signal === undefined ? {} : {signal});
	if (result.errors.adapters !== undefined) {
		throw new HarnessError('COMMAND_FAILED', `Get-NetAdapter: ${result.errors.adapters}`, {target: node.name});
	}

	return new Map((result.data.adapters ?? []).map(adapter => [adapter.Name, adapter.Status]));
};

/** Whether RDMA is enabled on each named adapter, as Get-NetAdapterRdma reports it. */
export const readAdapterRdma = async (node: WindowsNode, rnics: readonly string[], signal?: AbortSignal): Promise<Map<string, boolean>> => {
	const result = await node.query({rdma: rdmaQuery(rnics)}, signal === undefined ? {} : {signal});
	if (result.errors.rdma !== undefined) {
		throw new HarnessError('COMMAND_FAILED', `Get-NetAdapterRdma: ${result.errors.rdma}`, {target: node.name});
	}

	return new Map((result.data.rdma ?? []).map(adapter => [adapter.Name, adapter.Enabled]));
};
