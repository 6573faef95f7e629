// Simulated diskspd.exe. It accepts diskspd's command line, opens \\server\share\file targets on the simulated
// SOFS (or on a SOFS node's administrative share), runs for warm-up + duration + cool-down in real time with its I/O
// driven by the fabric model, and prints the real -Rxml document. I/O errors end it the way diskspd ends: error
// lines on stderr, no XML, exit code 1.
import {renderDiskspdXml} from './diskspd-xml.js';
import type {DiskspdBucket, DiskspdCpu, DiskspdResult, DiskspdThreadResult} from '../../workloads/diskspd/xml.js';
import {parseSize} from '../../workloads/diskspd/args.js';
import type {Fabric, IoBucket} from '../fabric.js';
import {diskspdFault} from '../misconfigs/workload.js';
import {simSleep as sleep} from '../sleep.js';
import type {NativeContext, NativeProgram} from './host.js';

interface Options {
	blockSize: number;
	threads: number;
	outstanding: number;
	writePercent: number;
	random: boolean;
	durationS: number;
	warmupS: number;
	cooldownS: number;
	bucketMs?: number;
	latency: boolean;
	xml: boolean;
	createSize?: number;
	caching: string;
	targets: string[];
}

const parseOptions = (args: string[]): Options | string => {
	const options: Options = {blockSize: 64 * 1024, threads: 1, outstanding: 2, writePercent: 0, random: false, durationS: 10, warmupS: 5, cooldownS: 0, latency: false, xml: false, caching: '', targets: []};
	for (const arg of args) {
		if (!arg.startsWith('-') && !arg.startsWith('/')) {
			options.targets.push(arg);
			continue;
		}

		const flag = arg.slice(1);
		const number = (from: number) => Number(flag.slice(from));
		if (/^b\d+[KMGT]?$/i.test(flag)) {
			options.blockSize = parseSize(flag.slice(1))!;
		} else if (/^t\d+$/.test(flag)) {
			options.threads = number(1);
		} else if (/^o\d+$/.test(flag)) {
			options.outstanding = number(1);
		} else if (/^w\d+$/.test(flag)) {
			options.writePercent = number(1);
		} else if (/^r(\d+[KMGT]?)?$/i.test(flag)) {
			options.random = true;
		} else if (/^s(\d+[KMGT]?)?$/i.test(flag) || flag === 'si') {
			options.random = false;
		} else if (/^d\d+$/.test(flag)) {
			options.durationS = number(1);
		} else if (/^W\d+$/.test(flag)) {
			options.warmupS = number(1);
		} else if (/^C\d+$/.test(flag)) {
			options.cooldownS = number(1);
		} else if (/^D\d*$/.test(flag)) {
			options.bucketMs = flag.length > 1 ? number(1) : 1000;
		} else if (flag === 'L') {
			options.latency = true;
		} else if (flag === 'Rxml') {
			options.xml = true;
		} else if (/^c\d+[KMGT]?$/i.test(flag)) {
			options.createSize = parseSize(flag.slice(1));
		} else if (/^S[bhmruw]*$/.test(flag)) {
			options.caching = flag.slice(1);
		} else {
			return `Invalid option: '${arg}'`;
		}
	}

	return options.targets.length === 0 ? 'no target specified' : options;
};

/** \\server\share\rest → [server, share], or undefined. */
const uncParts = (target: string): [string, string] | undefined => {
	const match = /^\\\\([^\\]+)\\([^\\]+)\\.+/.exec(target);
	return match ? [match[1]!, match[2]!] : undefined;
};

/**
 * Where a target lives: a share of the SOFS (`\\\\sofs\\vmstore\\...`), or a SOFS node's administrative share
 * (`\\\\sofs01\\C$\\...`, as Microsoft's Test-Rdma.ps1 addresses one node), reached over that node's rNICs. A number is
 * the Windows error diskspd reports: 53 no such network path, 67 no such share.
 */
const placeOf = (fabric: Fabric, target: string): {share: string; server?: string} | number => {
	const parts = uncParts(target);
	if (parts === undefined) {
		return 53;
	}

	const [server, share] = parts;
	if (server.toLowerCase() === fabric.rig.sofs.name.toLowerCase()) {
		return fabric.shares.has(share.toLowerCase()) ? {share} : 67;
	}

	const sofsNode = fabric.rig.sofs.nodes.find(name => name.toLowerCase() === server.toLowerCase());
	if (sofsNode === undefined) {
		return 53;
	}

	return /^[a-z]\$$/i.test(share) ? {share, server: sofsNode} : 67;
};

