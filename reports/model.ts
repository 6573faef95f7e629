// The report model: plain data that the renderers (PNG charts, HTML page) turn into files. Suites and the CLI
// build it; renderers never compute verdicts or read the run record themselves. It imports nothing: the harness's
// types fit these shapes, so reports/ never depends on the harness.

/** A point of a time series, `t` in seconds since the run's time origin. */
export interface TimePoint {
	t: number;
	v: number;
}

export type AxisSide = 'left' | 'right';

/** A value axis of a time chart. */
export interface TimeAxis {
	id: AxisSide;
	label: string;
	/** Unit of every series on the axis, e.g. `MB/s`; shown in the axis title unless the label already names it. */
	unit: string;
	/** Fixes the bottom of the axis; zero by default. */
	min?: number;
	/** Fixes the top of the axis; by default it leaves headroom above the data for the band and marker labels. */
	max?: number;
	/** A count (IOPS, packets): no fractional ticks. */
	integer?: boolean;
}

/**
 * How a series is drawn. `line`: a solid line. `dashed`: thinner, dashed and under the solid lines, for context
 * (a total beside its parts). `area`: a line filled down to zero. `step`: each value held over the interval that
 * ends at its sample, which is what a rate counter or a diskspd bucket measured. `points`: a mark at each value and
 * no line, for things that happened one by one (runs of a history, each passed or failed).
 */
export type SeriesStyle = 'line' | 'dashed' | 'area' | 'step' | 'points';

export interface TimeSeries {
	id: string;
	label: string;
	/** Must be its axis's unit. */
	unit: string;
	axis: AxisSide;
	points: TimePoint[];
	style?: SeriesStyle;
	/** `#rrggbb`; by default the palette colour of the series' position. */
	color?: string;
}

/** A shaded window on the time axis, e.g. while a switch port was shut. */
export interface Band {
	startS: number;
	endS: number;
	label: string;
	/** `#rrggbb`; a translucent red by default. */
	color?: string;
}

/** A vertical line on the time axis, e.g. the moment a fault was injected. */
export interface Marker {
	t: number;
	label: string;
}

/** Any number of series over time on one or two value axes, with what happened meanwhile (bands, markers). */
export interface TimeChartModel {
	title: string;
	subtitle?: string;
	axes: [TimeAxis] | [TimeAxis, TimeAxis];
	series: TimeSeries[];
	bands: Band[];
	markers: Marker[];
	/** Right edge of the time axis in seconds; it starts at 0. */
	xMaxS: number;
	/** Title of the time axis; `Time since start of run (s)` by default. */
	xLabel?: string;
}

export interface ChartSection {
	kind: 'chart';
	/** Image file in the run folder, relative path. */
	file: string;
	caption: string;
	chart: TimeChartModel;
}

export interface TableSection {
	kind: 'table';
	title: string;
	columns: string[];
	/** Numbers are shown as given, with thousands separators: round them first. A non-finite number shows as missing. */
	rows: (string | number)[][];
	caption?: string;
}

export interface FactsSection {
	kind: 'facts';
	title: string;
	facts: {label: string; value: string}[];
}

/**
 * The start of one part of a combined report (a suite's run within a certification): the sections after it, up to
 * the next part, are that run's.
 */
export interface PartSection {
	kind: 'part';
	title: string;
	outcome: RunOutcome;
	/** The part's own report, relative to the combined one. */
	report?: string;
}

/** What a suite shows beyond its verdicts, in the order it wants them shown. */
export type ReportSection = ChartSection | TableSection | FactsSection | PartSection;

export type VerdictStatus = 'pass' | 'fail' | 'error' | 'skipped';

export interface VerdictView {
	id: string;
	title: string;
	status: VerdictStatus;
	summary: string;
	threshold: string;
	measured: string;
	/** Windows, values and sample references behind the verdict. */
	evidence: Record<string, unknown>;
	/** What was judged (a node, a switch port), when the verdict is about one thing. */
	target?: string;
	/** What to do about it. */
	hint?: string;
	/** In a combined report: the part the verdict belongs to (`validate`, `multichannel-failover (port-down-rnic1)`). */
	group?: string;
}

export type RunOutcome = 'passed' | 'failed' | 'error' | 'interrupted';

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
	/** The suite's charts, tables and facts, shown after the verdicts; chart files are relative paths. */
	sections: ReportSection[];
	/** Raw outputs in the run folder, relative paths. */
	artifacts: {label: string; file: string}[];
	/** Key facts about the run: rig, nodes, tool versions, clock offsets. */
	facts: {label: string; value: string}[];
}
