// `rdmalab run certify --rig FILE [--profile quick|full]`: validate first (hardware is not certified on a rig whose
// design checks fail), then every suite that says how it is certified, in the registry's order, each variant of the
// profile in its own run folder under the certification's (so each can be judged again on its own), repeated in
// the full profile with the verdict on the worst repetition. One combined report and one result.json on top.
import {randomBytes} from 'node:crypto';
import path from 'node:path';
import {suites} from '../../suites/index.js';
import {errorRecord, HarnessError, toHarnessError, type ErrorRecord} from '../errors.js';
import type {Rig} from '../rig/schema.js';
import {RunRecorder} from '../run/recorder.js';
import {FaultJournal} from '../safety/journal.js';
import type {Lease} from '../safety/lease.js';
import {stateDir} from '../safety/state-dir.js';
import {takeRig} from '../safety/take-rig.js';
import type {CertifyProfile, Suite} from '../suite.js';
import {formatTable} from '../validate/report.js';
import {validateRig} from '../validate/validate.js';
import {exitCodes, type RunOutcome, type Verdict} from '../verdicts/verdict.js';
import {worstOf} from '../verdicts/worst-of.js';
import {historyId, historyRunsOfCertification, recordOrWarn} from './history-runs.js';
import {folderStamp, printOutcome} from './judge-record.js';
import {openRig} from './open-rig.js';
import {assertFreshFolder} from './run-command.js';
import {forcedExitCode, orderlyStop, type Runtime} from './runtime.js';
import {suiteParams} from './suite-loader.js';
import {planSuiteRun, runSuite, type SuiteRun} from './suite-run.js';
import {writeCertifyReport, type CertifyPart} from './write-certify-report.js';

export interface CertifyArguments {
	rig: string;
	profile: CertifyProfile;
	misconfigs: string[];
	/** Only these suites (in the registry's order); all that can be certified by default. */
	suites?: string[];
	/** Parameters over every variant's own (`rdmalab nightly --set`): the same keys must exist in every suite run. */
	settings?: Record<string, unknown>;
	out?: string;
	restoreFirst?: boolean;
}

/** Repetitions of each variant: sign-off judges the worst of three. */
export const repetitionsOf = {quick: 1, full: 3} as const satisfies Record<CertifyProfile, number>;

export interface CertifyStep {
	suite: Suite<unknown>;
	label: string;
	params: unknown;
}

export interface Certification {
	folder: string;
	/** ISO 8601 UTC, when validation began. */
	startedAt: string;
	outcome: RunOutcome;
	exitCode: number;
	validation: Verdict[];
	parts: CertifyPart[];
	verdicts: Verdict[];
	errors: ErrorRecord[];
	json: string;
	junit: string;
	html?: string;
}

/** Every suite and variant the profile runs, with parameters checked: a bad one is refused before anything is touched. */
export const certificationSteps = (rig: Rig, profile: CertifyProfile, only?: readonly string[], settings: Record<string, unknown> = {}): CertifyStep[] => {
	const certifiable = Object.values(suites).filter(suite => suite.certify !== undefined);
	const unknown = (only ?? []).filter(name => !certifiable.some(suite => suite.name === name));
	if (unknown.length > 0) {
		throw new HarnessError('USAGE', `not a suite certify runs: ${unknown.join(', ')}`, {hint: `one of: ${certifiable.map(suite => suite.name).join(', ')}`});
	}

	return certifiable
		.filter(suite => only === undefined || only.includes(suite.name))
		.flatMap(suite => suite.certify!(rig, profile).map(variant => {
			const params = suiteParams(suite, settings, variant.settings);
			planSuiteRun({suite, params, rig});
			return {suite, label: variant.label, params};
		}));
};

const certifyFolder = (runtime: Runtime, out?: string) => path.resolve(runtime.cwd, out ?? path.join('runs', `${folderStamp(runtime.now())}-certify`));

