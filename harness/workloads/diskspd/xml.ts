// Reader for diskspd `-Rxml` output, versions 2.0.x to 2.2 (formats.md §1). It keys on element names and
// treats whitespace as layout, so native 2.0 (no indentation), 2.1+ (two spaces) and re-indented samples
// read the same. Byte counts are `%I64u` and can pass 2^53, so they come back as BigInt.

import {parseError, snippet} from '../../parse-error.js';
import type {
	DiskspdBucket,
	DiskspdCpu,
	DiskspdCpuUsage,
	DiskspdGroupMask,
	DiskspdIopsSeries,
	DiskspdLatency,
	DiskspdLatencyStats,
	DiskspdProfileTarget,
	DiskspdProfileTimeSpan,
	DiskspdResult,
	DiskspdTargetResult,
	DiskspdTimeSpan,
	DiskspdTopology,
} from './types.js';
import {readXml, toRawEntry, type XmlElement} from './xml-tree.js';

export type * from './types.js';
export {bytesPerMiB, ioRates, sumRates, summarizeTimeSpan, targetRates, targetSeries, type DiskspdDirections, type DiskspdIoRates} from './summary.js';

const incompleteHint = 'the document is incomplete or not from diskspd; capture the whole -Rxml stdout';

export function parseDiskspdXml(text: string): DiskspdResult {
	const root = readResults(text);
	const system = need(root, 'System', 'Results');
	const tool = kid(system, 'Tool');
	const profile = kid(root, 'Profile');
	const timeSpans = kids(root, 'TimeSpan');
	if (timeSpans.length === 0) {
		const found = profile !== undefined && kid(profile, 'TimeSpans') !== undefined ? ' (found only Profile/TimeSpans)' : '';
		throw parseError('diskspd-xml', `<Results> has no result <TimeSpan>${found}`,
			'diskspd stopped before it printed results; look at its stderr');
	}

	const powerScheme = kid(system, 'PowerScheme');
	const topology = kid(system, 'ProcessorTopology');
	return defined({
		computerName: textOf(system, 'ComputerName') ?? '',
		toolVersion: (tool && textOf(tool, 'Version')) ?? '',
		versionDate: (tool && textOf(tool, 'VersionDate')) || undefined,
		runTimeUtc: parseRunTime(textOf(system, 'RunTime') ?? ''),
		powerScheme: powerScheme && {name: attrOf(powerScheme, 'Name') ?? '', guid: attrOf(powerScheme, 'Guid') ?? ''},
		topology: topology && parseTopology(topology, 'Results/System/ProcessorTopology'),
		profileHeader: profile?.children.filter(child => child.name !== 'TimeSpans').map(toRawEntry),
		profile: profile === undefined ? [] : kids(kid(profile, 'TimeSpans'), 'TimeSpan')
			.map((timeSpan, i) => parseProfileTimeSpan(timeSpan, `Results/Profile/TimeSpans/TimeSpan[${i + 1}]`)),
		timeSpans: timeSpans.map((timeSpan, i) => parseResultTimeSpan(timeSpan, `Results/TimeSpan[${i + 1}]`)),
	});
}

// stdout can carry other text around the document (formats.md §1.1): take the first <Results> to the last </Results>.
function readResults(text: string): XmlElement {
	const open = text.indexOf('<Results>');
	if (open < 0) {
		throw parseError('diskspd-xml', `expected a <Results> element, found ${snippet(text)}`,
			'run diskspd with -Rxml and parse its stdout');
	}

	const closeTag = '</Results>';
	const close = text.lastIndexOf(closeTag);
	if (close < open) {
		throw parseError('diskspd-xml', `<Results> at line ${lineOf(text, open)} is never closed; the output stops at line ${lineOf(text, text.length)}`,
			'diskspd was interrupted or the capture was cut short; rerun it and keep the whole stdout');
	}

	const [root] = readXml(text.slice(open, close + closeTag.length), lineOf(text, open));
	if (root === undefined) {
		throw parseError('diskspd-xml', 'found no element between <Results> and </Results>', incompleteHint);
	}

	return root;
}

function parseRunTime(text: string): Date | undefined {
	if (text.trim() === '') {
		return undefined;
	}

	// "%u/%02u/%02u %02u:%02u:%02u UTC"
	const match = /^(\d{4})\/(\d{1,2})\/(\d{1,2}) (\d{1,2}):(\d{2}):(\d{2}) UTC$/.exec(text.trim());
	if (match === null) {
		throw parseError('diskspd-xml', `<RunTime> should look like "2024/06/13 18:01:02 UTC", found ${snippet(text)}`, incompleteHint);
	}

	const [year, month, day, hour, minute, second] = match.slice(1).map(Number) as [number, number, number, number, number, number];
	return new Date(Date.UTC(year, month - 1, day, hour, minute, second));
}

