// Parsers for Cisco NX-OS (Nexus 9000) outputs. Pure: text or JSON in, values out; undefined or [] when the
// output does not hold what is asked, so the driver can say which command surprised it.
import {z} from 'zod';
import type {EtsClass, LldpNeighbor, PfcPriorityCounters, QueueCounters, Trust} from '../switch.js';

export interface NxosPfcRow {
	port: string;
	mode: 'on' | 'auto' | 'off';
	oper: boolean;
	/** Priorities of the operational VL bitmap, e.g. `On (8)` → [3]. */
	operPriorities: number[];
	rxPpp: number;
	txPpp: number;
}

/** NX-OS prints Eth1/5 in tables and Ethernet1/5 elsewhere; compare ports in one form. */
export const nxosPortKey = (port: string): string => port.replace(/^(?:ethernet|eth|e)\s*/i, 'eth').toLowerCase();

const bitmapPriorities = (bitmap: number) => [0, 1, 2, 3, 4, 5, 6, 7].filter(priority => (bitmap & (1 << priority)) !== 0);

/**
 * `show interface [<if>] priority-flow-control`:
 * ```
 * Port               Mode Oper(VL bmap)  RxPPP      TxPPP
 * Ethernet1/47       Auto Off           7316       762946
 * Ethernet1/1        On   On (8)        0          0
 * ```
 */
export const parseNxosPfc = (text: string): NxosPfcRow[] => text.split(/\r?\n/).flatMap(line => {
	const match = /^\s*((?:Ethernet|Eth)\d\S*)\s+(On|Off|Auto)\s+(On|Off)(?:\s*\((\w+)\))?\s+(\d+)\s+(\d+)\s*$/i.exec(line);
	if (!match) {
		return [];
	}

	const bitmap = match[4] === undefined ? 0 : Number.parseInt(match[4], 16);
	return [{
		port: match[1]!,
		mode: match[2]!.toLowerCase() as NxosPfcRow['mode'],
		oper: match[3]!.toLowerCase() === 'on',
		operPriorities: match[3]!.toLowerCase() === 'on' ? bitmapPriorities(bitmap) : [],
		rxPpp: Number(match[5]),
		txPpp: Number(match[6]),
	}];
});

export interface NxosNetworkQosClass {
	name: string;
	qosGroup?: number;
	pauseCos: number[];
	mtu?: number;
}

/** `3`, `3,4`, `3 4` or `3-5` → the CoS values named. */
const cosList = (text: string): number[] => text.trim().split(/[\s,]+/).flatMap(item => {
	const [first, last = first] = item.split('-').map(Number);
	return Array.from({length: last! - first! + 1}, (_, index) => first! + index);
});

/**
 * `show policy-map system type network-qos` in either of the two layouts NX-OS prints: the configuration style of the
 * Nexus 9000
 * ```
 *   Type network-qos policy-maps
 *   ============================
 *   policy-map type network-qos QOS_NETWORK
 *     class type network-qos c-8q-nq3
 *       match qos-group 3
 *       pause pfc-cos 3
 *       mtu 9216
 * ```
 * or the display style of the Nexus 5000/5500/6000 (Cisco Nexus 5000 Series NX-OS Quality of Service Configuration
 * Guide, "Verifying QoS Configuration"; sample and source in test/fixtures/switches/nxos/SOURCES.md)
 * ```
 *   Service-policy (network-qos) input:   RDMA-NQ
 *     policy statistics status:   disabled
 *
 *     Class-map (network-qos):   c-nq3
 *       match qos-group 3
 *       pause no-drop pfc-cos 3
 *       mtu 9216
 * ```
 * with the same class bodies. The lossless classes are those whose `pause` names CoS values (`pfc-cos`). Every line
 * must be placed: a line of neither layout (a `Match: cos` body, a `pause no-drop` that names no CoS, an error) is
 * returned as `unplaced`, so the driver reports a PARSE error naming it rather than concluding "no lossless priority".
 */
