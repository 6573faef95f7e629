// The blast radius of a plan: for each stretch of the timeline with faults in place, which faults are in place,
// which node loses which storage paths (or RDMA on them) and what it keeps, and what that puts at risk (a node on its
// last path, a node cut off from storage, a host that can no longer reach the file server, cluster quorum). Pure:
// each fault's kind says what it takes down.
import {faultKindOf} from '../kinds/index.js';
import type {Plan} from '../plan/plan.js';
import type {Rig} from '../rig/schema.js';
import {storageRnics} from '../rig/topology.js';
import {faultsAt, pathsDownBy} from './interlocks.js';

export interface PathRef {
	rnic: string;
	network: string;
}

export interface BlastWindow {
	fromS: number;
	toS: number;
	/** The faults in place, as their kinds describe them. */
	down: string[];
	nodes: Array<{node: string; lost: PathRef[]; left: PathRef[]}>;
	warnings: string[];
}

const pathsText = (paths: readonly PathRef[]) => paths.map(path => `${path.network} (${path.rnic})`).join(', ');

export const blastRadius = (plan: Plan, rig: Rig): BlastWindow[] => {
	const edges = [...new Set(plan.faults.flatMap(step => [step.atS, step.restoreAtS]))].sort((a, b) => a - b);
	const windows: BlastWindow[] = [];
	for (const [index, fromS] of edges.entries()) {
		const toS = edges[index + 1];
		const down = faultsAt(plan.faults, fromS);
		if (toS === undefined || down.length === 0) {
			continue;
		}

		const lengthS = toS - fromS;
		const warnings: string[] = [];
		const nodes: BlastWindow['nodes'] = [];
		const upNetworks = new Map<string, Set<string>>();
		const pathsDown = pathsDownBy(rig, down);
		const isDown = (node: string, rnic: string) => pathsDown.has(`${node}|${rnic}`);
		for (const step of down) {
			const {kind, step: parsed} = faultKindOf(step);
			for (const path of kind.effect(parsed, rig).rdmaOff) {
				warnings.push(`${path.node} ${path.rnic} runs SMB over TCP for ${lengthS} s (RDMA off): more CPU per byte and a lower ceiling`);
			}

			for (const node of kind.effect(parsed, rig).nodesOut) {
				warnings.push(`${node} is out of the cluster for ${lengthS} s`);
			}
		}

		for (const node of rig.nodes) {
			const paths = storageRnics(rig, node);
			const lost = paths.filter(rnic => isDown(node.name, rnic.name)).map(rnic => ({rnic: rnic.name, network: rnic.network}));
			const left = paths.filter(rnic => !isDown(node.name, rnic.name)).map(rnic => ({rnic: rnic.name, network: rnic.network}));
			upNetworks.set(node.name, new Set(left.map(path => path.network)));
			if (lost.length === 0) {
				continue;
			}

			nodes.push({node: node.name, lost, left});
			if (left.length === 0) {
				warnings.push(`${node.name} loses every storage path for ${lengthS} s: it is cut off from storage`);
			} else if (left.length === 1) {
				warnings.push(`${node.name} is left with a single storage path, ${pathsText(left)}, for ${lengthS} s: one more failure cuts it off`);
			}
		}

		// Hosts reach the file server over the storage networks both ends still have.
		const sofsNodes = rig.nodes.filter(node => rig.sofs.nodes.includes(node.name));
		for (const node of rig.nodes.filter(candidate => !rig.sofs.nodes.includes(candidate.name) && storageRnics(rig, candidate).length > 0)) {
			const mine = upNetworks.get(node.name)!;
			const reachable = sofsNodes.filter(sofs => [...upNetworks.get(sofs.name)!].some(network => mine.has(network)));
			if (mine.size > 0 && reachable.length === 0) {
				warnings.push(`${node.name} shares no storage network with any ${rig.sofs.name} node for ${lengthS} s: its I/O to \\\\${rig.sofs.name} stops`);
			}
		}

		if (rig.cluster !== undefined && sofsNodes.length > 0) {
			const isolated = sofsNodes.filter(sofs => upNetworks.get(sofs.name)!.size === 0).map(sofs => sofs.name);
			const remaining = sofsNodes.length - isolated.length;
			if (isolated.length > 0) {
				warnings.push(remaining * 2 <= sofsNodes.length
					? `cluster ${rig.cluster.name} quorum at risk: ${isolated.join(', ')} isolated from storage, ${remaining} of ${sofsNodes.length} nodes keep a path (a majority needs ${Math.floor(sofsNodes.length / 2) + 1} unless a witness breaks the tie)`
					: `cluster ${rig.cluster.name}: ${isolated.join(', ')} isolated from storage and may be removed from the cluster; ${remaining} of ${sofsNodes.length} nodes keep quorum`);
			}
		}

		windows.push({
			fromS, toS,
			down: down.map(step => {
				const {kind, step: parsed} = faultKindOf(step);
				return kind.describe(parsed);
			}),
			nodes, warnings,
		});
	}

	return windows;
};
