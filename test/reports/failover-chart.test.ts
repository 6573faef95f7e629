// The failover chart is one use of the generic time chart: per-rNIC throughput on the left axis, total IOPS dashed
// on the right, the port-down window shaded and the switch commands marked. These tests render it through the
// generic renderer and check it still looks as it did when it had a renderer of its own.
import {writeFile} from 'node:fs/promises';
import {join} from 'node:path';
import {createCanvas, loadImage} from '@napi-rs/canvas';
import test from 'ava';
import type {ChartDataset, Point} from 'chart.js';
import type {TimePoint} from '../../reports/model.js';
import {timeChartConfig, timeScaleId, timeTickStep} from '../../reports/time-chart-config.js';
import {renderTimeChart, renderTimeChartToCanvas} from '../../reports/time-chart.js';
import {failoverChart, type FailoverChartInput} from '../../suites/multichannel-failover-report.js';
import {failoverChartInput, failoverRunChart} from './fixtures/failover-run.js';
import {anyIn, darkShare, isBandText, isBandTint, isWhite, mostly, near, pixel, pngSize} from './helpers/canvas-pixels.js';
import {tempDir} from '../helpers/cli.js';

const flat = (value: number, fromS: number, toS: number): TimePoint[] =>
	Array.from({length: toS - fromS + 1}, (_, index) => ({t: fromS + index, v: value}));

// Plain shapes at known places, so a test knows which pixels should be what.
const simpleInput: FailoverChartInput = {
	title: 'simple',
	rnics: [{label: 'rNIC 1', points: flat(1000, 0, 50)}],
	iops: flat(200_000, 0, 50),
	fault: {where: 'tor-a Ethernet1/1', inject: 'shut', restore: 'no shut', shutS: 10, noShutS: 20},
	restoredS: 30,
	endS: 50,
	xMaxS: 50,
};
const simple = failoverChart(simpleInput);
const emptySeries = failoverChart({...simpleInput, rnics: [{label: 'rNIC 1', points: []}], iops: []});

test('the failover data maps to two axes, one line per rNIC, dashed grey IOPS, the port-down band and three markers', t => {
	t.deepEqual(simple.axes, [
		{id: 'left', label: 'Throughput per rNIC', unit: 'MB/s'},
		{id: 'right', label: 'Total IOPS', unit: 'IOPS', integer: true},
	]);
	t.deepEqual(simple.series.map(series => [series.id, series.axis, series.unit, series.style, series.color]), [
		['rnic1', 'left', 'MB/s', undefined, undefined],
		['iops', 'right', 'IOPS', 'dashed', '#6b7280'],
	]);
	t.deepEqual(simple.bands, [{startS: 10, endS: 20, label: 'tor-a Ethernet1/1 down'}]);
	t.deepEqual(simple.markers, [
		{t: 10, label: 'shut tor-a Ethernet1/1'},
		{t: 20, label: 'no shut tor-a Ethernet1/1'},
		{t: 30, label: 'rNIC 1 carries traffic again'},
	]);
});

test('a port never brought back stays down to the end of the run; no fault, no band and no markers', t => {
	const unrestored = failoverChart({...simpleInput, fault: {where: 'tor-a Ethernet1/1', inject: 'shut', restore: 'no shut', shutS: 10}, restoredS: undefined});
	t.deepEqual(unrestored.bands, [{startS: 10, endS: 50, label: 'tor-a Ethernet1/1 down'}]);
	t.deepEqual(unrestored.markers, [{t: 10, label: 'shut tor-a Ethernet1/1'}]);
	const none = failoverChart({...simpleInput, fault: undefined, restoredS: undefined});
	t.deepEqual([none.bands, none.markers], [[], []]);
});

test('the time axis runs from 0 to xMaxS with round ticks, with throughput left and IOPS right', t => {
	const {options} = timeChartConfig(failoverRunChart);
	t.like(options?.scales?.[timeScaleId], {type: 'linear', min: 0, max: 50, ticks: {stepSize: 5}, title: {text: 'Time since start of run (s)'}});
	t.like(options?.scales?.['left'], {type: 'linear', position: 'left', beginAtZero: true, title: {text: 'Throughput per rNIC (MB/s)'}, grid: {color: '#e5e7eb'}});
	t.like(options?.scales?.['right'], {type: 'linear', position: 'right', beginAtZero: true, ticks: {precision: 0}, title: {text: 'Total IOPS'}, grid: {drawOnChartArea: false}});
});

test('each rNIC is a coloured line on the left axis; IOPS is a thinner grey dashed line on the right, drawn underneath', t => {
	const {data} = timeChartConfig(failoverRunChart);
	const [rnic1, rnic2, iops] = data.datasets as ChartDataset<'line', Point[]>[];
	t.is(data.datasets.length, 3);
	t.like(rnic1, {label: 'rNIC 1 · SLOT 2 Port 1 → tor-a', yAxisID: 'left', borderColor: '#0072B2', borderWidth: 2.5});
	t.like(rnic2, {label: 'rNIC 2 · SLOT 2 Port 2 → tor-b', yAxisID: 'left', borderColor: '#E69F00', borderWidth: 2.5});
	t.like(iops, {label: 'Total IOPS', yAxisID: 'right', borderColor: '#6b7280', borderWidth: 1.5, borderDash: [7, 4], order: 1});
	t.deepEqual(rnic1?.data[0], {x: 0, y: failoverChartInput.rnics[0]!.points[0]!.v});
	t.is(rnic1?.data.length, failoverChartInput.rnics[0]!.points.length);
});

