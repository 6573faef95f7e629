// `rdmalab run <suite> --rig <file>`: plan, execute, judge, report. Prints progress to stderr and the verdicts and
// the report's location to stdout; the exit code says pass (0), fail (1), could not measure (2), interrupted (130).
import {randomBytes} from 'node:crypto';
import {existsSync, readdirSync} from 'node:fs';
import path from 'node:path';
import {HarnessError} from '../errors.js';
import type {Lease} from '../safety/lease.js';
import {stateDir} from '../safety/state-dir.js';
import {takeRig} from '../safety/take-rig.js';
import {historyRunOf, recordOrWarn} from './history-runs.js';
import {folderStamp, printOutcome} from './judge-record.js';
import {openRig} from './open-rig.js';
import {forcedExitCode, orderlyStop, type Runtime} from './runtime.js';
import {parseSettings} from './settings.js';
import {loadSuite, suiteParams} from './suite-loader.js';
import {planSuiteRun, runSuite} from './suite-run.js';

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
		planSuiteRun({suite, params, rig});
		const runId = `${path.basename(folder)}.${randomBytes(3).toString('hex')}`;
		const taken = await takeRig({
			rig, file: args.rig, stateDir: stateDir(runtime.env, runtime.cwd), runId, purpose: `run ${suite.name}`,
			pending: args.restoreFirst ? 'restore' : 'refuse', log: line => runtime.stderr(`${line}\n`),
		});
		lease = taken.lease;
		const run = await runSuite({
			suite, ...(suiteFile === undefined ? {} : {suiteFile}), params, rig, folder, journal: {journal: taken.journal, runId}, stop, runtime, misconfigs: args.misconfigs,
			banner: `rdmalab run ${suite.name} on ${rig.name}${opened.simulated ? ' (simulated rig)' : ''}`,
		});
		await recordOrWarn(runtime, args.rig, 'run', context => [historyRunOf(run, context)]);
		return printOutcome(runtime, `\n${suite.title} on ${rig.name}`, run.verdicts, run);
	} finally {
		stop.dispose();
		await lease?.release();
		await opened?.close();
	}
};
