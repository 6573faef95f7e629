// `rdmalab run <suite> --rig <file>`: plan, execute, judge, report. Prints progress to stderr and the verdicts and
// the report's location to stdout; the exit code says pass (0), fail (1), could not measure (2), interrupted (130).
import {randomBytes} from 'node:crypto';
import {existsSync, readdirSync} from 'node:fs';
import path from 'node:path';
import {errorRecord, HarnessError} from '../errors.js';
import {recordFile, serializeRecord} from '../record/files.js';
import type {RunRecord} from '../record/record.js';
import {RunRecorder} from '../run/recorder.js';
import {executePlan} from '../run/runner.js';
import type {RunData} from '../run/run-data.js';
import {assertInterlocks, planInterlocks} from '../safety/interlocks.js';
import type {Lease} from '../safety/lease.js';
import {stateDir} from '../safety/state-dir.js';
import {takeRig} from '../safety/take-rig.js';
import {outcomeOf} from '../verdicts/verdict.js';
import {folderStamp, judgeRecord, printOutcome} from './judge-record.js';
import {openRig} from './open-rig.js';
import {forcedExitCode, orderlyStop, type Runtime} from './runtime.js';
import {RunProgress} from './progress.js';
import {parseSettings} from './settings.js';
import {loadSuite, suiteParams} from './suite-loader.js';
import {writeRunReport} from './write-report.js';

export interface RunArguments {
	suite: string;
	rig: string;
	misconfigs: string[];
	settings: string[];
	out?: string;
	/** Restore the faults an earlier run left in the journal, then run. */
	restoreFirst?: boolean;
}

const runFolder = (runtime: Runtime, suite: string, out?: string) => {
	if (out !== undefined) {
		return path.resolve(runtime.cwd, out);
	}

	const base = path.resolve(runtime.cwd, 'runs', `${folderStamp(runtime.now())}-${suite}`);
	let folder = base;
	for (let index = 2; existsSync(folder); index++) {
		folder = `${base}-${index}`;
	}

	return folder;
};

/** A run folder named with --out must be new or empty: appending to another run's files would mix two runs. */
export const assertFreshFolder = (folder: string) => {
	let entries: string[];
	try {
		entries = readdirSync(folder);
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
			return;
		}

		throw new HarnessError('USAGE', `--out ${folder} cannot be used as a run folder: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, {hint: 'name a new or empty folder'});
	}

	if (entries.length > 0) {
		throw new HarnessError('USAGE', `--out ${folder} already holds ${entries.length} file(s) (${entries.slice(0, 3).join(', ')}${entries.length > 3 ? ', …' : ''})`, {
			hint: 'a run folder holds one run: name a new or empty folder, or leave --out out for runs/<time>-<suite>',
		});
	}
};

export const runCommand = async (args: RunArguments, runtime: Runtime): Promise<number> => {
	const {suite, file: suiteFile} = await loadSuite(args.suite, runtime.cwd);
	const params = suiteParams(suite, parseSettings(args.settings));
	const folder = runFolder(runtime, suite.name, args.out);
	assertFreshFolder(folder);
	// Subscribed before anything is touched: from here on a signal or a stray error stops the run in order.
	const stop = orderlyStop(runtime, cause => {
		runtime.stderr(`\nstopping (${cause}): restoring faults and keeping what was captured${cause.startsWith('SIG') ? ` (${cause} again after a second forces exit ${forcedExitCode})` : ''}\n`);
	});
	let lease: Lease | undefined;
	let opened: Awaited<ReturnType<typeof openRig>> | undefined;
	try {
		opened = await openRig(args.rig, {misconfigs: args.misconfigs});
		const rig = opened.rig;
		const plan = suite.plan(rig, params);
		assertInterlocks(planInterlocks(plan, rig), rig);
		const runId = `${path.basename(folder)}.${randomBytes(3).toString('hex')}`;
		const taken = await takeRig({
			rig, file: args.rig, stateDir: stateDir(runtime.env, runtime.cwd), runId, purpose: `run ${suite.name}`,
			pending: args.restoreFirst ? 'restore' : 'refuse', log: line => runtime.stderr(`${line}\n`),
		});
		lease = taken.lease;
		const recorder = new RunRecorder(folder, runtime.now);
		const progress = new RunProgress({rig, durationS: plan.durationS, columns: runtime.terminalColumns, write: runtime.stderr, now: runtime.now});
		progress.log(`rdmalab run ${suite.name} on ${rig.name}${opened.simulated ? ' (simulated rig)' : ''}`);
		progress.log(`run folder: ${recorder.folder}`);
		await recorder.write('plan.json', `${JSON.stringify({...plan, params}, null, 2)}\n`);
		recorder.event('run-start', {suite: suite.name, rig: rig.name, misconfigs: args.misconfigs, runId});
		let data: RunData;
		try {
			data = await executePlan({
				rig, plan, recorder, signal: stop.signal, journal: {journal: taken.journal, runId},
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
		const record: RunRecord = {suite: suite.name, ...(suiteFile === undefined ? {} : {suiteFile}), params, rig, plan, data};
		const judged = judgeRecord(suite, record, params);
		data.errors.push(...judged.errors);
		data.warnings.push(...judged.warnings);
		const writeReport = async () => {
			strays();
			await recorder.write(recordFile, serializeRecord(record));
			return writeRunReport(recorder, {
				title: `${suite.title} on ${rig.name}`, suite: suite.name, rig: rig.name, outcome: outcomeOf(judged.verdicts, data.errors.length, data.interrupted), verdicts: judged.verdicts, data, params, sections: judged.sections,
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

		return printOutcome(runtime, `\n${suite.title} on ${rig.name}`, judged.verdicts, report);
	} finally {
		stop.dispose();
		await lease?.release();
		await opened?.close();
	}
};
