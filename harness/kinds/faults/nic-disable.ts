// Pulling a cable from the host side: Disable-NetAdapter on the rNIC's node, Enable-NetAdapter to put it back, for
// labs where the harness may not touch the switches. Confirmed by reading the adapter back (Status Disabled, then
// Up). Never on the management adapter or on anything the harness reaches the node through.
import {z} from 'zod';
import type {Rig} from '../../rig/schema.js';
import {findRnic, managementReason} from '../../rig/topology.js';
import {psString} from '../../windows/powershell.js';
import {defineFaultKind, noEffect} from '../fault-kind.js';
import {adapterStatusScript, nodeCommand, readAdapterStatus, runOnNode} from './node-commands.js';

export const nicDisableStep = z.strictObject({
	kind: z.literal('nic-disable'),
	id: z.string(),
	node: z.string(),
	rnic: z.string(),
	atS: z.number(),
	restoreAtS: z.number(),
});

export type NicDisableStep = z.output<typeof nicDisableStep>;

const disabledWithinMs = 15_000;
// A re-enabled adapter renegotiates its link before it reports Up.
const upWithinMs = 60_000;

// -Confirm:$false: Disable-NetAdapter asks first, and a non-interactive PowerShell cannot answer.
const disableScript = (step: NicDisableStep) => `Disable-NetAdapter -Name ${psString(step.rnic)} -Confirm:$false`;
const enableScript = (step: NicDisableStep) => `Enable-NetAdapter -Name ${psString(step.rnic)}`;

const commands = (step: NicDisableStep, rig: Rig) => ({
	inject: nodeCommand(rig, step.node, disableScript(step), {line: adapterStatusScript([step.rnic]), until: 'Status Disabled', withinS: disabledWithinMs / 1000}),
	restore: nodeCommand(rig, step.node, enableScript(step), {line: adapterStatusScript([step.rnic]), until: 'Status Up', withinS: upWithinMs / 1000}),
});

export const nicDisable = defineFaultKind({
	kind: 'nic-disable',
	step: nicDisableStep,
	verbs: {inject: 'disable', restore: 'enable', injected: 'adapter disabled', restored: 'adapter back up', undo: 'Enable-NetAdapter on'},
	confirmWithinMs: {inject: disabledWithinMs, restore: upWithinMs},
	describe: step => `${step.node} ${step.rnic}`,
	planText: step => ({inject: `disable ${step.rnic} (pulls its link from the host side)`, restore: `enable ${step.rnic} (back once its link is up)`}),
	device: step => ({type: 'node', name: step.node}),
	effect: step => ({...noEffect(), pathsDown: [{node: step.node, rnic: step.rnic}]}),
	refusals(step, rig) {
		const node = rig.nodes.find(candidate => candidate.name === step.node);
		if (node !== undefined && step.rnic === node.management.adapter) {
			return [{rule: 'management-path', message: `${step.node} ${step.rnic}: refusing to disable the management path: ${step.rnic} is ${step.node}'s management adapter`}];
		}

		const found = findRnic(rig, step.node, step.rnic);
		if (found === undefined) {
			return [{rule: 'unknown-target', message: `${step.node} ${step.rnic}: the rig file has no such rNIC; the harness does not disable adapters it cannot account for`}];
		}

		const management = managementReason(rig, found);
		return management === undefined ? [] : [{rule: 'management-path', message: `${step.node} ${step.rnic}: refusing to disable the management path: ${management}`}];
	},
	commands,
	async inject(devices, step, signal) {
		await runOnNode(await devices.windowsNode(step.node), disableScript(step), `disable ${step.rnic}`, false, signal);
	},
	async restore(devices, step, signal) {
		await runOnNode(await devices.windowsNode(step.node), enableScript(step), `enable ${step.rnic}`, true, signal);
	},
	async readBack(devices, step, signal) {
		const status = (await readAdapterStatus(await devices.windowsNode(step.node), [step.rnic], signal)).get(step.rnic) ?? 'not present';
		return {state: status === 'Disabled' ? 'faulted' : status === 'Up' ? 'clear' : 'between', detail: `Status ${status}`};
	},
});
