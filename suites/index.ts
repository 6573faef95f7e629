// Every suite `rdmalab run` knows, by name.
import type {Suite} from '../harness/suite.js';
import multichannelFailover from './multichannel-failover.js';

export const suites: Record<string, Suite<unknown>> = {
	[multichannelFailover.name]: multichannelFailover,
};
