import {readFileSync} from 'node:fs';
import test, {type ExecutionContext} from 'ava';
import {isHarnessError} from '../../../harness/errors.js';
import {parseDiskspdXml, summarizeTimeSpan, targetSeries, type DiskspdTimeSpan} from '../../../harness/workloads/diskspd/xml.js';
import {fixture} from '../../helpers/paths.js';

const real20 = readFileSync(fixture('shared', 'diskspd', 'diskspd-2.0.21a-L-D1000.xml'), 'utf8');
const real22 = readFileSync(fixture('shared', 'diskspd', 'diskspd-2.2-layout.xml'), 'utf8');
const native20 = readFileSync(fixture('formats', 'diskspd-2.0-native-two-timespans.xml'), 'utf8');
const interrupted = readFileSync(fixture('formats', 'diskspd-interrupted-in-warmup.txt'), 'utf8');

const firstResult = (text: string): DiskspdTimeSpan => {
	const [timeSpan] = parseDiskspdXml(text).timeSpans;
	if (timeSpan === undefined) {
		throw new Error('no result timespan');
	}

	return timeSpan;
};

test('2.0.21a: system block and profile', t => {
	const result = parseDiskspdXml(real20);
	t.is(result.toolVersion, '2.0.21a');
	t.is(result.versionDate, '2018/9/21');
	t.is(result.computerName, 'QuickTest2');
	t.is(result.runTimeUtc?.toISOString(), '2021-04-14T23:25:42.000Z');
	t.deepEqual(result.topology?.cores, [{group: 0, mask: '0x3'}, {group: 0, mask: '0xc'}]);
	t.deepEqual(result.topology?.nodes, [{node: 0, groups: [{group: 0, mask: '0xf'}]}]);
	t.is(result.profile.length, 1);
	const [config] = result.profile;
	t.like(config, {durationS: 120, warmupS: 15, cooldownS: 0, measureLatency: true, calculateIopsStdDev: true, ioBucketDurationMs: 1000});
	t.like(config?.targets[0], {path: 'diskspd.test', blockSize: 4096, writeRatio: 30, random: 4096, requestCount: 1, fileSize: 1_073_741_824n, disableOSCache: true, writeThrough: true});
	t.deepEqual(config?.targets[0]?.raw.find(([tag]) => tag === 'WriteBufferContent'), ['WriteBufferContent', '<Pattern>sequential</Pattern>']);
});

test('2.0.21a: aggregate -D buckets, latency percentiles and CPU', t => {
	const timeSpan = firstResult(real20);
	t.is(timeSpan.testTimeSeconds, 120.01);
	t.is(timeSpan.procCount, 4);
	t.is(timeSpan.cpus.length, 4);
	t.deepEqual(timeSpan.cpus[3], {group: 0, id: 3, usagePercent: 0.46, userPercent: 0.22, kernelPercent: 0.23, idlePercent: 99.54});
	t.deepEqual(timeSpan.cpuAverage, {usagePercent: 0.99, userPercent: 0.23, kernelPercent: 0.76, idlePercent: 99.01});

	const buckets = timeSpan.iops?.buckets ?? [];
	t.is(buckets.length, 120);
	t.deepEqual(buckets[0], {
		endMs: 1000, readIops: 332, writeIops: 119, totalIops: 451,
		read: {minMs: 0.088, maxMs: 22.679, avgMs: 2.378, stdDevMs: 1.499},
		write: {minMs: 1.269, maxMs: 7.845, avgMs: 1.761, stdDevMs: 0.69},
	});
	t.is(buckets.at(-1)?.endMs, 120_000);
	t.like(timeSpan.iops, {readStdDev: 34.796, writeStdDev: 14.606, stdDev: 45.369});

	const latency = timeSpan.latency;
	t.is(latency?.histoBuckets, undefined);
	t.like(latency, {averageReadMs: 2.477, readStdDevMs: 2.732, averageWriteMs: 1.767, writeStdDevMs: 0.508, averageTotalMs: 2.266, totalStdDevMs: 2.329});
	t.is(latency?.percentiles.length, 108);
	t.deepEqual(latency?.percentiles[0], {percentile: 0, readMs: 0.045, writeMs: 1.117, totalMs: 0.045});
	t.deepEqual(latency?.percentiles.find(p => p.percentile === 99.9), {percentile: 99.9, readMs: 23.166, writeMs: 6.649, totalMs: 23.046});
	t.deepEqual(latency?.percentiles.map(p => p.percentile).slice(-8), [99.9, 99.99, 99.999, 99.9999, 99.99999, 99.999999, 99.9999999, 100]);
});

