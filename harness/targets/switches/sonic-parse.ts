// Parsers for community SONiC outputs: the tables of `show interfaces status`, `show pfc priority` and
// `show lldp neighbors` (lldpctl), `show queue counters --json`, redis-cli answers from COUNTERS_DB and the
// CONFIG_DB JSON of `show runningconfiguration all`. Pure; undefined when the output lacks what is asked.
import {z} from 'zod';
import type {EtsClass, LldpNeighbor, PfcPriorityCounters, PfcState, PortStatus, QueueCounters, Trust} from '../switch.js';
import {priorityList, speedGbps, withSpeed} from '../switch.js';

/** A tabulate table (header, dashes, rows; columns 2+ spaces apart) as records keyed by header. */
export const sonicTable = (text: string): Array<Record<string, string>> => {
	const lines = text.split(/\r?\n/).filter(line => line.trim() !== '');
	const rule = lines.findIndex(line => /^[\s-]+$/.test(line) && line.includes('--'));
	if (rule < 1) {
		return [];
	}

	const headers = lines[rule - 1]!.trim().split(/\s{2,}/);
	return lines.slice(rule + 1).map(line => {
		const cells = line.trim().split(/\s{2,}/);
		return Object.fromEntries(headers.map((header, index) => [header, cells[index] ?? '']));
	}).filter(row => Object.values(row).filter(value => value !== '').length === headers.length);
};

/**
 * `show interfaces status <if>`:
 * ```
 *   Interface            Lanes    Speed    MTU    FEC    Alias    Vlan    Oper    Admin             Type    Asym PFC
 * -----------  ---------------  -------  -----  -----  -------  ------  ------  -------  ---------------  ----------
 *   Ethernet0  2304,2305,2306,2307     100G   9100     rs   etp1    trunk      up       up  QSFP28 or later         N/A
 * ```
 */
export const parseSonicStatus = (text: string, port: string): (PortStatus & {mtu?: number}) | undefined => {
	const row = sonicTable(text).find(candidate => candidate.Interface === port);
	if (row === undefined || row.Oper === undefined || row.Admin === undefined) {
		return undefined;
	}

	const admin = row.Admin === 'up' ? 'up' : 'down';
	const oper = row.Oper === 'up' ? 'up' : 'down';
	const mtu = Number(row.MTU);
	return {
		port, admin, oper,
		...(oper === 'down' ? {reason: admin === 'down' ? 'admin down' : 'link down'} : {}),
		...withSpeed(speedGbps(row.Speed)),
		...(Number.isFinite(mtu) && mtu > 0 ? {mtu} : {}),
	};
};

/**
 * `show pfc priority <if>`: lossless priorities ("3,4"), "N/A" when PFC is not enabled. SONiC has no
 * DCBX-negotiated PFC: priorities listed are forced.
 */
export const parseSonicPfcPriority = (text: string, port: string): number[] | undefined => {
	const row = sonicTable(text).find(candidate => candidate.Interface === port);
	const value = row?.['Lossless priorities'];
	return value === undefined ? undefined : priorityList(value);
};

/**
 * PFC of a port from `show pfc priority <if>`. On a port with no PORT_QOS_MAP entry (no QoS map bound) the pfc
 * script prints `Cannot find interface <if>` instead of a table: PFC is not configured there, which is a finding
 * about the port, not an output the harness failed to read. Undefined when the output is neither.
 */
export const parseSonicPfc = (text: string, port: string): PfcState | undefined => {
	const missing = /^\s*Cannot find interface\s+(\S+)/m.exec(text);
	if (missing?.[1] === port) {
		return {mode: 'off', oper: false, priorities: [], reason: `PFC not configured on this port (no QoS map: "${missing[0].trim()}")`};
	}

	const priorities = parseSonicPfcPriority(text, port);
	return priorities === undefined ? undefined : {mode: priorities.length > 0 ? 'on' : 'off', oper: priorities.length > 0, priorities};
};

/** redis-cli (not on a terminal) prints HGETALL as alternating field and value lines. */
export const parseRedisHash = (text: string): Map<string, string> => {
	const lines = text.split(/\r?\n/);
	if (lines.at(-1) === '') {
		lines.pop();
	}

	const hash = new Map<string, string>();
	for (let index = 0; index + 1 < lines.length; index += 2) {
		hash.set(lines[index]!, lines[index + 1]!);
	}

	return hash;
};

