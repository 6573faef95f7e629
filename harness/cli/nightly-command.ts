// `rdmalab nightly --rig FILE`: the unattended job. Certify (quick profile unless told), record every run in the
// history with its manifest, and judge each run's metrics against the last passing runs of the same rig, suite and
// parameters. Exit 0 (passed, nothing regressed), 1 (a verdict failed or a metric regressed: the hardware or its
// software), 2 (infrastructure: the rig could not be measured, or the history could not be read or written).
import {writeFile} from 'node:fs/promises';
import path from 'node:path';
import {formatError} from '../errors.js';
import type {HistoryRun, HistoryStore, RegressionState} from '../history/history.js';
import {openHistory} from '../history/open.js';
import {loadRig} from '../rig/load.js';
import type {CertifyProfile} from '../suite.js';
import {defaultRegressionRules, judgeRegressions, type RegressionRules} from '../verdicts/regression.js';
import type {Verdict} from '../verdicts/verdict.js';
import {readResult} from '../record/result-file.js';
import {certify, type Certification} from './certify-command.js';
import {historyId, historyRunsOfCertification, recordRuns} from './history-runs.js';
import {writeJunit} from './junit.js';
import {printErrors, printVerdicts} from './judge-record.js';
import type {Runtime} from './runtime.js';

export interface NightlyArguments {
	rig: string;
	profile: CertifyProfile;
	suites?: string[];
	/** Parameters over every certify variant's own. */
	settings?: Record<string, unknown>;
	misconfigs: string[];
	out?: string;
	restoreFirst?: boolean;
	rules?: Partial<RegressionRules>;
	/** Also write the JUnit XML here: the certification's verdicts and the regression verdicts. */
	junit?: string;
}

/** Only runs that measured are judged; a run that could not measure (or was stopped) has nothing to compare. */
const judgeable = (run: HistoryRun) => run.suite !== 'validate' && (run.outcome === 'passed' || run.outcome === 'failed');

const regressionState = (verdicts: readonly Verdict[]): RegressionState | null => (verdicts.length === 0
	? null
	: verdicts.some(verdict => verdict.status === 'fail') ? 'regressed' : verdicts.every(verdict => verdict.status === 'skipped') ? 'skipped' : 'clean');

/** Each run's regression verdicts, against the passing runs recorded before it; the runs come back judged. */
export const judgeAgainstHistory = async (store: HistoryStore, runs: readonly HistoryRun[], rules: RegressionRules): Promise<HistoryRun[]> => {
	const judged: HistoryRun[] = [];
	for (const run of runs) {
		if (!judgeable(run)) {
			judged.push(run);
			continue;
		}

		const baseline = await store.runs({rig: run.rig, suite: run.suite, paramsHash: run.paramsHash, outcome: 'passed', before: run.startedAt, limit: rules.baselineRuns});
		const verdicts = judgeRegressions({
			verdicts: run.verdicts.filter(verdict => verdict.source === 'suite'),
			manifest: run.manifest,
			baseline: baseline.map(past => ({id: past.id, startedAt: past.startedAt, manifest: past.manifest, verdicts: past.verdicts.filter(verdict => verdict.source === 'suite')})),
			subject: `${run.rig} / ${run.suite}${run.variant === null ? '' : ` (${run.variant})`} / parameters ${run.paramsHash.slice(0, 12)}`,
		}, rules);
		judged.push({...run, regression: regressionState(verdicts), verdicts: [...run.verdicts, ...verdicts.map(verdict => ({...verdict, source: 'regression' as const}))]});
	}

	return judged;
};

const nightlyExit = (certification: Certification, runs: readonly HistoryRun[], historyFailed: boolean): number => {
	if (certification.outcome === 'interrupted') {
		return 130;
	}

	if (certification.outcome === 'failed' || runs.some(run => run.regression === 'regressed')) {
		return 1;
	}

	return certification.outcome === 'error' || historyFailed ? 2 : 0;
};

/** The certification's result with each run's regression verdicts beside its own, under the same suite. */
const writeNightlyJunit = async (certification: Certification, runs: readonly HistoryRun[], file: string) => {
	const result = await readResult(certification.json);
	const regressions = runs.flatMap(run => run.verdicts.filter(verdict => verdict.source === 'regression').map(({source: _source, ...verdict}) => ({
		...verdict, suite: run.variant === null ? run.suite : `${run.suite}/${run.variant}`,
	})));
	await writeJunit({...result, verdicts: [...result.verdicts, ...regressions]}, file, path.dirname(certification.json));
};

