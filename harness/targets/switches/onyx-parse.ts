// Parsers for NVIDIA/Mellanox Onyx (MLNX-OS) outputs. Onyx prints `| json-print` as JSON built from its text
// tables: every value is a string, an interface's section is a list of one-key-per-table objects, and the same
// command changed shape across releases (see parseOnyxPfc). Pure; undefined when the output lacks what is asked.
import {z} from 'zod';
import type {DcbxState, EtsClass, LldpNeighbor, PortStatus, QueueCounters, Trust} from '../switch.js';
import {priorityList, speedGbps, withSpeed} from '../switch.js';

/** Rig and JSON name Eth1/5; commands take `ethernet 1/5`. */
export const onyxInterfaceArg = (port: string): string => `ethernet ${port.replace(/^Eth/i, '')}`;

type JsonObject = Record<string, unknown>;
const isObject = (value: unknown): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The objects of a section: Onyx wraps each interface's (or table's) content in a list of objects. */
const objectsOf = (value: unknown): JsonObject[] => (Array.isArray(value) ? value.filter(isObject) : isObject(value) ? [value] : []);

/** A field searched across the objects of a section (each table of a section is its own object). */
const field = (section: JsonObject[], name: string): unknown => section.find(entry => name in entry)?.[name];

const interfaceEntry = z.object({
	'Admin state': z.string(),
	'Operational state': z.string(),
	'Actual speed': z.string().optional(),
	MTU: z.string().optional(),
}).loose();

/**
 * The section of one interface in `show interfaces ethernet 1/<p> | json-print`: a list of entries named by
 * "header" (3.6-era, fixture onyx_interfaces_show.cfg) or an object keyed by interface name (the shape of the
 * other per-interface commands, e.g. onyx_interfaces_status.cfg).
 */
const interfaceSection = (json: unknown, port: string): JsonObject | undefined => {
	if (Array.isArray(json)) {
		return json.filter(isObject).find(entry => typeof entry.header === 'string' && entry.header.toLowerCase() === port.toLowerCase());
	}

	return isObject(json) ? objectsOf(json[port])[0] : undefined;
};

/**
 * `show interfaces ethernet 1/<p> | json-print`: "Admin state" Enabled/Disabled, "Operational state" Up/Down
 * (or "Down (Suspended)" and the like), "Actual speed" "40 Gbps", "MTU" "9216 bytes(Maximum packet size 9238 bytes)".
 */
export const parseOnyxInterface = (json: unknown, port: string): (PortStatus & {mtu?: number}) | undefined => {
	const entry = interfaceEntry.safeParse(interfaceSection(json, port)).data;
	if (entry === undefined) {
		return undefined;
	}

	const admin = /^enabled?\b/i.test(entry['Admin state']) || /^up\b/i.test(entry['Admin state']) ? 'up' : 'down';
	const oper = /^up\b/i.test(entry['Operational state']) ? 'up' : 'down';
	const mtu = /^(\d+)\s*bytes/i.exec(entry.MTU ?? '')?.[1];
	return {
		port, admin, oper,
		...(oper === 'down' ? {reason: admin === 'down' ? 'admin down' : entry['Operational state']} : {}),
		...withSpeed(speedGbps(entry['Actual speed'])),
		...(mtu ? {mtu: Number(mtu)} : {}),
	};
};

export interface OnyxPfc {
	mode: 'on' | 'auto' | 'off';
	oper: boolean;
	/** The switch-wide lossless priorities ("Priority Enabled List"); undefined when the output has no global table. */
	priorities?: number[];
}

const pfcEntry = z.object({'PFC admin': z.string(), 'PFC oper': z.string()}).loose();

/**
 * `show dcb priority-flow-control | json-print`. Three shapes exist (mellanox.onyx onyx_pfc_interface.py
 * load_current_config): from 3.6.6000 a list whose element [2] is the per-interface table (element [0] the global
 * one: "PFC", "Priority Enabled List"); before it an object whose "Table 2" key holds it; and the bare
 * per-interface object of the collection's fixtures. The interface table is found by the port's key, whatever
 * its position. PFC admin is "on" (forced), "Auto" (DCBX) or "off"; PFC oper "Enabled"/"Disabled". Lossless
 * priorities are switch-wide on Onyx (`dcb priority-flow-control priority 3 enable`).
 */
