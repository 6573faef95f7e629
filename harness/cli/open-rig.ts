// The one place that starts the simulator: a rig file marked `simulated: true` gets the embedded simulated rig,
// started in-process, and the rest of the run receives the resolved rig like any physical one.
import {HarnessError} from '../errors.js';
import {loadRig} from '../rig/load.js';
import type {Rig} from '../rig/schema.js';

export interface OpenedRig {
	rig: Rig;
	file: string;
	simulated: boolean;
	close(): Promise<void>;
}

export const openRig = async (file: string, options: {misconfigs?: readonly string[]} = {}): Promise<OpenedRig> => {
	const rig = await loadRig(file);
	const misconfigs = options.misconfigs ?? [];
	if (!rig.simulated) {
		if (misconfigs.length > 0) {
			throw new HarnessError('USAGE', '--misconfig applies only to a simulated rig', {target: file, hint: 'misconfigure a physical rig by hand, or use lab-configs/sim-rig.yaml'});
		}

		return {rig, file, simulated: false, async close() {}};
	}

	const {startSimulator} = await import('../sim/index.js');
	const simulated = await startSimulator(rig, {misconfigs, file});
	return {rig: simulated.rig, file, simulated: true, close: simulated.stop};
};
