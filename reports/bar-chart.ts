// The generic bar chart: values per category (a node, an rNIC) grouped side by side or stacked, drawn to a PNG with
// chart.js on a Node canvas like the time chart, in the same fonts, colours and paper.
import {createCanvas, type Canvas} from '@napi-rs/canvas';
import {BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, SubTitle, Title, type ChartConfiguration, type ChartItem, type FontSpec} from 'chart.js';
import {installedFontFamily} from './canvas-font.js';
import {paperBackground} from './chart-background.js';
import {chartGrid, chartMutedText, chartPaper, chartText, paletteColor} from './chart-colors.js';
import type {BarChartModel} from './model.js';
import type {ChartSize} from './time-chart.js';

export function barChartConfig(model: BarChartModel, style: {fontFamily?: string} = {}): ChartConfiguration<'bar', Array<number | null>, string> {
	assertCoherent(model);
	const font = (size: number, weight: FontSpec['weight'] = 'normal'): Partial<FontSpec> => ({size, weight, ...(style.fontFamily === undefined ? {} : {family: style.fontFamily})});
	const ticks = {font: font(13), color: chartMutedText};
	const title = (text: string) => ({display: true, text, font: font(14, 'bold'), color: chartText});
	const stacked = model.series.some(series => series.stack !== undefined);
	return {
		type: 'bar',
		data: {
			labels: model.categories,
			datasets: model.series.map((series, index) => ({
				label: series.values.every(value => value === null) ? `${series.label} (no data)` : series.label,
				data: series.values,
				backgroundColor: series.color ?? paletteColor(index),
				borderColor: series.color ?? paletteColor(index),
				borderWidth: 0,
				// Stacked charts need a stack per series; one alone keeps its own.
				...(stacked ? {stack: series.stack ?? series.id} : {}),
			})),
		},
		options: {
			responsive: false,
			maintainAspectRatio: false,
			animation: false,
			devicePixelRatio: 1,
			events: [],
			layout: {padding: {top: 12, right: 20, bottom: 12, left: 16}},
			scales: {
				x: {type: 'category', stacked, ticks, grid: {display: false}, ...(model.xLabel === undefined ? {} : {title: title(model.xLabel)})},
				// A value that halves must look halved: the axis starts at zero.
				y: {type: 'linear', stacked, beginAtZero: true, ticks: model.axis.integer === true ? {...ticks, precision: 0} : ticks, grid: {color: chartGrid}, title: title(model.axis.label.includes(model.axis.unit) ? model.axis.label : `${model.axis.label} (${model.axis.unit})`)},
			},
			plugins: {
				paperBackground: {color: chartPaper},
				title: {display: true, text: model.title, color: chartText, font: font(20, 'bold'), padding: {top: 0, bottom: model.subtitle === undefined ? 10 : 4}},
				subtitle: {display: model.subtitle !== undefined, text: model.subtitle ?? '', color: chartMutedText, font: font(14), padding: {bottom: 10}},
				legend: {position: 'top', labels: {font: font(14), color: chartText, padding: 18}},
			},
		},
		plugins: [paperBackground],
	};
}

/** Where the categories and values landed, so a test can find a bar. */
export interface DrawnBarChart {
	canvas: Canvas;
	/** Centre of a category's group of bars, px. */
	categoryX(index: number): number;
	yPixel(value: number): number;
}

const drawChart = (model: BarChartModel, size: ChartSize) => {
	registerChartParts();
	const {width = 1400, height = 700} = size;
	const canvas = createCanvas(width, height);
	return {canvas, chart: new Chart(canvas as unknown as ChartItem, barChartConfig(model, {fontFamily: installedFontFamily()}))};
};

export function renderBarChartToCanvas(model: BarChartModel, size: ChartSize = {}): DrawnBarChart {
	const {chart, canvas} = drawChart(model, size);
	try {
		const x = chart.scales['x']!;
		const centres = model.categories.map((_, index) => x.getPixelForValue(index));
		const y = chart.scales['y']!;
		const [min, max, bottom, top] = [y.min, y.max, y.getPixelForValue(y.min), y.getPixelForValue(y.max)];
		// destroy() clears the canvas it drew on, so keep a copy of the drawing.
		const copy = createCanvas(canvas.width, canvas.height);
		copy.getContext('2d').drawImage(canvas, 0, 0);
		return {canvas: copy, categoryX: index => centres[index]!, yPixel: value => bottom + ((value - min) / (max - min) * (top - bottom))};
	} finally {
		chart.destroy();
	}
}

export async function renderBarChart(model: BarChartModel, size: ChartSize = {}): Promise<Buffer> {
	const {chart, canvas} = drawChart(model, size);
	try {
		// Encoded before the chart is destroyed (which clears its canvas), so the drawing needs no copy.
		return await canvas.encode('png');
	} finally {
		chart.destroy();
	}
}

// A series with more or fewer values than there are categories would put bars under the wrong labels.
function assertCoherent(model: BarChartModel): void {
	const wrong = model.series.filter(series => series.values.length !== model.categories.length);
	if (wrong.length > 0) {
		throw new Error(`bar chart "${model.title}": ${wrong.map(series => `series "${series.id}" has ${series.values.length} values for ${model.categories.length} categories`).join('; ')}`);
	}
}

let registered = false;

function registerChartParts(): void {
	if (!registered) {
		Chart.register(BarController, BarElement, CategoryScale, LinearScale, Legend, Title, SubTitle);
		registered = true;
	}
}
