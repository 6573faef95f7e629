// Misconfigurations of the tools a run drives on the nodes (diskspd, perfmon). They are run-time faults, not
// rig-file rules, so none has a `rule`. Their state lives here, per fabric, for the simulated programs to read.
import type {Fabric} from '../fabric.js';
import type {Misconfig} from './types.js';

export type DiskspdFault = 'exits-early' | 'never-starts';

const diskspdFaults = new WeakMap<Fabric, Map<string, DiskspdFault>>();
const removedSets = new WeakMap<Fabric, Map<string, Set<string>>>();

/** How the simulated diskspd on a node misbehaves, if it does. */
export const diskspdFault = (fabric: Fabric, node: string): DiskspdFault | undefined => diskspdFaults.get(fabric)?.get(node.toLowerCase());

/** Whether a node has a counter set (the simulated typeperf leaves removed sets out). */
export const hasCounterSet = (fabric: Fabric, node: string, set: string): boolean => !(removedSets.get(fabric)?.get(node.toLowerCase())?.has(set.toLowerCase()) ?? false);

// The first Hyper-V host: the one every suite drives load from.
const firstHost = (fabric: Fabric) => {
	const host = fabric.rig.nodes.find(node => node.role === 'hyperv-host');
	if (host === undefined) {
		throw new Error('this misconfiguration needs a Hyper-V host in the rig');
	}

	return host.name.toLowerCase();
};

const setDiskspdFault = (fabric: Fabric, fault: DiskspdFault) => {
	const faults = diskspdFaults.get(fabric) ?? new Map<string, DiskspdFault>();
	faults.set(firstHost(fabric), fault);
	diskspdFaults.set(fabric, faults);
};

export const workloadMisconfigs: Misconfig[] = [
	{
		name: 'diskspd-exits-early',
		description: 'diskspd on the first Hyper-V host stops measuring halfway through its -d duration and exits 0 with a short result',
		apply(fabric) {
			setDiskspdFault(fabric, 'exits-early');
		},
	},
	{
		name: 'diskspd-never-starts',
		description: 'diskspd on the first Hyper-V host never runs: the process exits at once with code 0 and prints nothing (as when application control blocks it)',
		apply(fabric) {
			setDiskspdFault(fabric, 'never-starts');
		},
	},
	{
		name: 'counter-set-missing',
		description: 'The first Hyper-V host has no "RDMA Activity" counter set (the rNIC driver does not register it)',
		apply(fabric) {
			const sets = removedSets.get(fabric) ?? new Map<string, Set<string>>();
			sets.set(firstHost(fabric), new Set(['rdma activity']));
			removedSets.set(fabric, sets);
		},
	},
];
