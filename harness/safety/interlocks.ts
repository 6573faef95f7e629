// Interlocks: faults the harness refuses to inject, whatever the suite asks. Pure functions of the plan (or the
// fault about to be injected and those already in place) and the rig file: checked on the whole plan before
// anything runs, and again in port-fault just before each shutdown.
import {HarnessError} from '../errors.js';
import {cidrContains, parseCidr} from '../rig/ip.js';
import type {PortDownStep, Plan} from '../plan/plan.js';
import type {Rig, RigNode, RigRnic} from '../rig/schema.js';

export type InterlockRule = 'unknown-target' | 'management-path' | 'all-paths-down';

export interface InterlockViolation {
	rule: InterlockRule;
	fault: string;
	message: string;
}

export interface CabledPort {
	node: RigNode;
	rnic: RigRnic;
}

/** The rNIC the rig file cables to a switch port, if any. */
export const cabledTo = (rig: Rig, switchName: string, port: string): CabledPort | undefined => {
	for (const node of rig.nodes) {
		const rnic = node.rnics.find(candidate => candidate.cable.switch === switchName && candidate.cable.port.toLowerCase() === port.toLowerCase());
		if (rnic) {
			return {node, rnic};
		}
	}

	return undefined;
};

const networkOf = (rig: Rig, name: string) => rig.networks.find(network => network.name === name);

/** The node's storage paths: rNICs on a storage network. */
export const storageRnics = (rig: Rig, node: RigNode): RigRnic[] => node.rnics.filter(rnic => networkOf(rig, rnic.network)?.role === 'storage');

/** Why this rNIC carries the harness's own connection to its node, or undefined. */
export const managementReason = (rig: Rig, {node, rnic}: CabledPort): string | undefined => {
	const network = networkOf(rig, rnic.network);
	if (network?.role === 'management' || rnic.network === node.management.network) {
		return `it is cabled to ${node.name}'s management adapter (${rnic.name} on ${rnic.network})`;
	}

	if (rnic.name === node.management.adapter) {
		return `${rnic.name} is ${node.name}'s management adapter`;
	}

	if (node.ssh.address === rnic.address) {
		return `the harness reaches ${node.name} at ${rnic.address}, which is ${rnic.name}'s address`;
	}

	const cidr = network ? parseCidr(network.cidr) : undefined;
	if (cidr && /^\d+\.\d+\.\d+\.\d+$/.test(node.ssh.address) && cidrContains(cidr, node.ssh.address)) {
		return `the harness reaches ${node.name} at ${node.ssh.address}, inside ${network!.name} (${network!.cidr}) which ${rnic.name} carries`;
	}

	return undefined;
};

/** Refusals for one fault on its own: a target outside the rig file, or the management path. */
const targetViolations = (rig: Rig, step: PortDownStep): InterlockViolation[] => {
	const where = `${step.switch} ${step.port}`;
	if (!rig.switches.some(device => device.name === step.switch)) {
		return [{rule: 'unknown-target', fault: step.id, message: `${where}: switch ${step.switch} is not in the rig file`}];
	}

	const cabled = cabledTo(rig, step.switch, step.port);
	if (cabled === undefined) {
		return [{rule: 'unknown-target', fault: step.id, message: `${where}: no rNIC in the rig file is cabled to this port; the harness does not shut ports it cannot account for`}];
	}

	const violations: InterlockViolation[] = [];
	if (cabled.node.name !== step.cable.node || cabled.rnic.name !== step.cable.rnic) {
		violations.push({rule: 'unknown-target', fault: step.id, message: `${where}: the plan expects ${step.cable.node} ${step.cable.rnic} on it, the rig file cables ${cabled.node.name} ${cabled.rnic.name}`});
	}

	const management = managementReason(rig, cabled);
	if (management !== undefined) {
		violations.push({rule: 'management-path', fault: step.id, message: `${where}: refusing to fault the management path: ${management}`});
	}

	return violations;
};

/** Nodes whose every storage path is down while `down` are shut. */
export const isolatedNodes = (rig: Rig, down: readonly PortDownStep[]): RigNode[] => rig.nodes.filter(node => {
	const paths = storageRnics(rig, node);
	return paths.length > 0 && paths.every(rnic => down.some(step => step.switch === rnic.cable.switch && step.port.toLowerCase() === rnic.cable.port.toLowerCase()));
});

const allPathsViolations = (rig: Rig, step: PortDownStep, down: readonly PortDownStep[]): InterlockViolation[] =>
	isolatedNodes(rig, down).filter(node => node.name === cabledTo(rig, step.switch, step.port)?.node.name).map(node => ({
		rule: 'all-paths-down' as const,
		fault: step.id,
		message: `${step.switch} ${step.port}: with ${down.filter(other => other !== step).map(other => `${other.switch} ${other.port}`).join(', ') || 'nothing else'} already down this takes every storage path of ${node.name} (${storageRnics(rig, node).map(rnic => rnic.name).join(', ')}); the suite does not declare allowAllPathsDown`,
	}));

/** Faults in place at `atS` (a fault's window is [atS, restoreAtS)). */
export const faultsAt = (faults: readonly PortDownStep[], atS: number): PortDownStep[] => faults.filter(step => step.atS <= atS && atS < step.restoreAtS);

/** Every interlock over the whole plan, before anything is touched. */
export const planInterlocks = (plan: Plan, rig: Rig): InterlockViolation[] => [
	...plan.faults.flatMap(step => targetViolations(rig, step)),
	// Each fault is judged against those injected before it (in plan order at equal times), as the runner will.
	...(plan.allowAllPathsDown ? [] : plan.faults.flatMap((step, index) => allPathsViolations(rig, step, [
		...faultsAt(plan.faults, step.atS).filter(other => other !== step && (other.atS < step.atS || plan.faults.indexOf(other) < index)),
		step,
	]))),
];

/** The interlocks for one fault about to be injected, given the faults still in place. */
export const injectionInterlocks = (rig: Rig, step: PortDownStep, inPlace: readonly PortDownStep[], allowAllPathsDown: boolean): InterlockViolation[] => [
	...targetViolations(rig, step),
	...(allowAllPathsDown ? [] : allPathsViolations(rig, step, [...inPlace.filter(other => other !== step), step])),
];

export const assertInterlocks = (violations: readonly InterlockViolation[], rig: Rig): void => {
	if (violations.length > 0) {
		throw new HarnessError('INTERLOCK', `refusing to run: ${violations.length === 1 ? 'an interlock refuses a fault' : `interlocks refuse ${violations.length} faults`}:\n${violations.map(violation => `  [${violation.rule}] ${violation.message}`).join('\n')}`, {
			target: rig.name, hint: 'fix the rig file or the suite parameters; nothing was touched',
			details: {violations},
		});
	}
};
