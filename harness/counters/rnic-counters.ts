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

/** Index of a counter among a capture's columns, or -1. */
export const columnOf = (capture: CounterCapture, wanted: CounterPath): number =>
	capture.columns.findIndex(column => {
		try {
			return sameCounter(parseCounterPath(column), wanted);
		} catch {
			return false;
		}
	});

export interface ThroughputPoint {
	t: number;
	/** MB/s over RDMA and TCP together. */
	v: number;
	rdma: number;
	tcp: number;
}

/** Throughput through an rNIC, MB/s; samples where none of its counters had a value are left out. */
export const rnicThroughput = (capture: CounterCapture, rnic: RigRnic): ThroughputPoint[] => {
	const counters = rnicCounters(rnic);
	const [rdmaIn, rdmaOut, tcp] = [counters.rdmaIn, counters.rdmaOut, counters.tcp].map(counter => columnOf(capture, counter));
	const at = (values: Array<number | null>, index: number) => (index === -1 ? null : values[index] ?? null);
	return capture.samples.flatMap(sample => {
		const parts = [at(sample.values, rdmaIn!), at(sample.values, rdmaOut!), at(sample.values, tcp!)];
		if (parts.every(part => part === null)) {
			return [];
		}

		const rdma = ((parts[0] ?? 0) + (parts[1] ?? 0)) / 1e6;
		const tcpMBps = (parts[2] ?? 0) / 1e6;
		return [{t: sample.t, v: rdma + tcpMBps, rdma, tcp: tcpMBps}];
	});
};
