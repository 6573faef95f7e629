// In-process simulated rig plus the same transport and WindowsNode the runner uses, for inventory and validate
// tests that do not need the CLI.
import {loadRig} from '../../harness/rig/load.js';
import type {Rig} from '../../harness/rig/schema.js';
import {startSimulator, type SimulatedRig} from '../../harness/sim/index.js';
import {WindowsNode} from '../../harness/targets/windows-node.js';
import {connectDevice} from '../../harness/transport/connect.js';
import {readInventory, type NodeInventory} from '../../harness/windows/inventory/read.js';

export const loadSimRig = async (file: string, change?: (rig: Rig) => void): Promise<Rig> => {
	const rig = await loadRig(file);
	change?.(rig);
	return rig;
};

/** Starts the simulator, reads every node's inventory, stops it. */
export const simulatedInventories = async (rig: Rig, misconfigs: string[] = []): Promise<{sim: SimulatedRig; inventories: Map<string, NodeInventory>}> => {
	const sim = await startSimulator(rig, {misconfigs});
	try {
		const inventories = new Map(await Promise.all(sim.rig.nodes.map(async node => {
			const transport = await connectDevice(sim.rig, node);
			try {
				return [node.name, await readInventory(new WindowsNode(node, transport))] as const;
			} finally {
				await transport.close();
			}
		})));
		return {sim, inventories};
	} finally {
		await sim.stop();
	}
};
