// The qos-shares report sections on measurements built by the test: the class layers, the reservation lines and the
// pause series say what the counters say.
import test from 'ava';
import type {CounterPoint, QosMeasurements} from '../../harness/verdicts/qos.js';
import {intervalRates, qosMeansTable, qosPauseChart, qosSharesChart} from '../../suites/qos-shares-report.js';

const times = Array.from({length: 21}, (_, index) => index);
const counter = (perS: number): CounterPoint[] => times.map(t => ({t, v: t * perS}));
const flat = (): CounterPoint[] => times.map(t => ({t, v: 0}));

const measured: QosMeasurements = {
	port: 'tor-a Ethernet1/11 (sofs01 Storage A)',
	ceilingMBps: 3000,
	smb: {label: 'SMB', priority: 3, queue: 3, reservedPct: 50, txBytes: counter(1500e6), drops: flat()},
	cluster: {label: 'cluster', priority: 7, queue: 7, reservedPct: 1, txBytes: counter(2000), drops: flat()},
	fallback: {label: 'default', priority: 0, queue: 0, reservedPct: 49, txBytes: counter(1480e6), drops: flat()},
	totalTxBytes: counter(1500e6 + 2000 + 1480e6),
	pauses: [{priority: 3, frames: counter(2200)}, {priority: 0, frames: flat()}, {priority: 4, frames: counter(10)}],
	pausePorts: ['tor-a Ethernet1/11', 'tor-a Ethernet1/1'],
	host: {rdmaInMBps: times.map(t => ({t, v: 1500})), tcpInMBps: times.map(t => ({t, v: 1470})), intervalS: 1},
	contention: {fromS: 2, toS: 18},
	alone: {fromS: 19, toS: 20},
	measured: {fromS: 0, toS: 20},
};

test('interval rates of a cumulative counter, stamped at each interval\'s end; a missing sample leaves a gap', t => {
	t.deepEqual(intervalRates([{t: 0, v: 0}, {t: 2, v: 10}, {t: 3, v: null}, {t: 4, v: 30}]), [{t: 2, v: 5}]);
});

test('the stack: one layer per class, no empty "other" layer; reservation lines merged where too close to tell apart', t => {
	const chart = qosSharesChart(measured, {xMaxS: 20, flow: {fromS: 2, toS: 18, label: 'ntttcp hv01 → sofs01'}});
	t.deepEqual(chart.series.map(series => series.label), ['SMB (priority 3, queue 3)', 'cluster (priority 7, queue 7)', 'default (priority 0, queue 0)']);
	t.true(chart.axes[0].stacked);
	t.deepEqual(chart.series[0]!.points[0], {t: 1, v: 1500});
	t.deepEqual(chart.references?.map(line => [line.value, line.label]), [[1530, 'SMB 50 % + cluster 1 % reserved'], [3000, '+ default 49 % reserved = link']]);
	t.like(chart.bands[0], {startS: 2, endS: 18, label: 'ntttcp hv01 → sofs01'});
});

test('the pause chart: the SMB priority always, others only when paused', t => {
	const chart = qosPauseChart(measured, {xMaxS: 20});
	t.deepEqual(chart.series.map(series => series.label), ['priority 3 (SMB)', 'priority 4']);
});

test('the means table: switch and node side by side under contention, SMB alone after', t => {
	const table = qosMeansTable(measured);
	t.deepEqual(table.rows[0], ['SMB', 3, 3, 50, 1500, 50.3, 1500, 1500]);
	t.deepEqual(table.rows[2]!.slice(0, 7), ['default', 0, 0, 49, 1480, 49.7, 1470]);
});