function parseTopology(element: XmlElement, path: string): DiskspdTopology {
	const heterogeneous = attrOf(element, 'Heterogeneous');
	const groupMasks = (parent: XmlElement, where: string): DiskspdGroupMask[] => kids(parent, 'Group').map(group => ({
		group: attrNumber(group, 'Group', where),
		mask: attrOf(group, 'Mask') ?? needAttr(group, 'Processors', where),
	}));
	return defined({
		heterogeneous: heterogeneous === undefined ? undefined : heterogeneous === 'true',
		groups: kids(element, 'Group').map(group => ({
			group: attrNumber(group, 'Group', path),
			maximumProcessors: attrNumber(group, 'MaximumProcessors', path),
			activeProcessors: attrNumber(group, 'ActiveProcessors', path),
			activeProcessorMask: needAttr(group, 'ActiveProcessorMask', path),
		})),
		// 2.0/2.1 print <Node Node Group Processors/>, 2.2 <Node Node><Group Group Mask/></Node>.
		nodes: kids(element, 'Node').map(node => ({
			node: attrNumber(node, 'Node', path),
			groups: attrOf(node, 'Group') === undefined
				? groupMasks(node, `${path}/Node`)
				: [{group: attrNumber(node, 'Group', path), mask: needAttr(node, 'Processors', path)}],
		})),
		sockets: kids(element, 'Socket').map(socket => defined({
			socket: optionalAttrNumber(socket, 'Socket', path),
			groups: groupMasks(socket, `${path}/Socket`),
		})),
		cores: element.children.filter(child => child.name === 'Core' || child.name === 'HyperThread').map(core => defined({
			group: attrNumber(core, 'Group', path),
			core: optionalAttrNumber(core, 'Core', path),
			mask: attrOf(core, 'Mask') ?? needAttr(core, 'Processors', path),
			efficiencyClass: optionalAttrNumber(core, 'EfficiencyClass', path),
		})),
	});
}

// Missing configuration elements fall back to diskspd's own defaults (formats.md: treat every child as optional).
function parseProfileTimeSpan(element: XmlElement, path: string): DiskspdProfileTimeSpan {
	const targets = kids(kid(element, 'Targets'), 'Target');
	return {
		durationS: optionalNumber(element, 'Duration', path) ?? 10,
		warmupS: optionalNumber(element, 'Warmup', path) ?? 5,
		cooldownS: optionalNumber(element, 'Cooldown', path) ?? 0,
		threadCount: optionalNumber(element, 'ThreadCount', path) ?? 0,
		requestCount: optionalNumber(element, 'RequestCount', path) ?? 0,
		ioBucketDurationMs: optionalNumber(element, 'IoBucketDuration', path) ?? 1000,
		measureLatency: textOf(element, 'MeasureLatency') === 'true',
		calculateIopsStdDev: textOf(element, 'CalculateIopsStdDev') === 'true',
		randSeed: optionalNumber(element, 'RandSeed', path) ?? 0,
		targets: targets.map((target, i) => parseProfileTarget(target, `${path}/Targets/Target[${i + 1}]`)),
		raw: element.children.filter(child => child.name !== 'Targets').map(toRawEntry),
	};
}

function parseProfileTarget(element: XmlElement, path: string): DiskspdProfileTarget {
	const flag = (name: string): boolean | undefined => {
		const text = textOf(element, name);
		return text === undefined ? undefined : text === 'true';
	};

	const fileSize = kid(element, 'FileSize');
	return defined({
		path: need(element, 'Path', path).text,
		blockSize: optionalNumber(element, 'BlockSize', path) ?? 65_536,
		writeRatio: optionalNumber(element, 'WriteRatio', path) ?? 0,
		random: optionalNumber(element, 'Random', path),
		requestCount: optionalNumber(element, 'RequestCount', path) ?? 2,
		threadsPerFile: optionalNumber(element, 'ThreadsPerFile', path) ?? 1,
		fileSize: fileSize && toBigInt(fileSize.text, `${path}/FileSize`),
		disableOSCache: flag('DisableOSCache'),
		writeThrough: flag('WriteThrough'),
		raw: element.children.map(toRawEntry),
	});
}

