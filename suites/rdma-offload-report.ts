// What the RDMA offload suite shows beyond its verdicts: each verdict's evidence drawn. Throughput (RDMA, TCP, SMB)
// and CPU over time with both phases shaded and the ceiling marked; CPU per GB/s per node, phase A beside phase B;
// RDMA and TCP bytes per host rNIC in each phase; the RDMA error counters' rise per rNIC; and the figures as tables.
// Pure: the record and the measurements in, report sections out.
import {faultKindOf} from '../harness/kinds/index.js';
import {planWindow, type RunRecord} from '../harness/record/record.js';
import {errorRises, nodeCosts, rdmaErrorCounterNames, rnicMeans, type OffloadMeasurements, type OffloadNode, type Sample, type Series, type Window} from '../harness/verdicts/rdma-offload.js';
import {round, type Verdict} from '../harness/verdicts/verdict.js';
import type {BarChartSection, ChartSection, ReportSection, TableSection, TimePoint, TimeSeries} from '../reports/model.js';
import type {OffloadParams} from './rdma-offload.js';
import {loadOf, nodeOf, phaseIds, sofsNodesOf} from './rdma-offload-measure.js';

const colors = {rdma: '#0072B2', tcp: '#E69F00', smb: '#6b7280', hostCpu: '#009E73', sofsCpu: '#CC79A7', ceiling: '#111827', phaseA: '#0072B2', rdmaB: '#56B4E9', tcpB: '#F0E442'};

/**
 * Sums (or averages) series from several nodes sample by sample. Each node stamps its own samples, a fraction of an
 * interval apart from the others', so samples are matched by interval; one without a value leaves a gap.
 */
const combine = (series: Array<Series | undefined>, intervalS: number, how: 'sum' | 'mean'): TimePoint[] => {
	const present = series.filter((item): item is Sample[] => Array.isArray(item));
	const slots = new Map<number, {t: number[]; v: Array<number | null>}>();
	for (const samples of present) {
		for (const sample of samples) {
			const slot = Math.round(sample.t / intervalS);
			const entry = slots.get(slot) ?? {t: [], v: []};
			entry.t.push(sample.t);
			entry.v.push(sample.v);
			slots.set(slot, entry);
		}
	}

	return [...slots.entries()].sort(([a], [b]) => a - b).flatMap(([, entry]) => {
		if (entry.v.length < present.length || entry.v.includes(null)) {
			return [];
		}

		const total = (entry.v as number[]).reduce((sum, value) => sum + value, 0);
		return [{t: entry.t.reduce((sum, t) => sum + t, 0) / entry.t.length, v: how === 'sum' ? total : total / entry.v.length}];
	});
};

/** A flat line over a window, for a level the chart compares against (the ceiling, the threshold). */
const level = (window: Window, value: number): TimePoint[] => [{t: window.fromS, v: value}, {t: window.toS, v: value}];

