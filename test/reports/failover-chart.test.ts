import {writeFile} from 'node:fs/promises';
import {join} from 'node:path';
import {createCanvas, loadImage, type Canvas} from '@napi-rs/canvas';
import test from 'ava';
import type {ChartDataset, Point} from 'chart.js';
import {axisIds, failoverChartConfig, renderFailoverChart, renderFailoverChartToCanvas, timeTickStep} from '../../reports/failover-chart.js';
import type {FailoverChartModel, TimePoint} from '../../reports/model.js';
import {tempDir} from '../helpers/cli.js';
import {failoverChart} from './fixtures/failover-run.js';

const flat = (value: number, fromS: number, toS: number): TimePoint[] =>
	Array.from({length: toS - fromS + 1}, (_, index) => ({t: fromS + index, v: value}));

// Plain shapes at known places, so a test knows which pixels should be what.
const simple: FailoverChartModel = {
	title: 'simple',
	throughput: [{id: 'a', label: 'rNIC 1', unit: 'MB/s', points: flat(1000, 0, 50)}],
	iops: {id: 'iops', label: 'Total IOPS', unit: 'IOPS', points: flat(200_000, 0, 50)},
	bands: [{startS: 10, endS: 20, label: 'port down'}],
	markers: [{t: 30, label: 'no shut'}],
	xMaxS: 50,
};

const emptySeries: FailoverChartModel = {
	...simple,
	throughput: [{id: 'a', label: 'rNIC 1', unit: 'MB/s', points: []}],
	iops: {id: 'iops', label: 'Total IOPS', unit: 'IOPS', points: []},
};

test('the time axis runs from 0 to xMaxS with round ticks, with throughput left and IOPS right', t => {
	const {options} = failoverChartConfig(failoverChart);
	const time = options?.scales?.[axisIds.time];
	const throughput = options?.scales?.[axisIds.throughput];
	const iops = options?.scales?.[axisIds.iops];
	t.like(time, {type: 'linear', min: 0, max: 50, ticks: {stepSize: 5}, title: {text: 'Time since start of run (s)'}});
	t.like(throughput, {type: 'linear', position: 'left', beginAtZero: true, title: {text: 'Throughput per rNIC (MB/s)'}});
	t.like(iops, {type: 'linear', position: 'right', beginAtZero: true, title: {text: 'Total IOPS'}});
});

test('each throughput series is a coloured line on the left axis; IOPS is a thinner grey dashed line on the right', t => {
	const {data} = failoverChartConfig(failoverChart);
	const [rnic1, rnic2, iops] = data.datasets as ChartDataset<'line', Point[]>[];
	t.is(data.datasets.length, 3);
	t.like(rnic1, {label: 'rNIC 1 · SLOT 2 Port 1 → tor-a', yAxisID: axisIds.throughput});
	t.like(rnic2, {label: 'rNIC 2 · SLOT 2 Port 2 → tor-b', yAxisID: axisIds.throughput});
	t.like(iops, {label: 'Total IOPS', yAxisID: axisIds.iops, borderColor: '#6b7280'});
	t.not(rnic1?.borderColor, rnic2?.borderColor);
	t.true(Array.isArray(iops?.borderDash));
	t.true((iops?.borderWidth as number) < (rnic1?.borderWidth as number));
	t.deepEqual(rnic1?.data[0], {x: 0, y: failoverChart.throughput[0]!.points[0]!.v});
	t.is(rnic1?.data.length, failoverChart.throughput[0]!.points.length);
});

test('bands and markers reach the annotation plugin, which the config registers with the background painter', t => {
	const config = failoverChartConfig(failoverChart);
	t.deepEqual(config.options?.plugins?.timeAnnotations?.bands, failoverChart.bands);
	t.deepEqual(config.options?.plugins?.timeAnnotations?.markers, failoverChart.markers);
	t.deepEqual(config.options?.plugins?.paperBackground, {color: '#ffffff'});
	t.deepEqual(config.plugins?.map(plugin => plugin.id), ['paperBackground', 'timeAnnotations']);
});

