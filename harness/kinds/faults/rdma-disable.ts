// RDMA off on named rNICs (Disable-NetAdapterRdma), so SMB runs over TCP on them; Enable-NetAdapterRdma puts it
// back. The links stay up. Confirmed by reading Get-NetAdapterRdma back.
import {z} from 'zod';
import {findRnic} from '../../rig/topology.js';
import {psStringList} from '../../windows/powershell.js';
import {defineFaultKind, noEffect} from '../fault-kind.js';
import {adapterRdmaScript, nodeCommand, readAdapterRdma, runOnNode} from './node-commands.js';

export const rdmaDisableStep = z.strictObject({
	kind: z.literal('rdma-disable'),
	id: z.string(),
	node: z.string(),
	rnics: z.array(z.string()).min(1),
	atS: z.number(),
	restoreAtS: z.number(),
});

export type RdmaDisableStep = z.output<typeof rdmaDisableStep>;

const withinMs = 15_000;
const disableScript = (step: RdmaDisableStep) => `Disable-NetAdapterRdma -Name ${psStringList(step.rnics)}`;
const enableScript = (step: RdmaDisableStep) => `Enable-NetAdapterRdma -Name ${psStringList(step.rnics)}`;

export const rdmaDisable = defineFaultKind({
	kind: 'rdma-disable',
	step: rdmaDisableStep,
	verbs: {inject: 'disable RDMA on', restore: 'enable RDMA on', injected: 'RDMA disabled', restored: 'RDMA back on', undo: 'Enable-NetAdapterRdma on'},
	confirmWithinMs: {inject: withinMs, restore: withinMs},
	// RDMA found off stays off: enabling it afterwards would change what the operator set.
	foundInPlace: 'leave',
	describe: step => `${step.node} ${step.rnics.join(', ')}`,
	planText: step => ({inject: `disable RDMA on ${step.rnics.join(', ')} (SMB falls back to TCP there)`, restore: `enable RDMA on ${step.rnics.join(', ')}`}),
	device: step => ({type: 'node', name: step.node}),
	effect: step => ({...noEffect(), rdmaOff: step.rnics.map(rnic => ({node: step.node, rnic}))}),
	refusals: (step, rig) => step.rnics.filter(rnic => findRnic(rig, step.node, rnic) === undefined).map(rnic => ({
		rule: 'unknown-target' as const, message: `${step.node} ${rnic}: the rig file has no such rNIC`,
	})),
	commands: (step, rig) => ({
		inject: nodeCommand(rig, step.node, disableScript(step), {line: adapterRdmaScript(step.rnics), until: 'Enabled False on each', withinS: withinMs / 1000}),
		restore: nodeCommand(rig, step.node, enableScript(step), {line: adapterRdmaScript(step.rnics), until: 'Enabled True on each', withinS: withinMs / 1000}),
	}),
	async inject(devices, step, signal) {
		await runOnNode(await devices.windowsNode(step.node), disableScript(step), `disable RDMA on ${step.rnics.join(', ')}`, false, signal);
	},
	async restore(devices, step, signal) {
		await runOnNode(await devices.windowsNode(step.node), enableScript(step), `enable RDMA on ${step.rnics.join(', ')}`, true, signal);
	},
	async readBack(devices, step, signal) {
		const enabled = await readAdapterRdma(await devices.windowsNode(step.node), step.rnics, signal);
		const states = step.rnics.map(rnic => enabled.get(rnic));
		const detail = step.rnics.map((rnic, index) => `${rnic} Enabled ${states[index] === undefined ? 'not reported' : String(states[index])}`).join(', ');
		return {state: states.every(state => state === false) ? 'faulted' : states.every(state => state === true) ? 'clear' : 'between', detail};
	},
});
