// A small chart.js plugin for what happened on the time axis: shaded bands (e.g. while a port was shut) and
// vertical dashed markers (e.g. the `shut` command), each with a label; and horizontal reference lines at a value
// (e.g. a configured reservation), labelled at their right end. chartjs-plugin-annotation would do it
// but is not a dependency; this needs only a few rectangles, lines and labels.
import type {Chart, ChartArea, ChartType, Plugin} from 'chart.js';
import {translucent} from './chart-colors.js';
import type {Band, Marker, ReferenceLine} from './model.js';

export interface TimeAnnotationsOptions {
	bands: Band[];
	markers: Marker[];
	references?: ReferenceLine[];
	/** Label font; the family must be one the canvas has. */
	font: {family?: string; size: number};
}

declare module 'chart.js' {
	interface PluginOptionsByType<TType extends ChartType> {
		timeAnnotations: TimeAnnotationsOptions;
	}
}

// A band without a colour is a fault window: red, the colour no series takes.
const faultBand = {
	fill: 'rgba(220, 38, 38, 0.11)',
	edge: 'rgba(185, 28, 28, 0.45)',
	text: '#991b1b',
};

/** How a band is painted: its colour faint for the fill, stronger for the edges, full for the label. */
export const bandColors = (band: Band): typeof faultBand => (band.color === undefined
	? faultBand
	: {fill: translucent(band.color, 0.11), edge: translucent(band.color, 0.45), text: band.color});

const style = {
	referenceLine: '#374151',
	markerLine: '#1f2937',
	markerText: '#1f2937',
	labelBackground: 'rgba(255, 255, 255, 0.92)',
	labelPadX: 5,
	labelPadY: 3,
	laneGap: 3,
	// Space between a marker line and its label.
	markerOffset: 5,
};

/** Where a label wants to go, in pixels; `start` labels sit right of their anchor (a marker line). */
export interface LabelRequest {
	anchor: number;
	align: 'center' | 'start';
	width: number;
}

export interface PlacedLabel {
	x: number;
	lane: number;
}

/**
 * Places labels in lanes along the top of the plot: each label keeps its x position (moved only to stay inside
 * the plot) and drops to the first lane where it overlaps no other label, so close markers never overprint.
 */
export function placeLabels(requests: readonly LabelRequest[], area: {left: number; right: number}, gap: number, offset: number): PlacedLabel[] {
	const lanes: {from: number; to: number}[][] = [];
	return requests.map(request => {
		let x = request.align === 'center' ? request.anchor - (request.width / 2) : request.anchor + offset;
		if (request.align === 'start' && x + request.width > area.right) {
			// No room right of the line: put the label on its left instead.
			x = request.anchor - offset - request.width;
		}

		x = Math.max(area.left, Math.min(x, area.right - request.width));
		const span = {from: x - gap, to: x + request.width + gap};
		let lane = lanes.findIndex(taken => taken.every(other => span.to <= other.from || span.from >= other.to));
		if (lane === -1) {
			lane = lanes.push([]) - 1;
		}

		lanes[lane]!.push(span);
		return {x, lane};
	});
}

export const timeAnnotations: Plugin<ChartType, TimeAnnotationsOptions> = {
	id: 'timeAnnotations',
	// Bands go under the lines so the data stays on top; markers and labels go over everything.
	beforeDatasetsDraw(chart, _args, options) {
		const {ctx, chartArea} = chart;
		ctx.save();
		for (const band of options.bands) {
			const span = bandPixels(chart, band);
			if (span === undefined) {
				continue;
			}

			const colors = bandColors(band);
			ctx.fillStyle = colors.fill;
			ctx.fillRect(span.from, chartArea.top, span.to - span.from, chartArea.height);
			ctx.strokeStyle = colors.edge;
			ctx.lineWidth = 1;
			for (const edge of [span.from, span.to]) {
				line(ctx, edge, chartArea);
			}
		}

		ctx.restore();
	},
	afterDatasetsDraw(chart, _args, options) {
		const {ctx, chartArea} = chart;
		ctx.save();
		ctx.strokeStyle = style.markerLine;
		ctx.lineWidth = 1.5;
		ctx.setLineDash([6, 4]);
		const markers = options.markers.filter(marker => isOnAxis(chart, marker.t));
		for (const marker of markers) {
			line(ctx, xPixel(chart, marker.t), chartArea);
		}

		ctx.setLineDash([]);
		drawReferences(chart, options);
		drawLabels(chart, options, markers);
		ctx.restore();
	},
};

