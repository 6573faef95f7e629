// What the failover suite shows beyond its verdicts: the chart where each verdict can be seen (throughput per rNIC,
// total IOPS, the port-down window and the switch commands). Pure: measurements in, report sections out.
import type {TimeChartModel, TimePoint} from '../reports/model.js';

export interface FailoverChartInput {
	title: string;
	subtitle?: string;
	/** Throughput through each rNIC (RDMA + TCP), MB/s, the faulted rNIC first. */
	rnics: {label: string; points: TimePoint[]}[];
	/** Total IOPS of the workload. */
	iops: TimePoint[];
	/** The switch port shut (e.g. `tor-a Ethernet1/1`) and when; absent when no fault was injected. */
	fault?: {port: string; shutS: number; noShutS?: number};
	/** When the faulted rNIC carried traffic again. */
	restoredS?: number;
	/** End of the run: where the port-down window ends if the port was never brought back. */
	endS: number;
	xMaxS: number;
}

// Grey and dashed: IOPS is context for the per-rNIC lines, which take the palette's first colours.
const iopsColor = '#6b7280';

export function failoverChart(input: FailoverChartInput): TimeChartModel {
	const {fault} = input;
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
		bands: fault === undefined ? [] : [{startS: fault.shutS, endS: fault.noShutS ?? input.endS, label: `${fault.port} down`}],
		markers: [
			...(fault === undefined ? [] : [{t: fault.shutS, label: `shut ${fault.port}`}]),
			...(fault?.noShutS === undefined ? [] : [{t: fault.noShutS, label: `no shut ${fault.port}`}]),
			...(input.restoredS === undefined ? [] : [{t: input.restoredS, label: 'rNIC 1 carries traffic again'}]),
		],
		xMaxS: input.xMaxS,
	};
}
