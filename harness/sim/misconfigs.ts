// Misconfigurations the simulated rig can be started with (`--misconfig NAME`, repeatable). Each changes the live
// state of the simulated rig the way the real mistake would, so that the check or verdict guarding against it
// is seen to fail. Names are stable: tests and users refer to them.
import {HarnessError} from '../errors.js';
import type {Fabric} from './fabric.js';

export interface Misconfig {
	name: string;
	description: string;
	apply(fabric: Fabric): void;
}

const hosts = (fabric: Fabric) => fabric.rig.nodes.filter(node => node.role === 'hyperv-host');

export const misconfigs: Misconfig[] = [
	{
		name: 'rnic2-rdma-disabled',
		description: 'RDMA is disabled on the second rNIC of every Hyper-V host (Disable-NetAdapterRdma); SMB Direct uses only the first',
		apply(fabric) {
			for (const node of hosts(fabric)) {
				fabric.adapter(node.name, node.rnics[1]!.name).rdmaEnabled = false;
			}
		},
	},
	{
		name: 'rnic2-port-down',
		description: 'The switch port cabled to the second rNIC of every Hyper-V host is shut from the start',
		apply(fabric) {
			for (const node of hosts(fabric)) {
				const {cable} = node.rnics[1]!;
				fabric.initialPortAdmin(cable.switch, cable.port, false);
			}
		},
	},
	{
		name: 'no-channel-readd',
		description: 'SMB never re-adds a channel after its link returns (the restored rNIC stays unused)',
		apply(fabric) {
			fabric.behavior.channelReadd = false;
		},
	},
	{
		name: 'share-not-ca',
		description: 'The SOFS shares are not continuously available: I/O in flight on a lost channel fails instead of being replayed',
		apply(fabric) {
			for (const share of fabric.shares.values()) {
				share.continuouslyAvailable = false;
			}
		},
	},
];

export const findMisconfigs = (names: readonly string[]): Misconfig[] => names.map(name => {
	const found = misconfigs.find(misconfig => misconfig.name === name);
	if (found === undefined) {
		throw new HarnessError('USAGE', `unknown misconfiguration "${name}"`, {hint: `one of: ${misconfigs.map(misconfig => misconfig.name).join(', ')} (rdmalab sim --list-misconfigs)`});
	}

	return found;
});
