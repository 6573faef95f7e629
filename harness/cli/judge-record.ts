// Judging a run record and printing the outcome: the same for a run that just ended and for `rdmalab rejudge` of a
// stored one. A run that stopped early or was interrupted is not judged: partial data must not pass or fail the
// hardware. A suite that throws while judging or drawing is a defect, reported as an infrastructure error.
import {errorRecord, toHarnessError, type ErrorRecord} from '../errors.js';
import {manifestSections} from '../manifest/report.js';
import type {RunRecord} from '../record/record.js';
import type {ReportSection} from '../../reports/model.js';
import type {Suite} from '../suite.js';
import {exitCodes, type RunOutcome, type Verdict} from '../verdicts/verdict.js';
import type {Runtime} from './runtime.js';

export interface Judged {
	verdicts: Verdict[];
	sections: ReportSection[];
	/** Errors of the suite itself (it threw), beside the record's own. */
	errors: ErrorRecord[];
	warnings: string[];
}

export const judgeRecord = <P>(suite: Suite<P>, record: RunRecord, params: P): Judged => {
	const judged: Judged = {verdicts: [], sections: [], errors: [], warnings: []};
	if (!record.data.interrupted && record.data.stoppedEarly === undefined) {
		try {
			judged.verdicts = suite.judge(record, params);
		} catch (error) {
			judged.errors.push(errorRecord(toHarnessError(error, 'INTERNAL')));
		}
	}

	try {
		judged.sections = suite.report(record, judged.verdicts, params);
	} catch (error) {
		judged.warnings.push(`report sections could not be built: ${error instanceof Error ? error.message : String(error)}`);
	}

	// Every run's report shows what it ran on, after the suite's own sections.
	judged.sections.push(...manifestSections(record.data.manifest));
	return judged;
};

const statusWord = {pass: 'PASS', fail: 'FAIL', error: 'ERROR', skipped: 'SKIP'} as const;
const outcomeWord = {passed: 'PASS', failed: 'FAIL', error: 'ERROR: the run could not measure', interrupted: 'INTERRUPTED'} as const;

export const printVerdicts = (runtime: Runtime, verdicts: readonly Verdict[]): void => {
	const width = Math.max(...verdicts.map(verdict => verdict.title.length));
	for (const verdict of verdicts) {
		const threshold = verdict.threshold === '' ? '' : ` (${verdict.threshold})`;
		runtime.stdout(`  ${statusWord[verdict.status].padEnd(5)} ${verdict.title.padEnd(width)}  ${verdict.measured}${threshold}\n`);
		if (verdict.status !== 'pass') {
			runtime.stdout(`        ${verdict.summary}\n`);
		}
	}
};

/** The end of `run` and `rejudge` alike: the verdicts, the errors, the outcome and where the report is; the exit code. */
export const printOutcome = (runtime: Runtime, heading: string, verdicts: readonly Verdict[], report: {outcome: RunOutcome; errors: readonly ErrorRecord[]; html?: string; json: string; junit: string}): number => {
	runtime.stdout(`${heading}\n`);
	printVerdicts(runtime, verdicts);
	printErrors(runtime, report.errors);
	runtime.stdout(`\n${outcomeWord[report.outcome]}\n${report.html === undefined ? `result: ${report.json}` : `report: ${report.html}`}\njunit: ${report.junit}\n`);
	return exitCodes[report.outcome];
};

/** A UTC time for folder names: `20261201-110500`. */
export const folderStamp = (epochMs: number): string => new Date(epochMs).toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);

export const printErrors = (runtime: Runtime, errors: readonly ErrorRecord[]): void => {
	for (const error of errors) {
		runtime.stdout(`  error: ${error.target ? `${error.target}: ` : ''}${error.message}${error.hint ? `\n         hint: ${error.hint}` : ''}\n`);
	}
};