test('2.0.21a: per-thread target counts and latency', t => {
	const timeSpan = firstResult(real20);
	t.is(timeSpan.threads.length, 1);
	const target = timeSpan.threads[0]?.targets[0];
	t.like(target, {
		path: 'diskspd.test',
		bytesCount: 216_739_840n,
		fileSize: 1_073_741_824n,
		ioCount: 52_915n,
		readBytes: 152_215_552n,
		readCount: 37_162n,
		writeBytes: 64_524_288n,
		writeCount: 15_753n,
		averageReadLatencyMs: 2.477,
		readLatencyStdDevMs: 2.732,
		averageWriteLatencyMs: 1.767,
		writeLatencyStdDevMs: 0.508,
		averageLatencyMs: 2.266,
		latencyStdDevMs: 2.329,
	});
	t.is(target?.iops?.buckets.length, 120);
});

test('2.2: empty system fields, power scheme, topology and CPU placement', t => {
	const result = parseDiskspdXml(real22);
	t.is(result.computerName, '');
	t.is(result.toolVersion, '');
	t.is(result.versionDate, undefined);
	t.is(result.runTimeUtc, undefined);
	t.deepEqual(result.powerScheme, {name: '', guid: ''});
	t.deepEqual(result.topology, {
		heterogeneous: true,
		groups: [
			{group: 0, maximumProcessors: 1, activeProcessors: 1, activeProcessorMask: '0x1'},
			{group: 1, maximumProcessors: 4, activeProcessors: 2, activeProcessorMask: '0x3'},
		],
		nodes: [{node: 0, groups: [{group: 0, mask: '0x1'}, {group: 1, mask: '0x3'}]}],
		sockets: [{socket: 0, groups: [{group: 0, mask: '0x1'}, {group: 1, mask: '0x3'}]}],
		cores: [{group: 0, core: 0, mask: '0x1', efficiencyClass: 0}, {group: 1, core: 0, mask: '0x3', efficiencyClass: 1}],
	});
	const timeSpan = firstResult(real22);
	t.is(timeSpan.cpus.length, 3);
	t.deepEqual(timeSpan.cpus[2], {socket: 0, node: 0, group: 1, core: 0, efficiencyClass: 1, id: 1, usagePercent: 0, userPercent: 0, kernelPercent: 0, idlePercent: 100});
	t.like(timeSpan.cpus[0], {usagePercent: 55, userPercent: 30, kernelPercent: 25, idlePercent: 45});
});

test('2.2: the Throughput unit attribute stays in the raw profile entries', t => {
	const target = parseDiskspdXml(real22).profile[0]?.targets[0];
	t.like(target, {path: 'testfile1.dat', blockSize: 65_536, writeRatio: 0, requestCount: 2, threadsPerFile: 1});
	t.is(target?.random, undefined);
	t.deepEqual(target?.raw.find(([tag]) => tag.startsWith('Throughput')), ['Throughput unit="IOPS"', '1000']);
	t.deepEqual(target?.raw.slice(-3), [['ThreadsPerFile', '1'], ['IOPriority', '3'], ['Weight', '1']]);
});

