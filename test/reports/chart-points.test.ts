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

// 10,000 100 ms buckets of a steady load with noise, and one bucket at zero: a one-bucket stall.
const longRun = (dipAt: number) => Array.from({length: 10_000}, (_, index) => ({t: (index + 1) * 0.1, v: index === dipAt ? 0 : 50_000 + (Math.sin(index * 0.37) * 900) + (Math.sin(index * 2.1) * 400)}));
const plot = {xMin: 0, xMax: 1000, columns: 1400};

test('a long series is thinned to at most four points per pixel column, and a one-bucket dip always survives', t => {
	for (const dipAt of [0, 1, 4321, 5000, 9998, 9999]) {
		const {data} = toChartPoints(longRun(dipAt), plot);
		t.true(data.length <= 4 * plot.columns, `${data.length} points`);
		t.true(data.some(point => point.y === 0 && Math.abs(point.x - ((dipAt + 1) * 0.1)) < 1e-9), `the dip at bucket ${dipAt} is kept`);
	}

	// And the highest and lowest value of every column, so the drawn envelope is the full series'.
	const full = longRun(4321);
	const {data} = toChartPoints(full, plot);
	// The same arithmetic as the thinning, so a point on a column's edge lands on the same side.
	const column = (x: number) => Math.floor((x - plot.xMin) * (plot.columns / (plot.xMax - plot.xMin)));
	const extremes = (points: Array<{x: number; y: number}>) => {
		const byColumn = new Map<number, [number, number]>();
		for (const {x, y} of points) {
			const [low, high] = byColumn.get(column(x)) ?? [y, y];
			byColumn.set(column(x), [Math.min(low, y), Math.max(high, y)]);
		}

		return byColumn;
	};

	t.deepEqual(extremes(data), extremes(full.map(point => ({x: point.t, y: point.v}))));
});

test('thinning keeps the holes: a gap in the capture is never bridged', t => {
	const withHole = longRun(-1).filter(point => point.t < 300 || point.t > 310);
	const {data} = toChartPoints(withHole, plot);
	const breaks = data.filter(point => Number.isNaN(point.y));
	t.is(breaks.length, 1);
	t.true(breaks[0]!.x > 300 && breaks[0]!.x < 310);
	t.true(data.length < withHole.length / 1.5);
});

test('a series that fits the width is drawn whole', t => {
	const short = longRun(10).slice(0, 3000);
	t.is(toChartPoints(short, plot).data.length, 3000);
});
