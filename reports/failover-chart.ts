// The failover chart: per-rNIC throughput and total IOPS over time, with the fault window shaded and the
// switch commands marked, so the dip lines up with the `shut` that caused it. The config is built purely from
// the model; drawing it on a canvas is the only I/O.
import {createCanvas, type Canvas} from '@napi-rs/canvas';
import {
	Chart,
	Legend,
	LineController,
	LineElement,
	LinearScale,
	PointElement,
	SubTitle,
	Title,
	type ChartArea,
	type ChartConfiguration,
	type ChartDataset,
	type ChartItem,
	type FontSpec,
	type LegendItem,
	type Point,
	type Scale,
} from 'chart.js';
import {installedFontFamily} from './canvas-font.js';
import {paperBackground} from './chart-background.js';
import {timeAnnotations} from './chart-annotations.js';
import {toChartPoints} from './chart-points.js';
import type {FailoverChartModel, Series} from './model.js';

export interface FailoverChartStyle {
	/** A font family the canvas has registered; chart.js's default list when absent. */
	fontFamily?: string;
}

// Okabe-Ito colours: distinct for colour-blind readers and on a grey-scale printout, none close to the red band.
const seriesColors = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#000000'];
const iopsColor = '#6b7280';
const textColor = '#111827';
const mutedTextColor = '#4b5563';
const gridColor = '#e5e7eb';

/** Scale ids, exported so tests and callers do not repeat the strings. */
export const axisIds = {time: 'x', throughput: 'y', iops: 'iops'} as const;

// Headroom above the highest value, where the band and marker labels sit without covering the lines.
// chart.js takes grace as a share of half the range: 30 % leaves about the top sixth of the plot free.
const labelHeadroom = '30%';

export function failoverChartConfig(model: FailoverChartModel, style: FailoverChartStyle = {}): ChartConfiguration<'line', Point[]> {
	const font = (size: number, weight: FontSpec['weight'] = 'normal'): Partial<FontSpec> => ({
		size,
		weight,
		...(style.fontFamily === undefined ? {} : {family: style.fontFamily}),
	});
	const xMaxS = Number.isFinite(model.xMaxS) && model.xMaxS > 0 ? model.xMaxS : 1;
	const throughputUnit = model.throughput[0]?.unit ?? 'MB/s';
	const ticks = {font: font(13), color: mutedTextColor};
	const axisTitle = (text: string) => ({display: true, text, font: font(14, 'bold'), color: textColor});

	const datasets: ChartDataset<'line', Point[]>[] = [
		...model.throughput.map((series, index) => ({
			...lineData(series),
			yAxisID: axisIds.throughput,
			borderColor: seriesColors[index % seriesColors.length],
			backgroundColor: seriesColors[index % seriesColors.length],
			borderWidth: 2.5,
		})),
		{
			...lineData(model.iops),
			yAxisID: axisIds.iops,
			borderColor: iopsColor,
			backgroundColor: iopsColor,
			borderWidth: 1.5,
			// Dashed, grey and drawn underneath: IOPS is context for the throughput lines, not a path of its own.
			borderDash: [7, 4],
			order: 1,
		},
	];

	return {
		type: 'line',
		data: {datasets},
		options: {
			responsive: false,
			// Otherwise chart.js forces width:height to 2:1 whatever size was asked for.
			maintainAspectRatio: false,
			animation: false,
			devicePixelRatio: 1,
			events: [],
			layout: {padding: {top: 12, right: 20, bottom: 12, left: 16}},
			elements: {point: {radius: 0}, line: {tension: 0}},
			scales: {
				[axisIds.time]: {
					type: 'linear',
					min: 0,
					max: xMaxS,
					ticks: {...ticks, stepSize: timeTickStep(xMaxS)},
					title: axisTitle('Time since start of run (s)'),
					grid: {color: gridColor},
				},
				[axisIds.throughput]: {
					type: 'linear',
					position: 'left',
					beginAtZero: true,
					grace: labelHeadroom,
					ticks,
					title: axisTitle(`Throughput per rNIC (${throughputUnit})`),
					grid: {color: gridColor},
				},
				[axisIds.iops]: {
					type: 'linear',
					position: 'right',
					beginAtZero: true,
					grace: labelHeadroom,
					// A fraction of an I/O means nothing (and shows up when the series is empty).
					ticks: {...ticks, precision: 0},
					title: axisTitle(iopsAxisTitle(model.iops)),
					// One set of grid lines is enough; two that disagree is noise.
					grid: {drawOnChartArea: false},
				},
			},
			plugins: {
				paperBackground: {color: '#ffffff'},
				title: {
					display: true,
					text: model.title,
					color: textColor,
					font: font(20, 'bold'),
					padding: {top: 0, bottom: model.subtitle === undefined ? 10 : 4},
				},
				subtitle: {
					display: model.subtitle !== undefined,
					text: model.subtitle ?? '',
					color: mutedTextColor,
					font: font(14),
					padding: {bottom: 10},
				},
				legend: {
					position: 'top',
					labels: {
						font: font(14),
						color: textColor,
						usePointStyle: true,
						pointStyle: 'line',
						// Long enough to show the IOPS dashes.
						pointStyleWidth: 36,
						padding: 18,
						// Keep the model's order (rNICs, then IOPS) even though IOPS is drawn first.
						sort: (a, b) => (a.datasetIndex ?? 0) - (b.datasetIndex ?? 0),
						generateLabels: dashedLegendLines,
					},
				},
				timeAnnotations: {bands: model.bands, markers: model.markers, font: {size: 13, family: style.fontFamily}},
			},
		},
		plugins: [paperBackground, timeAnnotations],
	};
}

