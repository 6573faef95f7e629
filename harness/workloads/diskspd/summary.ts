// Totals and per-target series computed from a parsed diskspd result timespan.

import type {DiskspdBucket, DiskspdLatencyStats, DiskspdTargetResult, DiskspdTimeSpan} from './types.js';

/** diskspd's throughput unit: its text output's `MiB/s` column divides bytes per second by 1048576. */
export const bytesPerMiB = 1_048_576;

/** I/O count, bytes and the rates over the measured time of one direction (read, write or both). */
export interface DiskspdIoRates {
	ios: bigint;
	bytes: bigint;
	iops: number;
	/** bytes per second / 1048576, diskspd's `MiB/s` */
	mibPerSec: number;
}

export interface DiskspdDirections<T> {
	read: T;
	write: T;
	total: T;
}

// An <Error> timespan has no measured time; rates are zero then, never NaN.
export const ioRates = (ios: bigint, bytes: bigint, seconds: number): DiskspdIoRates => ({
	ios,
	bytes,
	iops: seconds > 0 ? Number(ios) / seconds : 0,
	mibPerSec: seconds > 0 ? Number(bytes) / seconds / bytesPerMiB : 0,
});

/**
 * Counts of one thread × target result by direction, as diskspd's Read IO / Write IO / Total IO tables print
 * them. Total is diskspd's own IOCount / BytesCount (which diskspd computes as reads + writes).
 */
export const targetRates = (target: DiskspdTargetResult, seconds: number): DiskspdDirections<DiskspdIoRates> => ({
	read: ioRates(target.readCount, target.readBytes, seconds),
	write: ioRates(target.writeCount, target.writeBytes, seconds),
	total: ioRates(target.ioCount, target.bytesCount, seconds),
});

/** Sum of counts by direction over several thread × target results (a target's threads, or the whole timespan). */
export const sumRates = (targets: DiskspdTargetResult[], seconds: number): DiskspdDirections<DiskspdIoRates> => {
	const add = (pick: (target: DiskspdTargetResult) => bigint) => targets.reduce((total, target) => total + pick(target), 0n);
	return {
		read: ioRates(add(target => target.readCount), add(target => target.readBytes), seconds),
		write: ioRates(add(target => target.writeCount), add(target => target.writeBytes), seconds),
		total: ioRates(add(target => target.ioCount), add(target => target.bytesCount), seconds),
	};
};

/** Sum of per-thread per-target bucket IOPS, per target path, aligned by endMs (the `-D` series per target). */
export function targetSeries(timeSpan: DiskspdTimeSpan): Map<string, DiskspdBucket[]> {
	const byPath = new Map<string, Map<number, DiskspdBucket[]>>();
	for (const thread of timeSpan.threads) {
		for (const target of thread.targets) {
			if (target.iops === undefined) {
				continue;
			}

			const byEnd = byPath.get(target.path) ?? new Map<number, DiskspdBucket[]>();
			byPath.set(target.path, byEnd);
			for (const bucket of target.iops.buckets) {
				byEnd.set(bucket.endMs, [...byEnd.get(bucket.endMs) ?? [], bucket]);
			}
		}
	}

	const series = new Map<string, DiskspdBucket[]>();
	for (const [path, byEnd] of byPath) {
		series.set(path, [...byEnd].sort(([a], [b]) => a - b).map(([, parts]) => mergeBuckets(parts)));
	}

	return series;
}

/** mbPerSec is decimal (bytes / 1e6); `rdmalab inspect` reports diskspd's MiB/s through ioRates instead. */
export function summarizeTimeSpan(ts: DiskspdTimeSpan): {totalBytes: bigint; totalIos: bigint; readBytes: bigint; writeBytes: bigint; iops: number; mbPerSec: number} {
	let totalBytes = 0n;
	let totalIos = 0n;
	let readBytes = 0n;
	let writeBytes = 0n;
	for (const thread of ts.threads) {
		for (const target of thread.targets) {
			totalBytes += target.bytesCount;
			totalIos += target.ioCount;
			readBytes += target.readBytes;
			writeBytes += target.writeBytes;
		}
	}

	// An <Error> timespan has no measured time; report zero rates rather than NaN.
	const seconds = ts.testTimeSeconds;
	return {
		totalBytes,
		totalIos,
		readBytes,
		writeBytes,
		iops: seconds > 0 ? Number(totalIos) / seconds : 0,
		mbPerSec: seconds > 0 ? Number(totalBytes) / seconds / 1e6 : 0,
	};
}

function mergeBuckets(parts: DiskspdBucket[]): DiskspdBucket {
	const [first] = parts;
	if (parts.length === 1 && first !== undefined) {
		return first;
	}

	const bucket: DiskspdBucket = {
		endMs: first?.endMs ?? 0,
		readIops: sum(parts.map(part => part.readIops)),
		writeIops: sum(parts.map(part => part.writeIops)),
		totalIops: sum(parts.map(part => part.totalIops)),
	};
	const read = mergeStats(parts.map(part => [part.readIops, part.read]));
	const write = mergeStats(parts.map(part => [part.writeIops, part.write]));
	return {...bucket, ...read && {read}, ...write && {write}};
}

// Pools per-thread latency stats, weighting each by its I/O rate (the counts are rate × bucket length).
function mergeStats(parts: [number, DiskspdLatencyStats | undefined][]): DiskspdLatencyStats | undefined {
	const measured = parts.filter((part): part is [number, DiskspdLatencyStats] => part[1] !== undefined);
	const [only] = measured;
	if (measured.length <= 1) {
		return only?.[1];
	}

	// Stats without I/O behind them (rate 0 everywhere) still count, equally.
	const unweighted = measured.every(([weight]) => weight === 0);
	const weighted = measured.map(([weight, stats]) => [unweighted ? 1 : weight, stats] as const);
	const total = sum(weighted.map(([weight]) => weight));
	const avgMs = sum(weighted.map(([weight, stats]) => weight * stats.avgMs)) / total;
	const variance = sum(weighted.map(([weight, stats]) => weight * (stats.stdDevMs ** 2 + (stats.avgMs - avgMs) ** 2))) / total;
	return {
		minMs: Math.min(...measured.map(([, stats]) => stats.minMs)),
		maxMs: Math.max(...measured.map(([, stats]) => stats.maxMs)),
		avgMs,
		stdDevMs: Math.sqrt(variance),
	};
}

function sum(values: number[]): number {
	return values.reduce((total, value) => total + value, 0);
}
