// What host rules judge: the rig file and every node's inventory, with lookups shared by the rules.
import {parseCidr, cidrContains} from '../rig/ip.js';
import type {Rig, RigNode, RigRnic} from '../rig/schema.js';
import type {NodeInventory} from '../windows/inventory/read.js';

export interface HostFacts {
	rig: Rig;
	/** Node name → inventory, for every node of the rig. */
	inventories: ReadonlyMap<string, NodeInventory>;
}

export interface RnicView {
	node: RigNode;
	rnic: RigRnic;
	inventory: NodeInventory;
	target: string;
	adapter: NodeInventory['adapters'][number] | undefined;
}

export const rnicTarget = (node: string, rnic: string) => `${node}/${rnic}`;

export const inventoryOf = (facts: HostFacts, node: string): NodeInventory => {
	const inventory = facts.inventories.get(node);
	if (inventory === undefined) {
		// The validate command reads every node or stops with exit 2; a missing one is a programming error.
		throw new Error(`no inventory for ${node}`);
	}

	return inventory;
};

export const rnicViews = (facts: HostFacts, nodes: readonly RigNode[] = facts.rig.nodes): RnicView[] => nodes.flatMap(node => {
	const inventory = inventoryOf(facts, node.name);
	return node.rnics.map(rnic => ({node, rnic, inventory, target: rnicTarget(node.name, rnic.name), adapter: inventory.adapters.find(adapter => adapter.Name === rnic.name)}));
});

/** An advanced property's registry value as a number (RegistryValue is a string array). */
export const advancedValue = (inventory: NodeInventory, adapter: string, keyword: string): number | undefined => {
	const row = inventory.advanced.find(item => item.Name === adapter && item.RegistryKeyword.toLowerCase() === keyword.toLowerCase());
	const value = row?.RegistryValue[0];
	return value === undefined || !/^-?\d+$/.test(value.trim()) ? undefined : Number(value);
};

export const inCidr = (cidr: string, address: string): boolean => {
	const parsed = parseCidr(cidr);
	return parsed !== undefined && /^\d+\.\d+\.\d+\.\d+$/.test(address) && cidrContains(parsed, address);
};

export const storageNetworks = (rig: Rig) => rig.networks.filter(network => network.role === 'storage');

export const hyperVHosts = (rig: Rig) => rig.nodes.filter(node => node.role === 'hyperv-host');

export const isRdma = (rig: Rig) => rig.storage.transport !== 'TCP';

export const isRoce = (rig: Rig) => rig.storage.transport === 'RoCE' || rig.storage.transport === 'RoCEv2';

/** DCB rules apply when the rig declares a QoS policy and DCB is in use. */
export const dcbInUse = (rig: Rig) => rig.qos !== undefined && rig.storage.dcb !== 'none';

/** Priorities named in Get-NetAdapterQos OperationalFlowControl: 'Priority 3 Enabled', 'Priorities 3,5-6 Enabled'. */
export const flowControlPriorities = (text: string | null): number[] => {
	if (text === null || /all priorities disabled|^none$/i.test(text.trim())) {
		return [];
	}

	const list = /priorit(?:y|ies)\s+([\d,\s-]+)/i.exec(text)?.[1] ?? '';
	return list.split(',').flatMap(part => {
		const [from, to] = part.trim().split('-').map(Number);
		if (from === undefined || Number.isNaN(from)) {
			return [];
		}

		return to === undefined || Number.isNaN(to) ? [from] : Array.from({length: (to - from) + 1}, (_, index) => from + index);
	});
};

export const sameSet = (a: readonly number[], b: readonly number[]) => a.length === b.length && [...a].sort().join(',') === [...b].sort().join(',');
