// Turns a model series into chart.js points. A capture that stalled leaves holes; drawing straight across them
// would show values nobody measured, so the line breaks where samples are missing.
import type {Point} from 'chart.js';
import type {TimePoint} from './model.js';

export interface ChartPoints {
	data: Point[];
	/** 0 everywhere, except for a sample with no neighbours: with no line to draw it would vanish. */
	pointRadius: number | number[];
}

// One missed sample is bridged (gap of 2 intervals); more than that breaks the line.
const gapFactor = 2.5;
const isolatedRadius = 2.5;

export function toChartPoints(points: readonly TimePoint[]): ChartPoints {
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

	const isolated = data.map((point, index) => !Number.isNaN(point.y) && !isDrawn(data[index - 1]) && !isDrawn(data[index + 1]));
	return {
		data,
		pointRadius: isolated.includes(true) ? isolated.map(alone => (alone ? isolatedRadius : 0)) : 0,
	};
}

const isDrawn = (point: Point | undefined): boolean => point !== undefined && !Number.isNaN(point.y);

function medianStep(samples: readonly TimePoint[]): number {
	// Duplicate timestamps (two sources merged) say nothing about the sampling interval.
	const steps = samples
		.slice(1)
		.map((point, index) => point.t - samples[index]!.t)
		.filter(step => step > 0)
		.sort((a, b) => a - b);
	return steps[Math.floor(steps.length / 2)] ?? Number.POSITIVE_INFINITY;
}
