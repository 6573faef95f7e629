// The summary `rdmalab inspect` prints for a diskspd -Rxml result: what ran, for how long, what it achieved.
// Reads and writes are reported apart, per target and in total, as diskspd's own Read IO / Write IO / Total IO
// tables do; throughput is diskspd's MiB/s (bytes per second / 1048576), named as such.
import {
	ioRates, sumRates, summarizeTimeSpan, targetRates,
	type DiskspdDirections, type DiskspdIoRates, type DiskspdResult, type DiskspdTargetResult, type DiskspdTimeSpan,
} from '../workloads/diskspd/xml.js';

/** One direction (read, write or total) of a row: counts as exact decimal strings, rates per second. */
export interface DiskspdIoSummary {
	ios: string;
	bytes: string;
	iops: number;
	/** bytes per second / 1048576 (diskspd's MiB/s) */
	mibPerSec: number;
	/** -L: the average latency and its standard deviation, ms; absent without -L or without I/O in this direction. */
	averageLatencyMs?: number;
	latencyStdDevMs?: number;
	/** -D: standard deviation of the per-bucket IOPS, when diskspd printed it for this row. */
	iopsStdDev?: number;
}

export type DiskspdIoDirections = DiskspdDirections<DiskspdIoSummary>;

export interface DiskspdTargetSummary extends DiskspdIoDirections {
	path: string;
	/** One entry per thread that ran against this target, as diskspd's per-thread rows. */
	threads: Array<{id: number} & DiskspdIoDirections>;
}

export interface DiskspdTimeSpanSummary extends DiskspdIoDirections {
	testTimeS: number;
	threads: number;
	/** The same as total.iops, total.ios and total.bytes (kept for tools that read them). */
	iops: number;
	totalIos: string;
	totalBytes: string;
	/** The same as total.mibPerSec. */
	mibPerSec: number;
	/** Per target path, summed over its threads. */
	targets: DiskspdTargetSummary[];
	/** `-D` buckets of the aggregate IOPS series (or of the first target's, when only per-target series exist). */
	iopsBuckets: number;
	/** Latency histogram buckets (2.2's <Latency> attributes), when printed. */
	histogramBuckets?: number;
	averageLatencyMs?: number;
	/** Every percentile diskspd printed (-L), per direction, ms; a direction without I/O has no value. */
	percentiles: Array<{percentile: number; readMs?: number; writeMs?: number; totalMs?: number}>;
	error?: string;
}

export interface DiskspdSummary {
	kind: 'diskspd';
	version: string;
	computerName: string;
	/** Measured seconds requested (-d), warm-up and cool-down, from the profile. */
	durationS?: number;
	warmupS?: number;
	cooldownS?: number;
	targets: Array<{path: string; blockSize: number; writePercent: number; random: boolean; outstanding: number; threadsPerFile: number; fileSize?: string}>;
	timeSpans: DiskspdTimeSpanSummary[];
}

const bucketCount = (ts: DiskspdTimeSpan): number => ts.iops?.buckets.length
	?? ts.threads.flatMap(thread => thread.targets).find(target => target.iops !== undefined)?.iops?.buckets.length ?? 0;

interface Extras {
	averageLatencyMs?: number;
	latencyStdDevMs?: number;
	iopsStdDev?: number;
}

const ioSummary = (rates: DiskspdIoRates, extras: Extras): DiskspdIoSummary => ({
	ios: rates.ios.toString(),
	bytes: rates.bytes.toString(),
	iops: rates.iops,
	mibPerSec: rates.mibPerSec,
	...(extras.averageLatencyMs === undefined ? {} : {averageLatencyMs: extras.averageLatencyMs}),
	...(extras.latencyStdDevMs === undefined ? {} : {latencyStdDevMs: extras.latencyStdDevMs}),
	...(extras.iopsStdDev === undefined ? {} : {iopsStdDev: extras.iopsStdDev}),
});

const directions = (rates: DiskspdDirections<DiskspdIoRates>, extras: DiskspdDirections<Extras>): DiskspdIoDirections => ({
	read: ioSummary(rates.read, extras.read),
	write: ioSummary(rates.write, extras.write),
	total: ioSummary(rates.total, extras.total),
});

// What one thread × target result printed beside its counts, by direction.
const threadExtras = (target: DiskspdTargetResult): DiskspdDirections<Extras> => ({
	read: {averageLatencyMs: target.averageReadLatencyMs, latencyStdDevMs: target.readLatencyStdDevMs, iopsStdDev: target.iops?.readStdDev},
	write: {averageLatencyMs: target.averageWriteLatencyMs, latencyStdDevMs: target.writeLatencyStdDevMs, iopsStdDev: target.iops?.writeStdDev},
	total: {averageLatencyMs: target.averageLatencyMs, latencyStdDevMs: target.latencyStdDevMs, iopsStdDev: target.iops?.stdDev},
});