test('bands and markers reach the annotation plugin, which the config registers with the background painter', t => {
	const config = timeChartConfig(failoverRunChart);
	t.deepEqual(config.options?.plugins?.timeAnnotations?.bands, failoverRunChart.bands);
	t.deepEqual(config.options?.plugins?.timeAnnotations?.markers, failoverRunChart.markers);
	t.deepEqual(config.options?.plugins?.paperBackground, {color: '#ffffff'});
	t.deepEqual(config.plugins?.map(plugin => plugin.id), ['paperBackground', 'timeAnnotations']);
});

test('the chart is still: no animation, device pixel ratio 1, no points, fixed size; titled from the model', t => {
	const {options} = timeChartConfig(failoverRunChart, {fontFamily: 'DejaVu Sans'});
	t.like(options, {animation: false, responsive: false, maintainAspectRatio: false, devicePixelRatio: 1});
	t.is(options?.elements?.point?.radius, 0);
	t.like(options?.plugins?.title, {display: true, text: failoverRunChart.title, font: {family: 'DejaVu Sans'}});
	t.like(options?.plugins?.subtitle, {display: true, text: failoverRunChart.subtitle});
	t.like(timeChartConfig(simple).options?.plugins?.subtitle, {display: false});
});

test('an empty series stays in the legend, marked as having no data', t => {
	const {data} = timeChartConfig(emptySeries);
	t.deepEqual(data.datasets.map(dataset => [dataset.label, dataset.data.length]), [['rNIC 1 (no data)', 0], ['Total IOPS (no data)', 0]]);
});

test('time ticks are round steps with at most 12 intervals', t => {
	t.deepEqual([10, 50, 60, 120, 600, 3600, 8 * 3600].map(span => timeTickStep(span)), [1, 5, 5, 10, 60, 300, 3600]);
});

test('the PNG is a PNG of the requested size', async t => {
	t.deepEqual(pngSize(await renderTimeChart(simple)), {width: 1400, height: 700});
	t.deepEqual(pngSize(await renderTimeChart(simple, {width: 900, height: 500})), {width: 900, height: 500});
});

test('the drawing: white paper, a shaded band, the marker line, the series colour, the band label', t => {
	const {canvas, plot} = renderTimeChartToCanvas(simple);
	const middle = plot.yPixel('left', 500);
	t.true(isWhite(pixel(canvas, 3, 3)), 'the corner is painted white, not transparent');
	t.true(mostly(canvas, plot.xPixel(12.5), middle, isBandTint), 'inside the band is shaded');
	t.true(mostly(canvas, plot.xPixel(37.5), middle, isWhite), 'outside the band is white');
	t.true(mostly(canvas, plot.xPixel(47.5), middle, isWhite), 'right of the marker is white');
	t.true(darkShare(canvas, plot.xPixel(30), plot.area.top, plot.area.bottom) > 0.3, 'the marker is a dashed dark line');
	t.true(darkShare(canvas, plot.xPixel(32.5), plot.area.top, plot.area.bottom) < 0.05, 'no line away from the marker');
	t.true(near(canvas, plot.xPixel(40), plot.yPixel('left', 1000), [0x00, 0x72, 0xb2]), 'rNIC 1 is drawn in its colour at its value');
	t.true(near(canvas, plot.xPixel(40), plot.yPixel('right', 200_000), [0x6b, 0x72, 0x80], 40), 'IOPS is drawn against the right axis');
	t.true(anyIn(canvas, {x0: plot.xPixel(10), x1: plot.xPixel(20), y0: plot.area.top, y1: plot.area.top + 24}, isBandText), 'the band label is written at the top');
});

test('the PNG holds the drawing, not a blank canvas', async t => {
	const {plot} = renderTimeChartToCanvas(simple);
	const image = await loadImage(await renderTimeChart(simple));
	const decoded = createCanvas(image.width, image.height);
	decoded.getContext('2d').drawImage(image, 0, 0);
	t.true(mostly(decoded, plot.xPixel(12.5), plot.yPixel('left', 500), isBandTint));
	t.true(near(decoded, plot.xPixel(40), plot.yPixel('left', 1000), [0x00, 0x72, 0xb2]));
});

test('a capture that failed still renders, with the band and the marker', t => {
	const {canvas, plot} = renderTimeChartToCanvas(emptySeries, {width: 800, height: 400});
	t.true(mostly(canvas, plot.xPixel(15), (plot.area.top + plot.area.bottom) / 2, isBandTint));
	t.true(darkShare(canvas, plot.xPixel(30), plot.area.top, plot.area.bottom) > 0.3);
});

test('example: a 50 s failover run, rendered to the test\'s own folder (its path in the log)', async t => {
	const png = await renderTimeChart(failoverRunChart);
	const file = join(await tempDir(), 'chart-example.png');
	await writeFile(file, png);
	t.log(`written to ${file}`);
	t.deepEqual(pngSize(png), {width: 1400, height: 700});
	const {canvas, plot} = renderTimeChartToCanvas(failoverRunChart);
	// During the shut, rNIC 1 (blue) sits on zero and rNIC 2 (orange) carries about 2200 MB/s alone.
	t.true(near(canvas, plot.xPixel(20), plot.yPixel('left', 0), [0x00, 0x72, 0xb2]));
	t.true(near(canvas, plot.xPixel(20), plot.yPixel('left', 2200), [0xe6, 0x9f, 0x00], 30));
	// Before and after, both near 1100 MB/s.
	t.true(near(canvas, plot.xPixel(40), plot.yPixel('left', 1100), [0xe6, 0x9f, 0x00], 30));
});
