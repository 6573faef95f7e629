// A time chart's chart.js configuration, built purely from the model: series over time on one or two value axes,
// with fault windows shaded and commands marked so a dip lines up with what caused it. Drawing it is
// time-chart.ts's business.
import type {ChartConfiguration, ChartDataset, FontSpec, LegendItem, Point, Scale, ScaleOptionsByType} from 'chart.js';
import {Chart} from 'chart.js';
import {timeAnnotations} from './chart-annotations.js';
import {paperBackground} from './chart-background.js';
import {chartGrid, chartMutedText, chartPaper, chartText, paletteColor, translucent} from './chart-colors.js';
import {toChartPoints, type PlotColumns} from './chart-points.js';
import type {TimeAxis, TimeChartModel, TimeSeries} from './model.js';

export interface TimeChartStyle {
	/** A font family the canvas has registered; chart.js's default list when absent. */
	fontFamily?: string;
	/** Pixel columns of the chart: a series with far more points is thinned to what they can show. */
	columns?: number;
}

/** The time axis's scale id; value axes take their side (`left`, `right`) as theirs. */
export const timeScaleId = 'x';

export const defaultTimeLabel = 'Time since start of run (s)';

// Headroom above the highest value, where the band and marker labels sit without covering the lines: about the top
// sixth of the plot.
const labelHeadroomShare = 0.15;

type LineDataset = ChartDataset<'line', Point[]>;

export function timeChartConfig(model: TimeChartModel, style: TimeChartStyle = {}): ChartConfiguration<'line', Point[]> {
	assertCoherent(model);
	const font = (size: number, weight: FontSpec['weight'] = 'normal'): Partial<FontSpec> => ({
		size,
		weight,
		...(style.fontFamily === undefined ? {} : {family: style.fontFamily}),
	});
	const xMaxS = Number.isFinite(model.xMaxS) && model.xMaxS > 0 ? model.xMaxS : 1;
	const ticks = {font: font(13), color: chartMutedText};
	const axisTitle = (text: string) => ({display: true, text, font: font(14, 'bold'), color: chartText});
	const valueScale = (axis: TimeAxis, drawsGrid: boolean): ScaleOptionsByType<'linear'> => ({
		type: 'linear',
		axis: 'y',
		position: axis.id,
		// Zero stays on the axis unless the data goes below it: a rate that halves must look halved.
		beginAtZero: true,
		stacked: axis.stacked === true,
		...(axis.min === undefined ? {} : {min: axis.min}),
		...(axis.max === undefined ? {afterDataLimits: (scale: Scale) => leaveLabelHeadroom(scale, referenceTop(model, axis))} : {max: axis.max}),
		ticks: axis.integer === true ? {...ticks, precision: 0} : ticks,
		title: axisTitle(valueAxisTitle(axis)),
		// One set of grid lines is enough; two that disagree is noise.
		grid: drawsGrid ? {color: chartGrid} : {drawOnChartArea: false},
	} as ScaleOptionsByType<'linear'>);

	return {
		type: 'line',
		data: {datasets: model.series.map((series, index) => {
			const stacked = model.axes.find(axis => axis.id === series.axis)?.stacked === true;
			// Stacked layers add up sample by sample: thinned each its own way, they would no longer line up.
			const plot = style.columns === undefined || stacked ? undefined : {xMin: 0, xMax: xMaxS, columns: style.columns};
			return seriesDataset(series, series.color ?? paletteColor(index), plot, stacked);
		})},
		options: {
			responsive: false,
			// Otherwise chart.js forces width:height to 2:1 whatever size was asked for.
			maintainAspectRatio: false,
			animation: false,
			// The points are already {x, y} and sorted by time (chart-points.ts): chart.js need not parse or sort them again.
			parsing: false,
			normalized: true,
			devicePixelRatio: 1,
			events: [],
			layout: {padding: {top: 12, right: 20, bottom: 12, left: 16}},
			elements: {point: {radius: 0}, line: {tension: 0}},
			scales: {
				[timeScaleId]: {
					type: 'linear',
					min: 0,
					max: xMaxS,
					ticks: {...ticks, stepSize: timeTickStep(xMaxS)},
					title: axisTitle(model.xLabel ?? defaultTimeLabel),
					grid: {color: chartGrid},
				},
				...Object.fromEntries(model.axes.map((axis, index) => [axis.id, valueScale(axis, index === 0)])),
			},
			plugins: {
				paperBackground: {color: chartPaper},
				title: {
					display: true,
					text: model.title,
					color: chartText,
					font: font(20, 'bold'),
					padding: {top: 0, bottom: model.subtitle === undefined ? 10 : 4},
				},
				subtitle: {
					display: model.subtitle !== undefined,
					text: model.subtitle ?? '',
					color: chartMutedText,
					font: font(14),
					padding: {bottom: 10},
				},
				legend: {
					position: 'top',
					labels: {
						font: font(14),
						color: chartText,
						usePointStyle: true,
						pointStyle: 'line',
						// Long enough to show a dashed series' dashes.
						pointStyleWidth: 36,
						padding: 18,
						// Keep the model's order even though dashed and area series are drawn first.
						sort: (a, b) => (a.datasetIndex ?? 0) - (b.datasetIndex ?? 0),
						generateLabels: dashedLegendLines,
					},
				},
				timeAnnotations: {bands: model.bands, markers: model.markers, references: model.references ?? [], font: {size: 13, family: style.fontFamily}},
			},
		},
		plugins: [paperBackground, timeAnnotations],
	};
}

