// Writes a DiskspdResult the way diskspd `-Rxml` prints it (formats.md §1), for the simulated rig: the 2.2
// layout with two-space indentation, or the unindented 2.0.x layout. Like diskspd it escapes nothing and
// ends without a newline after </Results>. Parts a hand-built result leaves out (power scheme, topology,
// profile header and raw entries) get diskspd's defaults.

import type {
	DiskspdCpu,
	DiskspdCpuUsage,
	DiskspdGroupMask,
	DiskspdIopsSeries,
	DiskspdLatency,
	DiskspdLatencyStats,
	DiskspdResult,
	DiskspdTargetResult,
	DiskspdTimeSpan,
	DiskspdTopology,
} from '../../workloads/diskspd/xml.js';
import {fromRawEntry, startTag, type XmlElement} from '../../workloads/diskspd/xml-tree.js';
import {fixed} from './c-format.js';
import {balancedPowerScheme, defaultProfileHeader, deriveTopology, targetEntries, timeSpanEntries} from './diskspd-defaults.js';

export type DiskspdLayout = '2.2' | '2.0';

export function renderDiskspdXml(result: DiskspdResult, options: {layout?: DiskspdLayout} = {}): string {
	const layout = options.layout ?? '2.2';
	const out = new XmlLines(layout === '2.2' ? '  ' : '');
	out.open('Results');
	renderSystem(out, result, layout);
	renderProfile(out, result);
	for (const timeSpan of result.timeSpans) {
		renderTimeSpan(out, timeSpan, layout);
	}

	out.close('Results');
	return out.text();
}

class XmlLines {
	private readonly lines: string[] = [];
	private indent = '';

	constructor(private readonly step: string) {}

	line(text: string): void {
		this.lines.push(this.indent + text);
	}

	open(tag: string): void {
		this.line(`<${tag}>`);
		this.indent += this.step;
	}

	close(name: string): void {
		this.indent = this.indent.slice(this.step.length);
		this.line(`</${name}>`);
	}

	leaf(name: string, value: string | number | bigint): void {
		this.line(`<${name}>${value}</${name}>`);
	}

	/** A `%.3f` leaf, only when diskspd would print it. */
	ms(name: string, value: number | undefined): void {
		if (value !== undefined) {
			this.leaf(name, fixed(value, 3));
		}
	}

	text(): string {
		return this.lines.join('\n');
	}
}

function renderSystem(out: XmlLines, result: DiskspdResult, layout: DiskspdLayout): void {
	out.open('System');
	out.leaf('ComputerName', result.computerName);
	out.open('Tool');
	out.leaf('Version', result.toolVersion);
	out.leaf('VersionDate', result.versionDate ?? '');
	out.close('Tool');
	out.leaf('RunTime', result.runTimeUtc === undefined ? '' : runTime(result.runTimeUtc));
	if (layout === '2.2') {
		const scheme = result.powerScheme ?? balancedPowerScheme;
		out.line(`<PowerScheme Name="${scheme.name}" Guid="${scheme.guid}"/>`);
	}

	const cpus = result.timeSpans.find(timeSpan => timeSpan.cpus.length > 0)?.cpus ?? [];
	renderTopology(out, result.topology ?? deriveTopology(cpus), layout);
	out.close('System');
}

// "%u/%02u/%02u %02u:%02u:%02u UTC"
function runTime(date: Date): string {
	const two = (value: number) => String(value).padStart(2, '0');
	return `${date.getUTCFullYear()}/${two(date.getUTCMonth() + 1)}/${two(date.getUTCDate())} `
		+ `${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())} UTC`;
}

