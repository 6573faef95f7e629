// What a run, a certification or a nightly leaves in the history: one history run per suite run (each repetition
// its own), one for a certification's design checks, each with its manifest (the devices' and the rig file's).
import {randomBytes} from 'node:crypto';
import {hostname} from 'node:os';
import path from 'node:path';
import {formatError} from '../errors.js';
import {paramsHash, type HistoryRun, type HistoryStore, type RunKind} from '../history/history.js';
import {openHistory} from '../history/open.js';
import {rigManifest} from '../manifest/manifest.js';
import {loadRig} from '../rig/load.js';
import type {Rig} from '../rig/schema.js';
import type {RunOutcome, Verdict} from '../verdicts/verdict.js';
import type {Certification} from './certify-command.js';
import type {Runtime} from './runtime.js';
import type {SuiteRun} from './suite-run.js';

export interface HistoryContext {
	kind: RunKind;
	/** The rig file as written (the simulated rig's resolved endpoints are not configuration). */
	declared: Rig;
	/** The certification or nightly the runs belong to. */
	certification?: string;
}

/** A run's id in the history: its folder's name, unique with a random suffix, as the fault journal names runs. */
export const historyId = (folder: string): string => `${path.basename(folder)}.${randomBytes(3).toString('hex')}`;

export const historyRunOf = (run: SuiteRun, context: HistoryContext, variant?: string): HistoryRun => {
	const {record} = run;
	return {
		// Within a certification its folder is unique already: `<certification>/<run folder>`.
		id: context.certification === undefined ? historyId(path.dirname(run.json)) : `${context.certification}/${path.basename(path.dirname(run.json))}`,
		startedAt: record.data.startedAt,
		rig: record.rig.name,
		suite: record.suite,
		variant: variant ?? null,
		paramsHash: paramsHash(record.params),
		params: record.params,
		kind: context.kind,
		certification: context.certification ?? null,
		outcome: run.outcome,
		regression: null,
		folder: path.dirname(run.json),
		host: hostname(),
		manifest: record.data.manifest === undefined ? null : rigManifest(record.data.manifest, context.declared),
		verdicts: run.verdicts.map(verdict => ({...verdict, source: 'suite' as const})),
	};
};

/** Design checks pass when none failed or could not be read; a rule that does not apply is no error here. */
const validationOutcome = (checks: readonly Verdict[]): RunOutcome => (checks.some(check => check.status === 'fail') ? 'failed' : checks.some(check => check.status === 'error') ? 'error' : 'passed');

export const historyRunsOfCertification = (certification: Certification, context: HistoryContext & {certification: string; startedAt: string}): HistoryRun[] => [
	...(certification.validation.length === 0 ? [] : [{
		id: `${context.certification}/validate`, startedAt: context.startedAt, rig: context.declared.name, suite: 'validate', variant: null, paramsHash: paramsHash({}), params: {},
		kind: context.kind, certification: context.certification, outcome: validationOutcome(certification.validation), regression: null, folder: certification.folder, host: hostname(),
		manifest: null, verdicts: certification.validation.map(check => ({...check, source: 'suite' as const})),
	}]),
	...certification.parts.flatMap(part => part.runs.map(run => historyRunOf(run, context, part.label))),
];

/** Records runs; with `store` given the caller owns it, otherwise the history named by the environment is opened and closed. */
export const recordRuns = async (runtime: Runtime, runs: readonly HistoryRun[], store?: HistoryStore): Promise<string> => {
	const history = store ?? await openHistory(runtime.env, runtime.cwd);
	try {
		for (const run of runs) {
			await history.record(run);
		}

		return history.location;
	} finally {
		if (store === undefined) {
			await history.close();
		}
	}
};

/**
 * For `run` and `certify`: the history is a record, not the verdict; a history that cannot be written is said
 * loudly and the exit code stays the run's.
 */
export const recordOrWarn = async (runtime: Runtime, rigFile: string, kind: RunKind, build: (context: HistoryContext) => HistoryRun[]): Promise<void> => {
	try {
		const declared = await loadRig(path.resolve(runtime.cwd, rigFile));
		const runs = build({kind, declared});
		const location = await recordRuns(runtime, runs);
		runtime.stderr(`history: ${runs.length} run(s) recorded in ${location}\n`);
	} catch (error) {
		runtime.stderr(`history: NOT recorded: ${formatError(error)}\n`);
	}
};