const outcomeWord = {0: 'PASS', 1: 'FAIL', 2: 'ERROR: the nightly could not measure or record', 130: 'INTERRUPTED'} as const;

export const nightlyCommand = async (args: NightlyArguments, runtime: Runtime): Promise<number> => {
	const rules = {...defaultRegressionRules, ...args.rules};
	// Opened first: a nightly that could not record or judge what it measured is an infrastructure failure, and it
	// is better known before the rig is touched.
	const store = await openHistory(runtime.env, runtime.cwd);
	try {
		const declared = await loadRig(path.resolve(runtime.cwd, args.rig));
		runtime.stderr(`rdmalab nightly on ${declared.name}: certify (${args.profile}), then regression against the last ${rules.baselineRuns} passing runs in ${store.location}\n`);
		const certification = await certify({
			rig: args.rig, profile: args.profile, misconfigs: args.misconfigs, ...(args.suites === undefined ? {} : {suites: args.suites}),
			...(args.settings === undefined ? {} : {settings: args.settings}), ...(args.out === undefined ? {} : {out: args.out}), restoreFirst: args.restoreFirst ?? false,
		}, runtime);
		const measured = historyRunsOfCertification(certification, {kind: 'nightly', declared, certification: historyId(certification.folder), startedAt: certification.startedAt});
		let runs = measured;
		let historyError: string | undefined;
		try {
			runs = await judgeAgainstHistory(store, measured, rules);
			await recordRuns(runtime, runs, store);
		} catch (error) {
			historyError = formatError(error);
		}

		let code = nightlyExit(certification, runs, historyError !== undefined);
		const regressions = runs.flatMap(run => run.verdicts.filter(verdict => verdict.source === 'regression').map(verdict => ({...verdict, title: `${run.suite}${run.variant === null ? '' : ` (${run.variant})`}: ${verdict.title}`})));
		const summary = path.join(certification.folder, 'nightly.json');
		await writeFile(summary, `${JSON.stringify({
			rdmalabNightly: 1, rig: declared.name, profile: args.profile, certification: certification.folder, outcome: certification.outcome, exitCode: code,
			regressed: runs.some(run => run.regression === 'regressed'), history: store.location, rules, ...(historyError === undefined ? {} : {historyError}),
			runs: runs.map(run => ({id: run.id, suite: run.suite, variant: run.variant, outcome: run.outcome, regression: run.regression, folder: run.folder, regressions: run.verdicts.filter(verdict => verdict.source === 'regression')})),
		}, null, 2)}\n`).catch((error: unknown) => {
			// The job's summary for CI is part of its output: without it the nightly did not finish its work.
			runtime.stderr(`nightly.json could not be written: ${formatError(error)}\n`);
			code = code === 0 ? 2 : code;
		});

		if (args.junit !== undefined) {
			const junit = path.resolve(runtime.cwd, args.junit);
			await writeNightlyJunit(certification, runs, junit).catch((error: unknown) => {
				runtime.stderr(`${junit} could not be written: ${formatError(error)}\n`);
				code = code === 0 ? 2 : code;
			});
		}

		runtime.stdout(`\nNightly certification (${args.profile}) of ${declared.name}\n`);
		printVerdicts(runtime, certification.verdicts);
		printErrors(runtime, certification.errors);

		runtime.stdout(`\nRegression against the last ${rules.baselineRuns} passing runs (at least ${rules.minHistory} to judge)\n`);
		if (regressions.length > 0) {
			printVerdicts(runtime, regressions);
		} else {
			runtime.stdout('  no run measured a metric to compare\n');
		}

		if (historyError !== undefined) {
			runtime.stdout(`  error: history ${store.location}: ${historyError}\n`);
		}

		const regressed = runs.filter(run => run.regression === 'regressed').length;
		const outcome = code === 1 && certification.outcome !== 'failed' ? 'REGRESSED' : outcomeWord[code as keyof typeof outcomeWord];
		runtime.stdout(`\n${outcome}${regressed > 0 ? ` (${regressed} run(s) regressed)` : ''}\n${certification.html === undefined ? `result: ${certification.json}` : `report: ${certification.html}`}\nnightly: ${summary}\n${args.junit === undefined ? '' : `junit: ${path.resolve(runtime.cwd, args.junit)}\n`}history: ${store.location}\n`);
		return code;
	} finally {
		await store.close();
	}
};
