// Every suite `rdmalab run` knows, by name.
import type {Suite} from '../harness/suite.js';
import multichannelFailover from './multichannel-failover.js';
import qosShares from './qos-shares.js';

export const suites: Record<string, Suite<unknown>> = {
	[multichannelFailover.name]: multichannelFailover,
	[qosShares.name]: qosShares,
};