// Several threads on one target: the I/O-weighted mean of their averages and the pooled standard deviation
// (exact for the printed values). Per-bucket IOPS deviations do not add up, so a target of several threads has none.
const pooled = (parts: Array<[bigint, Extras]>): Extras => {
	const [only] = parts;
	if (parts.length === 1 && only !== undefined) {
		return only[1];
	}

	const withIo = parts.filter(([count]) => count > 0n);
	const measured = withIo.flatMap(([count, extras]) => (extras.averageLatencyMs === undefined || extras.latencyStdDevMs === undefined
		? [] : [{weight: Number(count), averageMs: extras.averageLatencyMs, stdDevMs: extras.latencyStdDevMs}]));
	if (measured.length === 0 || measured.length !== withIo.length) {
		return {};
	}

	const weight = measured.reduce((total, part) => total + part.weight, 0);
	const averageLatencyMs = measured.reduce((total, part) => total + (part.weight * part.averageMs), 0) / weight;
	const variance = measured.reduce((total, part) => total + (part.weight * ((part.stdDevMs ** 2) + ((part.averageMs - averageLatencyMs) ** 2))), 0) / weight;
	return {averageLatencyMs, latencyStdDevMs: Math.sqrt(variance)};
};

const summarizeTargets = (ts: DiskspdTimeSpan): DiskspdTargetSummary[] => {
	const seconds = ts.testTimeSeconds;
	const byPath = new Map<string, Array<{id: number; target: DiskspdTargetResult; extras: DiskspdDirections<Extras>}>>();
	for (const thread of ts.threads) {
		for (const target of thread.targets) {
			byPath.set(target.path, [...byPath.get(target.path) ?? [], {id: thread.id, target, extras: threadExtras(target)}]);
		}
	}

	return [...byPath].map(([path, runs]) => ({
		path,
		...directions(sumRates(runs.map(run => run.target), seconds), {
			read: pooled(runs.map(run => [run.target.readCount, run.extras.read])),
			write: pooled(runs.map(run => [run.target.writeCount, run.extras.write])),
			total: pooled(runs.map(run => [run.target.ioCount, run.extras.total])),
		}),
		threads: runs.map(run => ({id: run.id, ...directions(targetRates(run.target, seconds), run.extras)})),
	}));
};

export const summarizeDiskspd = (result: DiskspdResult): DiskspdSummary => {
	const profile = result.profile[0];
	return {
		kind: 'diskspd',
		version: result.toolVersion,
		computerName: result.computerName,
		...(profile ? {durationS: profile.durationS, warmupS: profile.warmupS, cooldownS: profile.cooldownS} : {}),
		targets: result.profile.flatMap(span => span.targets).map(target => ({
			path: target.path, blockSize: target.blockSize, writePercent: target.writeRatio, random: target.random !== undefined,
			outstanding: target.requestCount, threadsPerFile: target.threadsPerFile, ...(target.fileSize === undefined ? {} : {fileSize: target.fileSize.toString()}),
		})),
		timeSpans: result.timeSpans.map(ts => {
			const totals = summarizeTimeSpan(ts);
			const total = ioRates(totals.totalIos, totals.totalBytes, ts.testTimeSeconds);
			const rates = sumRates(ts.threads.flatMap(thread => thread.targets), ts.testTimeSeconds);
			const {latency, iops} = ts;
			return {
				testTimeS: ts.testTimeSeconds,
				threads: ts.threadCount,
				iops: total.iops,
				totalIos: total.ios.toString(),
				totalBytes: total.bytes.toString(),
				mibPerSec: total.mibPerSec,
				// The timespan's own <Latency> and <Iops> aggregates, as diskspd's total: rows print them.
				...directions(rates, {
					read: {averageLatencyMs: latency?.averageReadMs, latencyStdDevMs: latency?.readStdDevMs, iopsStdDev: iops?.readStdDev},
					write: {averageLatencyMs: latency?.averageWriteMs, latencyStdDevMs: latency?.writeStdDevMs, iopsStdDev: iops?.writeStdDev},
					total: {averageLatencyMs: latency?.averageTotalMs, latencyStdDevMs: latency?.totalStdDevMs, iopsStdDev: iops?.stdDev},
				}),
				targets: summarizeTargets(ts),
				iopsBuckets: bucketCount(ts),
				...(latency?.histoBuckets ? {histogramBuckets: latency.histoBuckets.total} : {}),
				...(latency?.averageTotalMs === undefined ? {} : {averageLatencyMs: latency.averageTotalMs}),
				percentiles: latency?.percentiles ?? [],
				...(ts.error === undefined ? {} : {error: ts.error}),
			};
		}),
	};
};