// Shapes a latency histogram from the run's minimum, mean and maximum: monotonic, with the maximum at 100 %.
const percentileLevels = [0, ...Array.from({length: 99}, (_, index) => index + 1), 99.9, 99.99, 99.999, 99.9999, 99.99999, 99.999999, 99.9999999, 100];
const percentiles = (minMs: number, avgMs: number, maxMs: number) => percentileLevels.map(level => {
	const q = level / 100;
	const body = minMs + ((avgMs - minMs) * 1.7 * (q ** 1.3));
	const tail = level <= 99 ? body : body + ((maxMs - body) * ((level - 99) ** 3));
	return {percentile: level, ms: level === 100 ? maxMs : Math.min(maxMs, tail)};
});

const bucketSeries = (buckets: IoBucket[], bucketMs: number, share: number, latency: boolean): DiskspdBucket[] => buckets.map(bucket => {
	const seconds = bucketMs / 1000;
	const readIops = Math.round(bucket.reads * share / seconds);
	const writeIops = Math.round(bucket.writes * share / seconds);
	const stats = {minMs: bucket.minMs, maxMs: bucket.maxMs, avgMs: bucket.avgMs, stdDevMs: bucket.avgMs * 0.45};
	return {
		endMs: Math.round(bucket.endMs),
		readIops,
		writeIops,
		totalIops: readIops + writeIops,
		...(latency && readIops > 0 ? {read: stats} : {}),
		...(latency && writeIops > 0 ? {write: stats} : {}),
	};
});

const buildResult = (options: Options, context: NativeContext, startedUtc: number, buckets: IoBucket[]): DiskspdResult => {
	const bucketMs = options.bucketMs ?? 1000;
	const target = options.targets[0]!;
	const ios = buckets.reduce((sum, bucket) => sum + bucket.reads + bucket.writes, 0);
	const reads = buckets.reduce((sum, bucket) => sum + bucket.reads, 0);
	const measured = buckets.filter(bucket => bucket.reads + bucket.writes > 0);
	const minMs = Math.min(...measured.map(bucket => bucket.minMs));
	const maxMs = Math.max(...measured.map(bucket => bucket.maxMs));
	const avgMs = measured.reduce((sum, bucket) => sum + (bucket.avgMs * (bucket.reads + bucket.writes)), 0) / (ios || 1);
	const iopsPerSecond = ios / options.durationS;
	const usage = Math.min(95, 2 + (iopsPerSecond / 40_000));
	const cpus: DiskspdCpu[] = Array.from({length: 16}, (_, id) => ({socket: 0, node: 0, group: 0, core: Math.floor(id / 2), efficiencyClass: 0, id, usagePercent: usage, userPercent: usage * 0.1, kernelPercent: usage * 0.9, idlePercent: 100 - usage}));
	const threads: DiskspdThreadResult[] = Array.from({length: options.threads}, (_, id) => {
		const share = 1 / options.threads;
		const count = BigInt(Math.round(ios * share));
		const readCount = BigInt(Math.round(reads * share));
		const block = BigInt(options.blockSize);
		return {
			id,
			targets: [{
				path: target,
				bytesCount: count * block,
				fileSize: BigInt(context.fabric.files.get(target.toLowerCase()) ?? 0),
				ioCount: count,
				readBytes: readCount * block,
				readCount,
				writeBytes: (count - readCount) * block,
				writeCount: count - readCount,
				...(options.latency ? {averageLatencyMs: avgMs, latencyStdDevMs: avgMs * 0.45, ...(readCount > 0n ? {averageReadLatencyMs: avgMs, readLatencyStdDevMs: avgMs * 0.45} : {}), ...(count > readCount ? {averageWriteLatencyMs: avgMs, writeLatencyStdDevMs: avgMs * 0.45} : {})} : {}),
				...(options.bucketMs === undefined ? {} : {iops: {stdDev: 0, buckets: bucketSeries(buckets, bucketMs, share, options.latency)}}),
			}],
		};
	});
	const hasReads = options.writePercent < 100;
	const hasWrites = options.writePercent > 0;
	return {
		computerName: context.node.name.toUpperCase(),
		toolVersion: '2.2.0',
		versionDate: '2024/6/3',
		runTimeUtc: new Date(Math.floor(startedUtc / 1000) * 1000),
		profile: [{
			durationS: options.durationS,
			warmupS: options.warmupS,
			cooldownS: options.cooldownS,
			threadCount: 0,
			requestCount: 0,
			ioBucketDurationMs: bucketMs,
			measureLatency: options.latency,
			calculateIopsStdDev: options.bucketMs !== undefined,
			randSeed: 0,
			targets: [{
				path: target,
				blockSize: options.blockSize,
				writeRatio: options.writePercent,
				...(options.random ? {random: options.blockSize} : {}),
				requestCount: options.outstanding,
				threadsPerFile: options.threads,
				fileSize: BigInt(options.createSize ?? 0),
				...(options.caching.includes('h') ? {disableOSCache: true, writeThrough: true} : {}),
				raw: [],
			}],
		}],
		timeSpans: [{
			testTimeSeconds: options.durationS,
			threadCount: options.threads,
			requestCount: 0,
			procCount: cpus.length,
			cpus,
			cpuAverage: {usagePercent: usage, userPercent: usage * 0.1, kernelPercent: usage * 0.9, idlePercent: 100 - usage},
			...(options.latency && ios > 0 ? {latency: {
				histoBuckets: {read: hasReads ? 2000 : 0, write: hasWrites ? 2000 : 0, total: 2000},
				...(hasReads ? {averageReadMs: avgMs, readStdDevMs: avgMs * 0.45} : {}),
				...(hasWrites ? {averageWriteMs: avgMs, writeStdDevMs: avgMs * 0.45} : {}),
				averageTotalMs: avgMs,
				totalStdDevMs: avgMs * 0.45,
				percentiles: percentiles(minMs, avgMs, maxMs).map(({percentile, ms}) => ({percentile, ...(hasReads ? {readMs: ms} : {}), ...(hasWrites ? {writeMs: ms} : {}), totalMs: ms})),
			}} : {}),
			...(options.bucketMs === undefined ? {} : {iops: {stdDev: 0, buckets: bucketSeries(buckets, bucketMs, 1, options.latency)}}),
			threads,
		}],
	};
};

