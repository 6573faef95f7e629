import {readFileSync} from 'node:fs';
import test from 'ava';
import {deriveTopology} from '../../../harness/sim/windows/diskspd-defaults.js';
import {renderDiskspdXml} from '../../../harness/sim/windows/diskspd-xml.js';
import {
	parseDiskspdXml,
	targetSeries,
	type DiskspdBucket,
	type DiskspdResult,
	type DiskspdThreadResult,
} from '../../../harness/workloads/diskspd/xml.js';
import {fixture} from '../../helpers/paths.js';

const real20 = readFileSync(fixture('shared', 'diskspd', 'diskspd-2.0.21a-L-D1000.xml'), 'utf8');
const real22 = readFileSync(fixture('shared', 'diskspd', 'diskspd-2.2-layout.xml'), 'utf8');

test('the 2.2 fixture is reproduced byte for byte', t => {
	t.is(renderDiskspdXml(parseDiskspdXml(real22)), real22);
});

test('the 2.0 layout reproduces the 2.0.21a run as 2.0 printed it (no indentation)', t => {
	const native = real20.split('\n').map(line => line.trimStart()).join('\n');
	t.is(renderDiskspdXml(parseDiskspdXml(real20), {layout: '2.0'}), native);
});

// What the simulator builds: a -L -D run over two targets with two threads each, no parsed document behind it.
const bucket = (endMs: number, readIops: number, writeIops: number, latencyMs: number): DiskspdBucket => ({
	endMs,
	readIops,
	writeIops,
	totalIops: readIops + writeIops,
	...readIops > 0 && {read: {minMs: latencyMs / 2, maxMs: latencyMs * 8, avgMs: latencyMs, stdDevMs: 0.125}},
	...writeIops > 0 && {write: {minMs: latencyMs, maxMs: latencyMs * 4, avgMs: latencyMs * 2, stdDevMs: 0.25}},
});

const thread = (id: number, path: string, scale: number, writes: boolean): DiskspdThreadResult => ({
	id,
	targets: [{
		path,
		bytesCount: 40_960_000n * BigInt(scale),
		fileSize: 10_737_418_240n,
		ioCount: 10_000n * BigInt(scale),
		readBytes: 28_672_000n * BigInt(scale),
		readCount: 7000n * BigInt(scale),
		writeBytes: 12_288_000n * BigInt(scale),
		writeCount: 3000n * BigInt(scale),
		averageReadLatencyMs: 0.5,
		readLatencyStdDevMs: 0.125,
		...writes && {averageWriteLatencyMs: 1, writeLatencyStdDevMs: 0.25},
		averageLatencyMs: 0.65,
		latencyStdDevMs: 0.2,
		iops: {
			readStdDev: 12.5,
			...writes && {writeStdDev: 4.25},
			stdDev: 14.75,
			buckets: [bucket(1000, 700 * scale, writes ? 300 * scale : 0, 0.5), bucket(2000, 650 * scale, writes ? 350 * scale : 0, 0.75)],
		},
	}],
});