// The percentiles people quote (0 = min, 100 = max); the JSON output keeps all of them.
const shown = [0, 25, 50, 75, 90, 95, 99, 99.9, 99.99, 99.999, 100];
const ms = (value: number | undefined) => (value === undefined ? 'N/A' : value.toFixed(3));
const size = (bytes: number) => (bytes % 1024 === 0 && bytes >= 1024 ? `${bytes / 1024} KiB` : `${bytes} B`);
const percentileLabel = (percentile: number) => (percentile === 0 ? 'min' : percentile === 100 ? 'max' : `${percentile}th`);

// diskspd's Read IO / Write IO / Total IO tables: one row per target (its threads summed) and a total row.
// AvgLat / LatStdDev only when the run measured latency (-L), IopsStdDev only when it printed one (-D).
const ioTables = (ts: DiskspdTimeSpanSummary): string[] => {
	const rows: Array<{label: string; io: DiskspdIoDirections}> = [...ts.targets.map(target => ({label: target.path, io: target})), {label: 'total', io: ts}];
	const all = rows.flatMap(row => [row.io.read, row.io.write, row.io.total]);
	const latency = all.some(io => io.averageLatencyMs !== undefined);
	const iopsStdDev = all.some(io => io.iopsStdDev !== undefined);
	const width = Math.max(6, ...rows.map(row => row.label.length));
	const columns: Array<[string, number, (io: DiskspdIoSummary) => string]> = [
		['bytes', 16, io => io.bytes],
		['I/Os', 12, io => io.ios],
		['MiB/s', 10, io => io.mibPerSec.toFixed(2)],
		['I/O per s', 11, io => io.iops.toFixed(2)],
		...(latency ? [['AvgLat ms', 10, io => ms(io.averageLatencyMs)], ['LatStdDev', 10, io => ms(io.latencyStdDevMs)]] as Array<[string, number, (io: DiskspdIoSummary) => string]> : []),
		...(iopsStdDev ? [['IopsStdDev', 11, io => (io.iopsStdDev === undefined ? 'N/A' : io.iopsStdDev.toFixed(3))]] as Array<[string, number, (io: DiskspdIoSummary) => string]> : []),
	];
	const line = (label: string, cells: string[]) => `      ${label.padEnd(width)} ${cells.map((cell, index) => cell.padStart(columns[index]?.[1] ?? 0)).join(' ')}`.trimEnd();
	return (['read', 'write', 'total'] as const).flatMap(direction => [
		`    ${direction === 'read' ? 'Read IO' : direction === 'write' ? 'Write IO' : 'Total IO'}`,
		line('target', columns.map(([name]) => name)),
		...rows.map(row => line(row.label, columns.map(([, , cell]) => cell(row.io[direction])))),
	]);
};

export const formatDiskspdSummary = (summary: DiskspdSummary): string => {
	const lines = [
		`diskspd ${summary.version === '' ? '(version not printed)' : summary.version} result from ${summary.computerName === '' ? '(computer name not printed)' : summary.computerName}`,
		`  duration    ${summary.durationS ?? '?'} s measured (warm-up ${summary.warmupS ?? '?'} s, cool-down ${summary.cooldownS ?? '?'} s)`,
		`  targets     ${summary.targets.length}`,
		...summary.targets.map(target => `    ${target.path}: ${size(target.blockSize)} ${target.random ? 'random' : 'sequential'}, ${target.writePercent} % writes, ${target.threadsPerFile} threads × ${target.outstanding} outstanding${target.fileSize === undefined ? '' : `, file ${target.fileSize} bytes`}`),
	];
	for (const [index, ts] of summary.timeSpans.entries()) {
		lines.push(`  timespan ${index + 1}  ${ts.testTimeS} s, ${ts.threads} threads${ts.error === undefined ? '' : `, error: ${ts.error}`}`);
		lines.push(...ioTables(ts));
		lines.push(`    MiB/s = bytes per second / 1048576 (diskspd's unit)${ts.percentiles.length > 0 || ts.averageLatencyMs !== undefined ? '; latency in ms' : ''}`);
		lines.push(`    buckets   ${ts.iopsBuckets} IOPS buckets${ts.histogramBuckets === undefined ? '' : `, ${ts.histogramBuckets} latency histogram buckets`}`);
		if (ts.percentiles.length > 0) {
			lines.push(`    latency   ms        read     write     total${ts.averageLatencyMs === undefined ? '' : `   (average ${ms(ts.averageLatencyMs)} ms)`}`);
			for (const percentile of ts.percentiles.filter(entry => shown.includes(entry.percentile))) {
				lines.push(`      ${percentileLabel(percentile.percentile).padStart(8)}  ${ms(percentile.readMs).padStart(9)} ${ms(percentile.writeMs).padStart(9)} ${ms(percentile.totalMs).padStart(9)}`);
			}
		} else {
			lines.push('    latency   not measured (run without -L)');
		}
	}

	return `${lines.join('\n')}\n`;
};