export const parseOnyxPfc = (json: unknown, port: string): OnyxPfc | undefined => {
	const tables = Array.isArray(json) ? json.filter(isObject) : isObject(json) ? [json, ...objectsOf(json['Table 1']), ...objectsOf(json['Table 2'])] : [];
	const entry = pfcEntry.safeParse(tables.map(table => objectsOf(table[port])[0]).find(candidate => candidate !== undefined)).data;
	if (entry === undefined) {
		return undefined;
	}

	const global = tables.find(table => 'Priority Enabled List' in table);
	const enabledList = global?.['Priority Enabled List'];
	const globalOn = global === undefined || typeof global.PFC !== 'string' || global.PFC.toLowerCase() === 'enabled';
	const admin = entry['PFC admin'].toLowerCase();
	const mode = admin === 'on' ? 'on' as const : admin === 'auto' ? 'auto' as const : 'off' as const;
	return {
		mode,
		oper: globalOn && entry['PFC oper'].toLowerCase() === 'enabled',
		...(typeof enabledList === 'string' ? {priorities: globalOn ? priorityList(enabledList) : []} : {}),
	};
};

/**
 * `show interfaces ethernet 1/<p> counters pfc prio <n>` (text; intel/mfd-switchmanagement greps its
 * "<n> pause packets" line). No public sample of the whole output was found: the parser expects an Rx and a Tx
 * section, each with a "pause packets" line, and refuses output without both.
 */
export const parseOnyxPfcCounters = (text: string): {rxPause: number; txPause: number} | undefined => {
	const sections = text.split(/^\s*(Rx|Tx)\b:?\s*$/im);
	const count = (name: string) => {
		const index = sections.findIndex((part, position) => position % 2 === 1 && part.toLowerCase() === name);
		const match = index < 0 ? undefined : /^\s*(\d+)\s+pause packets\s*$/im.exec(sections[index + 1] ?? '');
		return match ? Number(match[1]) : undefined;
	};

	const rxPause = count('rx');
	const txPause = count('tx');
	return rxPause === undefined || txPause === undefined ? undefined : {rxPause, txPause};
};

export interface OnyxEtsTc {
	trafficClass: number;
	strict: boolean;
	/** W(%): the WRR weight as a share of the port, percent. */
	bandwidthPercent: number;
}

const etsTc = z.object({'S.Mode': z.string(), 'W(%)': z.string()}).loose();

/** `show dcb ets interface ethernet 1/<p> | json-print`: the "ETS per TC" table, S.Mode WRR/Strict and W(%) per TC. */
export const parseOnyxEts = (json: unknown, port: string): OnyxEtsTc[] | undefined => {
	const section = objectsOf(Array.isArray(json) ? json.filter(isObject).find(entry => port in entry)?.[port] : isObject(json) ? json[port] : undefined);
	const perTc = objectsOf(field(section, 'ETS per TC'))[0];
	if (perTc === undefined) {
		return undefined;
	}

	const classes = Object.entries(perTc).flatMap(([tc, value]) => {
		const entry = etsTc.safeParse(objectsOf(value)[0]).data;
		if (!/^\d$/.test(tc) || entry === undefined) {
			return [];
		}

		const strict = /^strict/i.test(entry['S.Mode']);
		return [{trafficClass: Number(tc), strict, bandwidthPercent: strict ? 0 : Number(entry['W(%)']) || 0}];
	});
	return classes.length === 0 ? undefined : classes.sort((a, b) => a.trafficClass - b.trafficClass);
};

export interface OnyxQos {
	trust: Trust;
	/** Egress traffic class of each 802.1p priority (PCP → switch-priority → TC). */
	tcOfPriority: Map<number, number>;
}

const ingressMapKey = 'PCP(DEI); DSCP to switch-priority mapping';
const egressMapKey = 'PCP(DEI); DSCP rewrite mapping (switch-priority to PCP(DEI); DSCP; traffic-class)';

/**
 * `show qos interface ethernet 1/<p> | json-print` (fixture show_qos_interface_ethernet.cfg): "Trust mode" L2
 * (802.1p, the default), L3 (DSCP), both, or port (neither: the port's default switch-priority); the ingress map
 * keyed "<pcp>(<dei>) ..." → switch-priority, and the egress map switch-priority → TC.
 */
export const parseOnyxQos = (json: unknown, port: string): OnyxQos | undefined => {
	const section = objectsOf(Array.isArray(json) ? json.filter(isObject).find(entry => port in entry)?.[port] : isObject(json) ? json[port] : undefined);
	const trustText = field(section, 'Trust mode');
	if (typeof trustText !== 'string') {
		return undefined;
	}

	const mode = trustText.toLowerCase();
	const trust: Trust = mode === 'l2' ? 'cos' : mode === 'l3' ? 'dscp' : mode === 'both' ? 'both' : 'none';
	const switchPriorityOf = new Map<number, number>();
	for (const [key, value] of Object.entries(objectsOf(field(section, ingressMapKey)).reduce<JsonObject>((all, entry) => ({...all, ...entry}), {}))) {
		const priority = field(objectsOf(value), 'switch-priority');
		for (const pcp of key.matchAll(/(\d)\(\d\)/g)) {
			if (typeof priority === 'string' && /^\d$/.test(priority)) {
				switchPriorityOf.set(Number(pcp[1]), Number(priority));
			}
		}
	}

	const tcOfSwitchPriority = new Map<number, number>();
	for (const entry of objectsOf(field(section, egressMapKey))) {
		for (const [key, value] of Object.entries(entry)) {
			const tc = field(objectsOf(value), 'TC');
			if (/^\d$/.test(key) && typeof tc === 'string' && /^\d$/.test(tc)) {
				tcOfSwitchPriority.set(Number(key), Number(tc));
			}
		}
	}

	const tcOfPriority = new Map<number, number>();
	for (let priority = 0; priority < 8; priority++) {
		// Without an ingress map entry a PCP keeps its value as switch-priority (the Onyx default map is identity).
		const tc = tcOfSwitchPriority.get(switchPriorityOf.get(priority) ?? priority);
		if (tc !== undefined) {
			tcOfPriority.set(priority, tc);
		}
	}

	return {trust, tcOfPriority};
};

