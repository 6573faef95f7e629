// What the failover suite shows beyond its verdicts: the chart where each verdict can be seen (throughput per rNIC,
// total IOPS, the port-down window and the switch commands) and a table of the means before, during and after the
// fault. Pure: measurements in, report sections out.
import type {FailoverMeasurements, TimePoint as NullableSample} from '../harness/verdicts/failover.js';
import type {TableSection, TimeChartModel, TimePoint} from '../reports/model.js';

export interface FailoverChartInput {
	title: string;
	subtitle?: string;
	/** Throughput through each rNIC (RDMA + TCP), MB/s, the faulted rNIC first. */
	rnics: {label: string; points: TimePoint[]}[];
	/** Total IOPS of the workload. */
	iops: TimePoint[];
	/**
	 * What was pulled (`tor-a Ethernet1/1`, `hv01 SLOT 3 Port 1`), the words for it (`shut` / `no shut`) and when;
	 * absent when no fault was injected.
	 */
	fault?: {where: string; inject: string; restore: string; shutS: number; noShutS?: number};
	/** When the faulted rNIC carried traffic again. */
	restoredS?: number;
	/** End of the run: where the port-down window ends if the port was never brought back. */
	endS: number;
	xMaxS: number;
}

// Grey and dashed: IOPS is context for the per-rNIC lines, which take the palette's first colours.
const iopsColor = '#6b7280';

export function failoverChart(input: FailoverChartInput): TimeChartModel {
	return {
		title: input.title,
		...(input.subtitle === undefined ? {} : {subtitle: input.subtitle}),
		axes: [
			{id: 'left', label: 'Throughput per rNIC', unit: 'MB/s'},
			{id: 'right', label: 'Total IOPS', unit: 'IOPS', integer: true},
		],
		series: [
			...input.rnics.map((rnic, index) => ({id: `rnic${index + 1}`, label: rnic.label, unit: 'MB/s', axis: 'left' as const, points: rnic.points})),
			{id: 'iops', label: 'Total IOPS', unit: 'IOPS', axis: 'right', points: input.iops, style: 'dashed', color: iopsColor},
		],
		...faultMarks(input.fault, input.endS),
		markers: [...faultMarks(input.fault, input.endS).markers, ...(input.restoredS === undefined ? [] : [{t: input.restoredS, label: `${input.rnics[0]?.label.split(' · ')[0] ?? 'the pulled rNIC'} carries traffic again`}])],
		xMaxS: input.xMaxS,
	};
}

/** The fault's window and its two commands, on any of the suite's charts. */
const faultMarks = (fault: FailoverChartInput['fault'], endS: number): Pick<TimeChartModel, 'bands' | 'markers'> => ({
	bands: fault === undefined ? [] : [{startS: fault.shutS, endS: fault.noShutS ?? endS, label: `${fault.where} down`}],
	markers: [
		...(fault === undefined ? [] : [{t: fault.shutS, label: `${fault.inject} ${fault.where}`}]),
		...(fault?.noShutS === undefined ? [] : [{t: fault.noShutS, label: `${fault.restore} ${fault.where}`}]),
	],
});

/** One queue of a switch port: its cumulative transmitted bytes over time. */
export interface QueueBytes {
	label: string;
	points: TimePoint[];
}

/**
 * Transmitted MB/s per queue of the switch ports on both paths, from the switches' cumulative counters (the rate over
 * each polling interval, stamped at its end). Queues that carried nothing are left out.
 */
export function switchQueueChart(input: {title: string; queues: QueueBytes[]; fault?: FailoverChartInput['fault']; endS: number; xMaxS: number}): TimeChartModel {
	const rates = input.queues.map(queue => ({
		label: queue.label,
		points: queue.points.slice(1).map((point, index) => {
			const previous = queue.points[index]!;
			return {t: point.t, v: Math.max(0, point.v - previous.v) / (point.t - previous.t) / 1e6};
		}),
	})).filter(queue => queue.points.some(point => point.v > 0));
	return {
		title: input.title,
		axes: [{id: 'left', label: 'Transmitted per queue', unit: 'MB/s'}],
		series: rates.map((queue, index) => ({id: `queue${index + 1}`, label: queue.label, unit: 'MB/s', axis: 'left' as const, points: queue.points, style: 'step' as const})),
		...faultMarks(input.fault, input.endS),
		xMaxS: input.xMaxS,
	};
}

/** Mean throughput and IOPS before the shut, while the port was down and after the no shut. */
export function failoverMeansTable(m: FailoverMeasurements): TableSection {
	const windows = [
		{name: 'Before the shut', fromS: m.measured.fromS, toS: m.fault.shutS},
		{name: 'Port down', fromS: m.fault.shutS, toS: m.fault.noShutS},
		{name: 'After the no shut', fromS: m.fault.noShutS, toS: m.measured.toS},
	];
	const row = (label: string, unit: string, samples: NullableSample[]) => [label, unit, ...windows.map(window => meanCell(samples, window.fromS, window.toS))];
	return {
		kind: 'table',
		title: 'Means before, during and after the fault',
		columns: ['Series', 'Unit', ...windows.map(window => `${window.name} (${window.fromS.toFixed(1)}–${window.toS.toFixed(1)} s)`)],
		rows: [
			...m.rnics.map(rnic => row(rnic.label, 'MB/s', rnic.series)),
			row('Total (diskspd)', 'MB/s', m.io.map(sample => ({t: sample.t, v: sample.mbps}))),
			row('Total (diskspd)', 'IOPS', m.io.map(sample => ({t: sample.t, v: sample.iops}))),
		],
		caption: 'Means over the samples in each window of the measured run (after warm-up). A sample covers the interval that ends at its time stamp. Blank samples are left out of a mean and counted; — means no sample.',
	};
}

// Samples are stamped at the end of the interval they measured, so a window takes those stamped after its start up
// to and including its end: the sample stamped at the shut belongs before it.
function meanCell(samples: NullableSample[], fromS: number, toS: number): string | number {
	const inWindow = samples.filter(sample => sample.t > fromS && sample.t <= toS);
	const values = inWindow.flatMap(sample => (sample.v === null ? [] : [sample.v]));
	if (values.length === 0) {
		return '—';
	}

	const mean = Math.round(values.reduce((sum, value) => sum + value, 0) / values.length);
	const blank = inWindow.length - values.length;
	return blank === 0 ? mean : `${mean.toLocaleString('en-US')} (${blank} of ${inWindow.length} samples blank)`;
}
