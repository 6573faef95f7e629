// Reads the DCB state of every switch port cabled to an rNIC in the rig, through the same drivers a run uses.
// A port that cannot be read is an infrastructure error (exit 2), never a failed check.
import {HarnessError} from '../errors.js';
import type {Rig} from '../rig/schema.js';
import type {SwitchVendor} from '../rig/switch-ports.js';
import type {DcbxState, EtsClass, LldpNeighbor, PfcPriorityCounters, PfcState, PortStatus, QueueCounters, SwitchDriver, Trust} from '../targets/switch.js';

export interface SwitchPortSnapshot {
	switch: string;
	vendor: SwitchVendor;
	port: string;
	/** The rNIC at the other end of the cable, from the rig file. */
	cable: {node: string; rnic: string; network: string};
	status: PortStatus;
	pfc: PfcState;
	pfcCounters: PfcPriorityCounters[];
	ets: EtsClass[];
	trust: Trust;
	queues: QueueCounters[];
	lldp: LldpNeighbor[];
	dcbx: DcbxState;
	mtu: number;
}

export interface SwitchSnapshot {
	ports: SwitchPortSnapshot[];
}

export const cabledPorts = (rig: Rig): Array<{switch: string; port: string; cable: SwitchPortSnapshot['cable']}> => rig.nodes.flatMap(node => node.rnics.map(rnic => ({
	switch: rnic.cable.switch, port: rnic.cable.port, cable: {node: node.name, rnic: rnic.name, network: rnic.network},
})));

const readPort = async (driver: SwitchDriver, entry: ReturnType<typeof cabledPorts>[number], signal: AbortSignal): Promise<SwitchPortSnapshot> => {
	// One command at a time per switch: switch CLIs serialise sessions anyway and some rate-limit them.
	const status = await driver.portStatus(entry.port, signal);
	const pfc = await driver.pfc(entry.port, signal);
	const pfcCounters = await driver.pfcCounters(entry.port, signal);
	const ets = await driver.ets(entry.port, signal);
	const trust = await driver.trust(entry.port, signal);
	const queues = await driver.queueCounters(entry.port, signal);
	const lldp = await driver.lldpNeighbors(entry.port, signal);
	const dcbx = await driver.dcbx(entry.port, signal);
	const mtu = await driver.mtu(entry.port, signal);
	return {switch: entry.switch, vendor: driver.vendor, port: entry.port, cable: entry.cable, status, pfc, pfcCounters, ets, trust, queues, lldp, dcbx, mtu};
};

export const collectSwitchState = async (rig: Rig, drivers: Map<string, SwitchDriver>, signal: AbortSignal): Promise<SwitchSnapshot> => {
	const entries = cabledPorts(rig);
	const bySwitch = new Map<string, typeof entries>();
	for (const entry of entries) {
		bySwitch.set(entry.switch, [...(bySwitch.get(entry.switch) ?? []), entry]);
	}

	const perSwitch = await Promise.all([...bySwitch].map(async ([name, ports]) => {
		const driver = drivers.get(name);
		if (driver === undefined) {
			throw new HarnessError('INTERNAL', `no connection to switch ${name}`, {target: name, hint: 'collectSwitchState needs a driver for every switch the rig cables an rNIC to'});
		}

		const snapshots: SwitchPortSnapshot[] = [];
		for (const entry of ports) {
			signal.throwIfAborted();
			snapshots.push(await readPort(driver, entry, signal));
		}

		return snapshots;
	}));
	const order = new Map(entries.map((entry, index) => [`${entry.switch}|${entry.port}`, index]));
	return {ports: perSwitch.flat().sort((a, b) => order.get(`${a.switch}|${a.port}`)! - order.get(`${b.switch}|${b.port}`)!)};
};
