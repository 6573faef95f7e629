// Every suite `rdmalab run` knows, by name.
import type {Suite} from '../harness/suite.js';
import heartbeatResilience from './heartbeat-resilience.js';
import liveMigrationOverSmb from './live-migration-over-smb.js';
import multichannelFailover from './multichannel-failover.js';
import qosShares from './qos-shares.js';
import rdmaOffload from './rdma-offload.js';
import sofsNodeFailover from './sofs-node-failover.js';

export const suites: Record<string, Suite<unknown>> = {
	[multichannelFailover.name]: multichannelFailover,
	[sofsNodeFailover.name]: sofsNodeFailover,
	[heartbeatResilience.name]: heartbeatResilience,
	[liveMigrationOverSmb.name]: liveMigrationOverSmb,
	[qosShares.name]: qosShares,
	[rdmaOffload.name]: rdmaOffload,
};