function seriesDataset(series: TimeSeries, color: string, plot: PlotColumns | undefined, stacked: boolean): LineDataset {
	const base: LineDataset = {...lineData(series, plot), yAxisID: series.axis, borderColor: color, backgroundColor: color, ...(stacked ? {stack: series.axis} : {})};
	switch (series.style ?? 'line') {
		case 'line': {
			return {...base, borderWidth: 2.5};
		}

		case 'dashed': {
			// Thinner and drawn underneath: context for the solid lines, not a path of its own.
			return {...base, borderWidth: 1.5, borderDash: [7, 4], order: 1};
		}

		case 'area': {
			// Stacked, each layer fills down to the one below it and none hides another, so it can be stronger.
			// Otherwise under everything else, faint enough that lines and bands behind it still read.
			return stacked
				? {...base, borderWidth: 1.5, fill: 'stack', backgroundColor: translucent(color, 0.55), order: 2}
				: {...base, borderWidth: 2, fill: 'origin', backgroundColor: translucent(color, 0.18), order: 2};
		}

		case 'step': {
			// A sample is stamped at the end of the interval it measured: hold its value back to the previous sample.
			return {...base, borderWidth: 2.5, stepped: 'after'};
		}

		case 'points': {
			// Marks over the lines, every one drawn: a lone run is as much a run as one among many.
			return {...base, showLine: false, pointRadius: 6, pointStyle: 'circle', borderWidth: 1.5, order: -1};
		}
	}
}

function lineData(series: TimeSeries, plot: PlotColumns | undefined): Pick<LineDataset, 'label' | 'data' | 'pointRadius'> {
	const {data, pointRadius} = toChartPoints(series.points, plot);
	// Say so in the legend: a missing line must not read as a line hidden behind another one.
	const label = data.length === 0 ? `${series.label} (no data)` : series.label;
	return {label, data, pointRadius};
}

// With point styles on, chart.js styles a legend entry after the dataset's points, which have no dashes; take the
// dash from the line, or the mark of a series of marks, so the legend shows what the plot shows.
function dashedLegendLines(chart: Chart): LegendItem[] {
	return Chart.defaults.plugins.legend.labels.generateLabels(chart).map(item => {
		const dataset = chart.data.datasets[item.datasetIndex ?? -1];
		const dash = dataset !== undefined && 'borderDash' in dataset ? dataset.borderDash : undefined;
		// A series of marks (no line) shows its mark.
		if (dataset !== undefined && 'showLine' in dataset && dataset.showLine === false) {
			return {...item, pointStyle: 'circle'};
		}

		// Our datasets set plain arrays; the type allows sparse ones only because options are deep-partial.
		return Array.isArray(dash) ? {...item, lineDash: dash as number[]} : item;
	});
}

// Raises the top only, after chart.js has found the data's range and before it picks round ticks; unlike its `grace`
// it never moves a bottom the model fixed. A reference line above the data is brought into view first.
function leaveLabelHeadroom(scale: Scale, referenceTop: number): void {
	scale.max = Math.max(scale.max, referenceTop);
	scale.max += (scale.max - scale.min) * labelHeadroomShare;
}

/** The highest reference line on an axis, or -Infinity. */
const referenceTop = (model: TimeChartModel, axis: TimeAxis): number => Math.max(...(model.references ?? []).filter(line => line.axis === axis.id).map(line => line.value));

// `Total IOPS`, not `Total IOPS (IOPS)`.
const valueAxisTitle = (axis: TimeAxis): string => (axis.label.includes(axis.unit) ? axis.label : `${axis.label} (${axis.unit})`);

/** A round tick step that gives at most 12 intervals: 5 s on a 50 s run, 10 s on 2 min, 5 min on an hour. */
export function timeTickStep(spanS: number): number {
	const steps = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600];
	return steps.find(step => spanS / step <= 12) ?? Math.ceil(spanS / 12 / 3600) * 3600;
}

// A series on an axis the chart lacks would silently get a scale of its own, and one in another unit would be read
// against the wrong ticks: refuse both, naming the series.
function assertCoherent(model: TimeChartModel): void {
	const problems: string[] = [];
	const sides = model.axes.map(axis => axis.id);
	if (new Set(sides).size !== sides.length) {
		problems.push(`two axes on the ${sides[0]!} side`);
	}

	for (const line of model.references ?? []) {
		if (!sides.includes(line.axis)) {
			problems.push(`reference line "${line.label}" is on the ${line.axis} axis, which the chart does not have`);
		}
	}

	for (const series of model.series) {
		const axis = model.axes.find(candidate => candidate.id === series.axis);
		if (axis === undefined) {
			problems.push(`series "${series.id}" is on the ${series.axis} axis, which the chart does not have (it has ${sides.join(' and ')})`);
		} else if (axis.unit !== series.unit) {
			problems.push(`series "${series.id}" is in ${series.unit} but the ${axis.id} axis is in ${axis.unit}`);
		}
	}

	if (problems.length > 0) {
		throw new Error(`time chart "${model.title}": ${problems.join('; ')}`);
	}
}