const timelineChart = (record: RunRecord, nodes: OffloadNode[], windows: {a?: Window; b?: Window}, m: OffloadMeasurements | undefined, p: OffloadParams): ChartSection => {
	const {data} = record;
	const hosts = nodes.filter(node => node.role === 'hyperv-host');
	const sofs = nodes.filter(node => node.role === 'sofs-node');
	const hostRnics = hosts.flatMap(node => node.rnics);
	const faults = data.faults.filter(fault => fault.kind === 'rdma-disable');
	const verbs = faults[0] === undefined ? undefined : faultKindOf(faults[0].step).kind.verbs;
	const injected = faults.flatMap(fault => (fault.injectedAtS === undefined ? [] : [fault.injectedAtS]));
	const restored = faults.flatMap(fault => (fault.restoredAtS === undefined ? [] : [fault.restoredAtS]));
	const where = `the rNICs of ${new Set(faults.map(fault => String(fault.step['node']))).size} host(s)`;
	const xMaxS = Math.ceil(Math.max(data.durationS, ...data.captures.flatMap(capture => capture.samples.map(sample => sample.t))) / 5) * 5;
	const series: TimeSeries[] = [
		{id: 'rdma', label: 'RDMA, hosts\' rNICs (RDMA Activity)', unit: 'MB/s', axis: 'left', points: combine(hostRnics.map(rnic => rnic.rdma), p.sampleIntervalS, 'sum'), color: colors.rdma, style: 'step'},
		{id: 'tcp', label: 'TCP, hosts\' rNICs (Network Adapter)', unit: 'MB/s', axis: 'left', points: combine(hostRnics.map(rnic => rnic.tcp), p.sampleIntervalS, 'sum'), color: colors.tcp, style: 'step'},
		{id: 'smb', label: 'SMB data, hosts (SMB Client Shares)', unit: 'MB/s', axis: 'left', points: combine(hosts.map(node => node.smb?.data), p.sampleIntervalS, 'sum'), color: colors.smb, style: 'dashed'},
		...(m === undefined ? [] : [
			{id: 'ceiling', label: `payload ceiling (${round(m.ceiling.mbps)} MB/s)`, unit: 'MB/s', axis: 'left' as const, points: level(m.a, m.ceiling.mbps), color: colors.ceiling, style: 'dashed' as const},
			{id: 'threshold', label: `${p.thresholds.minThroughputPctOfCeiling} % of it`, unit: 'MB/s', axis: 'left' as const, points: level(m.a, m.ceiling.mbps * p.thresholds.minThroughputPctOfCeiling / 100), color: '#9ca3af', style: 'dashed' as const},
		]),
		{id: 'cpu-hosts', label: 'CPU, Hyper-V hosts (mean)', unit: '%', axis: 'right', points: combine(hosts.map(node => node.cpu.samples), p.sampleIntervalS, 'mean'), color: colors.hostCpu},
		...(sofs.length === 0 ? [] : [{id: 'cpu-sofs', label: 'CPU, SOFS nodes (mean)', unit: '%', axis: 'right' as const, points: combine(sofs.map(node => node.cpu.samples), p.sampleIntervalS, 'mean'), color: colors.sofsCpu}]),
	];
	return {
		kind: 'chart',
		file: 'offload-timeline.png',
		caption: 'Throughput through the Hyper-V hosts\' rNICs over RDMA and over TCP, the SMB data they moved, and the nodes\' CPU, over the run; phase A (SMB Direct) and phase B (RDMA disabled, SMB over TCP) shaded, the links\' payload ceiling and the throughput threshold over phase A',
		chart: {
			title: `RDMA offload: ${hosts.map(node => node.node).join(', ')} → \\\\${record.rig.sofs.name}`,
			subtitle: `diskspd ${p.pattern} ${p.blockSize}, ${p.writePercent} % writes, ${p.threads} threads × ${p.outstanding} outstanding per host`,
			axes: [{id: 'left', label: 'Throughput', unit: 'MB/s'}, {id: 'right', label: 'CPU', unit: '%', min: 0}],
			series,
			bands: [
				...(windows.a === undefined ? [] : [{startS: windows.a.fromS, endS: windows.a.toS, label: 'phase A: SMB Direct', color: colors.phaseA}]),
				...(windows.b === undefined ? [] : [{startS: windows.b.fromS, endS: windows.b.toS, label: 'phase B: TCP (RDMA off)'}]),
			],
			markers: [
				...(verbs === undefined || injected.length === 0 ? [] : [{t: Math.min(...injected), label: `${verbs.inject} ${where}`}]),
				...(verbs === undefined || restored.length === 0 ? [] : [{t: Math.min(...restored), label: `${verbs.restore} ${where}`}]),
			],
			xMaxS,
		},
	};
};

const valueOrNull = (mean: {value: number} | {reason: string}) => ('value' in mean ? round(mean.value, 1) : null);

