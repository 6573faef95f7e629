// Parsers for Dell SmartFabric OS10 text outputs (OS10 has no CLI JSON). PFC, ETS and classification are read
// from the running configuration, in the shape Microsoft's reference configuration uses (trust dot1p-map, qos-map
// traffic-class, network-qos policy with pause/pfc-cos, queuing policy with bandwidth percent, bound per interface).
import type {DcbxState, EtsClass, LldpNeighbor, PfcPriorityCounters, PortStatus, QueueCounters, Trust} from '../switch.js';
import {priorityList, speedGbps, withSpeed} from '../switch.js';

/** OS10 writes ethernet1/1/5 in commands and configuration, "Ethernet 1/1/5" in show interface. */
export const os10PortKey = (port: string): string => port.replace(/\s+/g, '').toLowerCase();

/**
 * `show interface ethernet1/1/5`: "Ethernet 1/1/5 is up, line protocol is up" (the first state is the admin one,
 * the second the link), "MTU 9216 bytes, IP MTU 9198 bytes", "LineSpeed 25G".
 */
export const parseOs10Interface = (text: string, port: string): (PortStatus & {mtu?: number}) | undefined => {
	const head = /^(Ethernet\s*\S+) is (up|down), line protocol is (up|down)/im.exec(text);
	if (!head || os10PortKey(head[1]!) !== os10PortKey(port)) {
		return undefined;
	}

	const admin = head[2]!.toLowerCase() as 'up' | 'down';
	const oper = head[3]!.toLowerCase() as 'up' | 'down';
	const mtu = /^\s*MTU (\d+) bytes/m.exec(text)?.[1];
	const speed = /LineSpeed (\S+?),?\s/.exec(text)?.[1];
	return {
		port, admin, oper,
		...(oper === 'down' ? {reason: admin === 'down' ? 'admin down' : 'line protocol down'} : {}),
		...withSpeed(speedGbps(speed)),
		...(mtu ? {mtu: Number(mtu)} : {}),
	};
};

export interface Os10Block {
	header: string;
	lines: string[];
}

/** Top-level blocks of `show running-configuration`: an unindented line and the indented lines under it. */
export const os10Blocks = (text: string): Os10Block[] => {
	const blocks: Os10Block[] = [];
	for (const line of text.split(/\r?\n/)) {
		if (line.trim() === '' || line.trim() === '!') {
			continue;
		}

		if (/^\S/.test(line)) {
			blocks.push({header: line.trim(), lines: []});
		} else {
			blocks.at(-1)?.lines.push(line);
		}
	}

	return blocks;
};

/** Classes of a policy-map block, each with its own indented lines. */
const policyClasses = (block: Os10Block): Map<string, string[]> => {
	const classes = new Map<string, string[]>();
	let current: string[] | undefined;
	for (const line of block.lines) {
		const start = /^\s*class (\S+)/.exec(line);
		if (start) {
			current = [];
			classes.set(start[1]!, current);
		} else {
			current?.push(line.trim());
		}
	}

	return classes;
};

export interface Os10Qos {
	pfcMode: 'on' | 'off';
	pfcPriorities: number[];
	trust: Trust;
	ets: EtsClass[];
}

const find = (blocks: Os10Block[], header: string) => blocks.find(block => block.header === header);

/** PFC, trust and ETS of one interface from `show running-configuration`. */
export const os10Qos = (text: string, port: string): Os10Qos | undefined => {
	const blocks = os10Blocks(text);
	const iface = blocks.find(block => /^interface /.test(block.header) && os10PortKey(block.header.slice('interface '.length)) === os10PortKey(port));
	if (iface === undefined) {
		return undefined;
	}

	const lines = iface.lines.map(line => line.trim());
	const setting = (pattern: RegExp) => lines.map(line => pattern.exec(line)?.[1]).find(value => value !== undefined);
	const systemQos = find(blocks, 'system qos')?.lines.map(line => line.trim()) ?? [];
	const systemSetting = (pattern: RegExp) => systemQos.map(line => pattern.exec(line)?.[1]).find(value => value !== undefined);

	// PFC: forced per interface; the lossless CoS values are the pfc-cos of paused classes of its network-qos policy.
	const pfcMode = lines.includes('priority-flow-control mode on') ? 'on' as const : 'off' as const;
	const networkQos = setting(/^service-policy input type network-qos (\S+)/);
	const pfcClasses = networkQos === undefined ? new Map<string, string[]>() : policyClasses(find(blocks, `policy-map type network-qos ${networkQos}`) ?? {header: '', lines: []});
	const pfcPriorities = [...new Set([...pfcClasses.values()].filter(entry => entry.includes('pause')).flatMap(entry => entry.flatMap(line => {
		const cos = /^pfc-cos (.+)$/.exec(line)?.[1];
		return cos === undefined ? [] : priorityList(cos);
	})))].sort((a, b) => a - b);

	// Trust: a dot1p or dscp trust map on the interface, or system-wide under `system qos`.
	const dot1pMap = setting(/^trust-map dot1p (\S+)/) ?? systemSetting(/^trust-map dot1p (\S+)/);
	const dscpMap = setting(/^trust-map dscp (\S+)/) ?? systemSetting(/^trust-map dscp (\S+)/);
	const trust: Trust = dot1pMap && dscpMap ? 'both' : dot1pMap ? 'cos' : dscpMap ? 'dscp' : 'none';

	// ETS: dot1p → qos-group (trust map, default qos-group = dot1p), qos-group → queue (qos-map traffic-class,
	// default queue = qos-group), queue → bandwidth (queuing policy classes matching a queue). Needs `ets mode on`.
	const groupOf = new Map<number, number>();
	for (const line of find(blocks, `trust dot1p-map ${dot1pMap ?? ''}`)?.lines ?? []) {
		const match = /^\s*qos-group (\d) dot1p (.+)$/.exec(line);
		for (const priority of match ? priorityList(match[2]!) : []) {
			groupOf.set(priority, Number(match![1]));
		}
	}

	const queueOf = new Map<number, number>();
	const qosMap = setting(/^qos-map traffic-class (\S+)/) ?? systemSetting(/^qos-map traffic-class (\S+)/);
	for (const line of find(blocks, `qos-map traffic-class ${qosMap ?? ''}`)?.lines ?? []) {
		const match = /^\s*queue (\d) qos-group (.+)$/.exec(line);
		for (const group of match ? priorityList(match[2]!) : []) {
			queueOf.set(group, Number(match![1]));
		}
	}

	const queuing = setting(/^service-policy output type queuing (\S+)/);
	const etsOn = lines.includes('ets mode on') || systemQos.includes('ets mode on');
	const queueClasses = queuing === undefined || !etsOn ? new Map<string, string[]>() : policyClasses(find(blocks, `policy-map type queuing ${queuing}`) ?? {header: '', lines: []});
	const ets: EtsClass[] = [...queueClasses].flatMap(([name, entry]) => {
		const queue = find(blocks, `class-map type queuing ${name}`)?.lines.map(line => /^\s*match queue (\d)/.exec(line)?.[1]).find(value => value !== undefined);
		if (queue === undefined) {
			return [];
		}

		const bandwidth = entry.map(line => /^bandwidth percent (\d+)/.exec(line)?.[1]).find(value => value !== undefined);
		const strict = entry.some(line => /^priority\b/.test(line));
		const priorities = [0, 1, 2, 3, 4, 5, 6, 7].filter(priority => {
			const group = groupOf.get(priority) ?? priority;
			return (queueOf.get(group) ?? group) === Number(queue);
		});
		return [{trafficClass: Number(queue), priorities, algorithm: strict ? 'strict' as const : 'ets' as const, bandwidthPercent: strict ? 0 : Number(bandwidth ?? 0)}];
	}).sort((a, b) => a.trafficClass - b.trafficClass);

	return {pfcMode, pfcPriorities, trust, ets};
};

