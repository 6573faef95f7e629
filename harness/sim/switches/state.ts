// The DCB configuration of the simulated switches, port by port: what a healthy rig's switches hold, derived
// from the rig file (the qos block, storage.jumboPacket, the cabling), and what misconfigurations change. Vendor
// handlers print it in their own formats; the counters move with the fabric's traffic (sim/traffic.ts).
import type {Rig} from '../../rig/schema.js';
import type {Fabric} from '../fabric.js';

export interface SimEtsClass {
	trafficClass: number;
	priorities: number[];
	algorithm: 'ets' | 'strict';
	bandwidthPercent: number;
}

export interface SimLldpNeighbor {
	systemName: string;
	portId: string;
	portDescription: string;
	chassisId: string;
}

export interface SimPortConfig {
	pfcMode: 'on' | 'auto' | 'off';
	pfcPriorities: number[];
	ets: SimEtsClass[];
	trust: 'cos' | 'dscp';
	mtu: number;
	lldp: SimLldpNeighbor[];
	dcbx: {enabled: boolean; version: 'ieee' | 'cee'; willing: boolean};
}

// Layer-2 MTU the switch needs for a host *JumboPacket (which counts the 14-byte Ethernet header): the 802.1Q
// tag and the FCS come on top, and switches are configured in round figures above that.
const switchMtuFor = (jumboPacket: number) => (jumboPacket > 9000 ? 9216 : 1500 + Math.max(0, jumboPacket - 1514) + 22);

const healthyEts = (rig: Rig): SimEtsClass[] => {
	const qos = rig.qos;
	if (qos === undefined) {
		return [{trafficClass: 0, priorities: [0, 1, 2, 3, 4, 5, 6, 7], algorithm: 'ets', bandwidthPercent: 100}];
	}

	const dedicated = [qos.smb, qos.cluster, ...(qos.backup ? [qos.backup] : [])];
	const taken = new Set(dedicated.map(entry => entry.priority));
	const rest = 100 - dedicated.reduce((sum, entry) => sum + entry.bandwidthPercent, 0);
	return [
		{trafficClass: qos.default.priority, priorities: [0, 1, 2, 3, 4, 5, 6, 7].filter(priority => !taken.has(priority)), algorithm: 'ets' as const, bandwidthPercent: rest},
		...dedicated.map(entry => ({trafficClass: entry.priority, priorities: [entry.priority], algorithm: 'ets' as const, bandwidthPercent: entry.bandwidthPercent})),
	].sort((a, b) => a.trafficClass - b.trafficClass);
};

/** The chassis MAC the simulated node's LLDP agent advertises for an rNIC: the adapter's own MAC. */
const healthyPort = (rig: Rig, fabric: Fabric, device: string, port: string): SimPortConfig => {
	const adapter = fabric.cableAt(device, port);
	const lldp = adapter === undefined ? [] : [{
		systemName: adapter.node,
		portId: adapter.macAddress.toLowerCase().replaceAll('-', ':'),
		portDescription: adapter.rnic.name,
		chassisId: adapter.macAddress.toLowerCase().replaceAll('-', ':'),
	}];
	return {
		pfcMode: rig.qos === undefined ? 'off' : 'on',
		pfcPriorities: rig.qos?.pfcPriorities.toSorted((a, b) => a - b) ?? [],
		ets: healthyEts(rig),
		trust: 'cos',
		mtu: switchMtuFor(rig.storage.jumboPacket),
		lldp,
		dcbx: {enabled: true, version: 'ieee', willing: false},
	};
};

export class SwitchConfigs {
	private readonly ports = new Map<string, SimPortConfig>();

	constructor(private readonly fabric: Fabric) {}

	port(device: string, port: string): SimPortConfig {
		const key = `${device}|${port}`;
		let config = this.ports.get(key);
		if (config === undefined) {
			config = healthyPort(this.fabric.rig, this.fabric, device, port);
			this.ports.set(key, config);
		}

		return config;
	}

	/** Every port of a switch cabled to an rNIC. */
	cabledPorts(device: string): string[] {
		return this.fabric.rig.nodes.flatMap(node => node.rnics.filter(rnic => rnic.cable.switch === device).map(rnic => rnic.cable.port));
	}
}

// One configuration per simulated rig; misconfigurations and vendor handlers both reach it through the fabric.
const configs = new WeakMap<Fabric, SwitchConfigs>();

export const switchConfigs = (fabric: Fabric): SwitchConfigs => {
	let found = configs.get(fabric);
	if (found === undefined) {
		found = new SwitchConfigs(fabric);
		configs.set(fabric, found);
	}

	return found;
};

/** PFC is operational when forced on, or on auto when a DCBX peer negotiates it; Windows hosts send no DCB TLVs. */
export const pfcOperational = (config: SimPortConfig): boolean => config.pfcMode === 'on' && config.pfcPriorities.length > 0;
