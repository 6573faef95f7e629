import test from 'ava';
import {toChartPoints} from '../../reports/chart-points.js';

const points = (...ts: number[]) => ts.map(t => ({t, v: t * 10}));

test('evenly sampled points become one unbroken line with no dots', t => {
	t.deepEqual(toChartPoints(points(0, 1, 2, 3)), {data: [{x: 0, y: 0}, {x: 1, y: 10}, {x: 2, y: 20}, {x: 3, y: 30}], pointRadius: 0});
});

test('points are sorted by time and unusable values dropped', t => {
	const {data} = toChartPoints([{t: 2, v: 5}, {t: 0, v: 1}, {t: 1, v: Number.NaN}, {t: Number.POSITIVE_INFINITY, v: 3}, {t: 1, v: 2}]);
	t.deepEqual(data, [{x: 0, y: 1}, {x: 1, y: 2}, {x: 2, y: 5}]);
});

test('one missed sample is bridged; a longer hole breaks the line', t => {
	t.is(toChartPoints(points(0, 1, 2, 4, 5)).data.length, 5);
	const {data} = toChartPoints(points(0, 1, 2, 6, 7));
	t.is(data.length, 6);
	t.is(data[3]?.x, 4);
	t.true(Number.isNaN(data[3]?.y));
});

test('a sample alone between holes gets a dot, so it does not vanish', t => {
	t.deepEqual(toChartPoints(points(0, 1, 2, 10, 20, 21)).pointRadius, [0, 0, 0, 0, 2.5, 0, 0, 0]);
	t.deepEqual(toChartPoints(points(7)).pointRadius, [2.5]);
});

test('an empty series gives no points', t => {
	t.deepEqual(toChartPoints([]), {data: [], pointRadius: 0});
});
