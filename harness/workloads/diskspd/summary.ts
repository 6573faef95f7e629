// Totals and per-target series computed from a parsed diskspd result timespan.

import type {DiskspdBucket, DiskspdLatencyStats, DiskspdTimeSpan} from './types.js';

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
