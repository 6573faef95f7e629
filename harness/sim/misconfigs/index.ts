// Misconfigurations the simulated rig can be started with (`--misconfig NAME`, repeatable). Each changes the live
// state of the simulated rig the way the real mistake would, so that the check or verdict guarding against it
// is seen to fail. Each family lives in its own module; this is the one list.
import {HarnessError} from '../../errors.js';
import {clusterMisconfigs} from './cluster.js';
import {counterMisconfigs} from './counters.js';
import {failoverMisconfigs} from './failover.js';
import {faultMisconfigs} from './faults.js';
import {hostMisconfigs} from './host.js';
import {offloadMisconfigs} from './offload.js';
import {switchMisconfigs} from './switch.js';
import type {Misconfig} from './types.js';
import {workloadMisconfigs} from './workload.js';

export type {Misconfig} from './types.js';

export const misconfigs: readonly Misconfig[] = [
	...clusterMisconfigs,
	...counterMisconfigs,
	...failoverMisconfigs,
	...faultMisconfigs,
	...hostMisconfigs,
	...offloadMisconfigs,
	...switchMisconfigs,
	...workloadMisconfigs,
];

export const findMisconfigs = (names: readonly string[]): Misconfig[] => names.map(name => {
	const found = misconfigs.find(misconfig => misconfig.name === name);
	if (found === undefined) {
		throw new HarnessError('USAGE', `unknown misconfiguration "${name}"`, {hint: `one of: ${misconfigs.map(misconfig => misconfig.name).join(', ')} (rdmalab sim --list-misconfigs)`});
	}

	return found;
});