/** ETS classes: the scheduler of each TC with the 802.1p priorities the port's QoS maps send to it. */
export const onyxEts = (tcs: OnyxEtsTc[], qos: OnyxQos): EtsClass[] => tcs.map(tc => ({
	trafficClass: tc.trafficClass,
	priorities: [...qos.tcOfPriority].filter(([, target]) => target === tc.trafficClass).map(([priority]) => priority).sort((a, b) => a - b),
	algorithm: tc.strict ? 'strict' as const : 'ets' as const,
	bandwidthPercent: tc.bandwidthPercent,
}));

/**
 * `show interfaces ethernet 1/<p> counters tc <n>` (text). UNVERIFIED on hardware: dcb-facts.md §1.1 (c) has
 * the command from a monitoring tool, no output sample. Expected: a Tx section of "<n> packets", "<n> bytes" and
 * "<n> ... discard" lines, as Onyx's other counter outputs print them.
 */
export const parseOnyxTcCounters = (text: string, queue: number): QueueCounters | undefined => {
	const line = (pattern: string) => new RegExp(`^\\s*(\\d+)\\s+${pattern}\\s*$`, 'im').exec(text)?.[1];
	const packets = line('packets');
	const bytes = line('bytes');
	if (packets === undefined || bytes === undefined) {
		return undefined;
	}

	const drops = [...text.matchAll(/^\s*(\d+)\s+[\w ]*discard[\w ]*$/gim)].reduce((sum, match) => sum + Number(match[1]), 0);
	return {queue, txPackets: Number(packets), txBytes: Number(bytes), drops};
};

/**
 * `show lldp interfaces ethernet 1/<p> remote | json-print`. No public JSON sample of the remote table was found;
 * this is the shape of the real `show lldp interfaces` output (onyx_lldp_interface_show.cfg: interface → list of
 * objects) with the field names of Onyx's text remote table ("Remote chassis id", "Remote port-id",
 * "Remote port description", "Remote system name"), one object per neighbour.
 */
export const parseOnyxLldpRemote = (json: unknown, port: string): LldpNeighbor[] | undefined => {
	if (!isObject(json)) {
		return undefined;
	}

	const text = (entry: JsonObject, name: string) => {
		const value = entry[name];
		return typeof value === 'string' && value !== '' && value.toUpperCase() !== 'N/A' ? value : undefined;
	};

	return objectsOf(json[port]).filter(entry => 'Remote port-id' in entry || 'Remote chassis id' in entry).map(entry => {
		const systemName = text(entry, 'Remote system name');
		const portDescription = text(entry, 'Remote port description');
		const chassisId = text(entry, 'Remote chassis id');
		return {
			portId: text(entry, 'Remote port-id') ?? '',
			...(systemName ? {systemName} : {}),
			...(portDescription ? {portDescription} : {}),
			...(chassisId ? {chassisId} : {}),
		};
	});
};

/**
 * DCBX from `show lldp interfaces ethernet 1/<p> | json-print` (fixture onyx_lldp_interface_show.cfg): Onyx
 * runs IEEE DCBX inside LLDP, so it is on when LLDP both sends and receives and the port advertises DCB TLVs
 * (PFC, ETS-C/ETS-R, AP). The output says nothing of willingness, so none is reported.
 */
export const parseOnyxDcbx = (json: unknown, port: string): DcbxState | undefined => {
	const entry = isObject(json) ? objectsOf(json[port])[0] : undefined;
	if (entry === undefined || typeof entry.Receive !== 'string' || typeof entry.Transmit !== 'string') {
		return undefined;
	}

	const tlvs = typeof entry.TLVs === 'string' ? entry.TLVs.split(/\s*,\s*/).map(tlv => tlv.toUpperCase()) : [];
	const lldpOn = /^enabled$/i.test(entry.Receive) && /^enabled$/i.test(entry.Transmit);
	const dcb = tlvs.some(tlv => tlv === 'PFC' || tlv.startsWith('ETS'));
	return lldpOn && dcb ? {enabled: true, version: 'ieee'} : {enabled: false};
};
