// Parsers for Arista EOS outputs: `| json` where EOS has it, the text of `show qos interfaces` and `show qos maps`
// (their trust mode, tx-queue bandwidth and CoS maps). Pure; undefined when the output lacks what is asked.
import {z} from 'zod';
import type {EtsClass, LldpNeighbor, PfcPriorityCounters, PfcState, PortStatus, QueueCounters, Trust} from '../switch.js';
import {priorityList, withSpeed} from '../switch.js';

const statusEntry = z.object({linkStatus: z.string(), lineProtocolStatus: z.string().optional(), bandwidth: z.number().optional()}).loose();
const statusJson = z.object({interfaceStatuses: z.record(z.string(), statusEntry)});

/** `show interfaces <if> status | json`: linkStatus connected / notconnect / disabled (admin down) / errdisabled. */
export const parseEosStatus = (json: unknown, port: string): PortStatus | undefined => {
	const entry = statusJson.safeParse(json).data?.interfaceStatuses[port];
	if (entry === undefined) {
		return undefined;
	}

	const admin = entry.linkStatus === 'disabled' ? 'down' : 'up';
	const oper = entry.linkStatus === 'connected' ? 'up' : 'down';
	return {
		port, admin, oper,
		...(oper === 'down' ? {reason: entry.linkStatus} : {}),
		...withSpeed(entry.bandwidth === undefined || entry.bandwidth <= 0 ? undefined : entry.bandwidth / 1e9),
	};
};

const interfaceJson = z.object({interfaces: z.record(z.string(), z.object({mtu: z.number(), l2Mtu: z.number().optional()}).loose())});

/** `show interfaces <if> | json`: l2Mtu is the frame limit when set (0 = the hardware maximum), else mtu. */
export const parseEosMtu = (json: unknown, port: string): number | undefined => {
	const entry = interfaceJson.safeParse(json).data?.interfaces[port];
	if (entry === undefined) {
		return undefined;
	}

	return entry.l2Mtu !== undefined && entry.l2Mtu > 0 ? entry.l2Mtu : entry.mtu;
};

const pfcStatusJson = z.object({
	interfaceStatuses: z.record(z.string(), z.object({enabled: z.boolean(), active: z.boolean(), priorities: z.array(z.number()).optional()}).loose()),
	priorities: z.array(z.number()).optional(),
}).loose();

/**
 * `show priority-flow-control interfaces <if> status | json`. EOS has no DCBX-negotiated PFC: a port runs PFC
 * because `priority-flow-control on` is configured (forced) or not at all.
 */
export const parseEosPfc = (json: unknown, port: string): PfcState | undefined => {
	const parsed = pfcStatusJson.safeParse(json).data;
	const entry = parsed?.interfaceStatuses[port];
	if (parsed === undefined || entry === undefined) {
		return undefined;
	}

	return {mode: entry.enabled ? 'on' : 'off', oper: entry.enabled && entry.active, priorities: (entry.priorities ?? parsed.priorities ?? []).toSorted((a, b) => a - b)};
};

const pfcCountersJson = z.object({interfaceCounters: z.record(z.string(), z.object({rxFrames: z.number(), txFrames: z.number()}).loose())});

/** `show priority-flow-control interfaces <if> counters | json`: per-port totals (RxPfc / TxPfc). */
export const parseEosPfcCounters = (json: unknown, port: string): PfcPriorityCounters[] | undefined => {
	const entry = pfcCountersJson.safeParse(json).data?.interfaceCounters[port];
	return entry === undefined ? undefined : [{priority: 'all', rxPause: entry.rxFrames, txPause: entry.txFrames}];
};

export interface EosQosInterface {
	trust: Trust;
	queues: Array<{queue: number; bandwidthPercent: number; strict: boolean}>;
}

/**
 * `show qos interfaces <if>`:
 * ```
 * Ethernet1:
 *    Trust Mode: COS
 *    ...
 *    Tx    Bandwidth  Shape Rate     Priority   ECN/WRED
 *    Queue (percent)  (units)
 *    ------------------------------------------------------------
 *    7     1 / 1      -   / -  ( - ) RR / RR    D
 *    3     50 / 50    -   / -  ( - ) RR / RR    E
 * ```
 * Bandwidth and priority columns are "configured / operational"; the operational value counts.
 */
export const parseEosQosInterface = (text: string): EosQosInterface | undefined => {
	const trustText = /Trust Mode:\s*(\S+)/i.exec(text)?.[1]?.toUpperCase();
	if (trustText === undefined) {
		return undefined;
	}

	const trust: Trust = trustText === 'COS' ? 'cos' : trustText === 'DSCP' ? 'dscp' : trustText === 'COS-DSCP' || trustText === 'BOTH' ? 'both' : 'none';
	const queues = text.split(/\r?\n/).flatMap(line => {
		const match = /^\s+(\d)\s+(\d+|-)\s*\/\s*(\d+|-)\s+.*?\b(SP|RR)\s*\/\s*(SP|RR)\b/.exec(line);
		return match ? [{queue: Number(match[1]), bandwidthPercent: match[3] === '-' ? 0 : Number(match[3]), strict: match[5] === 'SP'}] : [];
	});
	return {trust, queues};
};