/** Each reference line dotted across the plot, its label just above its right end. */
function drawReferences(chart: Chart, options: TimeAnnotationsOptions): void {
	const {ctx, chartArea} = chart;
	const {size, family} = options.font;
	ctx.save();
	ctx.font = `${size}px ${family === undefined ? 'sans-serif' : `'${family}'`}`;
	ctx.textAlign = 'right';
	ctx.textBaseline = 'bottom';
	ctx.lineWidth = 1.5;
	ctx.setLineDash([2, 4]);
	for (const reference of options.references ?? []) {
		const scale = chart.scales[reference.axis];
		const y = scale?.getPixelForValue(reference.value);
		if (y === undefined || y < chartArea.top || y > chartArea.bottom) {
			continue;
		}

		const color = reference.color ?? style.referenceLine;
		ctx.strokeStyle = color;
		ctx.beginPath();
		ctx.moveTo(chartArea.left, y);
		ctx.lineTo(chartArea.right, y);
		ctx.stroke();
		const width = ctx.measureText(reference.label).width + (2 * style.labelPadX);
		ctx.fillStyle = style.labelBackground;
		ctx.fillRect(chartArea.right - width - style.labelPadX, y - size - (2 * style.labelPadY) - 1, width, size + (2 * style.labelPadY));
		ctx.fillStyle = color;
		ctx.fillText(reference.label, chartArea.right - (2 * style.labelPadX), y - style.labelPadY - 1);
	}

	ctx.restore();
}

interface LabelToDraw extends LabelRequest {
	text: string;
	color: string;
}

function drawLabels(chart: Chart, options: TimeAnnotationsOptions, markers: Marker[]): void {
	const {ctx, chartArea} = chart;
	const {size, family} = options.font;
	ctx.font = `${size}px ${family === undefined ? 'sans-serif' : `'${family}'`}`;
	const measure = (text: string): number => ctx.measureText(text).width + (2 * style.labelPadX);
	const labels: LabelToDraw[] = [];
	for (const band of options.bands) {
		const span = bandPixels(chart, band);
		if (span !== undefined) {
			labels.push({text: band.label, color: bandColors(band).text, anchor: (span.from + span.to) / 2, align: 'center', width: measure(band.label)});
		}
	}

	for (const marker of [...markers].sort((a, b) => a.t - b.t)) {
		labels.push({text: marker.label, color: style.markerText, anchor: xPixel(chart, marker.t), align: 'start', width: measure(marker.label)});
	}

	const height = size + (2 * style.labelPadY);
	const placed = placeLabels(labels, chartArea, style.laneGap, style.markerOffset);
	ctx.textBaseline = 'middle';
	ctx.textAlign = 'left';
	ctx.lineWidth = 1;
	for (const [index, label] of labels.entries()) {
		const {x, lane} = placed[index]!;
		const y = chartArea.top + style.laneGap + (lane * (height + style.laneGap));
		ctx.fillStyle = style.labelBackground;
		ctx.fillRect(x, y, label.width, height);
		ctx.strokeStyle = label.color;
		ctx.strokeRect(x + 0.5, y + 0.5, label.width - 1, height - 1);
		ctx.fillStyle = label.color;
		ctx.fillText(label.text, x + style.labelPadX, y + (height / 2));
	}
}

// The time axis is chart.js's default horizontal scale, `x`.
const xPixel = (chart: Chart, t: number): number => chart.scales['x']!.getPixelForValue(t);

function isOnAxis(chart: Chart, t: number): boolean {
	const x = chart.scales['x']!;
	return t >= x.min && t <= x.max;
}

/** The band's pixel span clipped to the plot, or undefined when it lies off the axis. */
function bandPixels(chart: Chart, band: Band): {from: number; to: number} | undefined {
	const {left, right} = chart.chartArea;
	const ends = [xPixel(chart, band.startS), xPixel(chart, band.endS)];
	const from = Math.max(left, Math.min(...ends));
	const to = Math.min(right, Math.max(...ends));
	return to > from ? {from, to} : undefined;
}

function line(ctx: Chart['ctx'], x: number, area: ChartArea): void {
	ctx.beginPath();
	ctx.moveTo(x, area.top);
	ctx.lineTo(x, area.bottom);
	ctx.stroke();
}
