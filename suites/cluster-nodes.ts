// Choosing cluster nodes for the cluster suites' parameters: a SOFS node named, or the one at a position.
import {HarnessError} from '../harness/errors.js';
import type {Rig} from '../harness/rig/schema.js';

/** The SOFS node `name`, or the one at `fallback`; a usage error naming the SOFS nodes otherwise. */
export const sofsNodeOf = (rig: Rig, name: string | undefined, fallback: number, what: string): string => {
	const node = name ?? rig.sofs.nodes[fallback];
	if (node === undefined || !rig.sofs.nodes.includes(node)) {
		throw new HarnessError('USAGE', `${node ?? 'the rig'} is not a SOFS node to use as ${what}`, {hint: `one of: ${rig.sofs.nodes.join(', ')}`});
	}

	return node;
};

/** The node taken away (the first SOFS node by default) and the member read and commanded through (the next one). */
export const nodeAndVia = (rig: Rig, p: {node?: string | undefined; via?: string | undefined}, what: string): {node: string; via: string} => {
	const node = sofsNodeOf(rig, p.node, 0, what);
	return {node, via: sofsNodeOf(rig, p.via, (rig.sofs.nodes.indexOf(node) + 1) % rig.sofs.nodes.length, 'the node the cluster is read through')};
};