/** COUNTERS:<oid> fields SAI_PORT_STAT_PFC_<p>_RX_PKTS / _TX_PKTS (scripts/pfcstat). */
export const sonicPfcCounters = (hash: Map<string, string>): PfcPriorityCounters[] | undefined => {
	const counters = [0, 1, 2, 3, 4, 5, 6, 7].map(priority => ({
		priority,
		rxPause: Number(hash.get(`SAI_PORT_STAT_PFC_${priority}_RX_PKTS`)),
		txPause: Number(hash.get(`SAI_PORT_STAT_PFC_${priority}_TX_PKTS`)),
	}));
	return counters.every(entry => Number.isFinite(entry.rxPause) && Number.isFinite(entry.txPause)) ? counters : undefined;
};

const queueCell = z.union([z.string(), z.number()]);
const queueObject = z.object({totalpacket: queueCell, totalbytes: queueCell, droppacket: queueCell}).loose();
const queueJson = z.record(z.string(), z.record(z.string(), z.unknown()));

/** Per-port metadata keys queuestat prints beside the queues: "time" always, "cached_time" after `sonic-clear queuecounters`. */
const sonicQueueMetadata = new Set(['time', 'cached_time']);

const count = (value: string | number) => {
	const number = Number(String(value).replaceAll(',', ''));
	return Number.isFinite(number) ? number : 0;
};

/**
 * `show queue counters <if> --json` (scripts/queuestat):
 * `{"Ethernet0": {"UC0": {totalpacket, totalbytes, droppacket, dropbytes}, ..., "time": "2024-05-02T10:11:12.123456"}}`,
 * plus `"cached_time"` once the counters were cleared. Known metadata keys are skipped; any other key that is not a
 * queue object makes the whole answer unrecognized (undefined).
 */
export const parseSonicQueues = (json: unknown, port: string): QueueCounters[] | undefined => {
	const entry = queueJson.safeParse(json).data?.[port];
	if (entry === undefined) {
		return undefined;
	}

	const queues: QueueCounters[] = [];
	for (const [name, value] of Object.entries(entry)) {
		if (sonicQueueMetadata.has(name) && typeof value === 'string') {
			continue;
		}

		const queue = queueObject.safeParse(value).data;
		if (queue === undefined) {
			return undefined;
		}

		const index = /^UC(\d)$/.exec(name)?.[1];
		if (index !== undefined) {
			queues.push({queue: Number(index), txBytes: count(queue.totalbytes), txPackets: count(queue.totalpacket), drops: count(queue.droppacket)});
		}
	}

	return queues.sort((a, b) => a.queue - b.queue);
};

const table = z.record(z.string(), z.record(z.string(), z.string()));
const configDb = z.object({
	PORT_QOS_MAP: table.optional(),
	DOT1P_TO_TC_MAP: table.optional(),
	TC_TO_QUEUE_MAP: table.optional(),
	QUEUE: table.optional(),
	SCHEDULER: table.optional(),
}).loose();

export type SonicConfigDb = z.infer<typeof configDb>;

export const parseSonicConfigDb = (json: unknown): SonicConfigDb | undefined => configDb.safeParse(json).data;

/** Old CONFIG_DB references read "[SCHEDULER|scheduler.1]"; new ones "scheduler.1". */
const reference = (value: string | undefined) => value?.replace(/^\[[A-Z_]+\|(.*)\]$/, '$1');

const portQosMap = (db: SonicConfigDb, port: string) => {
	const entries = Object.entries(db.PORT_QOS_MAP ?? {});
	const own = entries.find(([key]) => key.split(',').includes(port))?.[1] ?? {};
	const global = db.PORT_QOS_MAP?.global ?? {};
	return {...global, ...own};
};

/** PORT_QOS_MAP: a dot1p_to_tc_map classifies by 802.1p, a dscp_to_tc_map (on the port or `global`) by DSCP. */
export const sonicTrust = (db: SonicConfigDb, port: string): Trust => {
	const map = portQosMap(db, port);
	const cos = map.dot1p_to_tc_map !== undefined;
	const dscp = map.dscp_to_tc_map !== undefined;
	return cos && dscp ? 'both' : cos ? 'cos' : dscp ? 'dscp' : 'none';
};

