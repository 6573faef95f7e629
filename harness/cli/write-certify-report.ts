// A certification's combined result: one result.json, junit.xml and report.html over the design checks and every
// suite run (the worst repetition's charts and records), each run keeping its own folder and report beneath.
import path from 'node:path';
import type {ErrorRecord} from '../errors.js';
import type {RunRecorder} from '../run/recorder.js';
import type {CertifyProfile, Suite} from '../suite.js';
import {outcomeOf, type RunOutcome, type Verdict} from '../verdicts/verdict.js';
import type {SuiteRun} from './suite-run.js';
import {writeResult, type SuiteReport, type WrittenResult} from './write-report.js';

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
	/** ISO 8601 UTC: when certification began (the design checks). */
	startedAt: string;
	validation: Verdict[];
	parts: CertifyPart[];
	/** Errors of the certification itself: validate could not read the rig, a fault left in place, a suite not run. */
	errors: ErrorRecord[];
	/** Stopped (signal) before every suite ran. */
	interrupted: boolean;
	manifest?: Record<string, unknown>;
}

/** A part's name in the result, JUnit and history: the suite and its variant (one suite runs several in `full`). */
export const partName = (part: Pick<CertifyPart, 'suite' | 'label'>) => `${part.suite.name}/${part.label}`;

export const partOutcome = (part: CertifyPart): RunOutcome => (part.runs.some(run => run.outcome === 'interrupted')
	? 'interrupted'
	: outcomeOf(part.verdicts, part.runs.reduce((sum, run) => sum + run.errors.length, 0), false));

const rank: Record<RunOutcome, number> = {passed: 0, error: 1, failed: 2, interrupted: 3};
const checkWords = {pass: 'PASS', fail: 'FAIL', error: 'ERROR', skipped: 'not applicable'} as const;

/**
 * The certification's own part: the design checks (the failing ones are its verdicts, every one is in its table) and
 * whatever went wrong between the suites.
 */
const certifyPart = (report: CertifyReport): SuiteReport => {
	const failing = report.validation.filter(check => check.status === 'fail' || check.status === 'error');
	const outcome: RunOutcome = report.interrupted
		? 'interrupted'
		: (failing.some(check => check.status === 'fail') ? 'failed' : (failing.length > 0 || report.errors.length > 0 ? 'error' : 'passed'));
	return {
		suite: 'certify',
		title: 'Design checks (rdmalab validate) and certification',
		outcome,
		verdicts: failing,
		sections: [{
			kind: 'table', title: 'Every design check', columns: ['Status', 'Rule', 'Target', 'Finding'],
			rows: report.validation.map(check => [checkWords[check.status], check.id, check.target ?? '', check.summary]),
			caption: 'Every rule the rig was checked against before any suite ran. A failing one stops certification; only those are verdicts.',
		}],
		data: {
			suite: 'certify', rig: report.rig, startedAt: report.startedAt, originEpochMs: Date.parse(report.startedAt), durationS: 0,
			nodes: {}, captures: [], workloads: [], faults: [], errors: report.errors, warnings: [], interrupted: report.interrupted,
		},
		params: {profile: report.profile},
		folder: '',
	};
};

export const writeCertifyReport = async (recorder: RunRecorder, report: CertifyReport): Promise<WrittenResult> => {
	const relative = (file: string) => path.relative(recorder.folder, file).split(path.sep).join('/');
	const parts = report.parts.map((part): SuiteReport => {
		// The charts and records of the worst repetition: the one a reader must see.
		const shown = part.runs.reduce((worst, run) => (rank[run.outcome] > rank[worst.outcome] ? run : worst));
		return {
			suite: partName(part),
			title: `${part.suite.title} (${part.label})${part.runs.length > 1 ? `, worst of ${part.runs.length} repetitions` : ''}`,
			outcome: partOutcome(part),
			verdicts: part.verdicts,
			sections: shown.sections,
			data: shown.record.data,
			params: shown.record.params,
			folder: relative(path.dirname(shown.json)),
		};
	});
	return writeResult(recorder, {title: report.title, rig: report.rig, suites: [certifyPart(report), ...parts], ...(report.manifest === undefined ? {} : {manifest: report.manifest})});
};