const simulated = (): DiskspdResult => ({
	computerName: 'HV01',
	toolVersion: '2.2.0',
	versionDate: '2024/6/3',
	runTimeUtc: new Date('2024-06-13T18:01:02Z'),
	profile: [{
		durationS: 2,
		warmupS: 5,
		cooldownS: 0,
		threadCount: 0,
		requestCount: 0,
		ioBucketDurationMs: 1000,
		measureLatency: true,
		calculateIopsStdDev: true,
		randSeed: 0,
		targets: [
			{path: '\\\\sofs\\R&D\\a.dat', blockSize: 4096, writeRatio: 30, random: 4096, requestCount: 32, threadsPerFile: 2, fileSize: 10_737_418_240n, disableOSCache: true, writeThrough: true, raw: []},
			{path: '\\\\sofs\\R&D\\b.dat', blockSize: 65_536, writeRatio: 0, requestCount: 8, threadsPerFile: 2, raw: []},
		],
	}],
	timeSpans: [{
		testTimeSeconds: 2,
		threadCount: 4,
		requestCount: 0,
		procCount: 2,
		cpus: [
			{socket: 0, node: 0, group: 0, core: 0, efficiencyClass: 0, id: 0, usagePercent: 42.5, userPercent: 10.25, kernelPercent: 32.25, idlePercent: 57.5},
			{socket: 0, node: 0, group: 0, core: 1, efficiencyClass: 0, id: 1, usagePercent: 37.5, userPercent: 9.75, kernelPercent: 27.75, idlePercent: 62.5},
		],
		cpuAverage: {usagePercent: 40, userPercent: 10, kernelPercent: 30, idlePercent: 60},
		latency: {
			histoBuckets: {read: 812, write: 455, total: 901},
			averageReadMs: 0.5,
			readStdDevMs: 0.125,
			averageWriteMs: 1,
			writeStdDevMs: 0.25,
			averageTotalMs: 0.65,
			totalStdDevMs: 0.2,
			percentiles: [
				{percentile: 0, readMs: 0.125, writeMs: 0.25, totalMs: 0.125},
				{percentile: 50, readMs: 0.5, writeMs: 1, totalMs: 0.625},
				{percentile: 99.99, readMs: 3.875, writeMs: 4.5, totalMs: 4.125},
				{percentile: 100, readMs: 5, writeMs: 6.25, totalMs: 6.25},
			],
		},
		iops: {readStdDev: 25, writeStdDev: 8.5, stdDev: 29.5, buckets: [bucket(1000, 5600, 900, 0.5), bucket(2000, 5200, 1050, 0.75)]},
		threads: [
			thread(0, '\\\\sofs\\R&D\\a.dat', 1, true),
			thread(1, '\\\\sofs\\R&D\\a.dat', 2, true),
			thread(2, '\\\\sofs\\R&D\\b.dat', 3, false),
			thread(3, '\\\\sofs\\R&D\\b.dat', 2, false),
		],
	}],
});

test('a simulated model survives render → parse with every value', t => {
	const model = simulated();
	const parsed = parseDiskspdXml(renderDiskspdXml(model));
	const {powerScheme, topology, profileHeader, ...rest} = parsed;
	const withoutRaw = {
		...rest,
		profile: rest.profile.map(({raw: _raw, ...timeSpan}) => ({...timeSpan, targets: timeSpan.targets.map(target => ({...target, raw: []}))})),
	};
	t.deepEqual(withoutRaw, model);
	// The parts the model left out come back as the writer's defaults.
	t.deepEqual(powerScheme, {name: 'Balanced', guid: '381b4222-f694-41f0-9685-d5fb2bf78ba2'});
	t.deepEqual(topology, deriveTopology(model.timeSpans[0]?.cpus ?? []));
	t.deepEqual(profileHeader, [['Progress', '0'], ['ResultFormat', 'xml'], ['Verbose', 'false']]);
});

test('the simulated -L run with two targets gives the same per-target series after parsing', t => {
	const model = simulated();
	const [parsed] = parseDiskspdXml(renderDiskspdXml(model)).timeSpans;
	const [original] = model.timeSpans;
	t.truthy(parsed && original);
	const series = targetSeries(parsed!);
	t.deepEqual(series, targetSeries(original!));
	t.deepEqual(series.get('\\\\sofs\\R&D\\b.dat')?.map(({endMs, readIops, writeIops}) => [endMs, readIops, writeIops]), [[1000, 3500, 0], [2000, 3250, 0]]);
	t.like(series.get('\\\\sofs\\R&D\\a.dat')?.[0], {endMs: 1000, readIops: 2100, writeIops: 900, totalIops: 3000, read: {minMs: 0.25, maxMs: 4, avgMs: 0.5}});
});