/** Expands QUEUE keys "Ethernet0|3", "Ethernet0,Ethernet4|3-4". */
const queueKeys = (key: string): Array<{port: string; queue: number}> => {
	const [ports = '', queues = ''] = key.split('|');
	return ports.split(',').flatMap(port => priorityList(queues).map(queue => ({port, queue})));
};

/**
 * ETS of a port from CONFIG_DB: priority → TC (the port's DOT1P_TO_TC_MAP; without one SONiC numbers TCs as
 * priorities), TC → queue (TC_TO_QUEUE_MAP), queue → SCHEDULER (DWRR/WRR weight or STRICT). Weights are shares
 * of the DWRR weights on the port.
 */
export const sonicEts = (db: SonicConfigDb, port: string): EtsClass[] => {
	const map = portQosMap(db, port);
	const dot1p = db.DOT1P_TO_TC_MAP?.[reference(map.dot1p_to_tc_map) ?? ''];
	const tcToQueue = db.TC_TO_QUEUE_MAP?.[reference(map.tc_to_queue_map) ?? ''];
	const queueOf = (priority: number) => {
		const tc = Number(dot1p?.[String(priority)] ?? priority);
		return Number(tcToQueue?.[String(tc)] ?? tc);
	};

	const schedulers = Object.entries(db.QUEUE ?? {}).flatMap(([key, value]) => queueKeys(key).filter(entry => entry.port === port).map(entry => ({
		queue: entry.queue, scheduler: db.SCHEDULER?.[reference(value.scheduler) ?? ''],
	}))).filter(entry => entry.scheduler !== undefined);
	const weighted = schedulers.filter(entry => entry.scheduler!.type !== 'STRICT');
	const totalWeight = weighted.reduce((sum, entry) => sum + Number(entry.scheduler!.weight ?? 0), 0);
	return schedulers.map(entry => ({
		trafficClass: entry.queue,
		priorities: [0, 1, 2, 3, 4, 5, 6, 7].filter(priority => queueOf(priority) === entry.queue),
		algorithm: entry.scheduler!.type === 'STRICT' ? 'strict' as const : 'ets' as const,
		bandwidthPercent: entry.scheduler!.type === 'STRICT' || totalWeight === 0 ? 0 : Math.round(Number(entry.scheduler!.weight ?? 0) * 100 / totalWeight),
	})).sort((a, b) => a.trafficClass - b.trafficClass);
};

/**
 * `show lldp neighbors <if>` (lldpctl):
 * ```
 * Interface:    Ethernet0, via: LLDP, RID: 1, Time: 0 day, 00:01:20
 *   Chassis:
 *     ChassisID:    mac 00:15:5d:00:00:10
 *     SysName:      hv01
 *   Port:
 *     PortID:       mac 00:15:5d:00:00:10
 *     PortDescr:    SLOT 3 Port 1
 * ```
 */
export const parseSonicLldp = (text: string, port: string): LldpNeighbor[] | undefined => {
	// lldpctl prints its "LLDP neighbors:" banner even with no neighbour; without it the text is something else.
	if (!/^LLDP neighbors:\s*$/m.test(text)) {
		return undefined;
	}

	const neighbors: LldpNeighbor[] = [];
	let current: LldpNeighbor | undefined;
	for (const line of text.split(/\r?\n/)) {
		const start = /^Interface:\s+([^,\s]+),/.exec(line);
		if (start) {
			current = start[1] === port ? {portId: ''} : undefined;
			if (current) {
				neighbors.push(current);
			}

			continue;
		}

		const field = /^\s+(ChassisID|SysName|PortID|PortDescr):\s+(.*)$/.exec(line);
		if (current && field) {
			const value = field[2]!.trim().replace(/^(mac|ifname|local|ip)\s+/, '');
			if (field[1] === 'ChassisID') {
				current.chassisId = value;
			} else if (field[1] === 'SysName') {
				current.systemName = value;
			} else if (field[1] === 'PortID') {
				current.portId = value;
			} else {
				current.portDescription = value;
			}
		}
	}

	return neighbors;
};
