// Writes a finished (or partial) result into its folder: the charts, result.json, junit.xml and the HTML report,
// for the run of one suite or a certification of several. This is where the run record meets the report model:
// the renderers in reports/ see only the latter.
import {readdir} from 'node:fs/promises';
import path from 'node:path';
import pLimit from 'p-limit';
import {renderBarChart} from '../../reports/bar-chart.js';
import {renderHtmlReport} from '../../reports/html.js';
import {renderJunit} from '../../reports/junit.js';
import type {BarChartSection, ChartSection, ReportSection, RunReportModel, SuiteView} from '../../reports/model.js';
import {renderTimeChart} from '../../reports/time-chart.js';
import {errorRecord, HarnessError, type ErrorRecord} from '../errors.js';
import {combinedOutcome, resultVersion, type Result, type ResultError, type ResultWarning, type SuiteResult} from '../record/result.js';
import type {RunRecorder} from '../run/recorder.js';
import {workloadKinds} from '../kinds/index.js';
import type {RunData, WorkloadRun} from '../run/run-data.js';
import {exitCodes, type RunOutcome, type Verdict} from '../verdicts/verdict.js';
import {junitOfResult} from './junit.js';

/** One suite's run, judged. */
export interface SuiteReport {
	suite: string;
	title: string;
	outcome: RunOutcome;
	verdicts: Verdict[];
	/** The suite's charts, tables and facts. */
	sections: ReportSection[];
	data: RunData;
	/** Parameters the suite ran with. */
	params: unknown;
	/** Where its files are (charts go there too), relative to the result's folder; beside result.json by default. */
	folder?: string;
}

/** What one result holds: one suite's run, or several (a certification), under one title. */
export interface ResultReport {
	title: string;
	rig: string;
	suites: SuiteReport[];
	/** Who ran what, where, with which versions: shown in the report and kept in result.json. */
	manifest?: Record<string, unknown>;
}

/** The run of one suite, as `run` and `rejudge` write it. */
export interface RunReport extends Omit<SuiteReport, 'folder'> {
	rig: string;
	manifest?: Record<string, unknown>;
}

export interface WrittenResult {
	outcome: RunOutcome;
	errors: ErrorRecord[];
	/** Absolute paths. */
	html?: string;
	json: string;
	junit: string;
}

export const resultFiles = {json: 'result.json', junit: 'junit.xml', report: 'report.html'} as const;

// diskspd byte counts are BigInt; JSON has no such type, so they are written as decimal strings.
const jsonReplacer = (_key: string, value: unknown) => (typeof value === 'bigint' ? value.toString() : value);

const listFiles = async (folder: string, prefix = ''): Promise<string[]> => {
	const entries = await readdir(path.join(folder, prefix), {withFileTypes: true});
	const nested = await Promise.all(entries.map(async entry => (entry.isDirectory() ? listFiles(folder, path.join(prefix, entry.name)) : [path.join(prefix, entry.name)])));
	return nested.flat().sort();
};

const signed = (value: number) => `${value >= 0 ? '+' : ''}${value}`;

const facts = (data: RunData): SuiteView['facts'] => [
	...Object.entries(data.nodes).map(([node, nodeFacts]) => {
		const reading = nodeFacts.clocks[0];
		return {label: `${node} clock`, value: reading ? `${signed(Math.round(reading.skewMs))} ms against the orchestrator (±${Math.round(reading.spreadMs)} ms), ${reading.zoneId}, UTC${signed(reading.utcOffsetMinutes / 60)}` : 'not read'};
	}),
	...data.workloads.map(workload => {
		const {tool, version, what} = describeWorkload(workload);
		return {label: `${workload.node} workload ${workload.id}`, value: [tool, version, what].filter(part => part !== undefined && part !== '').join(' ')};
	}),
	...data.faults.map(fault => ({label: `fault ${fault.id}`, value: `${fault.kind} ${fault.target}: in place at ${fault.injectedAtS?.toFixed(2) ?? '—'} s (confirmed ${fault.confirmedAtS?.toFixed(2) ?? '—'} s), undone at ${fault.restoredAtS?.toFixed(2) ?? '—'} s, confirmed back at ${fault.restoreConfirmedAtS?.toFixed(2) ?? '—'} s`})),
];

