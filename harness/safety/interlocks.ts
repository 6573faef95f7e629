// Interlocks: faults the harness refuses to inject, whatever the suite asks. Pure functions of the plan (or the
// fault about to be injected and those already in place) and the rig file: checked on the whole plan before
// anything runs, and again just before each injection. Each kind says what it refuses on its own (a target outside
// the rig file, the management path) and what it takes down; taking every storage path of a node is judged here,
// over the effects of every fault in place, whatever their kinds; so is taking cluster nodes out, which must leave the
// cluster its quorum and the file server a node.
import {HarnessError} from '../errors.js';
import type {FaultStepBase} from '../kinds/fault-kind.js';
import {faultKindOf} from '../kinds/index.js';
import type {Plan} from '../plan/plan.js';
import type {Rig, RigNode} from '../rig/schema.js';
import {storageRnics} from '../rig/topology.js';

export {cabledTo, managementReason, storageRnics, type CabledPort} from '../rig/topology.js';

export type InterlockRule = 'unknown-target' | 'management-path' | 'all-paths-down' | 'cluster-quorum';

export interface InterlockViolation {
	rule: InterlockRule;
	fault: string;
	message: string;
}

const describe = (step: FaultStepBase) => {
	const {kind, step: parsed} = faultKindOf(step);
	return kind.describe(parsed);
};

/** The rNICs whose paths are down while `down` are in place, as `node|rnic`. */
export const pathsDownBy = (rig: Rig, down: readonly FaultStepBase[]): Set<string> => new Set(down.flatMap(step => {
	const {kind, step: parsed} = faultKindOf(step);
	return kind.effect(parsed, rig).pathsDown.map(path => `${path.node}|${path.rnic}`);
}));

/** Nodes whose every storage path is down while `down` are in place. */
export const isolatedNodes = (rig: Rig, down: readonly FaultStepBase[]): RigNode[] => {
	const paths = pathsDownBy(rig, down);
	return rig.nodes.filter(node => {
		const storage = storageRnics(rig, node);
		return storage.length > 0 && storage.every(rnic => paths.has(`${node.name}|${rnic.name}`));
	});
};

const refusals = (rig: Rig, step: FaultStepBase): InterlockViolation[] => {
	const {kind, step: parsed} = faultKindOf(step);
	return kind.refusals(parsed, rig).map(refusal => ({...refusal, fault: step.id}));
};

const allPathsViolations = (rig: Rig, step: FaultStepBase, down: readonly FaultStepBase[]): InterlockViolation[] => {
	const mine = pathsDownBy(rig, [step]);
	return isolatedNodes(rig, down).filter(node => [...mine].some(path => path.startsWith(`${node.name}|`))).map(node => ({
		rule: 'all-paths-down' as const,
		fault: step.id,
		message: `${describe(step)}: with ${down.filter(other => other !== step).map(describe).join(', ') || 'nothing else'} already down this takes every storage path of ${node.name} (${storageRnics(rig, node).map(rnic => rnic.name).join(', ')}); the suite does not declare allowAllPathsDown`,
	}));
};

/** Nodes out of the cluster while `down` are in place. */
const nodesOutBy = (rig: Rig, down: readonly FaultStepBase[]): Set<string> => new Set(down.flatMap(step => {
	const {kind, step: parsed} = faultKindOf(step);
	return kind.effect(parsed, rig).nodesOut;
}));

/**
 * A fault that takes a node out must leave the file server a node and the cluster a majority of its votes (one per
 * SOFS node, one for the witness the rig file declares). Without a declared witness a two-node cluster cannot lose
 * a node: the harness does not bet the lab on dynamic quorum.
 */
const quorumViolations = (rig: Rig, step: FaultStepBase, down: readonly FaultStepBase[]): InterlockViolation[] => {
	if (nodesOutBy(rig, [step]).size === 0) {
		return [];
	}

	const out = nodesOutBy(rig, down);
	const members = rig.sofs.nodes;
	const left = members.filter(node => !out.has(node));
	const witness = rig.cluster?.witness !== undefined && rig.cluster.witness !== 'none' ? 1 : 0;
	const others = down.filter(other => other !== step).map(describe);
	const context = `${describe(step)}${others.length === 0 ? '' : ` with ${others.join(', ')} in place`}`;
	if (left.length === 0) {
		return [{rule: 'cluster-quorum', fault: step.id, message: `${context}: this takes every node of the file server ${rig.sofs.name} (${members.join(', ')}) out`}];
	}

	const votes = members.length + witness;
	if ((left.length + witness) * 2 <= votes) {
		return [{rule: 'cluster-quorum', fault: step.id, message: `${context}: ${left.length + witness} of ${votes} votes left (${left.join(', ')}${witness === 1 ? ` and the ${rig.cluster!.witness!} witness` : ''}) is no majority; the cluster${rig.cluster === undefined ? '' : ` ${rig.cluster.name}`} would lose quorum${witness === 0 ? ' (the rig file declares no cluster witness: cluster.witness)' : ''}`}];
	}

	return [];
};

/** Faults in place at `atS` (a fault's window is [atS, restoreAtS)). */
export const faultsAt = <S extends FaultStepBase>(faults: readonly S[], atS: number): S[] => faults.filter(step => step.atS <= atS && atS < step.restoreAtS);

/** Every interlock over the whole plan, before anything is touched. */
export const planInterlocks = (plan: Plan, rig: Rig): InterlockViolation[] => [
	...plan.faults.flatMap(step => refusals(rig, step)),
	...plan.faults.flatMap((step, index) => quorumViolations(rig, step, [
		...faultsAt(plan.faults, step.atS).filter(other => other !== step && (other.atS < step.atS || plan.faults.indexOf(other) < index)),
		step,
	])),
	// Each fault is judged against those injected before it (in plan order at equal times), as the runner will.
	...(plan.allowAllPathsDown ? [] : plan.faults.flatMap((step, index) => allPathsViolations(rig, step, [
		...faultsAt(plan.faults, step.atS).filter(other => other !== step && (other.atS < step.atS || plan.faults.indexOf(other) < index)),
		step,
	]))),
];

/** The interlocks for one fault about to be injected, given the faults still in place. */
export const injectionInterlocks = (rig: Rig, step: FaultStepBase, inPlace: readonly FaultStepBase[], allowAllPathsDown: boolean): InterlockViolation[] => [
	...refusals(rig, step),
	...quorumViolations(rig, step, [...inPlace.filter(other => other !== step), step]),
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