const cpuChart = (m: OffloadMeasurements, p: OffloadParams): BarChartSection => {
	const costs = m.nodes.map(node => nodeCosts(m, node));
	return {
		kind: 'bar-chart',
		file: 'cpu-per-gbps.png',
		caption: `CPU per GB/s through each node's rNICs, its idle CPU taken out: phase A over SMB Direct beside phase B over TCP. The offload ratio (B ÷ A) must be ≥ ${p.thresholds.minOffloadRatio} on every node; no bar means it could not be measured`,
		chart: {
			title: 'CPU per GB/s: SMB Direct against TCP',
			subtitle: 'Hyper-V hosts: Hyper-V Hypervisor Logical Processor(_Total)\\% Total Run Time; SOFS nodes: Processor Information(_Total)\\% Processor Time',
			categories: m.nodes.map(node => node.node),
			axis: {label: 'CPU per GB/s', unit: '% per GB/s'},
			series: [
				{id: 'a', label: 'phase A: SMB Direct', values: costs.map(cost => ('reason' in cost ? null : round(cost.a.perGBps, 3))), color: colors.rdma},
				{id: 'b', label: 'phase B: TCP', values: costs.map(cost => ('reason' in cost ? null : round(cost.b.perGBps, 3))), color: colors.tcp},
			],
		},
	};
};

const rnicLabel = (node: string, rnic: string) => `${node} ${rnic}`;

const rnicBytesChart = (m: OffloadMeasurements, p: OffloadParams): BarChartSection => {
	const hosts = m.nodes.filter(node => node.role === 'hyperv-host');
	const rnics = hosts.flatMap(node => node.rnics.map(rnic => ({node, rnic, a: rnicMeans(m, rnic, m.a), b: rnicMeans(m, rnic, m.b)})));
	return {
		kind: 'bar-chart',
		file: 'rnic-bytes.png',
		caption: `Mean MB/s through each Hyper-V host rNIC over RDMA (RDMA Activity) and over TCP (Network Adapter), phase A beside phase B. In phase A each rNIC must carry ≥ ${p.thresholds.minRnicRdmaPctOfEven} % of an even split of its host's traffic over RDMA`,
		chart: {
			title: 'RDMA and TCP bytes per host rNIC',
			categories: rnics.map(entry => rnicLabel(entry.node.node, entry.rnic.rnic)),
			axis: {label: 'Mean throughput', unit: 'MB/s'},
			series: [
				{id: 'rdma-a', label: 'RDMA, phase A', stack: 'a', values: rnics.map(entry => valueOrNull(entry.a.rdma)), color: colors.rdma},
				{id: 'tcp-a', label: 'TCP, phase A', stack: 'a', values: rnics.map(entry => valueOrNull(entry.a.tcp)), color: colors.tcp},
				{id: 'rdma-b', label: 'RDMA, phase B', stack: 'b', values: rnics.map(entry => valueOrNull(entry.b.rdma)), color: colors.rdmaB},
				{id: 'tcp-b', label: 'TCP, phase B', stack: 'b', values: rnics.map(entry => valueOrNull(entry.b.tcp)), color: colors.tcpB},
			],
		},
	};
};

const errorsChart = (m: OffloadMeasurements): BarChartSection => {
	const rnics = m.nodes.flatMap(node => node.rnics.map(rnic => ({node, rnic, rises: errorRises(m, rnic)})));
	return {
		kind: 'bar-chart',
		file: 'rdma-errors.png',
		caption: 'How far each rNIC\'s RDMA Activity error counters rose during phase A (warm-up included). All must stay flat: no bar is a pass',
		chart: {
			title: 'RDMA errors per rNIC in phase A',
			categories: rnics.map(entry => rnicLabel(entry.node.node, entry.rnic.rnic)),
			axis: {label: 'Rise in phase A', unit: 'errors', integer: true},
			series: rdmaErrorCounterNames.map((name, index) => ({
				id: `errors-${index}`, label: name, stack: 'errors', values: rnics.map(entry => ('reason' in entry.rises ? null : entry.rises[name])),
			})),
		},
	};
};