test('2.2: without -L the bucket latency is undefined, and no <Latency> element', t => {
	const timeSpan = firstResult(real22);
	t.is(timeSpan.latency, undefined);
	const buckets = timeSpan.iops?.buckets ?? [];
	t.is(buckets.length, 10);
	t.deepEqual(buckets[9], {endMs: 10_000, readIops: 1, writeIops: 0, totalIops: 1});
	// 2.2 printed ReadIopsStdDev and IopsStdDev only.
	t.deepEqual(Object.keys(timeSpan.iops ?? {}).sort(), ['buckets', 'readStdDev', 'stdDev']);
	t.is(timeSpan.threads[0]?.targets[0]?.iops?.buckets.length, 10);
});

test('config timespans and result timespans are told apart', t => {
	const result = parseDiskspdXml(real22);
	t.is(result.profile.length, 1);
	t.is(result.profile[0]?.durationS, 10);
	t.is(result.timeSpans.length, 1);
	t.is(result.timeSpans[0]?.testTimeSeconds, 120);
});

test('text around the document, an XML declaration and CRLF do not matter', t => {
	const expected = parseDiskspdXml(real22);
	const noisy = `\r\nCommand Line: diskspd -Rxml -D ...\r\n2024-06-13T18:01:02: verbose line\r\n<?xml version="1.0"?>\r\n${real22.replaceAll('\n', '\r\n')}\r\n\r\n*** Interrupted by Ctrl-C. Stopping I/O Request Generator. ***\r\n`;
	t.deepEqual(parseDiskspdXml(noisy), expected);
});