// PowerShell relays a native program's stdout line by line, ending each line with CRLF.
const throughPowerShell = (text: string) => `${text.split('\n').join('\r\n')}\r\n`;

export const diskspd: NativeProgram = async (args, context) => {
	const {fabric, process, clock, node} = context;
	const options = parseOptions(args);
	if (typeof options === 'string') {
		process.stderr(`ERROR: ${options}\r\n`);
		return 1;
	}

	const fault = diskspdFault(fabric, node.name);
	if (fault === 'never-starts') {
		return 0;
	}

	if (fault === 'exits-early' && options.createSize === undefined) {
		// The measured time is cut short, and the result says so, as a diskspd stopped halfway would.
		options.durationS = Math.floor(options.durationS / 2);
	}

	for (const target of options.targets) {
		const place = placeOf(fabric, target);
		if (typeof place === 'number') {
			process.stderr(`Error opening file: ${target} [${place}]\r\n`);
			return 1;
		}

		if (options.createSize !== undefined) {
			// diskspd writes the whole file before it starts; over RDMA that takes about a second per GB.
			const existing = fabric.files.get(target.toLowerCase()) ?? 0;
			await sleep(Math.max(0, options.createSize - existing) / 1e6, process.signal);
			fabric.files.set(target.toLowerCase(), Math.max(existing, options.createSize));
		} else if (!fabric.files.has(target.toLowerCase())) {
			process.stderr(`Error opening file: ${target} [2]\r\n`);
			return 1;
		}
	}

	if (!options.xml) {
		process.stderr('ERROR: the simulated rig emulates diskspd with -Rxml output only\r\n');
		return 1;
	}

	const {share, server} = placeOf(fabric, options.targets[0]!) as {share: string; server?: string};
	const startedAt = fabric.now();
	const startedUtc = clock.utcNow();
	const wallMs = (options.warmupS + options.durationS + options.cooldownS) * 1000;
	const id = fabric.startWorkload({client: node.name, share, ...(server === undefined ? {} : {server}), queueDepth: options.threads * options.outstanding * options.targets.length, blockSize: options.blockSize, writePercent: options.writePercent, startedAt, endsAt: startedAt + wallMs});
	while (fabric.now() < startedAt + wallMs) {
		if (process.signal.aborted) {
			fabric.stopWorkload(id);
			return 1;
		}

		if (fabric.workloadError(id) !== undefined) {
			fabric.stopWorkload(id);
			// ERROR_NETNAME_DELETED: the connection carrying the I/O went away.
			process.stderr(`error during overlapped IO operation (error code: 64)\r\nerror during overlapped IO operation (error code: 64)\r\nThere has been an error during threads execution\r\nError generating I/O requests\r\n`);
			return 1;
		}

		await sleep(Math.min(100, startedAt + wallMs - fabric.now()), process.signal);
	}

	const measuredFrom = startedAt + (options.warmupS * 1000);
	const buckets = fabric.ioBuckets(id, measuredFrom, measuredFrom + (options.durationS * 1000), options.bucketMs ?? 1000);
	process.stdout(throughPowerShell(renderDiskspdXml(buildResult(options, context, startedUtc, buckets))));
	return 0;
};
