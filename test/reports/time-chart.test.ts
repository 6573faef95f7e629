// The generic time chart: any number of series on one or two axes, in four styles, with coloured bands and
// markers. The failover chart's own tests are in failover-chart.test.ts.
import test from 'ava';
import type {ChartDataset, Point} from 'chart.js';
import type {Rgba} from './helpers/canvas-pixels.js';
import type {TimeChartModel, TimePoint, TimeSeries} from '../../reports/model.js';
import {timeChartConfig, timeScaleId} from '../../reports/time-chart-config.js';
import {renderTimeChartToCanvas} from '../../reports/time-chart.js';
import {anyIn, darkShare, isWhite, mostly, near} from './helpers/canvas-pixels.js';

const samples = (value: (t: number) => number, fromS: number, toS: number): TimePoint[] =>
	Array.from({length: toS - fromS + 1}, (_, index) => ({t: fromS + index, v: value(fromS + index)}));

const onLeft = (series: Omit<TimeSeries, 'unit' | 'axis'>): TimeSeries => ({unit: 'I/Os', axis: 'left', ...series});

// Four series on one axis at levels far apart, one per style, so each can be found by its colour.
const fourSeries: TimeChartModel = {
	title: 'Outstanding I/O per queue',
	axes: [{id: 'left', label: 'Outstanding', unit: 'I/Os', integer: true}],
	series: [
		onLeft({id: 'reads', label: 'Reads', points: samples(() => 200, 0, 60)}),
		// Doubles with the sample stamped 21 s, which measured the second before it.
		onLeft({id: 'writes', label: 'Writes', points: samples(t => (t <= 20 ? 400 : 800), 0, 60), style: 'step'}),
		onLeft({id: 'total', label: 'Total', points: samples(() => 1000, 0, 60), style: 'dashed'}),
		onLeft({id: 'budget', label: 'Budget', points: samples(() => 100, 0, 60), style: 'area', color: '#CC79A7'}),
	],
	bands: [{startS: 30, endS: 40, label: 'scrub running', color: '#0072B2'}],
	markers: [{t: 20, label: 'writes double'}, {t: 50, label: 'checkpoint'}],
	xMaxS: 60,
	xLabel: 'Seconds into the soak',
};

const box = (x: number, y: number, dx: number, dy: number) => ({x0: x - dx, x1: x + dx, y0: y - dy, y1: y + dy});
const blue: [number, number, number] = [0x00, 0x72, 0xb2];
const orange: [number, number, number] = [0xe6, 0x9f, 0x00];
const green: [number, number, number] = [0x00, 0x9e, 0x73];

test('four series on one axis: palette colours by position unless given, one style each, all on the left axis', t => {
	const {data} = timeChartConfig(fourSeries);
	const [reads, writes, total, budget] = data.datasets as ChartDataset<'line', Point[]>[];
	t.deepEqual(data.datasets.map(dataset => dataset.yAxisID), ['left', 'left', 'left', 'left']);
	t.like(reads, {label: 'Reads', borderColor: '#0072B2', borderWidth: 2.5});
	t.is(reads?.stepped, undefined);
	t.like(writes, {label: 'Writes', borderColor: '#E69F00', stepped: 'after'});
	t.like(total, {label: 'Total', borderColor: '#009E73', borderDash: [7, 4], borderWidth: 1.5, order: 1});
	t.like(budget, {label: 'Budget', borderColor: '#CC79A7', fill: 'origin', backgroundColor: 'rgba(204, 121, 167, 0.18)', order: 2});
});

test('one axis gives one value scale, which draws the grid; the time axis takes the model\'s title', t => {
	const {options} = timeChartConfig(fourSeries);
	t.deepEqual(Object.keys(options?.scales ?? {}), [timeScaleId, 'left']);
	t.like(options?.scales?.['left'], {position: 'left', ticks: {precision: 0}, title: {text: 'Outstanding (I/Os)'}, grid: {color: '#e5e7eb'}});
	t.like(options?.scales?.[timeScaleId], {max: 60, title: {text: 'Seconds into the soak'}});
	t.deepEqual(options?.plugins?.timeAnnotations?.bands, fourSeries.bands);
	t.deepEqual(options?.plugins?.timeAnnotations?.markers, fourSeries.markers);
});

