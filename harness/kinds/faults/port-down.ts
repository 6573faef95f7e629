// Pulling a cable by shutting its switch port (`shutdown`), and putting it back (`no shutdown`). Confirmed by
// reading the port back: admin and link down, then admin and link up.
import {z} from 'zod';
import {HarnessError} from '../../errors.js';
import type {PlanCommand} from '../../plan/command.js';
import type {Rig} from '../../rig/schema.js';
import {cabledTo, managementReason} from '../../rig/topology.js';
import {switchCommands} from '../../targets/switches/index.js';
import {defineFaultKind, noEffect, type FaultDevices} from '../fault-kind.js';

export const portDownStep = z.strictObject({
	kind: z.literal('port-down'),
	id: z.string(),
	switch: z.string(),
	port: z.string(),
	/** The rNIC on the other end of the cable. */
	cable: z.strictObject({node: z.string(), rnic: z.string()}),
	atS: z.number(),
	restoreAtS: z.number(),
});

export type PortDownStep = z.output<typeof portDownStep>;

export const downWithinMs = 15_000;
export const upWithinMs = 60_000;

const cli = (rig: Rig, step: PortDownStep, up: boolean): PlanCommand => {
	const vendor = rig.switches.find(device => device.name === step.switch)?.vendor;
	const commands = vendor === undefined ? undefined : switchCommands(vendor);
	if (commands === undefined) {
		return {kind: 'switch-cli', lines: [`(no driver for switch ${step.switch})`]};
	}

	return {
		kind: 'switch-cli', lines: commands.portAdmin(step.port, up).split('\n'),
		confirm: {line: commands.portStatus(step.port), until: up ? 'admin up and link up' : 'admin down and link down', withinS: (up ? upWithinMs : downWithinMs) / 1000},
	};
};

const driver = async (devices: FaultDevices, step: PortDownStep) => devices.switchDriver(step.switch);

export const portDown = defineFaultKind({
	kind: 'port-down',
	step: portDownStep,
	verbs: {inject: 'shut', restore: 'no shut', injected: 'port shut', restored: 'link back up', undo: 'no shutdown on'},
	confirmWithinMs: {inject: downWithinMs, restore: upWithinMs},
	describe: step => `${step.switch} ${step.port} (${step.cable.node} ${step.cable.rnic})`,
	planText: step => ({inject: `shut ${step.port} (pulls ${step.cable.node} ${step.cable.rnic})`, restore: `no shut ${step.port} (${step.cable.node} ${step.cable.rnic} back)`}),
	device: step => ({type: 'switch', name: step.switch}),
	effect: step => ({...noEffect(), pathsDown: [step.cable]}),
	refusals(step, rig) {
		const where = `${step.switch} ${step.port}`;
		if (!rig.switches.some(device => device.name === step.switch)) {
			return [{rule: 'unknown-target', message: `${where}: switch ${step.switch} is not in the rig file`}];
		}

		const cabled = cabledTo(rig, step.switch, step.port);
		if (cabled === undefined) {
			return [{rule: 'unknown-target', message: `${where}: no rNIC in the rig file is cabled to this port; the harness does not shut ports it cannot account for`}];
		}

		const management = managementReason(rig, cabled);
		return [
			...(cabled.node.name === step.cable.node && cabled.rnic.name === step.cable.rnic ? [] : [{rule: 'unknown-target' as const, message: `${where}: the plan expects ${step.cable.node} ${step.cable.rnic} on it, the rig file cables ${cabled.node.name} ${cabled.rnic.name}`}]),
			...(management === undefined ? [] : [{rule: 'management-path' as const, message: `${where}: refusing to fault the management path: ${management}`}]),
		];
	},
	commands: (step, rig) => ({inject: cli(rig, step, false), restore: cli(rig, step, true)}),
	async inject(devices, step, signal) {
		await (await driver(devices, step)).setPortAdmin(step.port, false, signal);
	},
	async restore(devices, step, signal) {
		await (await driver(devices, step)).setPortAdmin(step.port, true, signal);
	},
	async readBack(devices, step, signal) {
		const status = await (await driver(devices, step)).portStatus(step.port, signal);
		const detail = `admin ${status.admin}, link ${status.oper}${status.reason ? ` (${status.reason})` : ''}`;
		if (status.admin === 'down' && status.oper === 'down') {
			return {state: 'faulted', detail};
		}

		return {state: status.admin === 'up' && status.oper === 'up' ? 'clear' : 'between', detail};
	},
});

/** The port-down step of a suite, checked against the rig file's cabling. */
export const portDownOf = (rig: Rig, node: string, rnic: string, id: string, atS: number, restoreAtS: number): PortDownStep => {
	const cable = rig.nodes.find(candidate => candidate.name === node)?.rnics.find(candidate => candidate.name === rnic)?.cable;
	if (cable === undefined) {
		throw new HarnessError('USAGE', `${node} has no rNIC ${rnic} in the rig file`, {target: node});
	}

	return {kind: 'port-down', id, switch: cable.switch, port: cable.port, cable: {node, rnic}, atS, restoreAtS};
};