export const readNxosNetworkQos = (text: string): {classes: NxosNetworkQosClass[]; unplaced?: string} => {
	const classes: NxosNetworkQosClass[] = [];
	// The layout is set by its policy header; a class header of the other layout is not placed.
	let layout: 'config' | 'display' | undefined;
	for (const line of text.split(/\r?\n/)) {
		if (line.trim() === '' || /^\s*Type network-qos policy-maps\s*$/.test(line) || /^\s*=+\s*$/.test(line)) {
			continue;
		}

		if (/^\s*policy-map type network-qos \S+\s*$/.test(line)) {
			layout = 'config';
			continue;
		}

		if (/^\s*Service-policy \(network-qos\) input:\s+\S+\s*$/.test(line)) {
			layout = 'display';
			continue;
		}

		if (layout === 'display' && /^\s*policy statistics status:\s+(?:enabled|disabled)\s*$/.test(line)) {
			continue;
		}

		const start = layout === 'config'
			? /^\s*class type network-qos (\S+)\s*$/.exec(line)
			: (layout === 'display' ? /^\s*Class-map \(network-qos\):\s+(\S+)(?:\s+\(match-(?:any|all)\))?\s*$/.exec(line) : undefined);
		const current = classes.at(-1);
		if (start) {
			classes.push({name: start[1]!, pauseCos: []});
			continue;
		}

		const group = /^\s*match qos-group (\d)\s*$/.exec(line);
		const pause = /^\s*pause (?:no-drop )?(?:buffer-size \d+ pause-threshold \d+ resume-threshold \d+ )?pfc-cos ((?:[0-7](?:-[0-7])?[ ,]*)+)$/.exec(line);
		const mtu = /^\s*mtu (\d+)\s*$/.exec(line);
		if (current !== undefined && group) {
			current.qosGroup = Number(group[1]);
		} else if (current !== undefined && pause) {
			current.pauseCos = [...new Set([...current.pauseCos, ...cosList(pause[1]!)])].sort((a, b) => a - b);
		} else if (current !== undefined && mtu) {
			current.mtu = Number(mtu[1]);
		} else if (current !== undefined && /^\s*(?:multicast-optimize|congestion-control\b|queue-limit\b|ecn\b|description\b)/.test(line)) {
			// Settings with no bearing on which priorities are lossless.
		} else {
			return {classes, unplaced: line.trim()};
		}
	}

	return classes.length === 0 ? {classes, unplaced: '(no network-qos class in the output)'} : {classes};
};

/** The classes of `show policy-map system type network-qos` (see readNxosNetworkQos); [] for text of no known layout. */
export const parseNxosNetworkQos = (text: string): NxosNetworkQosClass[] => {
	const read = readNxosNetworkQos(text);
	return read.unplaced === undefined ? read.classes : [];
};

export interface NxosQueuing {
	egress: Array<{qosGroup: number; bandwidthPercent?: number; priorityLevel?: number}>;
	groups: Array<{qosGroup: number; txPackets: number; txBytes: number; drops: number}>;
	pfc: Array<{cos: number; qosGroup: number; txCount: number; rxCount: number}>;
}

const cellNumber = (line: string) => Number(/\|\s*(\d+)\|/.exec(line)?.[1] ?? Number.NaN);

/** `show queuing interface <if>`: the egress scheduler table, per-QoS-group counters and the PFC_COS table. */
export const parseNxosQueuing = (text: string): NxosQueuing => {
	const result: NxosQueuing = {egress: [], groups: [], pfc: []};
	let section: 'none' | 'egress' | 'ingress' | 'pfc' = 'none';
	let group: NxosQueuing['groups'][number] | undefined;
	for (const line of text.split(/\r?\n/)) {
		if (/^Egress Queuing for/.test(line)) {
			section = 'egress';
			continue;
		}

		if (/^Ingress Queuing for/.test(line)) {
			section = 'ingress';
			continue;
		}

		if (/^\s*PFC_COS\s+QOS_Group/.test(line)) {
			section = 'pfc';
			continue;
		}

		const groupHeader = /^\|\s+QOS GROUP (\d)\s+\|/.exec(line);
		if (groupHeader) {
			group = {qosGroup: Number(groupHeader[1]), txPackets: 0, txBytes: 0, drops: 0};
			result.groups.push(group);
			continue;
		}

		if (group !== undefined && section === 'egress') {
			if (/\|\s+Tx Pkts \|/.test(line)) {
				group.txPackets = cellNumber(line);
			} else if (/\|\s+Tx Byts \|/.test(line)) {
				group.txBytes = cellNumber(line);
			} else if (/\| WRED\/AFD & Tail Drop Pkts \|/.test(line)) {
				group.drops = cellNumber(line);
			}
		}

		const egress = section === 'egress' && group === undefined ? /^\s+(\d)\s+(\d+|-)\s+(\d+|-)\s/.exec(line) : undefined;
		if (egress) {
			result.egress.push({
				qosGroup: Number(egress[1]),
				...(egress[2] === '-' ? {} : {bandwidthPercent: Number(egress[2])}),
				...(egress[3] === '-' ? {} : {priorityLevel: Number(egress[3])}),
			});
		}

		const pfc = section === 'pfc' ? /^\s*(\d)\s+(\d)\s+\w+\s+(\d+)\s+\w+\s+(\d+)\s*$/.exec(line) : undefined;
		if (pfc) {
			result.pfc.push({cos: Number(pfc[1]), qosGroup: Number(pfc[2]), txCount: Number(pfc[3]), rxCount: Number(pfc[4])});
		}
	}

	return result;
};

/** ETS classes of a port: QoS groups with their share and the CoS values the PFC_COS table maps to them. */
export const nxosEts = (queuing: NxosQueuing): EtsClass[] => queuing.egress.map(row => ({
	trafficClass: row.qosGroup,
	priorities: queuing.pfc.filter(entry => entry.qosGroup === row.qosGroup).map(entry => entry.cos).sort((a, b) => a - b),
	algorithm: row.priorityLevel === undefined ? 'ets' as const : 'strict' as const,
	bandwidthPercent: row.bandwidthPercent ?? 0,
})).sort((a, b) => a.trafficClass - b.trafficClass);

