// diskspd's -D buckets on the run's timeline, as the verdicts read them: each bucket stamped at its end, its IOPS,
// its throughput and the longest I/O that completed in it (with -L).
import type {DiskspdRun} from '../run/run-data.js';
import type {IoSample} from './failover.js';

/** The workload's buckets from the end of its warm-up, and its measured window; undefined when it never started. */
export const diskspdIo = (workload: DiskspdRun): {io: IoSample[]; measured: {fromS: number; toS: number}; bucketS: number} | undefined => {
	if (workload.startedAtS === undefined) {
		return undefined;
	}

	const fromS = workload.startedAtS + workload.params.warmupS;
	const buckets = workload.result?.timeSpans[0]?.iops?.buckets ?? [];
	return {
		io: buckets.map(bucket => {
			const maxLatencyMs = Math.max(bucket.read?.maxMs ?? 0, bucket.write?.maxMs ?? 0);
			return {t: fromS + (bucket.endMs / 1000), iops: bucket.totalIops, mbps: bucket.totalIops * workload.params.blockSize / 1e6, ...(bucket.read || bucket.write ? {maxLatencyMs} : {})};
		}),
		measured: {fromS, toS: fromS + workload.params.durationS},
		bucketS: workload.params.bucketMs / 1000,
	};
};