function parseResultTimeSpan(element: XmlElement, path: string): DiskspdTimeSpan {
	const error = kid(element, 'Error');
	if (error !== undefined) {
		return {testTimeSeconds: 0, threadCount: 0, requestCount: 0, procCount: 0, cpus: [], threads: [], error: error.text};
	}

	if (kid(element, 'TestTimeSeconds') === undefined) {
		throw parseError('diskspd-xml', `${path} has neither <TestTimeSeconds> nor <Error>`, incompleteHint);
	}

	const cpu = kid(element, 'CpuUtilization');
	const average = cpu && kid(cpu, 'Average');
	const latency = kid(element, 'Latency');
	const iops = kid(element, 'Iops');
	return defined({
		testTimeSeconds: number(element, 'TestTimeSeconds', path),
		threadCount: number(element, 'ThreadCount', path),
		requestCount: optionalNumber(element, 'RequestCount', path) ?? 0,
		procCount: number(element, 'ProcCount', path),
		cpus: kids(cpu, 'CPU').map((entry, i) => parseCpu(entry, `${path}/CpuUtilization/CPU[${i + 1}]`)),
		cpuAverage: average && parseUsage(average, `${path}/CpuUtilization/Average`),
		latency: latency && parseLatency(latency, `${path}/Latency`),
		iops: iops && parseIops(iops, `${path}/Iops`),
		threads: kids(element, 'Thread').map((thread, i) => {
			const where = `${path}/Thread[${i + 1}]`;
			return {
				id: number(thread, 'Id', where),
				targets: kids(thread, 'Target').map((target, j) => parseTargetResult(target, `${where}/Target[${j + 1}]`)),
			};
		}),
	});
}

function parseUsage(element: XmlElement, path: string): DiskspdCpuUsage {
	return {
		usagePercent: number(element, 'UsagePercent', path),
		userPercent: number(element, 'UserPercent', path),
		kernelPercent: number(element, 'KernelPercent', path),
		idlePercent: number(element, 'IdlePercent', path),
	};
}

function parseCpu(element: XmlElement, path: string): DiskspdCpu {
	return defined({
		group: number(element, 'Group', path),
		id: number(element, 'Id', path),
		socket: optionalNumber(element, 'Socket', path),
		node: optionalNumber(element, 'Node', path),
		core: optionalNumber(element, 'Core', path),
		efficiencyClass: optionalNumber(element, 'EfficiencyClass', path),
		...parseUsage(element, path),
	});
}

function parseLatency(element: XmlElement, path: string): DiskspdLatency {
	const read = optionalAttrNumber(element, 'ReadHistoBuckets', path);
	return defined({
		histoBuckets: read === undefined ? undefined : {
			read,
			write: attrNumber(element, 'WriteHistoBuckets', path),
			total: attrNumber(element, 'TotalHistoBuckets', path),
		},
		averageReadMs: optionalNumber(element, 'AverageReadMilliseconds', path),
		readStdDevMs: optionalNumber(element, 'ReadLatencyStdev', path),
		averageWriteMs: optionalNumber(element, 'AverageWriteMilliseconds', path),
		writeStdDevMs: optionalNumber(element, 'WriteLatencyStdev', path),
		averageTotalMs: optionalNumber(element, 'AverageTotalMilliseconds', path),
		totalStdDevMs: optionalNumber(element, 'LatencyStdev', path),
		percentiles: kids(element, 'Bucket').map((bucket, i) => {
			const where = `${path}/Bucket[${i + 1}]`;
			return defined({
				percentile: number(bucket, 'Percentile', where),
				readMs: optionalNumber(bucket, 'ReadMilliseconds', where),
				writeMs: optionalNumber(bucket, 'WriteMilliseconds', where),
				totalMs: optionalNumber(bucket, 'TotalMilliseconds', where),
			});
		}),
	});
}

function parseIops(element: XmlElement, path: string): DiskspdIopsSeries {
	return defined({
		readStdDev: optionalNumber(element, 'ReadIopsStdDev', path),
		writeStdDev: optionalNumber(element, 'WriteIopsStdDev', path),
		stdDev: optionalNumber(element, 'IopsStdDev', path),
		buckets: kids(element, 'Bucket').map((bucket, i) => parseBucket(bucket, `${path}/Bucket[${i + 1}]`)),
	});
}

function parseBucket(element: XmlElement, path: string): DiskspdBucket {
	const stats = (direction: 'Read' | 'Write'): DiskspdLatencyStats | undefined => {
		const values = ['MinLatencyMilliseconds', 'MaxLatencyMilliseconds', 'AvgLatencyMilliseconds', 'LatencyStdDev']
			.map(name => optionalAttrNumber(element, direction + name, path));
		const [minMs, maxMs, avgMs, stdDevMs] = values;
		// Without -L, or without I/O in that direction, diskspd prints 0.000 for all four.
		if (minMs === undefined || maxMs === undefined || avgMs === undefined || stdDevMs === undefined || values.every(value => value === 0)) {
			return undefined;
		}

		return {minMs, maxMs, avgMs, stdDevMs};
	};

	return defined({
		endMs: attrNumber(element, 'SampleMillisecond', path),
		readIops: attrNumber(element, 'Read', path),
		writeIops: attrNumber(element, 'Write', path),
		totalIops: attrNumber(element, 'Total', path),
		read: stats('Read'),
		write: stats('Write'),
	});
}

