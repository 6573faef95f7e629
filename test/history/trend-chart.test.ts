// A metric's trend across the history: values in time, pass / fail marks, and a marker where the manifest changed.
import test from 'ava';
import {trendChart} from '../../harness/history/trend-chart.js';
import {renderTimeChartToCanvas} from '../../reports/time-chart.js';
import {historyRun, manifestFor, verdictWith} from '../helpers/history-data.js';

const day = (n: number) => new Date(Date.UTC(2026, 10, n, 2)).toISOString();

const week = [
	historyRun({startedAt: day(1), verdicts: [verdictWith('stall', 1500)]}),
	historyRun({startedAt: day(2), verdicts: [verdictWith('stall', 1520)]}),
	historyRun({startedAt: day(3), verdicts: [verdictWith('stall', 1480)]}),
	// A driver update, and from then on the stall is longer: the night it came is marked, and regressed.
	historyRun({startedAt: day(4), verdicts: [verdictWith('stall', 2500)], regression: 'regressed', manifest: manifestFor('3.10.51000')}),
	historyRun({startedAt: day(5), verdicts: [verdictWith('stall', 4200, 'fail')], manifest: manifestFor('3.10.51000')}),
	// Another metric only: not on this chart.
	historyRun({startedAt: day(6), verdicts: [{...verdictWith('throughput', 90), metric: {name: 'faultThroughputPct', value: 90, unit: '%', better: 'higher'}}]}),
];

test('values in time order, passed and failed (or regressed) runs marked apart, days on the time axis', t => {
	const chart = trendChart({metric: 'stallMs', runs: [...week].reverse()})!;
	t.is(chart.title, 'stallMs on lab-rig-1');
	t.is(chart.xLabel, 'Days since 2026-11-01 02:00 UTC');
	t.deepEqual(chart.axes, [{id: 'left', label: 'stallMs', unit: 'ms'}]);
	const series = Object.fromEntries(chart.series.map(item => [item.id, item]));
	t.deepEqual(series['trend-0']!.points, [{t: 0, v: 1500}, {t: 1, v: 1520}, {t: 2, v: 1480}, {t: 3, v: 2500}, {t: 4, v: 4200}]);
	t.deepEqual(series['passed']!.points.map(point => point.t), [0, 1, 2]);
	t.deepEqual(series['failed']!.points.map(point => point.t), [3, 4]);
	t.is(series['passed']!.style, 'points');
	t.deepEqual(chart.markers, [{t: 3, label: 'hv01 SLOT 3 Port 1 driver version 3.10.50000 → 3.10.51000'}]);
	t.true(chart.xMaxS > 4);
});

test('runs of other parameters are another line; nothing measured is no chart', t => {
	const other = historyRun({startedAt: day(2), params: {holdS: 30}, verdicts: [verdictWith('stall', 1700)]});
	const chart = trendChart({metric: 'stallMs', runs: [week[0]!, other, week[2]!]})!;
	t.deepEqual(chart.series.filter(series => series.style === 'dashed').map(series => series.points.length), [2, 1]);
	t.is(trendChart({metric: 'restoreDelayS', runs: week}), undefined);
});

test('a run or two within minutes: the axis counts minutes; the chart draws with its marks', t => {
	const minutes = [historyRun({startedAt: '2026-12-01T02:00:00Z'}), historyRun({startedAt: '2026-12-01T02:05:00Z', manifest: manifestFor('3.10.51000')})];
	const chart = trendChart({metric: 'stallMs', runs: minutes})!;
	t.regex(chart.xLabel!, /^Minutes since 2026-12-01 02:00 UTC$/);
	t.deepEqual(chart.series[0]!.points.map(point => point.t), [0, 5]);
	const {plot} = renderTimeChartToCanvas(chart);
	t.true(plot.xPixel(5) > plot.xPixel(0));
});