test('the drawing: each series at its value in its colour, the area filled, the band in its colour, the markers', t => {
	const {canvas, plot} = renderTimeChartToCanvas(fourSeries);
	const y = (value: number) => plot.yPixel('left', value);
	t.true(near(canvas, plot.xPixel(10), y(200), blue), 'reads');
	t.true(near(canvas, plot.xPixel(10), y(400), orange), 'writes before they double');
	// A thin line is antialiased to a paler green; the box spans a dash and its gap.
	t.true(anyIn(canvas, box(plot.xPixel(10), y(1000), 7, 2), isGreenish), 'total, dashed');
	t.true(near(canvas, plot.xPixel(10), y(100), [0xcc, 0x79, 0xa7]), 'budget, the area\'s edge');
	// Off the grid lines, which come every 5 s and every 200 I/Os.
	t.true(mostly(canvas, plot.xPixel(12.5), y(50), isPurpleTint), 'under the area is filled');
	t.true(mostly(canvas, plot.xPixel(12.5), y(150), isWhite), 'above it is not');
	t.true(mostly(canvas, plot.xPixel(37.5), y(700), isBlueTint), 'the band is shaded in its colour');
	t.true(mostly(canvas, plot.xPixel(47.5), y(700), isWhite), 'outside it is white');
	t.true(anyIn(canvas, {x0: plot.xPixel(30), x1: plot.xPixel(40), y0: plot.area.top, y1: plot.area.top + 24}, isBlueText), 'the band label in its colour');
	t.true(darkShare(canvas, plot.xPixel(50), plot.area.top, plot.area.bottom) > 0.3, 'a marker line');
});

test('a step holds each value over the interval that ends at its sample', t => {
	const {canvas, plot} = renderTimeChartToCanvas(fourSeries);
	const y = (value: number) => plot.yPixel('left', value);
	t.true(near(canvas, plot.xPixel(20.5), y(800), orange), 'the sample at 21 s covers 20-21 s');
	t.false(near(canvas, plot.xPixel(20.5), y(400), orange), 'no slope from 400 to 800');
	t.true(near(canvas, plot.xPixel(19.5), y(400), orange));
});

test('an axis without max leaves headroom for labels; min and max fix the ends exactly', t => {
	const free = renderTimeChartToCanvas(fourSeries).plot;
	t.true(free.yPixel('left', 1000) - free.area.top > 0.1 * (free.area.bottom - free.area.top), 'the highest line stays below the label lanes');
	t.true(Math.abs(free.yPixel('left', 0) - free.area.bottom) < 1, 'zero is the bottom');
	const fixed = renderTimeChartToCanvas({...fourSeries, axes: [{...fourSeries.axes[0], min: 150, max: 900}]}).plot;
	t.true(Math.abs(fixed.yPixel('left', 900) - fixed.area.top) < 1);
	t.true(Math.abs(fixed.yPixel('left', 150) - fixed.area.bottom) < 1);
	const floor = renderTimeChartToCanvas({...fourSeries, axes: [{...fourSeries.axes[0], min: 150}]}).plot;
	t.true(Math.abs(floor.yPixel('left', 150) - floor.area.bottom) < 1, 'the headroom never moves a fixed bottom');
});

test('two axes: the second draws no grid of its own, and each series is read against its own', t => {
	const model: TimeChartModel = {
		...fourSeries,
		axes: [fourSeries.axes[0], {id: 'right', label: 'CPU', unit: '%', min: 0, max: 100}],
		series: [...fourSeries.series.slice(0, 2), {id: 'cpu', label: 'CPU', unit: '%', axis: 'right', points: samples(() => 50, 0, 60)}],
	};
	t.like(timeChartConfig(model).options?.scales?.['right'], {position: 'right', min: 0, max: 100, title: {text: 'CPU (%)'}, grid: {drawOnChartArea: false}});
	const {canvas, plot} = renderTimeChartToCanvas(model);
	t.true(near(canvas, plot.xPixel(10), plot.yPixel('right', 50), green), 'the third series takes the third colour, at 50 % on the right');
	t.throws(() => renderTimeChartToCanvas(fourSeries).plot.yPixel('right', 0), {message: 'the chart has no right axis'});
});

test('a series on an axis the chart lacks, or in another unit than its axis, is refused by name', t => {
	t.throws(() => timeChartConfig({...fourSeries, series: [{...fourSeries.series[0]!, axis: 'right'}]}), {
		message: 'time chart "Outstanding I/O per queue": series "reads" is on the right axis, which the chart does not have (it has left)',
	});
	t.throws(() => timeChartConfig({...fourSeries, series: [{...fourSeries.series[0]!, unit: 'MB/s'}]}), {
		message: 'time chart "Outstanding I/O per queue": series "reads" is in MB/s but the left axis is in I/Os',
	});
	t.throws(() => timeChartConfig({...fourSeries, axes: [fourSeries.axes[0], fourSeries.axes[0]]}), {message: /two axes on the left side/});
});

// Colours over white paper, translucent: the fill keeps its hue's order of channels.
const isPurpleTint = ([r, g, b, a]: Rgba): boolean => a === 255 && r < 250 && r - g >= 8 && b - g >= 4;
const isBlueTint = ([r, , b, a]: Rgba): boolean => a === 255 && b >= 235 && b - r >= 12;
const isGreenish = ([r, g, b]: Rgba): boolean => g - r >= 60 && g > b;
const isBlueText = ([r, g, b]: Rgba): boolean => b > 120 && r < 90 && g < 150;