/**
 * `show interface ethernet1/1/5 priority-flow-control details`: per-CoS Rx/Tx table. UNVERIFIED on hardware
 * (dcb-facts.md §1.6): the totals lines and the Cos/Rx/Tx table are what the parser expects.
 */
export const parseOs10PfcCounters = (text: string): PfcPriorityCounters[] | undefined => {
	const rows = text.split(/\r?\n/).flatMap(line => {
		const match = /^\s*(\d)\s+(\d+)\s+(\d+)\s*$/.exec(line);
		return match ? [{priority: Number(match[1]), rxPause: Number(match[2]), txPause: Number(match[3])}] : [];
	});
	return rows.length === 8 ? rows : undefined;
};

/** `show queuing statistics interface ethernet1/1/5`: Queue, Packets, Bytes, Dropped-Packets, Dropped-Bytes. */
export const parseOs10Queues = (text: string): QueueCounters[] | undefined => {
	if (!/Queue\s+Packets\s+Bytes\s+Dropped-Packets\s+Dropped-Bytes/.test(text)) {
		return undefined;
	}

	return text.split(/\r?\n/).flatMap(line => {
		const match = /^\s*(\d)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*$/.exec(line);
		return match ? [{queue: Number(match[1]), txPackets: Number(match[2]), txBytes: Number(match[3]), drops: Number(match[4])}] : [];
	});
};

/** `show lldp neighbors interface ethernet1/1/5 detail`: one block per neighbour, from "Remote Chassis ID Subtype". */
export const parseOs10Lldp = (text: string): LldpNeighbor[] => {
	const neighbors: LldpNeighbor[] = [];
	for (const line of text.split(/\r?\n/)) {
		const field = /^\s*(Remote Chassis ID Subtype|Remote Chassis ID|Remote Port ID|Remote Port Description|Remote System Name):\s*(.*)$/.exec(line);
		if (!field) {
			continue;
		}

		if (field[1] === 'Remote Chassis ID Subtype') {
			neighbors.push({portId: ''});
			continue;
		}

		const current = neighbors.at(-1);
		const value = field[2]!.trim();
		// Hosts (Windows, ConnectX firmware) often advertise no system name or port description: OS10 prints "Not Advertised".
		if (current === undefined || value === '' || /^not advertised$/i.test(value)) {
			continue;
		}

		if (field[1] === 'Remote Chassis ID') {
			current.chassisId = value;
		} else if (field[1] === 'Remote Port ID') {
			current.portId = value;
		} else if (field[1] === 'Remote Port Description') {
			current.portDescription = value;
		} else {
			current.systemName = value;
		}
	}

	return neighbors;
};

/**
 * `show lldp dcbx interface ethernet1/1/5`: "DCBX Operational Status is Enabled", compatibility mode, port role.
 * Undefined when the output says neither Enabled nor Disabled: unrecognized text is not "DCBX off".
 */
export const parseOs10Dcbx = (text: string): DcbxState | undefined => {
	const status = /DCBX Operational Status is (Enabled|Disabled)/i.exec(text)?.[1]?.toLowerCase();
	if (status === undefined) {
		return undefined;
	}

	if (status === 'disabled') {
		return {enabled: false};
	}

	const version = /DCBX Compatibility mode is (IEEE|CEE)/i.exec(text)?.[1]?.toLowerCase();
	// An auto-upstream/auto-downstream port takes its peer's settings; a manual one does not.
	const willing = /Port Role is Auto/i.test(text);
	return {enabled: true, ...(version ? {version} : {}), willing};
};
