// The report model: plain data that the renderers (PNG chart, HTML page) turn into files. Suites and the
// runner build it; renderers never compute verdicts or read the run record themselves.

/** A point of a time series, `t` in seconds since the run's time origin. */
export interface TimePoint {
	t: number;
	v: number;
}

export interface Series {
	id: string;
	label: string;
	/** Unit shown on the axis, e.g. `MB/s` or `IOPS`. */
	unit: string;
	points: TimePoint[];
}

/** A shaded window on the time axis, e.g. while a switch port was shut. */
export interface Band {
	startS: number;
	endS: number;
	label: string;
}

/** A vertical line on the time axis, e.g. the moment a fault was injected. */
export interface Marker {
	t: number;
	label: string;
}

/** Per-rNIC throughput (left axis) and total IOPS (right axis) over time, with fault windows. */
export interface FailoverChartModel {
	title: string;
	subtitle?: string;
	/** One series per rNIC, in MB/s (10^6 bytes per second). */
	throughput: Series[];
	/** Total IOPS of the workload. */
	iops: Series;
	bands: Band[];
	markers: Marker[];
	/** Right edge of the time axis in seconds. */
	xMaxS: number;
}

// eslint-disable-next-line no-restricted-imports -- moved out by the reports branch
export type {Verdict as VerdictView, VerdictStatus, RunOutcome} from '../harness/verdicts/verdict.js';
// eslint-disable-next-line no-restricted-imports -- moved out by the reports branch
import type {Verdict as VerdictView, RunOutcome} from '../harness/verdicts/verdict.js';

export interface ErrorView {
	message: string;
	target?: string;
	hint?: string;
}

export interface RunReportModel {
	title: string;
	suite: string;
	rig: string;
	outcome: RunOutcome;
	/** ISO 8601 UTC. */
	startedAt: string;
	durationS: number;
	verdicts: VerdictView[];
	/** Infrastructure errors: the run could not measure something. */
	errors: ErrorView[];
	/** Warnings that did not stop the run (e.g. a path down before any fault). */
	warnings: string[];
	/** Images in the run folder, relative paths. */
	charts: {file: string; caption: string}[];
	/** Raw outputs in the run folder, relative paths. */
	artifacts: {label: string; file: string}[];
	/** Key facts about the run: rig, nodes, tool versions, clock offsets. */
	facts: {label: string; value: string}[];
}