function renderTopology(out: XmlLines, topology: DiskspdTopology, layout: DiskspdLayout): void {
	const modern = layout === '2.2';
	const heterogeneous = topology.heterogeneous ?? new Set(topology.cores.map(core => core.efficiencyClass ?? 0)).size > 1;
	out.open(modern ? `ProcessorTopology Heterogeneous="${heterogeneous}"` : 'ProcessorTopology');
	for (const group of topology.groups) {
		out.line(`<Group Group="${group.group}" MaximumProcessors="${group.maximumProcessors}" ActiveProcessors="${group.activeProcessors}" ActiveProcessorMask="${group.activeProcessorMask}"/>`);
	}

	const masks = (groups: DiskspdGroupMask[]) => {
		for (const {group, mask} of groups) {
			out.line(modern ? `<Group Group="${group}" Mask="${mask}"/>` : `<Group Group="${group}" Processors="${mask}"/>`);
		}
	};

	for (const node of topology.nodes) {
		if (modern) {
			out.open(`Node Node="${node.node}"`);
			masks(node.groups);
			out.close('Node');
		} else {
			for (const {group, mask} of node.groups) {
				out.line(`<Node Node="${node.node}" Group="${group}" Processors="${mask}"/>`);
			}
		}
	}

	for (const [index, socket] of topology.sockets.entries()) {
		out.open(modern ? `Socket Socket="${socket.socket ?? index}"` : 'Socket');
		masks(socket.groups);
		out.close('Socket');
	}

	const coresSeen = new Map<number, number>();
	for (const core of topology.cores) {
		// 2.0 <HyperThread> has no core number; 2.2 numbers cores within their group.
		const number = core.core ?? coresSeen.get(core.group) ?? 0;
		coresSeen.set(core.group, number + 1);
		out.line(modern
			? `<Core Group="${core.group}" Core="${number}" Mask="${core.mask}" EfficiencyClass="${core.efficiencyClass ?? 0}"/>`
			: `<HyperThread Group="${core.group}" Processors="${core.mask}"/>`);
	}

	out.close('ProcessorTopology');
}

function renderProfile(out: XmlLines, result: DiskspdResult): void {
	out.open('Profile');
	renderRaw(out, result.profileHeader ?? defaultProfileHeader);
	out.open('TimeSpans');
	for (const timeSpan of result.profile) {
		out.open('TimeSpan');
		renderRaw(out, timeSpan.raw?.length ? timeSpan.raw : timeSpanEntries(timeSpan));
		out.open('Targets');
		for (const target of timeSpan.targets) {
			out.open('Target');
			renderRaw(out, target.raw.length > 0 ? target.raw : targetEntries(target));
			out.close('Target');
		}

		out.close('Targets');
		out.close('TimeSpan');
	}

	out.close('TimeSpans');
	out.close('Profile');
}

function renderRaw(out: XmlLines, entries: [string, string][]): void {
	for (const entry of entries) {
		renderElement(out, fromRawEntry(entry));
	}
}

function renderElement(out: XmlLines, element: XmlElement): void {
	const tag = startTag(element);
	if (element.children.length > 0) {
		out.open(tag);
		for (const child of element.children) {
			renderElement(out, child);
		}

		out.close(element.name);
	} else if (element.text === '' && element.attributes.length > 0) {
		out.line(`<${tag}/>`);
	} else {
		out.line(`<${tag}>${element.text}</${element.name}>`);
	}
}

function renderTimeSpan(out: XmlLines, timeSpan: DiskspdTimeSpan, layout: DiskspdLayout): void {
	out.open('TimeSpan');
	if (timeSpan.error !== undefined) {
		out.leaf('Error', timeSpan.error);
		out.close('TimeSpan');
		return;
	}

	out.leaf('TestTimeSeconds', fixed(timeSpan.testTimeSeconds, 2));
	out.leaf('ThreadCount', timeSpan.threadCount);
	out.leaf('RequestCount', timeSpan.requestCount);
	out.leaf('ProcCount', timeSpan.procCount);
	out.open('CpuUtilization');
	for (const cpu of timeSpan.cpus) {
		out.open('CPU');
		if (layout === '2.2') {
			out.leaf('Socket', cpu.socket ?? 0);
			out.leaf('Node', cpu.node ?? 0);
			out.leaf('Group', cpu.group);
			out.leaf('Core', cpu.core ?? 0);
			out.leaf('EfficiencyClass', cpu.efficiencyClass ?? 0);
		} else {
			out.leaf('Group', cpu.group);
		}

		out.leaf('Id', cpu.id);
		renderUsage(out, cpu);
		out.close('CPU');
	}

	out.open('Average');
	renderUsage(out, timeSpan.cpuAverage ?? averageUsage(timeSpan.cpus));
	out.close('Average');
	out.close('CpuUtilization');
	if (timeSpan.latency !== undefined) {
		renderLatency(out, timeSpan.latency, layout);
	}

	if (timeSpan.iops !== undefined) {
		renderIops(out, timeSpan.iops);
	}

	for (const thread of timeSpan.threads) {
		out.open('Thread');
		out.leaf('Id', thread.id);
		for (const target of thread.targets) {
			renderTargetResult(out, target);
		}

		out.close('Thread');
	}

	out.close('TimeSpan');
}

