// Turns a model series into chart.js points. A capture that stalled leaves holes; drawing straight across them
// would show values nobody measured, so the line breaks where samples are missing. A series with more points than
// the chart has pixel columns is thinned to what a line of that width can show (see minMaxPerColumn).
import type {TimePoint} from './model.js';

/** A chart.js point; y is NaN where the line breaks. */
export interface Point {
	x: number;
	y: number;
}

export interface ChartPoints {
	data: Point[];
	/** 0 everywhere, except for a sample with no neighbours: with no line to draw it would vanish. */
	pointRadius: number | number[];
}

// One missed sample is bridged (gap of 2 intervals); more than that breaks the line.
const gapFactor = 2.5;
const isolatedRadius = 2.5;

/** The time axis in pixel columns, for thinning a long series; without it every point is drawn. */
export interface PlotColumns {
	xMin: number;
	xMax: number;
	columns: number;
}

export function toChartPoints(points: readonly TimePoint[], plot?: PlotColumns): ChartPoints {
	const samples = points
		.filter(point => Number.isFinite(point.t) && Number.isFinite(point.v))
		.sort((a, b) => a.t - b.t);
	const maxStep = gapFactor * medianStep(samples);
	const data: Point[] = [];
	for (const [index, point] of samples.entries()) {
		const previous = samples[index - 1];
		if (previous !== undefined && point.t - previous.t > maxStep) {
			// chart.js skips a NaN point and, with spanGaps off, lifts the pen there.
			data.push({x: (previous.t + point.t) / 2, y: Number.NaN});
		}

		data.push({x: point.t, y: point.v});
	}

	return withDots(plot === undefined || data.length <= 4 * plot.columns ? data : minMaxPerColumn(data, plot));
}

function withDots(data: Point[]): ChartPoints {
	const isolated = data.map((point, index) => !Number.isNaN(point.y) && !isDrawn(data[index - 1]) && !isDrawn(data[index + 1]));
	return {
		data,
		pointRadius: isolated.includes(true) ? isolated.map(alone => (alone ? isolatedRadius : 0)) : 0,
	};
}

const isDrawn = (point: Point | undefined): boolean => point !== undefined && !Number.isNaN(point.y);

/**
 * Keeps, of the points that fall into one pixel column, the first, the lowest, the highest and the last, in time
 * order: the line drawn through them covers exactly the pixels the full series would (the M4 method), so a dip of a
 * single sample, a spike or a step is never thinned away, however long the run. Gap markers stay where they are and
 * end a column's group, so a hole is never bridged. (chart.js's own min-max decimation drops a gap marker that falls
 * inside a column, and LTTB keeps one point per bucket, which can lose a dip that shares it with a spike.)
 */
export function minMaxPerColumn(data: readonly Point[], {xMin, xMax, columns}: PlotColumns): Point[] {
	const scale = xMax > xMin ? columns / (xMax - xMin) : 0;
	const kept: Point[] = [];
	// The current column's group as indices into data: one pass, nothing allocated per point.
	let [first, lowest, highest, last, groupColumn] = [-1, -1, -1, -1, Number.NaN];
	const flush = () => {
		if (first !== -1) {
			for (const index of [...new Set([first, lowest, highest, last])].sort((a, b) => a - b)) {
				kept.push(data[index]!);
			}

			first = -1;
		}
	};

	for (const [index, point] of data.entries()) {
		if (Number.isNaN(point.y)) {
			flush();
			kept.push(point);
			groupColumn = Number.NaN;
			continue;
		}

		const column = Math.floor((point.x - xMin) * scale);
		if (column !== groupColumn || first === -1) {
			flush();
			[first, lowest, highest, groupColumn] = [index, index, index, column];
		}

		if (point.y < data[lowest]!.y) {
			lowest = index;
		}

		if (point.y > data[highest]!.y) {
			highest = index;
		}

		last = index;
	}

	flush();
	return kept;
}

function medianStep(samples: readonly TimePoint[]): number {
	// Duplicate timestamps (two sources merged) say nothing about the sampling interval.
	const steps = samples
		.slice(1)
		.map((point, index) => point.t - samples[index]!.t)
		.filter(step => step > 0)
		.sort((a, b) => a - b);
	return steps[Math.floor(steps.length / 2)] ?? Number.POSITIVE_INFINITY;
}
