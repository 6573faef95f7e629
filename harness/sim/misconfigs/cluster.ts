// Misconfigurations the cluster suites' verdicts guard against (sofs-node-failover, heartbeat-resilience,
// live-migration-over-smb). The configuration mistakes `validate` judges (share-not-ca,
// cluster-network-no-cluster-traffic, live-migration-tcpip, live-migration-unlimited) live with their families and
// change the simulated rig's behaviour through the same state.
import {simCluster} from '../cluster.js';
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
];
