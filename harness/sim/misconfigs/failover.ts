// Misconfigurations the failover suite's verdicts guard against.
import type {Misconfig} from './types.js';
import type {Fabric} from '../fabric.js';

const hosts = (fabric: Fabric) => fabric.rig.nodes.filter(node => node.role === 'hyperv-host');

export const failoverMisconfigs: Misconfig[] = [
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

