// Writes a finished (or partial) run's report into its run folder: the result JSON, the charts and the HTML page.
import {readdir} from 'node:fs/promises';
import path from 'node:path';
/* eslint-disable no-restricted-imports -- moved out by the reports branch (to harness/cli/write-report.ts) */
import {errorRecord, HarnessError, type ErrorRecord} from '../harness/errors.js';
import type {RunRecorder} from '../harness/run/recorder.js';
import type {RunData} from '../harness/run/run-data.js';
import type {ChartSpec} from '../harness/suite.js';
import {exitCodes, type RunOutcome, type Verdict} from '../harness/verdicts/verdict.js';
/* eslint-enable no-restricted-imports */
import {renderFailoverChart} from './failover-chart.js';
import {renderHtmlReport} from './html.js';
import type {RunReportModel} from './model.js';

export interface RunReport {
	title: string;
	suite: string;
	rig: string;
	outcome: RunOutcome;
	verdicts: Verdict[];
	charts: ChartSpec[];
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
	...report.data.faults.map(fault => ({label: `fault ${fault.id}`, value: `${fault.switch} ${fault.port} (${fault.cable.node} ${fault.cable.rnic}): shut at ${fault.injectedAtS?.toFixed(2) ?? '—'} s, no shut at ${fault.restoredAtS?.toFixed(2) ?? '—'} s, link up at ${fault.restoreConfirmedAtS?.toFixed(2) ?? '—'} s`})),
];

export const writeRunReport = async (recorder: RunRecorder, report: RunReport): Promise<{outcome: RunOutcome; errors: ErrorRecord[]; html?: string; json: string}> => {
	const chartErrors: string[] = [];
	for (const chart of report.charts) {
		try {
			await recorder.write(chart.file, await renderFailoverChart(chart.failover));
		} catch (error) {
			chartErrors.push(`chart ${chart.file} could not be drawn: ${error instanceof Error ? error.message : String(error)}`);
		}
	}

	// The page is rendered before result.json is written: a report that cannot be drawn makes the run an error
	// there too, so the file, the page and the exit code never disagree.
	const artifacts = [...new Set([...(await listFiles(recorder.folder)), 'result.json'])].sort().filter(file => file !== 'report.html' && !report.charts.some(chart => chart.file === file));
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
		charts: report.charts.filter(chart => !chartErrors.some(message => message.includes(chart.file))).map(chart => ({file: chart.file, caption: chart.caption})),
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