const costTable = (m: OffloadMeasurements): TableSection => ({
	kind: 'table',
	title: 'CPU and throughput per node',
	columns: ['Node', 'Idle CPU %', 'Phase A GB/s', 'Phase A CPU %', 'Phase A % per GB/s', 'Phase B GB/s', 'Phase B CPU %', 'Phase B % per GB/s', 'B ÷ A'],
	rows: m.nodes.map(node => {
		const cost = nodeCosts(m, node);
		if ('reason' in cost) {
			return [node.node, `not measured: ${cost.reason}`];
		}

		const ratio = cost.a.perGBps > 0 ? round(cost.b.perGBps / cost.a.perGBps, 2) : '—';
		return [node.node, round(cost.idle, 2), round(cost.a.gbps, 3), round(cost.a.cpuPct, 2), round(cost.a.perGBps, 3), round(cost.b.gbps, 3), round(cost.b.cpuPct, 2), round(cost.b.perGBps, 3), ratio];
	}),
	caption: 'Means over each phase\'s measured time (every host measuring). GB/s through the node\'s rNICs, RDMA and TCP; CPU per GB/s counts the CPU above the idle level measured before the load.',
});

/** The rdma-share verdict's figures per host, as it judged them. */
const shareTable = (verdicts: readonly Verdict[]): TableSection | undefined => {
	const items = verdicts.find(verdict => verdict.id === 'rdma-share')?.evidence['items'];
	if (items === undefined || items === null || typeof items !== 'object') {
		return undefined;
	}

	const cell = (value: unknown) => (typeof value === 'number' ? value : typeof value === 'string' ? value : '—');
	return {
		kind: 'table',
		title: 'SMB bytes over RDMA per host, phase A',
		columns: ['Host', 'Status', 'RDMA Activity MB/s', 'SMB data MB/s', 'RDMA Activity ÷ SMB data %', 'SMB Direct share % (SMB Client Shares)'],
		rows: Object.entries(items as Record<string, Record<string, unknown>>).map(([host, item]) => (item['status'] === 'error'
			? [host, 'error', cell(item['reason'])]
			: [host, cell(item['status']), cell(item['rdmaActivityMBps']), cell(item['smbDataMBps']), cell(item['rdmaActivitySharePct']), cell(item['smbDirectSharePct'] ?? item['smbDirectCounters'])])),
		caption: 'RDMA Activity counts the RDMA bytes through the host\'s rNICs (SMB\'s requests included, so a little over 100 % is normal); SMB Direct\'s own counters (… transmitted via SMB Direct/sec) count the reads and writes it carried, where the node has them.',
	};
};

export const offloadSections = (record: RunRecord, measured: OffloadMeasurements | string, verdicts: readonly Verdict[], p: OffloadParams): ReportSection[] => {
	const m = typeof measured === 'string' ? undefined : measured;
	// Without measurements (a phase that did not run) the timeline still shows what was captured, on the planned windows.
	const nodes = m?.nodes ?? (() => {
		const {hosts, share} = loadOf(record);
		return [...hosts, ...sofsNodesOf(record.rig)].map(node => nodeOf(record, node, share, p.sampleIntervalS));
	})();
	const windows = m === undefined ? {a: planWindow(record, phaseIds.a), b: planWindow(record, phaseIds.b)} : {a: m.a, b: m.b};
	const share = shareTable(verdicts);
	return [
		timelineChart(record, nodes, windows, m, p),
		...(m === undefined ? [] : [cpuChart(m, p), rnicBytesChart(m, p), errorsChart(m), costTable(m)]),
		...(share === undefined ? [] : [share]),
	];
};
