// A certification's combined report: one result.json and one report.html over the design checks and every suite
// run, each run keeping its own folder, record and report beneath. The charts are the runs' own files, linked.
import path from 'node:path';
import {renderHtmlReport} from '../../reports/html.js';
import type {ReportSection, RunReportModel} from '../../reports/model.js';
import {errorRecord, HarnessError, type ErrorRecord} from '../errors.js';
import type {RunRecorder} from '../run/recorder.js';
import type {CertifyProfile, Suite} from '../suite.js';
import {exitCodes, outcomeOf, type RunOutcome, type Verdict} from '../verdicts/verdict.js';
import type {SuiteRun} from './suite-run.js';

/** One variant of one suite: its runs (one per repetition) and the verdicts judged on the worst of them. */
export interface CertifyPart {
	suite: Suite<unknown>;
	label: string;
	runs: SuiteRun[];
	verdicts: Verdict[];
}

export interface CertifyReport {
	title: string;
	profile: CertifyProfile;
	rig: string;
	startedAt: string;
	durationS: number;
	outcome: RunOutcome;
	interrupted: boolean;
	validation: Verdict[];
	parts: CertifyPart[];
	/** Errors of the certification itself (validate could not read the rig, a fault left in place). */
	errors: ErrorRecord[];
}

const jsonReplacer = (_key: string, value: unknown) => (typeof value === 'bigint' ? value.toString() : value);

const partName = (part: CertifyPart) => `${part.suite.name} (${part.label})`;

export const partOutcome = (part: CertifyPart): RunOutcome => (part.runs.some(run => run.outcome === 'interrupted')
	? 'interrupted'
	: outcomeOf(part.verdicts, part.runs.reduce((sum, run) => sum + run.errors.length, 0), false));

const rank: Record<RunOutcome, number> = {passed: 0, error: 1, failed: 2, interrupted: 3};

export const writeCertifyReport = async (recorder: RunRecorder, report: CertifyReport): Promise<{outcome: RunOutcome; json: string; html?: string}> => {
	const relative = (file: string) => path.relative(recorder.folder, file).split(path.sep).join('/');
	const parts = report.parts.map(part => {
		// The charts of the worst repetition: the one a reader must see.
		const shown = part.runs.reduce((worst, run) => (rank[run.outcome] > rank[worst.outcome] ? run : worst));
		const folder = relative(path.dirname(shown.json));
		return {part, shown, folder, outcome: partOutcome(part)};
	});
	const statusWord = {pass: 'PASS', fail: 'FAIL', error: 'ERROR', skipped: 'not applicable'} as const;
	const designChecks: ReportSection = {
		kind: 'table', title: 'Design checks (rdmalab validate)', columns: ['Status', 'Rule', 'Target', 'Finding'],
		rows: report.validation.map(check => [statusWord[check.status], check.id, check.target ?? '', check.summary]),
		caption: 'Every rule the rig was checked against before any suite ran; a failing one stops certification, and only those are in the verdicts above.',
	};
	const sections: ReportSection[] = [...parts.flatMap(({part, shown, folder, outcome}) => [
		{kind: 'part' as const, title: `${part.suite.title} (${part.label})${part.runs.length > 1 ? `, worst of ${part.runs.length}` : ''}`, outcome, ...(shown.html === undefined ? {} : {report: relative(shown.html)})},
		...shown.sections.map(section => (section.kind === 'chart' ? {...section, file: `${folder}/${section.file}`} : section)),
	]), designChecks];
	const model: RunReportModel = {
		title: report.title,
		suite: 'certify',
		rig: report.rig,
		outcome: report.outcome,
		startedAt: report.startedAt,
		durationS: report.durationS,
		verdicts: [
			// Passing design checks are in their own table below: the verdicts are what the hardware did.
			...report.validation.filter(check => check.status === 'fail' || check.status === 'error').map(check => ({...check, group: 'validate'})),
			...report.parts.flatMap(part => part.verdicts.map(verdict => ({...verdict, group: partName(part)}))),
		],
		errors: [...report.errors, ...report.parts.flatMap(part => part.runs.flatMap(run => run.errors.map(error => ({...error, message: `${partName(part)}: ${error.message}`}))))]
			.map(error => ({message: error.message, ...(error.target ? {target: error.target} : {}), ...(error.hint ? {hint: error.hint} : {})})),
		warnings: report.parts.flatMap(part => part.runs.flatMap(run => run.record.data.warnings.map(warning => `${partName(part)}: ${warning}`))),
		sections,
		artifacts: [
			{label: 'design checks (rdmalab validate)', file: 'validate.txt'},
			...parts.flatMap(({part}) => part.runs.flatMap(run => [
				{label: `${partName(part)} report`, file: relative(run.html ?? run.json)},
				{label: `${partName(part)} run record`, file: relative(path.join(path.dirname(run.json), 'record.json'))},
			])),
		],
		facts: [
			{label: 'Profile', value: `${report.profile}${report.profile === 'full' ? ' (each variant three times, verdict on the worst)' : ''}`},
			{label: 'Design checks', value: `${report.validation.filter(check => check.status === 'pass').length} passed, ${report.validation.filter(check => check.status === 'fail').length} failed, ${report.validation.filter(check => check.status === 'error').length} unreadable, ${report.validation.filter(check => check.status === 'skipped').length} not applicable`},
		],
	};
	let html: string | undefined;
	let {outcome} = report;
	const errors = [...report.errors];
	try {
		html = renderHtmlReport(model);
	} catch (error) {
		errors.push(errorRecord(new HarnessError('INTERNAL', `report.html could not be rendered: ${error instanceof Error ? error.message : String(error)}`, {hint: 'result.json and each suite run\'s own report are complete'})));
		outcome = outcome === 'interrupted' ? outcome : 'error';
	}

	const result = {
		rdmalabResult: 1,
		kind: 'certify',
		title: report.title,
		profile: report.profile,
		suite: 'certify',
		rig: report.rig,
		outcome,
		exitCode: exitCodes[outcome],
		startedAt: report.startedAt,
		durationS: report.durationS,
		interrupted: report.interrupted,
		validation: report.validation,
		parts: parts.map(({part, folder, outcome: partResult}) => ({
			suite: part.suite.name, label: part.label, outcome: partResult, verdicts: part.verdicts,
			runs: part.runs.map(run => ({folder: relative(path.dirname(run.json)), outcome: run.outcome})),
			shown: folder,
		})),
		verdicts: model.verdicts,
		errors,
		warnings: model.warnings,
	};
	await recorder.write('result.json', `${JSON.stringify(result, jsonReplacer, 2)}\n`);
	if (html !== undefined) {
		await recorder.write('report.html', html);
	}

	return {outcome, json: recorder.path('result.json'), ...(html === undefined ? {} : {html: recorder.path('report.html')})};
};