export const nxosPfcCounters = (queuing: NxosQueuing): PfcPriorityCounters[] => queuing.pfc.map(entry => ({priority: entry.cos, rxPause: entry.rxCount, txPause: entry.txCount}));

export const nxosQueueCounters = (queuing: NxosQueuing): QueueCounters[] => queuing.groups.map(entry => ({queue: entry.qosGroup, txBytes: entry.txBytes, txPackets: entry.txPackets, drops: entry.drops}));

/**
 * `show policy-map interface <if> input type qos`: the classification of the service policy on the port.
 * `Match: cos 3` means the port classifies by 802.1p; `Match: dscp 26` by DSCP; no policy means nothing is trusted
 * and everything lands in QoS group 0.
 */
export const parseNxosQosPolicy = (text: string): Trust => readNxosQosPolicy(text).trust;

/**
 * parseNxosQosPolicy with the rule every parser keeps: "nothing trusted" is concluded only from an empty answer or
 * one in the known layout (Global statistics / Service-policy (qos) / Class-map (qos) / Match:). Text with none of
 * those lines is `unplaced` (its first line), for a PARSE error rather than a "trust none" finding.
 */
export const readNxosQosPolicy = (text: string): {trust: Trust; unplaced?: string} => {
	const trust = matchTrust(text);
	const lines = text.split(/\r?\n/).map(line => line.trim()).filter(line => line !== '');
	const known = lines.some(line => /^(?:Global statistics status\s*:|Service-policy \(qos\)|Class-map \(qos\):|Match:)/i.test(line));
	return lines.length === 0 || known ? {trust} : {trust, unplaced: lines[0]!};
};

const matchTrust = (text: string): Trust => {
	const matches = [...text.matchAll(/^\s*Match:\s+(cos|dscp)\b/gim)].map(match => match[1]!.toLowerCase());
	const cos = matches.includes('cos');
	const dscp = matches.includes('dscp');
	return cos && dscp ? 'both' : cos ? 'cos' : dscp ? 'dscp' : 'none';
};

const lldpRow = z.object({chassis_id: z.string().optional(), port_id: z.string(), sys_name: z.string().optional(), port_desc: z.string().optional()}).loose();
const lldpDetail = z.object({TABLE_nbor_detail: z.object({ROW_nbor_detail: z.union([lldpRow, z.array(lldpRow)])}).optional()}).loose();

/** `show lldp neighbors interface <if> detail | json`; no neighbour prints an empty body or no TABLE_nbor_detail. */
export const parseNxosLldp = (json: unknown): LldpNeighbor[] | undefined => {
	if (json === undefined || json === null || (typeof json === 'object' && Object.keys(json).length === 0)) {
		return [];
	}

	const parsed = lldpDetail.safeParse(json);
	if (!parsed.success) {
		return undefined;
	}

	const rows = parsed.data.TABLE_nbor_detail?.ROW_nbor_detail ?? [];
	return (Array.isArray(rows) ? rows : [rows]).map(row => ({
		portId: row.port_id,
		...(row.sys_name ? {systemName: row.sys_name} : {}),
		...(row.port_desc ? {portDescription: row.port_desc} : {}),
		...(row.chassis_id ? {chassisId: row.chassis_id} : {}),
	}));
};

/** `show lldp dcbx interface <if>`: the local DCBX control block ("Operation version: 00" = CEE, "IEEE"). */
export const parseNxosDcbx = (text: string): {enabled: boolean; version?: string; willing?: boolean} | undefined => {
	if (/DCBX\s+is\s+disabled|not enabled/i.test(text)) {
		return {enabled: false};
	}

	// "enabled" only from the control block's own lines; anything else is unrecognized, not a finding.
	if (!/DCBXP? Control information|^\s*(?:Detected|Willing|Operation version):/im.test(text)) {
		return undefined;
	}

	const version = /Detected:\s*(IEEE|CEE|CIN)/i.exec(text)?.[1]?.toLowerCase() ?? (/IEEE DCBX/i.test(text) ? 'ieee' : undefined);
	const willing = /Willing:\s*(Yes|No)/i.exec(text)?.[1];
	return {enabled: true, ...(version ? {version} : {}), ...(willing ? {willing: willing.toLowerCase() === 'yes'} : {})};
};

const interfaceMtu = z.object({TABLE_interface: z.object({ROW_interface: z.union([z.object({interface: z.string(), eth_mtu: z.union([z.string(), z.number()])}).loose(), z.array(z.object({interface: z.string(), eth_mtu: z.union([z.string(), z.number()])}).loose())])})});

export const parseNxosMtu = (json: unknown, port: string): number | undefined => {
	const parsed = interfaceMtu.safeParse(json);
	if (!parsed.success) {
		return undefined;
	}

	const rows = parsed.data.TABLE_interface.ROW_interface;
	const row = (Array.isArray(rows) ? rows : [rows]).find(candidate => nxosPortKey(candidate.interface) === nxosPortKey(port));
	const mtu = Number(row?.eth_mtu);
	return Number.isFinite(mtu) && mtu > 0 ? mtu : undefined;
};