test('the 2.2 layout: two-space indent, 2.2-only elements, no escaping, no newline at the end', t => {
	const xml = renderDiskspdXml(simulated());
	t.true(xml.startsWith('<Results>\n  <System>\n    <ComputerName>HV01</ComputerName>\n    <Tool>\n      <Version>2.2.0</Version>'));
	t.true(xml.endsWith('  </TimeSpan>\n</Results>'));
	t.false(xml.includes('<?xml'));
	t.true(xml.includes('\n    <RunTime>2024/06/13 18:01:02 UTC</RunTime>\n    <PowerScheme Name="Balanced" Guid="381b4222-f694-41f0-9685-d5fb2bf78ba2"/>\n    <ProcessorTopology Heterogeneous="false">\n'));
	t.true(xml.includes('\n      <Core Group="0" Core="1" Mask="0x2" EfficiencyClass="0"/>\n'));
	t.true(xml.includes('\n            <Path>\\\\sofs\\R&D\\a.dat</Path>\n'));
	t.true(xml.includes('\n    <Latency ReadHistoBuckets="812" WriteHistoBuckets="455" TotalHistoBuckets="901">\n      <AverageReadMilliseconds>0.500</AverageReadMilliseconds>\n'));
	t.true(xml.includes('\n        <Percentile>99.99</Percentile>\n        <ReadMilliseconds>3.875</ReadMilliseconds>\n'));
	t.true(xml.includes('\n      <CPU>\n        <Socket>0</Socket>\n        <Node>0</Node>\n        <Group>0</Group>\n        <Core>1</Core>\n        <EfficiencyClass>0</EfficiencyClass>\n        <Id>1</Id>\n        <UsagePercent>37.50</UsagePercent>\n'));
	t.true(xml.includes('\n      <Bucket SampleMillisecond="1000" Read="5600" Write="900" Total="6500" ReadMinLatencyMilliseconds="0.250" ReadMaxLatencyMilliseconds="4.000" ReadAvgLatencyMilliseconds="0.500" ReadLatencyStdDev="0.125" WriteMinLatencyMilliseconds="0.500" WriteMaxLatencyMilliseconds="2.000" WriteAvgLatencyMilliseconds="1.000" WriteLatencyStdDev="0.250"/>\n'));
	// b.dat is sequential and read-only: StrideSize instead of Random, and its buckets print 0.000 for writes.
	t.true(xml.includes('\n            <StrideSize>65536</StrideSize>\n            <InterlockedSequential>false</InterlockedSequential>\n'));
	t.true(xml.includes('WriteMinLatencyMilliseconds="0.000" WriteMaxLatencyMilliseconds="0.000" WriteAvgLatencyMilliseconds="0.000" WriteLatencyStdDev="0.000"/>'));
});

test('the 2.0 layout drops 2.2-only parts and indentation', t => {
	const xml = renderDiskspdXml(simulated(), {layout: '2.0'});
	t.false(xml.includes('PowerScheme'));
	t.false(xml.includes('<Socket>0</Socket>'));
	t.true(xml.includes('\n<ProcessorTopology>\n<Group Group="0" MaximumProcessors="2" ActiveProcessors="2" ActiveProcessorMask="0x3"/>\n<Node Node="0" Group="0" Processors="0x3"/>\n<Socket>\n<Group Group="0" Processors="0x3"/>\n</Socket>\n<HyperThread Group="0" Processors="0x1"/>\n'));
	t.true(xml.includes('\n<Latency>\n<AverageReadMilliseconds>0.500</AverageReadMilliseconds>\n'));
	const [timeSpan] = parseDiskspdXml(xml).timeSpans;
	t.deepEqual(timeSpan?.cpus[1], {group: 0, id: 1, usagePercent: 37.5, userPercent: 9.75, kernelPercent: 27.75, idlePercent: 62.5});
	t.is(timeSpan?.latency?.histoBuckets, undefined);
});

test('raw profile entries print verbatim; clearing them derives the children from the typed fields', t => {
	const result = parseDiskspdXml(real22);
	const target = result.profile[0]?.targets[0];
	t.truthy(target);
	target!.path = 'D:\\new.dat';
	t.true(renderDiskspdXml(result).includes('<Path>testfile1.dat</Path>\n            <BlockSize>'));
	target!.raw = [];
	const xml = renderDiskspdXml(result);
	t.true(xml.includes('<Path>D:\\new.dat</Path>\n            <BlockSize>65536</BlockSize>'));
	t.true(xml.includes('<Throughput>0</Throughput>'));
});

test('an interrupted timespan renders as its <Error> alone', t => {
	const model = simulated();
	model.timeSpans = [{testTimeSeconds: 0, threadCount: 0, requestCount: 0, procCount: 0, cpus: [], threads: [], error: 'The test was interrupted before the measurements began. No results are displayed.'}];
	const xml = renderDiskspdXml(model);
	t.true(xml.endsWith('  <TimeSpan>\n    <Error>The test was interrupted before the measurements began. No results are displayed.</Error>\n  </TimeSpan>\n</Results>'));
	t.deepEqual(parseDiskspdXml(xml).timeSpans, model.timeSpans);
});