export const certify = async (args: CertifyArguments, runtime: Runtime): Promise<Certification> => {
	const folder = certifyFolder(runtime, args.out);
	assertFreshFolder(folder);
	const stop = orderlyStop(runtime, cause => {
		runtime.stderr(`\nstopping certification (${cause}): restoring faults and keeping what was captured${cause.startsWith('SIG') ? ` (${cause} again after a second forces exit ${forcedExitCode})` : ''}\n`);
	});
	let lease: Lease | undefined;
	let opened: Awaited<ReturnType<typeof openRig>> | undefined;
	try {
		opened = await openRig(args.rig, {misconfigs: args.misconfigs});
		const rig = opened.rig;
		const steps = certificationSteps(rig, args.profile, args.suites, args.settings);
		const runId = `${path.basename(folder)}.${randomBytes(3).toString('hex')}`;
		const dir = stateDir(runtime.env, runtime.cwd);
		const taken = await takeRig({
			rig, file: args.rig, stateDir: dir, runId, purpose: 'certify', pending: args.restoreFirst ? 'restore' : 'refuse', log: line => runtime.stderr(`${line}\n`),
		});
		lease = taken.lease;
		const recorder = new RunRecorder(folder, runtime.now);
		const startedAt = new Date(runtime.now()).toISOString();
		const repetitions = repetitionsOf[args.profile];
		runtime.stderr(`rdmalab certify (${args.profile}) on ${rig.name}${opened.simulated ? ' (simulated rig)' : ''}: validate, then ${steps.length} suite run(s)${repetitions > 1 ? ` × ${repetitions}` : ''}\ncertification folder: ${folder}\n`);

		const errors: ErrorRecord[] = [];
		let validation: Verdict[] = [];
		try {
			validation = await validateRig(rig, {signal: stop.signal});
			await recorder.write('validate.txt', formatTable(validation));
		} catch (error) {
			errors.push(errorRecord(stop.strays[0] ?? toHarnessError(error, 'INTERNAL')));
		}

		const designFailed = validation.some(check => check.status === 'fail' || check.status === 'error');
		const parts: CertifyPart[] = [];
		if (designFailed || errors.length > 0) {
			runtime.stderr(`validate found ${validation.filter(check => check.status === 'fail').length} failing and ${validation.filter(check => check.status === 'error').length} unreadable design check(s): certification stops before any suite runs\n`);
		} else {
			for (const [index, step] of steps.entries()) {
				const runs: SuiteRun[] = [];
				for (let repetition = 1; repetition <= repetitions && !stop.signal.aborted; repetition++) {
					const name = `${String(index + 1).padStart(2, '0')}-${step.suite.name}-${step.label}${repetitions > 1 ? `-r${repetition}` : ''}`;
					runtime.stderr(`\n[${index + 1}/${steps.length}${repetitions > 1 ? ` repetition ${repetition}/${repetitions}` : ''}] ${step.suite.title} (${step.label})\n`);
					const journal = {journal: taken.journal, runId};
					runs.push(await runSuite({suite: step.suite, params: step.params, rig, folder: path.join(folder, name), journal, stop, runtime, misconfigs: args.misconfigs, variant: step.label}));
				}

				parts.push({suite: step.suite, label: step.label, runs, verdicts: worstOf(runs.map(run => run.verdicts))});
				// A fault that could not be put back leaves the rig unfit for the next suite's measurements.
				const left = await new FaultJournal(dir, rig.name).pending();
				if (stop.signal.aborted || left.length > 0) {
					if (left.length > 0) {
						errors.push(errorRecord(new HarnessError('FAULT_UNRESTORED', `${left.length} fault(s) are still in place after ${step.suite.name} (${step.label}): certification stops`, {target: rig.name, hint: `rdmalab restore --rig ${args.rig}`})));
					}

					break;
				}
			}
		}

		await recorder.close();
		const interrupted = stop.signal.aborted && stop.strays.length === 0;
		for (const stray of stop.strays.splice(0)) {
			errors.push(errorRecord(stray));
		}

		// Suites a stop or an unrestored fault kept from running: certification is incomplete.
		const notRun = designFailed ? [] : steps.slice(parts.length);
		if (notRun.length > 0 && !interrupted) {
			errors.push(errorRecord(new HarnessError('INCOMPLETE', `${notRun.length} suite run(s) did not run: ${notRun.map(step => `${step.suite.name} (${step.label})`).join(', ')}`, {target: rig.name})));
		}

		const written = await writeCertifyReport(recorder, {
			title: `Certification (${args.profile}) of ${rig.name}`, profile: args.profile, rig: rig.name, startedAt, validation, parts, errors, interrupted,
		});
		// What a person reads: the failing design checks, then each part's verdicts titled with its suite and variant.
		const verdicts = [
			...validation.filter(check => check.status === 'fail' || check.status === 'error'),
			...parts.flatMap(part => part.verdicts.map(verdict => ({...verdict, title: `${part.suite.name} (${part.label}): ${verdict.title}`}))),
		];
		const runErrors = parts.flatMap(part => part.runs.flatMap(run => run.errors));
		return {
			folder, startedAt, outcome: written.outcome, exitCode: exitCodes[written.outcome], validation, parts, verdicts, errors: [...errors, ...runErrors],
			json: written.json, junit: written.junit, ...(written.html === undefined ? {} : {html: written.html}),
		};
	} finally {
		stop.dispose();
		await lease?.release();
		await opened?.close();
	}
};

export const certifyCommand = async (args: CertifyArguments, runtime: Runtime): Promise<number> => {
	const result = await certify(args, runtime);
	await recordOrWarn(runtime, args.rig, 'certify', context => historyRunsOfCertification(result, {...context, certification: historyId(result.folder), startedAt: result.startedAt}));
	return printOutcome(runtime, `\nCertification (${args.profile})`, result.verdicts, result);
};
