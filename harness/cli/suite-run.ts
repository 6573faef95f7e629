// One suite run into one run folder, on a rig already opened and taken: plan, execute, judge, write the record and
// the report. `run` does it once; `certify` once per suite and variant, under one lease.
import {errorRecord, type ErrorRecord} from '../errors.js';
import {recordFile, serializeRecord} from '../record/files.js';
import type {RunRecord} from '../record/record.js';
import type {Rig} from '../rig/schema.js';
import {RunRecorder} from '../run/recorder.js';
import {executePlan} from '../run/runner.js';
import type {RunData} from '../run/run-data.js';
import {assertInterlocks, planInterlocks} from '../safety/interlocks.js';
import type {FaultJournal} from '../safety/journal.js';
import type {Suite} from '../suite.js';
import {outcomeOf, type RunOutcome, type Verdict} from '../verdicts/verdict.js';
import type {ReportSection} from '../../reports/model.js';
import {judgeRecord} from './judge-record.js';
import {RunProgress} from './progress.js';
import type {OrderlyStop, Runtime} from './runtime.js';
import {writeRunReport} from './write-report.js';

export interface SuiteRunOptions {
	suite: Suite<unknown>;
	/** The suite module's file, for a suite from outside rdmalab's own. */
	suiteFile?: string;
	params: unknown;
	rig: Rig;
	folder: string;
	journal: {journal: FaultJournal; runId: string};
	stop: OrderlyStop;
	runtime: Runtime;
	/** For the run's event log: what the simulated rig was started with. */
	misconfigs: readonly string[];
	/** Shown in the report's title after the suite's. */
	variant?: string;
	/** Logged before the run starts, above the progress. */
	banner?: string;
}

export interface SuiteRun {
	record: RunRecord;
	verdicts: Verdict[];
	sections: ReportSection[];
	outcome: RunOutcome;
	errors: ErrorRecord[];
	json: string;
	junit: string;
	html?: string;
}

/** Plans before anything is touched: a plan the interlocks refuse throws here, with nothing done. */
export const planSuiteRun = (options: Pick<SuiteRunOptions, 'suite' | 'params' | 'rig'>) => {
	const plan = options.suite.plan(options.rig, options.params);
	assertInterlocks(planInterlocks(plan, options.rig), options.rig);
	return plan;
};

export const runSuite = async (options: SuiteRunOptions): Promise<SuiteRun> => {
	const {suite, params, rig, stop, runtime} = options;
	const plan = planSuiteRun(options);
	const recorder = new RunRecorder(options.folder, runtime.now);
	const progress = new RunProgress({rig, durationS: plan.durationS, columns: runtime.terminalColumns, write: runtime.stderr, now: runtime.now});
	if (options.banner !== undefined) {
		progress.log(options.banner);
	}

	progress.log(`run folder: ${recorder.folder}`);
	await recorder.write('plan.json', `${JSON.stringify({...plan, params}, null, 2)}\n`);
	recorder.event('run-start', {suite: suite.name, rig: rig.name, misconfigs: options.misconfigs, runId: options.journal.runId});
	let data: RunData;
	try {
		data = await executePlan({
			rig, plan, recorder, signal: stop.signal, journal: options.journal,
			log: line => progress.log(line), onPhase: (phase, live) => progress.phase(phase, live),
		});
	} finally {
		progress.stop();
		await recorder.close();
	}

	// Errors nothing caught during the run stopped it (the runner saw the abort); they are its errors.
	const strays = () => {
		for (const stray of stop.strays.splice(0)) {
			data.errors.push(errorRecord(stray));
			data.stoppedEarly ??= `internal error: ${stray.message}`;
		}
	};

	strays();
	const record: RunRecord = {suite: suite.name, ...(options.suiteFile === undefined ? {} : {suiteFile: options.suiteFile}), params, rig, plan, data};
	const judged = judgeRecord(suite, record, params);
	data.errors.push(...judged.errors);
	data.warnings.push(...judged.warnings);
	const writeReport = async () => {
		strays();
		await recorder.write(recordFile, serializeRecord(record));
		return writeRunReport(recorder, {
			title: `${suite.title}${options.variant === undefined ? '' : ` (${options.variant})`} on ${rig.name}`, suite: suite.name, rig: rig.name,
			outcome: outcomeOf(judged.verdicts, data.errors.length, data.interrupted), verdicts: judged.verdicts, data, params, sections: judged.sections,
			...(data.manifest === undefined ? {} : {manifest: data.manifest as unknown as Record<string, unknown>}),
		});
	};

	let report = await writeReport();
	// An error that escaped while the report was written (it surfaces a tick later) makes the report wrong.
	await new Promise(resolve => {
		setImmediate(resolve);
	});
	if (stop.strays.length > 0) {
		report = await writeReport();
	}

	return {record, verdicts: judged.verdicts, sections: judged.sections, ...report};
};
