// What the QoS-shares suite shows beyond its verdicts: the congested port's throughput per traffic class, stacked,
// against the rig file's ETS reservations; PFC pause frames per priority beneath it; and a table of the means per
// phase. Pure: measurements in, report sections out.
import {counterDelta, type ClassCounters, type CounterPoint, type QosMeasurements, type Window} from '../harness/verdicts/qos.js';
import {round} from '../harness/verdicts/verdict.js';
import type {Band, ReferenceLine, TableSection, TimeChartModel, TimePoint} from '../reports/model.js';

export interface QosChartContext {
	xMaxS: number;
	/** When the competing flow ran. */
	flow?: Window & {label: string};
}

// Grey, not a fault's red: the competing flow is the test's own doing.
const flowColor = '#6b7280';
// Reservation boundaries closer than this share of the link are drawn as one line.
const mergeWithinPct = 3;
const classColors = {SMB: '#0072B2', cluster: '#009E73', default: '#E69F00', other: '#CC79A7'} as const;

/** The rate of a cumulative counter over each polling interval, stamped at its end; `scale` converts the unit. */
export const intervalRates = (points: readonly CounterPoint[], scale = 1): TimePoint[] => points.slice(1).flatMap((point, index) => {
	const previous = points[index]!;
	return point.v === null || previous.v === null || point.t <= previous.t ? [] : [{t: point.t, v: Math.max(0, point.v - previous.v) / (point.t - previous.t) * scale}];
});

/** Point-wise difference of cumulative series sampled together: what the port's other queues carried. */
const remainder = (total: readonly CounterPoint[], parts: ReadonlyArray<readonly CounterPoint[]>): CounterPoint[] => total.map((point, index) => ({
	t: point.t,
	v: point.v === null || parts.some(part => part.length > 0 && (part[index]?.v ?? null) === null) ? null : point.v - parts.reduce((sum, part) => sum + (part[index]?.v ?? 0), 0),
}));

const flowBand = (context: QosChartContext): Band[] => (context.flow === undefined ? [] : [{startS: context.flow.fromS, endS: context.flow.toS, label: context.flow.label, color: flowColor}]);

export function qosSharesChart(m: QosMeasurements, context: QosChartContext): TimeChartModel {
	const classes = [m.smb, m.cluster, m.fallback];
	const other = remainder(m.totalTxBytes, classes.map(cls => cls.txBytes));
	const layers = [
		...classes.map(cls => ({id: cls.label, label: `${cls.label} (priority ${cls.priority}${cls.queue === undefined ? ', no queue' : `, queue ${cls.queue}`})`, points: intervalRates(cls.txBytes, 1e-6), color: classColors[cls.label as keyof typeof classColors]})),
		{id: 'other', label: 'other queues', points: intervalRates(other, 1e-6), color: classColors.other},
	].filter(layer => layer.id !== 'other' || layer.points.some(point => point.v > 0.5));
	// Where the top of each layer sits when every class gets exactly its reservation; boundaries too close to tell
	// apart (a 1 % heartbeat class) share one line.
	const references: ReferenceLine[] = [];
	let reserved = 0;
	for (const cls of classes) {
		reserved += cls.reservedPct;
		const text = `${cls.label} ${cls.reservedPct} %`;
		const previous = references.at(-1);
		if (previous !== undefined && reserved - (previous.value / m.ceilingMBps * 100) < mergeWithinPct) {
			references[references.length - 1] = {...previous, value: m.ceilingMBps * reserved / 100, label: `${previous.label} + ${text}`};
		} else {
			references.push({axis: 'left', value: m.ceilingMBps * reserved / 100, label: `${previous === undefined ? '' : '+ '}${text}`, color: classColors[cls.label as keyof typeof classColors]});
		}
	}

	for (const line of references) {
		line.label = `${line.label} reserved${line === references.at(-1) && reserved === 100 ? ' = link' : ''}`;
	}

	return {
		title: `Traffic classes on ${m.port}`,
		subtitle: `switch queue counters, stacked; link payload ${Math.round(m.ceilingMBps)} MB/s`,
		axes: [{id: 'left', label: 'Transmitted', unit: 'MB/s', stacked: true}],
		series: layers.map(layer => ({id: layer.id, label: layer.label, unit: 'MB/s', axis: 'left' as const, points: layer.points, style: 'area' as const, color: layer.color})),
		bands: flowBand(context),
		markers: [],
		references,
		xMaxS: context.xMaxS,
	};
}

export function qosPauseChart(m: QosMeasurements, context: QosChartContext): TimeChartModel {
	const series = m.pauses
		.map(entry => ({entry, points: intervalRates(entry.frames)}))
		// The SMB priority always, to show its pauses; any other only when it saw one.
		.filter(({entry, points}) => entry.priority === m.smb.priority || points.some(point => point.v > 0))
		.sort((a, b) => String(a.entry.priority).localeCompare(String(b.entry.priority)));
	return {
		title: `PFC pause frames on the ports feeding ${m.port}`,
		subtitle: `received and sent, summed over ${m.pausePorts.length} ports`,
		axes: [{id: 'left', label: 'Pause frames', unit: 'frames/s', integer: true}],
		series: series.map(({entry, points}) => ({
			id: `priority-${entry.priority}`, label: entry.priority === 'all' ? 'all priorities (the switch counts per port)' : `priority ${entry.priority}${entry.priority === m.smb.priority ? ' (SMB)' : ''}`,
			unit: 'frames/s', axis: 'left' as const, points, style: 'step' as const, ...(entry.priority === m.smb.priority ? {color: classColors.SMB} : {}),
		})),
		bands: flowBand(context),
		markers: [],
		xMaxS: context.xMaxS,
	};
}

const windowMBps = (points: readonly CounterPoint[], w: Window): number => {
	const delta = counterDelta(points, w);
	return delta === undefined ? Number.NaN : round(delta.value / delta.seconds / 1e6, 1);
};

const hostMean = (points: ReadonlyArray<{t: number; v: number | null}> | undefined, w: Window): number => {
	const inside = (points ?? []).filter(point => point.t > w.fromS && point.t <= w.toS && point.v !== null);
	return inside.length === 0 ? Number.NaN : round(inside.reduce((sum, point) => sum + point.v!, 0) / inside.length, 1);
};

/** Mean MB/s per class in each phase, by the switch and, where the node sees the class apart, by the receiving node. */
export function qosMeansTable(m: QosMeasurements): TableSection {
	const total = windowMBps(m.totalTxBytes, m.contention);
	const row = (cls: ClassCounters, host?: ReadonlyArray<{t: number; v: number | null}>) => {
		const contention = windowMBps(cls.txBytes, m.contention);
		return [cls.label, cls.priority, cls.queue ?? '—', cls.reservedPct, contention, round(contention / total * 100, 1), hostMean(host, m.contention), windowMBps(cls.txBytes, m.alone)];
	};

	return {
		kind: 'table',
		title: `Means per phase on ${m.port}`,
		columns: ['class', 'priority', 'queue', 'reserved %', 'MB/s under contention', 'share %', 'node MB/s under contention', 'MB/s SMB alone'],
		rows: [row(m.smb, m.host?.rdmaInMBps), row(m.cluster), row(m.fallback, m.host?.tcpInMBps)],
		caption: 'Switch figures are the queue\'s transmitted bytes over each phase; the node\'s are the receiving rNIC\'s RDMA Activity (SMB) and Network Adapter bytes received (default class). A missing value was not measured.',
	};
}