/** Manifest entries as label and value; nested objects by dotted path. */
const manifestFacts = (manifest: Record<string, unknown> | undefined, prefix = ''): RunReportModel['manifest'] => Object.entries(manifest ?? {}).flatMap(([key, value]) => (
	typeof value === 'object' && value !== null && !Array.isArray(value)
		? manifestFacts(value as Record<string, unknown>, `${prefix}${key}.`)
		: [{label: `${prefix}${key}`, value: typeof value === 'string' ? value : JSON.stringify(value, jsonReplacer) ?? 'null'}]));

/** The workload's tool and version as its kind reads them from the run; a kind this build lacks is named as recorded. */
const describeWorkload = (workload: WorkloadRun): {tool: string; version?: string; what: string} => workloadKinds[workload.kind ?? 'diskspd']?.describeRun(workload) ?? {tool: workload.kind ?? 'diskspd', what: ''};

const isChart = (section: ReportSection): section is ChartSection | BarChartSection => section.kind === 'chart' || section.kind === 'bar-chart';
const inFolder = (folder: string | undefined, file: string) => (folder === undefined || folder === '' ? file : path.posix.join(folder.split(path.sep).join('/'), file));

const suiteResult = (suite: SuiteReport): SuiteResult => {
	const {data} = suite;
	return {
		suite: suite.suite, title: suite.title, outcome: suite.outcome, exitCode: exitCodes[suite.outcome], folder: suite.folder ?? '',
		startedAt: data.startedAt, durationS: data.durationS, params: suite.params, interrupted: data.interrupted,
		...(data.stoppedEarly === undefined ? {} : {stoppedEarly: data.stoppedEarly}),
		nodes: data.nodes, faults: data.faults, startSkew: data.startSkew ?? [],
		workloads: data.workloads.map(workload => {
			const {result: _result, ...rest} = workload;
			const {version} = describeWorkload(workload);
			return {...rest, ...(version === undefined ? {} : {toolVersion: version})};
		}),
		captures: data.captures.map(({samples, ...capture}) => ({...capture, sampleCount: samples.length})),
	};
};

/** From the first suite's start to the last one's end. */
const span = (suites: readonly SuiteReport[]): {startedAt: string; durationS: number} => {
	const first = suites.reduce<SuiteReport | undefined>((earliest, suite) => (earliest === undefined || suite.data.originEpochMs < earliest.data.originEpochMs ? suite : earliest), undefined);
	if (first === undefined) {
		return {startedAt: new Date(0).toISOString(), durationS: 0};
	}

	const endMs = Math.max(...suites.map(suite => suite.data.originEpochMs + (suite.data.durationS * 1000)));
	return {startedAt: first.data.startedAt, durationS: (endMs - first.data.originEpochMs) / 1000};
};

/**
 * Draws every chart into its suite's folder; one that cannot be drawn is a warning and leaves the page. Two at a
 * time: drawing is JavaScript on this thread while PNG encoding runs on libuv's pool, so the next chart is drawn
 * while the last one is encoded; more would only hold more full canvases in memory.
 */
const drawCharts = async (recorder: RunRecorder, suite: SuiteReport, images: Record<string, string>) => {
	const limit = pLimit(2);
	const drawn = await Promise.all(suite.sections.map(async section => (isChart(section) ? limit(async () => {
		const file = inFolder(suite.folder, section.file);
		try {
			const png = section.kind === 'chart' ? await renderTimeChart(section.chart) : await renderBarChart(section.chart);
			await recorder.write(file, png);
			images[file] = `data:image/png;base64,${png.toString('base64')}`;
			return {section: {...section, file}};
		} catch (error) {
			return {warning: `chart ${file} could not be drawn: ${error instanceof Error ? error.message : String(error)}`};
		}
	}) : {section})));
	return {
		sections: drawn.flatMap(outcome => ('section' in outcome && outcome.section !== undefined ? [outcome.section] : [])),
		warnings: drawn.flatMap(outcome => ('warning' in outcome && outcome.warning !== undefined ? [outcome.warning] : [])),
	};
};

