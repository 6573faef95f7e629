// The failover suite's table section: means per window, with missing samples missing, never zero.
import test from 'ava';
import type {FailoverMeasurements} from '../../harness/verdicts/failover.js';
import {failoverMeansTable} from '../../suites/multichannel-failover-report.js';

// Measured 5-55 s, port shut at 15 s and back at 25 s; one sample a second, stamped at the end of its second.
const seconds = Array.from({length: 50}, (_, index) => 6 + index);
const measurements: FailoverMeasurements = {
	io: seconds.map(t => ({t, iops: t <= 15 ? 150_000 : 120_000, mbps: t <= 15 ? 614.4 : 491.5})),
	bucketS: 1,
	measured: {fromS: 5, toS: 55},
	ioErrors: [],
	rnics: [
		{label: 'rNIC 1', series: seconds.map(t => ({t, v: t > 15 && t <= 28 ? 0 : 300}))},
		// Two blank samples while the port is down, and none at all after it.
		{label: 'rNIC 2', series: seconds.filter(t => t <= 25).map(t => ({t, v: t === 20 || t === 21 ? null : (t <= 15 ? 300 : 600)}))},
	],
	fault: {shutS: 15, noShutS: 25},
	survivingCeilingMBps: 3000,
};

test('one row per rNIC and two diskspd totals, one column per window, headed with its span', t => {
	const table = failoverMeansTable(measurements);
	t.is(table.kind, 'table');
	t.deepEqual(table.columns, ['Series', 'Unit', 'Before the shut (5.0–15.0 s)', 'Port down (15.0–25.0 s)', 'After the no shut (25.0–55.0 s)']);
	t.deepEqual(table.rows, [
		// After: 3 of 30 samples at 0 (26-28 s), the rest at 300.
		['rNIC 1', 'MB/s', 300, 0, 270],
		['rNIC 2', 'MB/s', 300, '600 (2 of 10 samples blank)', '—'],
		['Total (diskspd)', 'MB/s', 614, 492, 492],
		['Total (diskspd)', 'IOPS', 150_000, 120_000, 120_000],
	]);
});