test('native 2.0 (no indentation) and re-indented samples parse the same', t => {
	const expected = parseDiskspdXml(real20);
	const unindented = real20.split('\n').map(line => line.trimStart()).join('\n');
	const reindented = unindented.split('\n').map((line, i) => '   '.repeat(i % 4) + line.replace(/"\/>$/, '" />')).join('\n');
	t.deepEqual(parseDiskspdXml(unindented), expected);
	t.deepEqual(parseDiskspdXml(reindented), expected);
});

test('a bare & in ComputerName and Path is read literally', t => {
	const result = parseDiskspdXml(native20);
	t.is(result.computerName, 'R&D-HV01');
	t.is(result.profile[0]?.targets[0]?.path, '\\\\sofs\\R&D share\\read.dat');
	t.is(result.timeSpans[1]?.threads[0]?.targets[0]?.path, '\\\\sofs\\R&D share\\write.dat');
	// An escaped entity is still decoded.
	t.is(parseDiskspdXml(real22.replace('<ComputerName></ComputerName>', '<ComputerName>A&amp;B &lt;1&gt;</ComputerName>')).computerName, 'A&B <1>');
});

test('several result timespans, and directions without I/O leave their fields out', t => {
	const result = parseDiskspdXml(native20);
	t.is(result.profile.length, 2);
	t.is(result.timeSpans.length, 2);
	const [reads, writes] = result.timeSpans;
	t.deepEqual(reads?.latency, {
		averageReadMs: 0.251, readStdDevMs: 0.04, averageTotalMs: 0.251, totalStdDevMs: 0.04,
		percentiles: [
			{percentile: 0, readMs: 0.101, totalMs: 0.101},
			{percentile: 50, readMs: 0.248, totalMs: 0.248},
			{percentile: 99.9, readMs: 0.612, totalMs: 0.612},
			{percentile: 100, readMs: 1.93, totalMs: 1.93},
		],
	});
	t.deepEqual(reads?.iops?.buckets[1], {endMs: 2000, readIops: 129_000, writeIops: 0, totalIops: 129_000, read: {minMs: 0.104, maxMs: 1.118, avgMs: 0.25, stdDevMs: 0.039}});
	t.is(reads?.iops?.writeStdDev, undefined);
	t.is(reads?.threads[0]?.targets[0]?.averageWriteLatencyMs, undefined);
	t.is(writes?.testTimeSeconds, 1);
	t.is(writes?.latency, undefined);
	t.is(writes?.iops, undefined);
	t.like(writes?.threads[0]?.targets[0], {writeCount: 10n, readCount: 0n});
	t.deepEqual(result.profile[1]?.targets[0]?.raw.find(([tag]) => tag === 'WriteBufferContent'),
		['WriteBufferContent', '<Pattern>random</Pattern><RandomDataSource><SizeInBytes>1048576</SizeInBytes></RandomDataSource>']);
});

test('<Latency> with 2.2\'s histogram attributes and without them', t => {
	const withAttributes = native20.replace('<Latency>', '<Latency ReadHistoBuckets="812" WriteHistoBuckets="0" TotalHistoBuckets="812">');
	t.deepEqual(parseDiskspdXml(withAttributes).timeSpans[0]?.latency?.histoBuckets, {read: 812, write: 0, total: 812});
	t.is(parseDiskspdXml(native20).timeSpans[0]?.latency?.histoBuckets, undefined);
	t.is(parseDiskspdXml(withAttributes).timeSpans[0]?.latency?.averageReadMs, 0.251);
});

test('byte counts above 2^53 stay exact', t => {
	const target = parseDiskspdXml(native20).timeSpans[0]?.threads[0]?.targets[0];
	t.is(target?.bytesCount, 9_007_199_254_740_993_000n);
	t.is(target?.fileSize, 18_014_398_509_481_984_000n);
	t.is(target?.readBytes, 9_007_199_254_740_993_000n);
});

test('a timespan interrupted during warmup carries only the error', t => {
	const result = parseDiskspdXml(interrupted);
	t.is(result.computerName, 'HV01');
	t.deepEqual(result.powerScheme, {name: 'High performance', guid: '8c5e7fda-e8bf-4a96-9a85-a6e23a8c635c'});
	t.deepEqual(result.timeSpans, [{
		testTimeSeconds: 0, threadCount: 0, requestCount: 0, procCount: 0, cpus: [], threads: [],
		error: 'The test was interrupted before the measurements began. No results are displayed.',
	}]);
	t.deepEqual(summarizeTimeSpan(result.timeSpans[0]!), {totalBytes: 0n, totalIos: 0n, readBytes: 0n, writeBytes: 0n, iops: 0, mbPerSec: 0});
});

const parseFailure = (t: ExecutionContext, text: string, message: RegExp) => {
	const error = t.throws(() => parseDiskspdXml(text));
	t.true(isHarnessError(error));
	t.like(error, {code: 'PARSE', details: {format: 'diskspd-xml'}});
	t.regex(error?.message ?? '', message);
	t.truthy((error as {hint?: string}).hint);
};

test('truncated output is a PARSE error that says where it stops', t => {
	const cut = real20.slice(0, 50_000);
	parseFailure(t, cut, /^diskspd XML: <Results> at line 1 is never closed; the output stops at line \d+$/);
});

test('non-diskspd input is a PARSE error', t => {
	parseFailure(t, 'Error: The system cannot find the file specified.\r\n', /expected a <Results> element, found "Error: The system/);
	parseFailure(t, '', /expected a <Results> element/);
	parseFailure(t, '<Results><Profile><TimeSpans><TimeSpan><Duration>10</Duration></TimeSpan></TimeSpans></Profile></Results>',
		/^diskspd XML: Results has no <System>$/);
});

test('a document with only the profile is a PARSE error naming what it found', t => {
	const profileOnly = real22.replace(/\n {2}<TimeSpan>[\s\S]*<\/TimeSpan>\n<\/Results>$/, '\n</Results>');
	parseFailure(t, profileOnly, /^diskspd XML: <Results> has no result <TimeSpan> \(found only Profile\/TimeSpans\)$/);
});

test('malformed XML inside the document names the line of the whole output', t => {
	const broken = `header line\n${real22.replace('<Path>testfile1.dat</Path>', '<Path>C:\\a<b.dat</Path>')}`;
	parseFailure(t, broken, /^diskspd XML: malformed XML at line 45, column \d+/);
});

test('missing or non-numeric values are PARSE errors naming the element', t => {
	parseFailure(t, real22.replace('<ProcCount>3</ProcCount>', ''), /Results\/TimeSpan\[1\] has no <ProcCount>/);
	parseFailure(t, real22.replace('<BytesCount>6291456</BytesCount>', '<BytesCount>-1</BytesCount>'),
		/Results\/TimeSpan\[1\]\/Thread\[1\]\/Target\[1\]\/BytesCount should be an unsigned integer, found "-1"/);
	parseFailure(t, real22.replace('Total="1" ReadMin', 'Total="x" ReadMin'), /Results\/TimeSpan\[1\]\/Iops\/Bucket\[1\] @Total should be a number, found "x"/);
});

test('summarizeTimeSpan totals the 2.0.21a run', t => {
	const summary = summarizeTimeSpan(firstResult(real20));
	t.is(summary.totalBytes, 216_739_840n);
	t.is(summary.totalIos, 52_915n);
	t.is(summary.readBytes, 152_215_552n);
	t.is(summary.writeBytes, 64_524_288n);
	t.is(summary.iops, 52_915 / 120.01);
	t.is(summary.mbPerSec, 216_739_840 / 120.01 / 1e6);
});

test('targetSeries of a single-thread run is that thread\'s series', t => {
	const timeSpan = firstResult(real20);
	const series = targetSeries(timeSpan);
	t.deepEqual([...series.keys()], ['diskspd.test']);
	t.deepEqual(series.get('diskspd.test'), timeSpan.threads[0]?.targets[0]?.iops?.buckets);
});

test('targetSeries sums threads per target, aligned by bucket end, and pools latency', t => {
	const stats = (avgMs: number, stdDevMs: number, minMs: number, maxMs: number) => ({minMs, maxMs, avgMs, stdDevMs});
	const target = (path: string, buckets: {endMs: number; readIops: number; read?: ReturnType<typeof stats>}[]) => ({
		path, bytesCount: 0n, fileSize: 0n, ioCount: 0n, readBytes: 0n, readCount: 0n, writeBytes: 0n, writeCount: 0n,
		iops: {buckets: buckets.map(bucket => ({writeIops: 0, totalIops: bucket.readIops, ...bucket}))},
	});
	const timeSpan: DiskspdTimeSpan = {
		testTimeSeconds: 2, threadCount: 2, requestCount: 0, procCount: 2, cpus: [],
		threads: [
			{id: 0, targets: [
				target('a.dat', [{endMs: 1000, readIops: 100, read: stats(1, 0, 0.5, 2)}, {endMs: 2000, readIops: 300, read: stats(2, 1, 1, 4)}]),
				target('b.dat', [{endMs: 1000, readIops: 7}]),
			]},
			{id: 1, targets: [
				// Listed out of order on purpose: alignment is by endMs, not position.
				target('a.dat', [{endMs: 2000, readIops: 100, read: stats(4, 1, 3, 9)}, {endMs: 1000, readIops: 300, read: stats(3, 0, 1, 5)}]),
			]},
		],
	};
	const series = targetSeries(timeSpan);
	t.deepEqual(series.get('b.dat'), [{endMs: 1000, readIops: 7, writeIops: 0, totalIops: 7}]);
	const [first, second] = series.get('a.dat') ?? [];
	t.like(first, {endMs: 1000, readIops: 400, writeIops: 0, totalIops: 400, read: {minMs: 0.5, maxMs: 5, avgMs: 2.5}});
	// Pooled: weights 100 and 300, means 1 and 3 → variance (100·(0+2.25) + 300·(0+0.25)) / 400 = 0.75.
	t.is(first?.read?.stdDevMs, Math.sqrt(0.75));
	t.like(second, {endMs: 2000, readIops: 400, read: {minMs: 1, maxMs: 9, avgMs: 2.5}});
	t.is(second?.write, undefined);
});
