// The summary `rdmalab inspect` prints for a diskspd -Rxml result: what ran, for how long, what it achieved.
import {summarizeTimeSpan, type DiskspdResult, type DiskspdTimeSpan} from '../workloads/diskspd/xml.js';

export interface DiskspdTimeSpanSummary {
	testTimeS: number;
	threads: number;
	iops: number;
	mbPerSec: number;
	totalIos: string;
	totalBytes: string;
	/** `-D` buckets of the aggregate IOPS series (or of the first target's, when only per-target series exist). */
	iopsBuckets: number;
	/** Latency histogram buckets (2.2's <Latency> attributes), when printed. */
	histogramBuckets?: number;
	averageLatencyMs?: number;
	/** Every percentile diskspd printed, total latency, ms. */
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
			return {
				testTimeS: ts.testTimeSeconds,
				threads: ts.threadCount,
				iops: totals.iops,
				mbPerSec: totals.mbPerSec,
				totalIos: totals.totalIos.toString(),
				totalBytes: totals.totalBytes.toString(),
				iopsBuckets: bucketCount(ts),
				...(ts.latency?.histoBuckets ? {histogramBuckets: ts.latency.histoBuckets.total} : {}),
				...(ts.latency?.averageTotalMs === undefined ? {} : {averageLatencyMs: ts.latency.averageTotalMs}),
				percentiles: ts.latency?.percentiles ?? [],
				...(ts.error === undefined ? {} : {error: ts.error}),
			};
		}),
	};
};

// The percentiles people quote; the JSON output keeps all of them.
const shown = [25, 50, 75, 90, 95, 99, 99.9, 99.99, 99.999, 100];
const ms = (value: number | undefined) => (value === undefined ? '—' : value.toFixed(3));
const size = (bytes: number) => (bytes % 1024 === 0 && bytes >= 1024 ? `${bytes / 1024} KiB` : `${bytes} B`);

export const formatDiskspdSummary = (summary: DiskspdSummary): string => {
	const lines = [
		`diskspd ${summary.version === '' ? '(version not printed)' : summary.version} result from ${summary.computerName === '' ? '(computer name not printed)' : summary.computerName}`,
		`  duration    ${summary.durationS ?? '?'} s measured (warm-up ${summary.warmupS ?? '?'} s, cool-down ${summary.cooldownS ?? '?'} s)`,
		`  targets     ${summary.targets.length}`,
		...summary.targets.map(target => `    ${target.path}: ${size(target.blockSize)} ${target.random ? 'random' : 'sequential'}, ${target.writePercent} % writes, ${target.threadsPerFile} threads × ${target.outstanding} outstanding${target.fileSize === undefined ? '' : `, file ${target.fileSize} bytes`}`),
	];
	for (const [index, ts] of summary.timeSpans.entries()) {
		lines.push(`  timespan ${index + 1}  ${ts.testTimeS} s, ${ts.threads} threads${ts.error === undefined ? '' : `, error: ${ts.error}`}`);
		lines.push(`    IOPS      ${ts.iops.toFixed(2)}`, `    MB/s      ${ts.mbPerSec.toFixed(2)}`, `    I/Os      ${ts.totalIos} (${ts.totalBytes} bytes)`);
		lines.push(`    buckets   ${ts.iopsBuckets} IOPS buckets${ts.histogramBuckets === undefined ? '' : `, ${ts.histogramBuckets} latency histogram buckets`}`);
		if (ts.percentiles.length > 0) {
			lines.push(`    latency   ms        read     write     total${ts.averageLatencyMs === undefined ? '' : `   (average ${ms(ts.averageLatencyMs)} ms)`}`);
			for (const percentile of ts.percentiles.filter(entry => shown.includes(entry.percentile))) {
				const label = percentile.percentile === 100 ? 'max' : `${percentile.percentile}th`;
				lines.push(`      ${label.padStart(8)}  ${ms(percentile.readMs).padStart(9)} ${ms(percentile.writeMs).padStart(9)} ${ms(percentile.totalMs).padStart(9)}`);
			}
		} else {
			lines.push('    latency   not measured (run without -L)');
		}
	}

	return `${lines.join('\n')}\n`;
};
