// Draws a time chart to a PNG: chart.js on a Node canvas. The configuration comes from time-chart-config.ts; this
// is the only part that touches a canvas.
import {createCanvas, type Canvas} from '@napi-rs/canvas';
import {Chart, Filler, Legend, LineController, LineElement, LinearScale, PointElement, SubTitle, Title, type ChartArea, type ChartItem, type Scale} from 'chart.js';
import {installedFontFamily} from './canvas-font.js';
import type {AxisSide, TimeChartModel} from './model.js';
import {timeChartConfig, timeScaleId} from './time-chart-config.js';

export interface ChartSize {
	width?: number;
	height?: number;
	/** Thin series longer than the chart is wide (min and max per pixel column); on unless a benchmark compares. */
	downsample?: boolean;
}

/** Where the plot area landed and how values map to pixels, so a test can find the band or a line. */
export interface PlotGeometry {
	area: ChartArea;
	xPixel(t: number): number;
	/** Throws for a side the chart has no axis on. */
	yPixel(axis: AxisSide, value: number): number;
}

export interface DrawnTimeChart {
	canvas: Canvas;
	plot: PlotGeometry;
}

/** A drawn chart, still alive: its caller destroys it (which also clears the canvas). */
function drawChart(model: TimeChartModel, size: ChartSize): {chart: Chart; canvas: Canvas} {
	registerChartParts();
	const {width = 1400, height = 700, downsample = true} = size;
	const canvas = createCanvas(width, height);
	// chart.js runs its platform-neutral code path when there is no DOM; the napi canvas has the API it needs.
	const chart = new Chart(canvas as unknown as ChartItem, timeChartConfig(model, {fontFamily: installedFontFamily(), ...(downsample ? {columns: width} : {})}));
	return {chart, canvas};
}

export function renderTimeChartToCanvas(model: TimeChartModel, size: ChartSize = {}): DrawnTimeChart {
	const {chart, canvas} = drawChart(model, size);
	try {
		const valuePixels = new Map(model.axes.map(axis => [axis.id, linearPixels(chart.scales[axis.id]!)]));
		const plot: PlotGeometry = {
			area: {...chart.chartArea},
			xPixel: linearPixels(chart.scales[timeScaleId]!),
			yPixel(axis, value) {
				const pixels = valuePixels.get(axis);
				if (pixels === undefined) {
					throw new Error(`the chart has no ${axis} axis`);
				}

				return pixels(value);
			},
		};
		// destroy() clears the canvas it drew on, so keep a copy of the drawing.
		const copy = createCanvas(canvas.width, canvas.height);
		copy.getContext('2d').drawImage(canvas, 0, 0);
		return {canvas: copy, plot};
	} finally {
		chart.destroy();
	}
}

export async function renderTimeChart(model: TimeChartModel, size: ChartSize = {}): Promise<Buffer> {
	const {chart, canvas} = drawChart(model, size);
	try {
		// Encoded before the chart is destroyed (which clears its canvas), so the drawing needs no copy.
		return await canvas.encode('png');
	} finally {
		chart.destroy();
	}
}

// A linear scale as a plain function, so it still works after the chart is destroyed.
function linearPixels(scale: Scale): (value: number) => number {
	const {min, max} = scale;
	const from = scale.getPixelForValue(min);
	const to = scale.getPixelForValue(max);
	return value => from + ((value - min) / (max - min) * (to - from));
}

let registered = false;

function registerChartParts(): void {
	if (!registered) {
		Chart.register(LineController, LineElement, PointElement, LinearScale, Filler, Legend, Title, SubTitle);
		registered = true;
	}
}