test('the chart is still: no animation, device pixel ratio 1, no points, fixed size; titled from the model', t => {
	const {options} = failoverChartConfig(failoverChart, {fontFamily: 'DejaVu Sans'});
	t.like(options, {animation: false, responsive: false, maintainAspectRatio: false, devicePixelRatio: 1});
	t.is(options?.elements?.point?.radius, 0);
	t.like(options?.plugins?.title, {display: true, text: failoverChart.title, font: {family: 'DejaVu Sans'}});
	t.like(options?.plugins?.subtitle, {display: true, text: failoverChart.subtitle});
	t.like(failoverChartConfig(simple).options?.plugins?.subtitle, {display: false});
});

test('an empty series stays in the legend, marked as having no data', t => {
	const {data} = failoverChartConfig(emptySeries);
	t.deepEqual(data.datasets.map(dataset => [dataset.label, dataset.data.length]), [['rNIC 1 (no data)', 0], ['Total IOPS (no data)', 0]]);
});

test('time ticks are round steps with at most 12 intervals', t => {
	t.deepEqual([10, 50, 60, 120, 600, 3600, 8 * 3600].map(span => timeTickStep(span)), [1, 5, 5, 10, 60, 300, 3600]);
});

test('the PNG is a PNG of the requested size', async t => {
	t.deepEqual(pngSize(await renderFailoverChart(simple)), {width: 1400, height: 700});
	t.deepEqual(pngSize(await renderFailoverChart(simple, {width: 900, height: 500})), {width: 900, height: 500});
});

test('the drawing: white paper, a shaded band, the marker line, the series colour, the band label', t => {
	const {canvas, plot} = renderFailoverChartToCanvas(simple);
	const middle = plot.throughputPixel(500);
	t.true(isWhite(pixel(canvas, 3, 3)), 'the corner is painted white, not transparent');
	t.true(mostly(canvas, plot.xPixel(12.5), middle, isBandTint), 'inside the band is shaded');
	t.true(mostly(canvas, plot.xPixel(37.5), middle, isWhite), 'outside the band is white');
	t.true(mostly(canvas, plot.xPixel(47.5), middle, isWhite), 'right of the marker is white');
	t.true(darkShare(canvas, plot.xPixel(30), plot.area.top, plot.area.bottom) > 0.3, 'the marker is a dashed dark line');
	t.true(darkShare(canvas, plot.xPixel(32.5), plot.area.top, plot.area.bottom) < 0.05, 'no line away from the marker');
	t.true(near(canvas, plot.xPixel(40), plot.throughputPixel(1000), [0x00, 0x72, 0xb2]), 'rNIC 1 is drawn in its colour at its value');
	t.true(near(canvas, plot.xPixel(40), plot.iopsPixel(200_000), [0x6b, 0x72, 0x80], 40), 'IOPS is drawn against the right axis');
	t.true(anyIn(canvas, {x0: plot.xPixel(10), x1: plot.xPixel(20), y0: plot.area.top, y1: plot.area.top + 24}, isBandText), 'the band label is written at the top');
});

test('the PNG holds the drawing, not a blank canvas', async t => {
	const {plot} = renderFailoverChartToCanvas(simple);
	const image = await loadImage(await renderFailoverChart(simple));
	const decoded = createCanvas(image.width, image.height);
	decoded.getContext('2d').drawImage(image, 0, 0);
	t.true(mostly(decoded, plot.xPixel(12.5), plot.throughputPixel(500), isBandTint));
	t.true(near(decoded, plot.xPixel(40), plot.throughputPixel(1000), [0x00, 0x72, 0xb2]));
});

test('a capture that failed still renders, with the band and the marker', t => {
	const {canvas, plot} = renderFailoverChartToCanvas(emptySeries, {width: 800, height: 400});
	t.true(mostly(canvas, plot.xPixel(15), (plot.area.top + plot.area.bottom) / 2, isBandTint));
	t.true(darkShare(canvas, plot.xPixel(30), plot.area.top, plot.area.bottom) > 0.3);
});

