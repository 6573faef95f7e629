// Writes a finished (or partial) run's report into its run folder: the result JSON, the charts and the HTML page.
// This is where the run record meets the report model: the renderers in reports/ see only the latter.
import {readdir} from 'node:fs/promises';
import path from 'node:path';
import {renderHtmlReport} from '../../reports/html.js';
import type {ChartSection, ReportSection, RunReportModel} from '../../reports/model.js';
import {renderTimeChart} from '../../reports/time-chart.js';
import {errorRecord, HarnessError, type ErrorRecord} from '../errors.js';
import type {RunRecorder} from '../run/recorder.js';
import type {RunData} from '../run/run-data.js';
import {exitCodes, type RunOutcome, type Verdict} from '../verdicts/verdict.js';

export interface RunReport {
	title: string;
	suite: string;
	rig: string;
	outcome: RunOutcome;
	verdicts: Verdict[];
	/** The suite's charts, tables and facts. */
	sections: ReportSection[];
	data: RunData;
	/** Parameters the suite ran with. */
	params: unknown;
}

// diskspd byte counts are BigInt; JSON has no such type, so they are written as decimal strings.
const jsonReplacer = (_key: string, value: unknown) => (typeof value === 'bigint' ? value.toString() : value);

const listFiles = async (folder: string, prefix = ''): Promise<string[]> => {
	const entries = await readdir(path.join(folder, prefix), {withFileTypes: true});
	const nested = await Promise.all(entries.map(async entry => (entry.isDirectory() ? listFiles(folder, path.join(prefix, entry.name)) : [path.join(prefix, entry.name)])));
	return nested.flat().sort();
};

const facts = (report: RunReport): RunReportModel['facts'] => [
	{label: 'Rig', value: report.rig},
	{label: 'Suite', value: report.suite},
	...Object.entries(report.data.nodes).map(([node, nodeFacts]) => {
		const reading = nodeFacts.clocks[0];
		return {label: `${node} clock`, value: reading ? `${reading.skewMs >= 0 ? '+' : ''}${Math.round(reading.skewMs)} ms against the orchestrator (±${Math.round(reading.spreadMs)} ms), ${reading.zoneId}, UTC${reading.utcOffsetMinutes >= 0 ? '+' : ''}${reading.utcOffsetMinutes / 60}` : 'not read'};
	}),
	...report.data.workloads.map(workload => ({label: `${workload.node} workload`, value: `diskspd ${workload.result?.toolVersion ?? ''} ${workload.params.targets.map(target => target.path).join(', ')}`.trim()})),
	...report.data.faults.map(fault => ({label: `fault ${fault.id}`, value: `${fault.kind} ${fault.target}: in place at ${fault.injectedAtS?.toFixed(2) ?? '—'} s (confirmed ${fault.confirmedAtS?.toFixed(2) ?? '—'} s), undone at ${fault.restoredAtS?.toFixed(2) ?? '—'} s, confirmed back at ${fault.restoreConfirmedAtS?.toFixed(2) ?? '—'} s`})),
];

const isChart = (section: ReportSection): section is ChartSection => section.kind === 'chart';

export const writeRunReport = async (recorder: RunRecorder, report: RunReport): Promise<{outcome: RunOutcome; errors: ErrorRecord[]; html?: string; json: string}> => {
	const charts = report.sections.filter(isChart);
	// A chart that cannot be drawn is a warning and leaves the page, so the page never shows a broken image.
	const chartErrors: string[] = [];
	const undrawn = new Set<ReportSection>();
	for (const chart of charts) {
		try {
			// One at a time: each chart holds a full canvas in memory.
			await recorder.write(chart.file, await renderTimeChart(chart.chart));
		} catch (error) {
			chartErrors.push(`chart ${chart.file} could not be drawn: ${error instanceof Error ? error.message : String(error)}`);
			undrawn.add(chart);
		}
	}

	// The page is rendered before result.json is written: a report that cannot be drawn makes the run an error
	// there too, so the file, the page and the exit code never disagree.
	const artifacts = [...new Set([...(await listFiles(recorder.folder)), 'result.json'])].sort().filter(file => file !== 'report.html' && !charts.some(chart => chart.file === file));
	const model: RunReportModel = {
		title: report.title,
		suite: report.suite,
		rig: report.rig,
		outcome: report.outcome,
		startedAt: report.data.startedAt,
		durationS: report.data.durationS,
		verdicts: report.verdicts,
		errors: report.data.errors.map(error => ({message: error.message, ...(error.target ? {target: error.target} : {}), ...(error.hint ? {hint: error.hint} : {})})),
		warnings: [...report.data.warnings, ...chartErrors],
		sections: report.sections.filter(section => !undrawn.has(section)),
		artifacts: artifacts.map(file => ({label: file, file: file.split(path.sep).join('/')})),
		facts: facts(report),
	};
	let html: string | undefined;
	let outcome = report.outcome;
	const errors = [...report.data.errors];
	try {
		html = renderHtmlReport(model);
	} catch (error) {
		errors.push(errorRecord(new HarnessError('INTERNAL', `report.html could not be rendered: ${error instanceof Error ? error.message : String(error)}`, {hint: 'result.json and the raw data in the run folder are complete; rdmalab rejudge can render it again once fixed'})));
		outcome = outcome === 'interrupted' ? outcome : 'error';
	}

	const result = {
		rdmalabResult: 1,
		title: report.title,
		suite: report.suite,
		rig: report.rig,
		outcome,
		exitCode: exitCodes[outcome],
		startedAt: report.data.startedAt,
		durationS: report.data.durationS,
		params: report.params,
		verdicts: report.verdicts,
		errors,
		warnings: [...report.data.warnings, ...chartErrors],
		interrupted: report.data.interrupted,
		...(report.data.stoppedEarly === undefined ? {} : {stoppedEarly: report.data.stoppedEarly}),
		...(report.data.manifest === undefined ? {} : {manifest: report.data.manifest}),
		nodes: report.data.nodes,
		faults: report.data.faults,
		startSkew: report.data.startSkew ?? [],
		workloads: report.data.workloads.map(({result, ...workload}) => ({...workload, toolVersion: result?.toolVersion})),
		captures: report.data.captures.map(({samples, ...capture}) => ({...capture, sampleCount: samples.length})),
	};
	await recorder.write('result.json', `${JSON.stringify(result, jsonReplacer, 2)}\n`);
	if (html !== undefined) {
		await recorder.write('report.html', html);
	}

	return {outcome, errors, json: recorder.path('result.json'), ...(html === undefined ? {} : {html: recorder.path('report.html')})};
};