function lineData(series: Series): Pick<ChartDataset<'line', Point[]>, 'label' | 'data' | 'pointRadius'> {
	const {data, pointRadius} = toChartPoints(series.points);
	// Say so in the legend: a missing line must not read as a line hidden behind another one.
	const label = data.length === 0 ? `${series.label} (no data)` : series.label;
	return {label, data, pointRadius};
}

// With point styles on, chart.js styles a legend entry after the dataset's points, which have no dashes; take the
// dash from the line so the legend shows what the plot shows.
function dashedLegendLines(chart: Chart): LegendItem[] {
	return Chart.defaults.plugins.legend.labels.generateLabels(chart).map(item => {
		const dataset = chart.data.datasets[item.datasetIndex ?? -1];
		const dash = dataset !== undefined && 'borderDash' in dataset ? dataset.borderDash : undefined;
		// Our datasets set plain arrays; the type allows sparse ones only because options are deep-partial.
		return Array.isArray(dash) ? {...item, lineDash: dash as number[]} : item;
	});
}

// `Total IOPS`, not `Total IOPS (IOPS)`.
const iopsAxisTitle = (series: Series): string => (series.label.includes(series.unit) ? series.label : `${series.label} (${series.unit})`);

/** A round tick step that gives at most 12 intervals: 5 s on a 50 s run, 10 s on 2 min, 5 min on an hour. */
export function timeTickStep(spanS: number): number {
	const steps = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600];
	return steps.find(step => spanS / step <= 12) ?? Math.ceil(spanS / 12 / 3600) * 3600;
}

export interface ChartSize {
	width?: number;
	height?: number;
}

/** Where the plot area landed and how values map to pixels, so a test can find the band or a line. */
export interface PlotGeometry {
	area: ChartArea;
	xPixel(t: number): number;
	throughputPixel(value: number): number;
	iopsPixel(value: number): number;
}

export interface DrawnFailoverChart {
	canvas: Canvas;
	plot: PlotGeometry;
}

export function renderFailoverChartToCanvas(model: FailoverChartModel, size: ChartSize = {}): DrawnFailoverChart {
	registerChartParts();
	const {width = 1400, height = 700} = size;
	const canvas = createCanvas(width, height);
	// chart.js runs its platform-neutral code path when there is no DOM; the napi canvas has the API it needs.
	const chart = new Chart(canvas as unknown as ChartItem, failoverChartConfig(model, {fontFamily: installedFontFamily()}));
	try {
		const plot: PlotGeometry = {
			area: {...chart.chartArea},
			xPixel: linearPixels(chart.scales[axisIds.time]!),
			throughputPixel: linearPixels(chart.scales[axisIds.throughput]!),
			iopsPixel: linearPixels(chart.scales[axisIds.iops]!),
		};
		// destroy() clears the canvas it drew on, so keep a copy of the drawing.
		const copy = createCanvas(width, height);
		copy.getContext('2d').drawImage(canvas, 0, 0);
		return {canvas: copy, plot};
	} finally {
		chart.destroy();
	}
}

export async function renderFailoverChart(model: FailoverChartModel, size: ChartSize = {}): Promise<Buffer> {
	return renderFailoverChartToCanvas(model, size).canvas.encode('png');
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
		Chart.register(LineController, LineElement, PointElement, LinearScale, Legend, Title, SubTitle);
		registered = true;
	}
}