/** One row of `show qos maps`: the line after a `<from>:` header row, e.g. "cos: 0 1 ..." then "tc: 1 0 ...". */
const mapRows = (text: string, heading: RegExp, fromLabel: string, toLabel: string): Map<number, number> | undefined => {
	const lines = text.split(/\r?\n/);
	const start = lines.findIndex(line => heading.test(line));
	if (start < 0) {
		return undefined;
	}

	const from = lines.slice(start + 1, start + 4).find(line => new RegExp(`^\\s*${fromLabel}:`).test(line));
	const to = lines.slice(start + 1, start + 5).find(line => new RegExp(`^\\s*${toLabel}:`).test(line));
	if (from === undefined || to === undefined) {
		return undefined;
	}

	const keys = from.split(':')[1]!.trim().split(/\s+/).map(Number);
	const values = to.split(':')[1]!.trim().split(/\s+/).map(Number);
	return new Map(keys.map((key, index) => [key, values[index]!]));
};

/** `show qos maps`: CoS → traffic class → tx-queue. */
export const parseEosQosMaps = (text: string): {cosToTc: Map<number, number>; tcToQueue: Map<number, number>} | undefined => {
	const cosToTc = mapRows(text, /^\s*Cos-tc map:/i, 'cos', 'tc');
	const tcToQueue = mapRows(text, /^\s*Tc - tx-queue map:/i, 'tc', 'tx-queue');
	return cosToTc === undefined || tcToQueue === undefined ? undefined : {cosToTc, tcToQueue};
};

export const eosEts = (qos: EosQosInterface, maps: NonNullable<ReturnType<typeof parseEosQosMaps>>): EtsClass[] => qos.queues.map(queue => ({
	trafficClass: queue.queue,
	priorities: [...maps.cosToTc].filter(([, tc]) => maps.tcToQueue.get(tc) === queue.queue).map(([cos]) => cos).sort((a, b) => a - b),
	algorithm: queue.strict ? 'strict' as const : 'ets' as const,
	bandwidthPercent: queue.strict ? 0 : queue.bandwidthPercent,
})).sort((a, b) => a.trafficClass - b.trafficClass);

const queueEntry = z.object({enqueuedPackets: z.number(), enqueuedBytes: z.number(), droppedPackets: z.number()}).loose();
const egressJson = z.object({egressQueueCounters: z.object({interfaces: z.record(z.string(), z.object({ucastQueues: z.record(z.string(), queueEntry)}).loose())})});
const voqJson = z.object({ingressVoqCounters: z.object({interfaces: z.record(z.string(), z.object({trafficClasses: z.record(z.string(), queueEntry)}).loose())})});

const queuesOf = (entries: Record<string, z.infer<typeof queueEntry>>, name: RegExp): QueueCounters[] => Object.entries(entries).flatMap(([key, queue]) => {
	const index = name.exec(key)?.[1];
	return index === undefined ? [] : [{queue: Number(index), txBytes: queue.enqueuedBytes, txPackets: queue.enqueuedPackets, drops: queue.droppedPackets}];
}).sort((a, b) => a.queue - b.queue);

/**
 * `show interfaces <if> counters queue | json`. Trident/Tomahawk platforms (7050X, 7060X ...) answer
 * `egressQueueCounters` with unicast queues UC0..UC7. Jericho platforms (7280R, 7500R), which queue on ingress in
 * virtual output queues, answer `ingressVoqCounters` with `trafficClasses` TC0..TC7: the traffic queued toward this
 * port per traffic class, which is read as queue <tc> (EOS maps traffic class n to tx-queue n unless `show qos maps`
 * says otherwise). Undefined for any other shape.
 */
export const parseEosQueues = (json: unknown, port: string): QueueCounters[] | undefined => {
	const egress = egressJson.safeParse(json).data?.egressQueueCounters.interfaces[port];
	if (egress !== undefined) {
		return queuesOf(egress.ucastQueues, /^UC(\d)$/);
	}

	const voq = voqJson.safeParse(json).data?.ingressVoqCounters.interfaces[port];
	return voq === undefined ? undefined : queuesOf(voq.trafficClasses, /^TC(\d)$/);
};

const lldpInfo = z.object({
	chassisId: z.string().optional(),
	systemName: z.string().optional(),
	neighborInterfaceInfo: z.object({interfaceId_v2: z.string().optional(), interfaceId: z.string().optional(), interfaceDescription: z.string().optional()}).loose(),
}).loose();
const lldpJson = z.object({lldpNeighbors: z.record(z.string(), z.object({lldpNeighborInfo: z.array(lldpInfo)}).loose())});

/** `show lldp neighbors <if> detail | json`. */
export const parseEosLldp = (json: unknown, port: string): LldpNeighbor[] | undefined => {
	const parsed = lldpJson.safeParse(json).data;
	if (parsed === undefined) {
		return undefined;
	}

	return (parsed.lldpNeighbors[port]?.lldpNeighborInfo ?? []).map(info => ({
		portId: info.neighborInterfaceInfo.interfaceId_v2 ?? info.neighborInterfaceInfo.interfaceId?.replaceAll('"', '') ?? '',
		...(info.systemName ? {systemName: info.systemName} : {}),
		...(info.neighborInterfaceInfo.interfaceDescription ? {portDescription: info.neighborInterfaceInfo.interfaceDescription} : {}),
		...(info.chassisId ? {chassisId: info.chassisId} : {}),
	}));
};

/**
 * `show dcbx <if>`: "IEEE DCBX is enabled and active" / "DCBX is disabled". EOS never takes a peer's settings.
 * Undefined when the output says neither: unrecognized text is not "DCBX off".
 */
export const parseEosDcbx = (text: string): {enabled: boolean; version?: string; willing?: boolean} | undefined => {
	const match = /(IEEE|CEE)?\s*DCBX is (enabled|disabled)/i.exec(text);
	if (!match) {
		return undefined;
	}

	return match[2]!.toLowerCase() === 'enabled' ? {enabled: true, ...(match[1] ? {version: match[1].toLowerCase()} : {}), willing: false} : {enabled: false};
};

export {priorityList};
