// Counters that show traffic through an rNIC. RDMA traffic bypasses the host network stack, so it appears under
// RDMA Activity (instance = InterfaceDescription as is) and not under Network Adapter (instance mangled); TCP
// traffic, including SMB's fallback when RDMA is unavailable, appears under Network Adapter only. The rNIC's
// throughput is the sum of both.
import type {RigRnic} from '../rig/schema.js';
import type {CounterCapture} from '../run/run-data.js';
import {formatCounterPath, networkAdapterInstance, parseCounterPath, sameCounter, type CounterPath} from './counter-path.js';

export const rnicCounters = (rnic: RigRnic) => ({
	rdmaIn: {object: 'RDMA Activity', instance: rnic.interfaceDescription, counter: 'RDMA Inbound Bytes/sec'},
	rdmaOut: {object: 'RDMA Activity', instance: rnic.interfaceDescription, counter: 'RDMA Outbound Bytes/sec'},
	tcp: {object: 'Network Adapter', instance: networkAdapterInstance(rnic.interfaceDescription), counter: 'Bytes Total/sec'},
}) satisfies Record<string, CounterPath>;

export const rnicCounterPaths = (rnic: RigRnic): string[] => Object.values(rnicCounters(rnic)).map(formatCounterPath);

/**
 * The RDMA Activity counters of an rNIC that count trouble: raw counts since the adapter started, not rates, so a
 * healthy rNIC's stay flat while it works and any rise is an error.
 */
export const rnicErrorCounters = (rnic: RigRnic) => ({
	failedConnectionAttempts: {object: 'RDMA Activity', instance: rnic.interfaceDescription, counter: 'RDMA Failed Connection Attempts'},
	connectionErrors: {object: 'RDMA Activity', instance: rnic.interfaceDescription, counter: 'RDMA Connection Errors'},
	completionQueueErrors: {object: 'RDMA Activity', instance: rnic.interfaceDescription, counter: 'RDMA Completion Queue Errors'},
}) satisfies Record<string, CounterPath>;

/** Index of a counter among a capture's columns, or -1. */
export const columnOf = (capture: CounterCapture, wanted: CounterPath): number =>
	capture.columns.findIndex(column => {
		try {
			return sameCounter(parseCounterPath(column), wanted);
		} catch {
			return false;
		}
	});

/**
 * One counter's samples, scaled (bytes to MB: 1e-6); undefined when the capture has no such column. A sample the
 * node left blank stays null: missing, never zero.
 */
export const counterSeries = (capture: CounterCapture, wanted: CounterPath, scale = 1): Array<{t: number; v: number | null}> | undefined => {
	const column = columnOf(capture, wanted);
	if (column === -1) {
		return undefined;
	}

	return capture.samples.map(sample => {
		const value = sample.values[column] ?? null;
		return {t: sample.t, v: value === null ? null : value * scale};
	});
};

export interface ThroughputPoint {
	t: number;
	/** MB/s over RDMA and TCP together; null when a counter the node reports had no value in this sample. */
	v: number | null;
	rdma: number | null;
	tcp: number | null;
}

/**
 * Throughput through an rNIC, MB/s, one point per sample. A counter the node does not report at all is the
 * caller's business (it is listed as missing); one it reports but left blank (`" "`, as PDH prints when an
 * instance disappears or a sample fails) makes the point missing: never a zero.
 */
export const rnicThroughput = (capture: CounterCapture, rnic: RigRnic): ThroughputPoint[] => {
	const counters = rnicCounters(rnic);
	const rdmaColumns = [counters.rdmaIn, counters.rdmaOut].map(counter => columnOf(capture, counter)).filter(index => index !== -1);
	const tcpColumns = [counters.tcp].map(counter => columnOf(capture, counter)).filter(index => index !== -1);
	// Sums the columns a sample has; null as soon as one of them has no value.
	const total = (values: Array<number | null>, columns: number[]) => columns.reduce<number | null>((sum, index) => {
		const value = values[index] ?? null;
		return sum === null || value === null ? null : sum + (value / 1e6);
	}, 0);
	if (rdmaColumns.length + tcpColumns.length === 0) {
		return [];
	}

	return capture.samples.map(sample => {
		const rdma = total(sample.values, rdmaColumns);
		const tcp = total(sample.values, tcpColumns);
		return {t: sample.t, v: rdma === null || tcp === null ? null : rdma + tcp, rdma, tcp};
	});
};
