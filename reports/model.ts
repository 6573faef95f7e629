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
	/**
	 * Its series are stacked, each drawn on top of the ones before it (a total split into parts): an `area` series
	 * on it fills down to the series below rather than to zero.
	 */
	stacked?: boolean;
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

/** A horizontal line across the plot at a value, e.g. a configured reservation or a threshold. */
export interface ReferenceLine {
	axis: AxisSide;
	value: number;
	label: string;
	/** `#rrggbb`; dark grey by default. */
	color?: string;
}

/** Any number of series over time on one or two value axes, with what happened meanwhile (bands, markers). */
export interface TimeChartModel {
	title: string;
	subtitle?: string;
	axes: [TimeAxis] | [TimeAxis, TimeAxis];
	series: TimeSeries[];
	bands: Band[];
	markers: Marker[];
	/** Horizontal lines; the value axis always reaches them. */
	references?: ReferenceLine[];
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

/** One series of a bar chart: a value per category, in the chart's order. */
export interface BarSeries {
	id: string;
	label: string;
	/** null draws no bar: the value is missing, which is not zero. */
	values: Array<number | null>;
	/**
	 * Series that name the same stack are drawn on top of each other (parts of one whole); stacks stand side by side.
	 * A series without one stands alone.
	 */
	stack?: string;
	/** `#rrggbb`; by default the palette colour of the series' position. */
	color?: string;
}

/** Values per category (a node, an rNIC), grouped side by side or stacked, on one value axis starting at zero. */
export interface BarChartModel {
	title: string;
	subtitle?: string;
	categories: string[];
	/** `integer`: a count (errors, packets), no fractional ticks. */
	axis: {label: string; unit: string; integer?: boolean};
	series: BarSeries[];
	/** Title of the category axis. */
	xLabel?: string;
}

export interface BarChartSection {
	kind: 'bar-chart';
	/** Image file in the run folder, relative path. */
	file: string;
	caption: string;
	chart: BarChartModel;
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

/** What a suite shows beyond its verdicts, in the order it wants them shown. */
export type ReportSection = ChartSection | BarChartSection | TableSection | FactsSection;

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
}

export type RunOutcome = 'passed' | 'failed' | 'error' | 'interrupted';

export interface ErrorView {
	message: string;
	target?: string;
	hint?: string;
}

/** One suite's part of a report: its verdicts and problems, its own sections and the facts of its run. */
export interface SuiteView {
	suite: string;
	title: string;
	outcome: RunOutcome;
	/** ISO 8601 UTC. */
	startedAt: string;
	durationS: number;
	verdicts: VerdictView[];
	/** Infrastructure errors of this suite's run: it could not measure something. */
	errors: ErrorView[];
	/** Warnings that did not stop the run (e.g. a path down before any fault). */
	warnings: string[];
	/** The suite's charts, tables and facts, shown in its section in this order; chart files relative to the page. */
	sections: ReportSection[];
	/** Key facts about the run: nodes, tool versions, clock offsets, fault times. */
	facts: {label: string; value: string}[];
}

/** A report of one suite's run, or of a certification of several: one page, one verdict table on top. */
export interface RunReportModel {
	title: string;
	rig: string;
	outcome: RunOutcome;
	/** ISO 8601 UTC. */
	startedAt: string;
	durationS: number;
	suites: SuiteView[];
	/** Errors of the whole run rather than of one suite's (the report itself could not be completed). */
	errors: ErrorView[];
	warnings: string[];
	/** Who ran what, where, with which versions. */
	manifest: {label: string; value: string}[];
	/** Raw outputs in the run folder, relative paths. */
	artifacts: {label: string; file: string}[];
	/** Chart images by their file: data URLs, so the page shows them even when it travels alone (CI, mail). */
	images: Record<string, string>;
}
