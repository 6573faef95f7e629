// Reads every node's inventory in parallel over the same transport the runner uses. A node that cannot be reached or
// read is an infrastructure error for the whole read: validation never judges a rig it only partly saw.
import pLimit from 'p-limit';
import {formatError, HarnessError, toHarnessError} from '../../errors.js';
import type {Rig} from '../../rig/schema.js';
import {WindowsNode} from '../../targets/windows-node.js';
import {connectDevice, type ConnectOptions} from '../../transport/connect.js';
import {readInventory, type NodeInventory} from './read.js';

export interface CollectOptions {
	signal?: AbortSignal;
	connect?: ConnectOptions;
	/** Nodes read at once. */
	concurrency?: number;
}

export const collectInventories = async (rig: Rig, options: CollectOptions = {}): Promise<Map<string, NodeInventory>> => {
	const limit = pLimit(options.concurrency ?? 8);
	const results = await Promise.allSettled(rig.nodes.map(async node => limit(async () => {
		const transport = await connectDevice(rig, node, options.connect);
		try {
			return await readInventory(new WindowsNode(node, transport), options.signal ? {signal: options.signal} : {});
		} finally {
			await transport.close();
		}
	})));
	const failed = results.flatMap((result, index) => (result.status === 'rejected' ? [toHarnessError(result.reason, 'INTERNAL', {target: rig.nodes[index]!.name})] : []));
	if (failed.length === 1) {
		throw failed[0]!;
	}

	if (failed.length > 1) {
		throw new HarnessError(failed[0]!.code, `could not read ${failed.length} nodes:\n${failed.map(error => `  ${formatError(error)}`).join('\n')}`, {hint: 'fix access to these nodes; validation judges only a rig it fully read'});
	}

	return new Map(results.map((result, index) => [rig.nodes[index]!.name, (result as PromiseFulfilledResult<NodeInventory>).value]));
};
