// A metric across the history as a time chart: its value run after run, each run marked passed or failed
// (regressed counts as failed), and a marker wherever the manifest changed between two runs (the driver update
// that came before the step). Pure: history runs in, report model out.
import type {Marker, TimeChartModel, TimeSeries} from '../../reports/model.js';
import {manifestChanges} from '../manifest/diff.js';
import {round} from '../verdicts/verdict.js';
import type {HistoryRun} from './history.js';

/** The unit the time axis counts in: the largest that still leaves two or more of it across the runs. */
const timeUnits = [
	{name: 'days', seconds: 86_400},
	{name: 'hours', seconds: 3600},
	{name: 'minutes', seconds: 60},
	{name: 'seconds', seconds: 1},
] as const;

export interface TrendOptions {
	metric: string;
	/** Runs, any order; those without the metric are left out. */
	runs: readonly HistoryRun[];
}

interface Point {
	run: HistoryRun;
	value: number;
	failed: boolean;
	unit: string;
	series: string;
}

export const trendChart = ({metric, runs}: TrendOptions): TimeChartModel | undefined => {
	const points: Point[] = [...runs].sort((a, b) => a.startedAt.localeCompare(b.startedAt)).flatMap(run => run.verdicts
		.filter(verdict => verdict.source === 'suite' && verdict.metric?.name === metric)
		.map(verdict => ({
			run, value: verdict.metric!.value, unit: verdict.metric!.unit,
			failed: verdict.status === 'fail' || run.regression === 'regressed',
			// Runs of other parameters or targets are other lines: a 5 s hold and a 30 s hold do not make one trend.
			series: [run.suite, run.variant, verdict.target, `parameters ${run.paramsHash.slice(0, 8)}`].filter(part => part !== null && part !== undefined).join(' · '),
		})));
	if (points.length === 0) {
		return undefined;
	}

	const origin = Date.parse(points[0]!.run.startedAt);
	const spanS = (Date.parse(points.at(-1)!.run.startedAt) - origin) / 1000;
	const unit = timeUnits.find(candidate => spanS / candidate.seconds >= 2) ?? timeUnits.at(-1)!;
	const at = (run: HistoryRun) => (Date.parse(run.startedAt) - origin) / 1000 / unit.seconds;
	const valueUnit = points[0]!.unit;
	const names = [...new Set(points.map(point => point.series))];
	const series: TimeSeries[] = [
		...names.map((name, index): TimeSeries => ({
			id: `trend-${index}`, label: names.length === 1 ? metric : name, unit: valueUnit, axis: 'left', style: 'dashed',
			points: points.filter(point => point.series === name).map(point => ({t: at(point.run), v: point.value})),
		})),
		{id: 'passed', label: 'passed', unit: valueUnit, axis: 'left', style: 'points', color: '#2e7d32', points: points.filter(point => !point.failed).map(point => ({t: at(point.run), v: point.value}))},
		{id: 'failed', label: 'failed or regressed', unit: valueUnit, axis: 'left', style: 'points', color: '#c62828', points: points.filter(point => point.failed).map(point => ({t: at(point.run), v: point.value}))},
	];
	const markers: Marker[] = [];
	const withManifest = points.filter(point => point.run.manifest !== null);
	for (const [index, point] of withManifest.entries()) {
		const previous = withManifest[index - 1];
		const changes = previous === undefined || previous.run.id === point.run.id ? [] : manifestChanges(previous.run.manifest!, point.run.manifest!);
		if (changes.length > 0) {
			const [first] = changes;
			markers.push({t: at(point.run), label: `${first!.what} ${first!.before ?? 'none'} → ${first!.after ?? 'none'}${changes.length > 1 ? ` (+${changes.length - 1})` : ''}`});
		}
	}

	const first = points[0]!.run;
	return {
		title: `${metric} on ${first.rig}`,
		subtitle: `${points.length} run(s) from ${first.startedAt.slice(0, 16).replace('T', ' ')} UTC to ${points.at(-1)!.run.startedAt.slice(0, 16).replace('T', ' ')} UTC · markers: what changed in the manifest`,
		axes: [{id: 'left', label: metric, unit: valueUnit}],
		series,
		bands: [],
		markers,
		xMaxS: Math.max(round(at(points.at(-1)!.run) * 1.04, 3), 1),
		xLabel: `${unit.name[0]!.toUpperCase()}${unit.name.slice(1)} since ${first.startedAt.slice(0, 16).replace('T', ' ')} UTC`,
	};
};