function renderUsage(out: XmlLines, usage: DiskspdCpuUsage): void {
	out.leaf('UsagePercent', fixed(usage.usagePercent, 2));
	out.leaf('UserPercent', fixed(usage.userPercent, 2));
	out.leaf('KernelPercent', fixed(usage.kernelPercent, 2));
	out.leaf('IdlePercent', fixed(usage.idlePercent, 2));
}

function averageUsage(cpus: DiskspdCpu[]): DiskspdCpuUsage {
	const mean = (pick: (cpu: DiskspdCpu) => number) => cpus.length === 0 ? 0 : cpus.reduce((total, cpu) => total + pick(cpu), 0) / cpus.length;
	return {
		usagePercent: mean(cpu => cpu.usagePercent),
		userPercent: mean(cpu => cpu.userPercent),
		kernelPercent: mean(cpu => cpu.kernelPercent),
		idlePercent: mean(cpu => cpu.idlePercent),
	};
}

function renderLatency(out: XmlLines, latency: DiskspdLatency, layout: DiskspdLayout): void {
	const buckets = latency.histoBuckets ?? {read: 0, write: 0, total: 0};
	out.open(layout === '2.2'
		? `Latency ReadHistoBuckets="${buckets.read}" WriteHistoBuckets="${buckets.write}" TotalHistoBuckets="${buckets.total}"`
		: 'Latency');
	out.ms('AverageReadMilliseconds', latency.averageReadMs);
	out.ms('ReadLatencyStdev', latency.readStdDevMs);
	out.ms('AverageWriteMilliseconds', latency.averageWriteMs);
	out.ms('WriteLatencyStdev', latency.writeStdDevMs);
	out.ms('AverageTotalMilliseconds', latency.averageTotalMs);
	out.ms('LatencyStdev', latency.totalStdDevMs);
	for (const bucket of latency.percentiles) {
		out.open('Bucket');
		// diskspd prints percentiles with just the digits they need (`%.*f`), which is what String() gives.
		out.leaf('Percentile', String(bucket.percentile));
		out.ms('ReadMilliseconds', bucket.readMs);
		out.ms('WriteMilliseconds', bucket.writeMs);
		out.ms('TotalMilliseconds', bucket.totalMs);
		out.close('Bucket');
	}

	out.close('Latency');
}

function renderIops(out: XmlLines, iops: DiskspdIopsSeries): void {
	out.open('Iops');
	out.ms('ReadIopsStdDev', iops.readStdDev);
	out.ms('WriteIopsStdDev', iops.writeStdDev);
	out.ms('IopsStdDev', iops.stdDev);
	const stats = (direction: string, value: DiskspdLatencyStats | undefined) => {
		const {minMs = 0, maxMs = 0, avgMs = 0, stdDevMs = 0} = value ?? {};
		return `${direction}MinLatencyMilliseconds="${fixed(minMs, 3)}" ${direction}MaxLatencyMilliseconds="${fixed(maxMs, 3)}" `
			+ `${direction}AvgLatencyMilliseconds="${fixed(avgMs, 3)}" ${direction}LatencyStdDev="${fixed(stdDevMs, 3)}"`;
	};

	for (const bucket of iops.buckets) {
		out.line(`<Bucket SampleMillisecond="${bucket.endMs}" Read="${fixed(bucket.readIops, 0)}" Write="${fixed(bucket.writeIops, 0)}" `
			+ `Total="${fixed(bucket.totalIops, 0)}" ${stats('Read', bucket.read)} ${stats('Write', bucket.write)}/>`);
	}

	out.close('Iops');
}

function renderTargetResult(out: XmlLines, target: DiskspdTargetResult): void {
	out.open('Target');
	out.leaf('Path', target.path);
	out.leaf('BytesCount', target.bytesCount);
	out.leaf('FileSize', target.fileSize);
	out.leaf('IOCount', target.ioCount);
	out.leaf('ReadBytes', target.readBytes);
	out.leaf('ReadCount', target.readCount);
	out.leaf('WriteBytes', target.writeBytes);
	out.leaf('WriteCount', target.writeCount);
	out.ms('AverageReadLatencyMilliseconds', target.averageReadLatencyMs);
	out.ms('ReadLatencyStdev', target.readLatencyStdDevMs);
	out.ms('AverageWriteLatencyMilliseconds', target.averageWriteLatencyMs);
	out.ms('WriteLatencyStdev', target.writeLatencyStdDevMs);
	out.ms('AverageLatencyMilliseconds', target.averageLatencyMs);
	out.ms('LatencyStdev', target.latencyStdDevMs);
	if (target.iops !== undefined) {
		renderIops(out, target.iops);
	}

	out.close('Target');
}
