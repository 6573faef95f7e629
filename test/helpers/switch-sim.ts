// Starts the in-process simulator for a rig file and connects to its switches exactly as the runner does
// (connectDevice + switchDriver), so switch drivers and rules are exercised over real SSH on loopback.
import {loadRig} from '../../harness/rig/load.js';
import {startSimulator, type SimulatedRig} from '../../harness/sim/index.js';
import {switchDriver} from '../../harness/targets/switches/index.js';
import type {SwitchDriver} from '../../harness/targets/switch.js';
import {connectDevice} from '../../harness/transport/connect.js';
import type {Transport} from '../../harness/transport/types.js';

export interface SwitchSession {
	sim: SimulatedRig;
	drivers: Map<string, SwitchDriver>;
	close(): Promise<void>;
}

export const openSwitches = async (rigFile: string, misconfigs: string[] = []): Promise<SwitchSession> => {
	const sim = await startSimulator(await loadRig(rigFile), {misconfigs, file: rigFile});
	const transports: Transport[] = [];
	const drivers = new Map<string, SwitchDriver>();
	try {
		for (const device of sim.rig.switches) {
			const transport = await connectDevice(sim.rig, device);
			transports.push(transport);
			drivers.set(device.name, switchDriver(device, transport));
		}
	} catch (error) {
		await Promise.all(transports.map(async transport => transport.close()));
		await sim.stop();
		throw error;
	}

	return {
		sim,
		drivers,
		async close() {
			await Promise.all(transports.map(async transport => transport.close()));
			await sim.stop();
		},
	};
};