test('example: a 50 s failover run, rendered to the test\'s own folder (its path in the log)', async t => {
	const png = await renderFailoverChart(failoverChart);
	const file = join(await tempDir(), 'chart-example.png');
	await writeFile(file, png);
	t.log(`written to ${file}`);
	t.deepEqual(pngSize(png), {width: 1400, height: 700});
	const {canvas, plot} = renderFailoverChartToCanvas(failoverChart);
	// During the shut, rNIC 1 (blue) sits on zero and rNIC 2 (orange) carries about 2200 MB/s alone.
	t.true(near(canvas, plot.xPixel(20), plot.throughputPixel(0), [0x00, 0x72, 0xb2]));
	t.true(near(canvas, plot.xPixel(20), plot.throughputPixel(2200), [0xe6, 0x9f, 0x00], 30));
	// Before and after, both near 1100 MB/s.
	t.true(near(canvas, plot.xPixel(40), plot.throughputPixel(1100), [0xe6, 0x9f, 0x00], 30));
});

type Rgba = [number, number, number, number];

function pngSize(png: Buffer): {width: number; height: number} {
	if (!png.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) {
		throw new Error('not a PNG signature');
	}

	// The first chunk must be IHDR: length (4 bytes), type, then width and height as big-endian uint32.
	if (png.toString('latin1', 12, 16) !== 'IHDR') {
		throw new Error('IHDR is not the first chunk');
	}

	return {width: png.readUInt32BE(16), height: png.readUInt32BE(20)};
}

function pixel(canvas: Canvas, x: number, y: number): Rgba {
	const [r = 0, g = 0, b = 0, a = 0] = canvas.getContext('2d').getImageData(Math.round(x), Math.round(y), 1, 1).data;
	return [r, g, b, a];
}

const isWhite = ([r, g, b, a]: Rgba): boolean => a === 255 && r >= 250 && g >= 250 && b >= 250;
// The band's translucent red over white: red stays high, green and blue drop a little.
const isBandTint = ([r, g, b, a]: Rgba): boolean => a === 255 && r >= 235 && r - g >= 12 && r - b >= 12;
const isBandText = ([r, g, b]: Rgba): boolean => r > 120 && g < 90 && b < 90;
const isDark = ([r, g, b]: Rgba): boolean => r < 110 && g < 110 && b < 110;

/**
 * Whether most of a short vertical strip matches: a grid line may cross any single pixel, a 9-pixel strip
 * holds at most one of them.
 */
function mostly(canvas: Canvas, x: number, y: number, test: (rgba: Rgba) => boolean): boolean {
	let matches = 0;
	for (let dy = -4; dy <= 4; dy++) {
		matches += test(pixel(canvas, x, y + dy)) ? 1 : 0;
	}

	return matches >= 7;
}

/** Share of dark pixels down a column, taking the darkest of three neighbours (lines fall between pixels). */
function darkShare(canvas: Canvas, x: number, top: number, bottom: number): number {
	let dark = 0;
	for (let y = Math.ceil(top); y < bottom; y++) {
		dark += [-1, 0, 1].some(dx => isDark(pixel(canvas, x + dx, y))) ? 1 : 0;
	}

	return dark / (bottom - top);
}

/** Whether a pixel close to `rgb` lies within `radius` pixels of (x, y). */
function near(canvas: Canvas, x: number, y: number, rgb: [number, number, number], tolerance = 24, radius = 3): boolean {
	return anyIn(canvas, {x0: x - radius, x1: x + radius, y0: y - radius, y1: y + radius}, ([r, g, b]) =>
		Math.abs(r - rgb[0]) <= tolerance && Math.abs(g - rgb[1]) <= tolerance && Math.abs(b - rgb[2]) <= tolerance);
}

function anyIn(canvas: Canvas, box: {x0: number; x1: number; y0: number; y1: number}, test: (rgba: Rgba) => boolean): boolean {
	for (let y = Math.round(box.y0); y <= box.y1; y++) {
		for (let x = Math.round(box.x0); x <= box.x1; x++) {
			if (test(pixel(canvas, x, y))) {
				return true;
			}
		}
	}

	return false;
}
