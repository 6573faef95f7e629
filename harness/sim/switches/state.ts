// The DCB configuration of the simulated switches, port by port: what a healthy rig's switches hold, derived
// from the rig file (the qos block, storage.jumboPacket, the cabling), and what misconfigurations change. Vendor
// handlers print it in their own formats; the counters move with the fabric model's traffic.
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

export interface PortTraffic {
	/** Per priority, bytes the switch sent to the rNIC and received from it since the rig started. */
	txBytes: number[];
	rxBytes: number[];
	txPackets: number[];
	rxPause: number[];
	txPause: number[];
	/** Per traffic class (queue). */
	queueTxBytes: number[];
	queueTxPackets: number[];
	queueDrops: number[];
}

// Model: the rNIC marks SMB Direct with the SMB priority (NetDirect 445 policy); SMB over TCP and everything else
// goes out untagged on the default priority. A receiver that falls behind sends one pause frame per
// `pauseEveryBytes` of lossless traffic; on a lossy class the same congestion drops packets instead.
const pauseEveryBytes = 4 * 1024 * 1024;
const frameBytes = 4096 + 78;

interface ByteTotals {
	t: number;
	rdmaIn: number;
	rdmaOut: number;
	tcpIn: number;
	tcpOut: number;
}

// Bytes through each rNIC since the rig started, extended from the last reading so that a switch asked for its
// counters late in a long session does not integrate the whole history again. History before `now` never changes.
const totals = new WeakMap<Fabric, Map<string, ByteTotals>>();

const adapterBytes = (fabric: Fabric, node: string, rnic: string): ByteTotals => {
	let byAdapter = totals.get(fabric);
	if (byAdapter === undefined) {
		byAdapter = new Map();
		totals.set(fabric, byAdapter);
	}

	const key = `${node}|${rnic}`;
	const last = byAdapter.get(key) ?? {t: 0, rdmaIn: 0, rdmaOut: 0, tcpIn: 0, tcpOut: 0};
	const now = fabric.now();
	if (now <= last.t) {
		return last;
	}

	const rates = fabric.adapterRates(node, last.t, now).get(rnic);
	const seconds = (now - last.t) / 1000;
	const next = rates === undefined ? {...last, t: now} : {
		t: now, rdmaIn: last.rdmaIn + (rates.rdmaIn * seconds), rdmaOut: last.rdmaOut + (rates.rdmaOut * seconds), tcpIn: last.tcpIn + (rates.tcpIn * seconds), tcpOut: last.tcpOut + (rates.tcpOut * seconds),
	};
	byAdapter.set(key, next);
	return next;
};

export const portTraffic = (fabric: Fabric, device: string, port: string): PortTraffic => {
	const zeros = () => Array.from({length: 8}, () => 0);
	const traffic: PortTraffic = {txBytes: zeros(), rxBytes: zeros(), txPackets: zeros(), rxPause: zeros(), txPause: zeros(), queueTxBytes: zeros(), queueTxPackets: zeros(), queueDrops: zeros()};
	const adapter = fabric.cableAt(device, port);
	if (adapter === undefined) {
		return traffic;
	}

	const config = switchConfigs(fabric).port(device, port);
	const rig = fabric.rig;
	const smb = rig.qos?.smb.priority ?? 0;
	const fallback = rig.qos?.default.priority ?? 0;
	const bytes = adapterBytes(fabric, adapter.node, adapter.rnic.name);
	traffic.txBytes[smb]! += bytes.rdmaIn;
	traffic.rxBytes[smb]! += bytes.rdmaOut;
	traffic.txBytes[fallback]! += bytes.tcpIn;
	traffic.rxBytes[fallback]! += bytes.tcpOut;
	// Trusting DSCP, the switch ignores the priority tag; Windows does not mark DSCP, so all of it lands in the default class.
	const classOf = (priority: number) => config.trust === 'dscp' ? fallback : priority;
	const queueOf = (priority: number) => config.ets.find(entry => entry.priorities.includes(classOf(priority)))?.trafficClass ?? 0;
	const lossless = (priority: number) => pfcOperational(config) && config.pfcPriorities.includes(classOf(priority));
	for (let priority = 0; priority < 8; priority++) {
		const tx = Math.floor(traffic.txBytes[priority]!);
		const rx = Math.floor(traffic.rxBytes[priority]!);
		traffic.txBytes[priority] = tx;
		traffic.rxBytes[priority] = rx;
		traffic.txPackets[priority] = Math.ceil(tx / frameBytes);
		const queue = queueOf(priority);
		if (lossless(priority)) {
			traffic.rxPause[classOf(priority)]! += Math.floor(tx / pauseEveryBytes);
			traffic.txPause[classOf(priority)]! += Math.floor(rx / pauseEveryBytes);
		} else {
			traffic.queueDrops[queue]! += Math.floor(tx / pauseEveryBytes);
		}

		traffic.queueTxBytes[queue]! += tx;
		traffic.queueTxPackets[queue]! += traffic.txPackets[priority]!;
	}

	return traffic;
};
