// Parsers for NVIDIA Cumulus Linux NVUE `nv show ... -o json` answers. Pure; undefined when the JSON lacks what
// is asked. NVUE prints numbers as numbers and states as words ("up", "enabled", "dwrr").
import {z} from 'zod';
import type {DcbxState, EtsClass, LldpNeighbor, PfcPriorityCounters, PortStatus, QueueCounters, Trust} from '../switch.js';
import {speedGbps, withSpeed} from '../switch.js';

const link = z.object({'admin-status': z.string(), 'oper-status': z.string(), mtu: z.number(), speed: z.string().optional(), 'oper-status-reason': z.string().optional()}).loose();

/** `nv show interface <swp> link -o json`. */
export const parseNvueLink = (json: unknown, port: string): (PortStatus & {mtu: number}) | undefined => {
	const parsed = link.safeParse(json).data;
	if (parsed === undefined) {
		return undefined;
	}

	const admin = parsed['admin-status'] === 'up' ? 'up' : 'down';
	const oper = parsed['oper-status'] === 'up' ? 'up' : 'down';
	return {
		port, admin, oper, mtu: parsed.mtu,
		...(oper === 'down' ? {reason: parsed['oper-status-reason'] ?? (admin === 'down' ? 'admin down' : 'link down')} : {}),
		...withSpeed(speedGbps(parsed.speed)),
	};
};

/** `nv show interface <swp> qos pfc -o json`: the PFC profile bound to the port ({} when none is). */
export const parseNvuePortProfile = (json: unknown): string | undefined | null => {
	const parsed = z.object({profile: z.string().optional()}).loose().safeParse(json).data;
	return parsed === undefined ? null : parsed.profile;
};

const pfcProfile = z.object({rx: z.string(), tx: z.string(), 'switch-priority': z.record(z.string(), z.unknown()).optional()}).loose();

/**
 * `nv show qos pfc <profile> -o json`: rx/tx enabled and the lossless switch priorities. Cumulus does not take
 * PFC from DCBX: a port with a profile whose rx and tx are enabled runs PFC, forced.
 */
export const parseNvuePfcProfile = (json: unknown): {enabled: boolean; priorities: number[]} | undefined => {
	const parsed = pfcProfile.safeParse(json).data;
	if (parsed === undefined) {
		return undefined;
	}

	const priorities = Object.keys(parsed['switch-priority'] ?? {}).map(Number).filter(priority => Number.isInteger(priority) && priority >= 0 && priority <= 7).sort((a, b) => a - b);
	return {enabled: parsed.rx === 'enabled' && parsed.tx === 'enabled', priorities};
};

const pfcStats = z.record(z.string(), z.object({'rx-pause-frames': z.number(), 'tx-pause-frames': z.number()}).loose());

/** `nv show interface <swp> counters qos pfc-stats -o json`, keyed by switch priority. */
export const parseNvuePfcStats = (json: unknown): PfcPriorityCounters[] | undefined => {
	const parsed = pfcStats.safeParse(json).data;
	return parsed === undefined ? undefined : Object.entries(parsed).map(([priority, stats]) => ({priority: Number(priority), rxPause: stats['rx-pause-frames'], txPause: stats['tx-pause-frames']})).sort((a, b) => Number(a.priority) - Number(b.priority));
};

const scheduler = z.object({'traffic-class': z.record(z.string(), z.object({mode: z.string(), 'bw-percent': z.number().optional()}).loose())}).loose();
const queueMapping = z.object({'switch-priority': z.record(z.string(), z.object({'traffic-class': z.number()}).loose())}).loose();

/** `nv show qos egress-scheduler <profile> -o json` with `nv show qos egress-queue-mapping <profile> -o json`. */
export const nvueEts = (schedulerJson: unknown, mappingJson: unknown): EtsClass[] | undefined => {
	const classes = scheduler.safeParse(schedulerJson).data;
	const mapping = queueMapping.safeParse(mappingJson).data;
	if (classes === undefined || mapping === undefined) {
		return undefined;
	}

	return Object.entries(classes['traffic-class']).map(([tc, entry]) => ({
		trafficClass: Number(tc),
		priorities: Object.entries(mapping['switch-priority']).filter(([, value]) => value['traffic-class'] === Number(tc)).map(([priority]) => Number(priority)).sort((a, b) => a - b),
		algorithm: entry.mode === 'strict' ? 'strict' as const : 'ets' as const,
		bandwidthPercent: entry.mode === 'strict' ? 0 : entry['bw-percent'] ?? 0,
	})).sort((a, b) => a.trafficClass - b.trafficClass);
};

/** `nv show qos mapping <profile> -o json`: trust l2 (PCP), l3 (DSCP), both or port (none). */
export const parseNvueTrust = (json: unknown): Trust | undefined => {
	const trust = z.object({trust: z.string()}).loose().safeParse(json).data?.trust;
	return trust === undefined ? undefined : trust === 'l2' ? 'cos' : trust === 'l3' ? 'dscp' : trust === 'both' ? 'both' : 'none';
};

const egressStats = z.record(z.string(), z.object({'tx-frames': z.number(), 'tx-bytes': z.number(), 'tx-uc-buffer-discards': z.number().optional(), 'wred-discards': z.number().optional()}).loose());

/** `nv show interface <swp> counters qos egress-queue-stats -o json`, keyed by traffic class. */
export const parseNvueQueues = (json: unknown): QueueCounters[] | undefined => {
	const parsed = egressStats.safeParse(json).data;
	return parsed === undefined ? undefined : Object.entries(parsed).map(([tc, stats]) => ({
		queue: Number(tc), txBytes: stats['tx-bytes'], txPackets: stats['tx-frames'], drops: (stats['tx-uc-buffer-discards'] ?? 0) + (stats['wred-discards'] ?? 0),
	})).sort((a, b) => a.queue - b.queue);
};

const lldp = z.object({
	'dcbx-ets-config-tlv': z.string().optional(),
	'dcbx-ets-recomm-tlv': z.string().optional(),
	'dcbx-pfc-tlv': z.string().optional(),
	neighbor: z.record(z.string(), z.object({
		chassis: z.object({'chassis-id': z.string().optional(), 'system-name': z.string().optional()}).loose().optional(),
		port: z.object({name: z.string().optional(), description: z.string().optional()}).loose().optional(),
	}).loose()).optional(),
}).loose();

/** `nv show interface <swp> lldp -o json`: neighbours, and whether the port sends DCBX TLVs. */
export const parseNvueLldp = (json: unknown): {neighbors: LldpNeighbor[]; dcbx: DcbxState} | undefined => {
	const parsed = lldp.safeParse(json).data;
	if (parsed === undefined) {
		return undefined;
	}

	const neighbors = Object.entries(parsed.neighbor ?? {}).map(([key, entry]) => ({
		portId: entry.port?.name ?? key,
		...(entry.chassis?.['system-name'] ? {systemName: entry.chassis['system-name']} : {}),
		...(entry.port?.description ? {portDescription: entry.port.description} : {}),
		...(entry.chassis?.['chassis-id'] ? {chassisId: entry.chassis['chassis-id']} : {}),
	}));
	const enabled = [parsed['dcbx-ets-config-tlv'], parsed['dcbx-ets-recomm-tlv'], parsed['dcbx-pfc-tlv']].includes('on');
	// Cumulus advertises its DCB settings but never takes a peer's: it is not willing.
	return {neighbors, dcbx: enabled ? {enabled, version: 'ieee', willing: false} : {enabled}};
};
