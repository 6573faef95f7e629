// The generic bar chart: values per category, side by side or stacked, on a value axis from zero.
import test from 'ava';
import {barChartConfig, renderBarChart, renderBarChartToCanvas} from '../../reports/bar-chart.js';
import type {BarChartModel} from '../../reports/model.js';
import {isWhite, near, pixel, pngSize} from './helpers/canvas-pixels.js';

const blue: [number, number, number] = [0x00, 0x72, 0xb2];
const orange: [number, number, number] = [0xe6, 0x9f, 0x00];
const green: [number, number, number] = [0x00, 0x9e, 0x73];

const grouped: BarChartModel = {
	title: 'CPU per GB/s',
	categories: ['hv01', 'hv02', 'sofs01'],
	axis: {label: 'CPU per GB/s', unit: '% per GB/s'},
	series: [
		{id: 'a', label: 'phase A', values: [0.3, 0.3, 0.25]},
		{id: 'b', label: 'phase B', values: [1.5, null, 1.4]},
	],
};

const stacked: BarChartModel = {
	title: 'Bytes per rNIC',
	categories: ['hv01 1', 'hv01 2'],
	axis: {label: 'Rise', unit: 'errors', integer: true},
	series: [
		{id: 'rdma', label: 'RDMA', stack: 'a', values: [30, 10]},
		{id: 'tcp', label: 'TCP', stack: 'a', values: [10, 30]},
		{id: 'other', label: 'Other', values: [0, 0], color: '#009E73'},
		{id: 'none', label: 'Never measured', values: [null, null]},
	],
};

test('the configuration: one dataset per series in the palette, grouped unless a series names a stack, zero-based, integer ticks for counts', t => {
	const plain = barChartConfig(grouped);
	t.deepEqual(plain.data.labels, ['hv01', 'hv02', 'sofs01']);
	t.deepEqual(plain.data.datasets.map(dataset => [dataset.label, dataset.backgroundColor, 'stack' in dataset]), [['phase A', '#0072B2', false], ['phase B', '#E69F00', false]]);
	t.like(plain.options?.scales?.['y'], {beginAtZero: true, stacked: false, title: {text: 'CPU per GB/s (% per GB/s)'}});
	t.is((plain.options?.scales?.['y']?.ticks as {precision?: number}).precision, undefined);

	const piled = barChartConfig(stacked);
	t.deepEqual(piled.data.datasets.map(dataset => [dataset.label, dataset.stack]), [['RDMA', 'a'], ['TCP', 'a'], ['Other', 'other'], ['Never measured (no data)', 'none']]);
	t.like(piled.options?.scales?.['y'], {stacked: true, ticks: {precision: 0}});
	t.throws(() => barChartConfig({...grouped, series: [{id: 'short', label: 'Short', values: [1]}]}), {message: 'bar chart "CPU per GB/s": series "short" has 1 values for 3 categories'});
});

test('the drawing: each bar at its value in its colour, stacked parts on top of each other, no bar for a missing value', t => {
	// Only the stack, so that it stands in the middle of its category.
	const drawn = renderBarChartToCanvas({...stacked, series: stacked.series.slice(0, 2)});
	const x = drawn.categoryX(0);
	// The first category's stack: RDMA from 0 to 30, TCP from 30 to 40.
	t.true(near(drawn.canvas, x, drawn.yPixel(15), blue), 'RDMA below');
	t.true(near(drawn.canvas, x, drawn.yPixel(35), orange), 'TCP on top of it');
	t.true(isWhite(pixel(drawn.canvas, x, drawn.yPixel(44))), 'nothing above the stack');
	t.true(near(drawn.canvas, drawn.categoryX(1), drawn.yPixel(25), orange), 'the second category: TCP from 10 to 40');

	const side = renderBarChartToCanvas(grouped);
	// Missing is not zero: hv02 has no phase B bar, and nothing is drawn where it would be.
	t.true(near(side.canvas, side.categoryX(0) + 40, side.yPixel(1), orange));
	t.false(near(side.canvas, side.categoryX(1) + 40, side.yPixel(0.1), orange, 24, 6));
	t.true(near(side.canvas, side.categoryX(2) - 40, side.yPixel(0.1), blue));
	t.false(near(side.canvas, side.categoryX(0), side.yPixel(1), green), 'no third series');
});

test('a PNG of the size asked for', async t => {
	t.deepEqual(pngSize(await renderBarChart(grouped, {width: 800, height: 400})), {width: 800, height: 400});
});