function parseTargetResult(element: XmlElement, path: string): DiskspdTargetResult {
	const iops = kid(element, 'Iops');
	return defined({
		path: need(element, 'Path', path).text,
		bytesCount: bigint(element, 'BytesCount', path),
		fileSize: bigint(element, 'FileSize', path),
		ioCount: bigint(element, 'IOCount', path),
		readBytes: bigint(element, 'ReadBytes', path),
		readCount: bigint(element, 'ReadCount', path),
		writeBytes: bigint(element, 'WriteBytes', path),
		writeCount: bigint(element, 'WriteCount', path),
		averageReadLatencyMs: optionalNumber(element, 'AverageReadLatencyMilliseconds', path),
		readLatencyStdDevMs: optionalNumber(element, 'ReadLatencyStdev', path),
		averageWriteLatencyMs: optionalNumber(element, 'AverageWriteLatencyMilliseconds', path),
		writeLatencyStdDevMs: optionalNumber(element, 'WriteLatencyStdev', path),
		averageLatencyMs: optionalNumber(element, 'AverageLatencyMilliseconds', path),
		latencyStdDevMs: optionalNumber(element, 'LatencyStdev', path),
		iops: iops && parseIops(iops, `${path}/Iops`),
	});
}

function kids(parent: XmlElement | undefined, name: string): XmlElement[] {
	return parent === undefined ? [] : parent.children.filter(child => child.name === name);
}

function kid(parent: XmlElement, name: string): XmlElement | undefined {
	return parent.children.find(child => child.name === name);
}

function need(parent: XmlElement, name: string, path: string): XmlElement {
	const child = kid(parent, name);
	if (child === undefined) {
		throw parseError('diskspd-xml', `${path} has no <${name}>`, incompleteHint, {element: path});
	}

	return child;
}

function textOf(parent: XmlElement, name: string): string | undefined {
	return kid(parent, name)?.text;
}

function attrOf(element: XmlElement, name: string): string | undefined {
	return element.attributes.find(([key]) => key === name)?.[1];
}

function needAttr(element: XmlElement, name: string, path: string): string {
	const value = attrOf(element, name);
	if (value === undefined) {
		throw parseError('diskspd-xml', `<${element.name}> in ${path} has no ${name} attribute`, incompleteHint, {element: path});
	}

	return value;
}

const decimal = /^-?\d+(?:\.\d+)?$/;

function toNumber(text: string, what: string): number {
	const trimmed = text.trim();
	if (!decimal.test(trimmed)) {
		throw parseError('diskspd-xml', `${what} should be a number, found ${snippet(text)}`, incompleteHint, {element: what});
	}

	return Number(trimmed);
}

function toBigInt(text: string, what: string): bigint {
	const trimmed = text.trim();
	if (!/^\d+$/.test(trimmed)) {
		throw parseError('diskspd-xml', `${what} should be an unsigned integer, found ${snippet(text)}`, incompleteHint, {element: what});
	}

	return BigInt(trimmed);
}

function number(parent: XmlElement, name: string, path: string): number {
	return toNumber(need(parent, name, path).text, `${path}/${name}`);
}

function optionalNumber(parent: XmlElement, name: string, path: string): number | undefined {
	const child = kid(parent, name);
	return child === undefined ? undefined : toNumber(child.text, `${path}/${name}`);
}

function bigint(parent: XmlElement, name: string, path: string): bigint {
	return toBigInt(need(parent, name, path).text, `${path}/${name}`);
}

function attrNumber(element: XmlElement, name: string, path: string): number {
	return toNumber(needAttr(element, name, path), `${path} @${name}`);
}

function optionalAttrNumber(element: XmlElement, name: string, path: string): number | undefined {
	const value = attrOf(element, name);
	return value === undefined ? undefined : toNumber(value, `${path} @${name}`);
}

function lineOf(text: string, index: number): number {
	let line = 1;
	for (let at = text.indexOf('\n'); at !== -1 && at < index; at = text.indexOf('\n', at + 1)) {
		line++;
	}

	return line;
}

// Optional fields are left out rather than set to undefined, so results compare equal to hand-built ones.
function defined<T extends object>(value: T): T {
	for (const key of Object.keys(value) as (keyof T)[]) {
		if (value[key] === undefined) {
			delete value[key];
		}
	}

	return value;
}
