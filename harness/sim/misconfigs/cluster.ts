// Misconfigurations the cluster suites' verdicts guard against (sofs-node-failover, heartbeat-resilience,
// live-migration-over-smb). The configuration mistakes `validate` judges (share-not-ca,
// cluster-network-no-cluster-traffic, live-migration-tcpip, live-migration-unlimited) live with their families and
// change the simulated rig's behaviour through the same state.
import {simCluster} from '../cluster.js';
import {nodeState} from '../windows/node-state.js';
import type {Misconfig} from './types.js';

export const clusterMisconfigs: Misconfig[] = [
	{
		name: 'witness-not-registered',
		description: 'The Hyper-V hosts\' SMB clients do not register with the SMB Witness service (Get-SmbWitnessClient lists none): when their file server node goes, they notice only by SMB time-outs',
		apply(fabric) {
			const cluster = simCluster(fabric);
			cluster.behavior.witness = false;
			cluster.changed();
		},
	},
	{
		name: 'cluster-heartbeat-blocked',
		description: 'The last SOFS node\'s cluster heartbeats (UDP 3343) are dropped on the second storage network (a firewall rule, a switch ACL): its interface there is unreachable though its link is up',
		apply(fabric) {
			const node = fabric.rig.nodes.find(candidate => candidate.name === fabric.rig.sofs.nodes.at(-1));
			const network = fabric.rig.networks.filter(candidate => candidate.role === 'storage')[1];
			if (node !== undefined && network !== undefined) {
				const cluster = simCluster(fabric);
				cluster.behavior.heartbeatBlocked.add(`${node.name}|${network.name}`);
				cluster.changed();
			}
		},
	},
	{
		name: 'live-migration-limit-low',
		description: 'The first Hyper-V host\'s SMB bandwidth limit for live migration is a quarter of the rig file\'s hyperv.liveMigrationLimitMBps: its migrations crawl',
		apply(fabric) {
			const host = fabric.rig.nodes.find(node => node.role === 'hyperv-host');
			const limit = host === undefined ? undefined : nodeState(fabric, host.name).bandwidthLimits.find(candidate => candidate.Category === 2);
			if (limit !== undefined) {
				limit.BytesPerSecond = Math.round(limit.BytesPerSecond / 4);
			}
		},
	},
];
