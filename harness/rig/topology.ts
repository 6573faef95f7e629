// Who is cabled where, and which paths carry the harness's own connections: read from the rig file alone.
import {cidrContains, parseCidr} from './ip.js';
import type {Rig, RigNode, RigRnic} from './schema.js';

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

export const networkOf = (rig: Rig, name: string) => rig.networks.find(network => network.name === name);

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

/** An rNIC of the rig file by node and name. */
export const findRnic = (rig: Rig, nodeName: string, rnicName: string): CabledPort | undefined => {
	const node = rig.nodes.find(candidate => candidate.name === nodeName);
	const rnic = node?.rnics.find(candidate => candidate.name === rnicName);
	return node === undefined || rnic === undefined ? undefined : {node, rnic};
};