export const writeResult = async (recorder: RunRecorder, report: ResultReport): Promise<WrittenResult> => {
	const images: Record<string, string> = {};
	const drawn = [];
	for (const suite of report.suites) {
		drawn.push({suite, ...(await drawCharts(recorder, suite, images))});
	}

	const chartFiles = new Set(Object.keys(images));
	const warnings: ResultWarning[] = drawn.flatMap(({suite, warnings: chartWarnings}) => [...suite.data.warnings, ...chartWarnings].map(message => ({suite: suite.suite, message})));
	const errors: ResultError[] = report.suites.flatMap(suite => suite.data.errors.map(error => ({...error, suite: suite.suite})));
	const {startedAt, durationS} = span(report.suites);
	// The page is rendered before result.json is written: a report that cannot be drawn makes the run an error
	// there too, so the files, the page and the exit code never disagree.
	const listed = new Set([...(await listFiles(recorder.folder)).map(file => file.split(path.sep).join('/')), resultFiles.json, resultFiles.junit]);
	const model: RunReportModel = {
		title: report.title,
		rig: report.rig,
		outcome: combinedOutcome(report.suites.map(suite => suite.outcome)),
		startedAt,
		durationS,
		suites: drawn.map(({suite, sections, warnings: chartWarnings}) => ({
			suite: suite.suite, title: suite.title, outcome: suite.outcome, startedAt: suite.data.startedAt, durationS: suite.data.durationS,
			verdicts: suite.verdicts,
			errors: suite.data.errors.map(error => ({message: error.message, ...(error.target ? {target: error.target} : {}), ...(error.hint ? {hint: error.hint} : {})})),
			warnings: [...suite.data.warnings, ...chartWarnings],
			sections,
			facts: facts(suite.data),
		})),
		errors: [],
		warnings: [],
		manifest: manifestFacts(report.manifest),
		artifacts: [...listed].sort().filter(file => file !== resultFiles.report && !chartFiles.has(file)).map(file => ({label: file, file})),
		images,
	};
	let html: string | undefined;
	let outcome = model.outcome;
	try {
		html = renderHtmlReport(model);
	} catch (error) {
		errors.push(errorRecord(new HarnessError('INTERNAL', `report.html could not be rendered: ${error instanceof Error ? error.message : String(error)}`, {hint: 'result.json and the raw data in the run folder are complete; rdmalab rejudge can render it again once fixed'})));
		outcome = outcome === 'interrupted' ? outcome : 'error';
	}

	const stoppedEarly = report.suites.find(suite => suite.data.stoppedEarly !== undefined)?.data.stoppedEarly;
	const result: Result = {
		rdmalabResult: resultVersion,
		title: report.title,
		rig: report.rig,
		outcome,
		exitCode: exitCodes[outcome],
		startedAt,
		durationS,
		...(report.manifest === undefined ? {} : {manifest: report.manifest}),
		files: {...(html === undefined ? {} : {report: resultFiles.report}), junit: resultFiles.junit},
		verdicts: report.suites.flatMap(suite => suite.verdicts.map(verdict => ({suite: suite.suite, ...verdict}))),
		errors,
		warnings,
		interrupted: report.suites.some(suite => suite.data.interrupted),
		...(stoppedEarly === undefined ? {} : {stoppedEarly}),
		suites: report.suites.map(suite => suiteResult(suite)),
	};
	await recorder.write(resultFiles.json, `${JSON.stringify(result, jsonReplacer, 2)}\n`);
	await recorder.write(resultFiles.junit, renderJunit(junitOfResult(result, recorder.folder)));
	if (html !== undefined) {
		await recorder.write(resultFiles.report, html);
	}

	return {outcome, errors, json: recorder.path(resultFiles.json), junit: recorder.path(resultFiles.junit), ...(html === undefined ? {} : {html: recorder.path(resultFiles.report)})};
};

/** The result of one suite's run (`run`, `rejudge`). */
export const writeRunReport = async (recorder: RunRecorder, {rig, manifest, ...suite}: RunReport): Promise<WrittenResult> =>
	writeResult(recorder, {title: suite.title, rig, suites: [suite], ...(manifest === undefined ? {} : {manifest})});
