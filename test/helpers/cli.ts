// Runs the real rdmalab CLI as a child process, as users and CI do.
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import type {ExecutionContext} from 'ava';
import {execa, type ResultPromise} from 'execa';
import {repoRoot} from './paths.js';

export const bin = join(repoRoot, 'bin', 'rdmalab.js');
export const simRig = join(repoRoot, 'lab-configs', 'sim-rig.yaml');

// Every folder made here is removed when the test file's process ends: by then no test and no child uses it.
const made: string[] = [];
const madeTemp = (prefix: string): string => {
	const folder = mkdtempSync(join(tmpdir(), prefix));
	made.push(folder);
	return folder;
};

process.once('exit', () => {
	for (const folder of made) {
		try {
			rmSync(folder, {recursive: true, force: true});
		} catch {
			// A child killed on purpose may still be writing into it: a folder left in the OS's temp is harmless.
		}
	}
});

/** A fresh state directory (fault journal, rig lock): concurrent tests on the same simulated rig name must not share one. */
export const stateDirFor = (): string => madeTemp('rdmalab-state-');

// Children started with execa directly inherit this; each test file gets its own, never the checkout's .rdmalab/.
process.env['RDMALAB_STATE_DIR'] ??= stateDirFor();
// A test that empties RDMALAB_STATE_DIR to exercise the per-user default sets HOME and XDG_STATE_HOME itself; should
// one forget, the default still lands in a temporary folder, never in the real home.
process.env['XDG_STATE_HOME'] ??= stateDirFor();

/** Runs the CLI; each call gets its own state directory unless one is given (to share a journal between calls). */
export const rdmalab = (args: string[], options: {cwd?: string; stateDir?: string} = {}): ResultPromise<{reject: false; cwd: string; all: true; env: Record<string, string>}> =>
	execa('node', [bin, ...args], {reject: false, cwd: options.cwd ?? repoRoot, all: true, env: {RDMALAB_STATE_DIR: options.stateDir ?? stateDirFor()}});

/**
 * A failover run short enough for tests: 2 s warm-up, 4 s baseline, 5 s down, 13 s after (the least the thresholds
 * below accept). The simulated rig's timings (1.5 s detection, 3.8 s until the channel is back) leave every threshold
 * a margin of seconds.
 */
export const quickFailover = [
	'--set', 'warmupS=2', '--set', 'preFaultS=4', '--set', 'holdS=5', '--set', 'postFaultS=13',
	'--set', 'thresholds.maxStallMs=3000', '--set', 'thresholds.restoreWithinS=8', '--set', 'thresholds.settleS=2',
];

/** The timeline of a quickFailover run, s: warm-up, baseline, hold and after. */
export const quickFailoverS = (): number => ['warmupS', 'preFaultS', 'holdS', 'postFaultS'].reduce((sum, name) => sum + quickSetting(name), 0);

/** The number quickFailover sets for a suite parameter: quickSetting('thresholds.maxStallMs') is 3000. */
export const quickSetting = (name: string): number => {
	const setting = quickFailover.find(argument => argument.startsWith(`${name}=`));
	if (setting === undefined) {
		throw new Error(`quickFailover does not set ${name}`);
	}

	return Number(setting.slice(name.length + 1));
};

export const tempDir = async (): Promise<string> => madeTemp('rdmalab-test-');

/** Resolves with the first line of a child's output that matches, or rejects when it exits first. */
export const waitForLine = async (stream: NodeJS.ReadableStream, pattern: RegExp): Promise<string> => new Promise((resolve, reject) => {
	let buffered = '';
	const onData = (chunk: Buffer | string) => {
		buffered += chunk.toString();
		const match = buffered.split('\n').find(line => pattern.test(line));
		if (match !== undefined) {
			stream.off('data', onData);
			resolve(match);
		}
	};

	stream.on('data', onData);
	stream.once('end', () => {
		reject(new Error(`stream ended without a line matching ${pattern}; got:\n${buffered}`));
	});
});

/**
 * `rdmalab sim` as its own process, as an operator runs it: a rig file for its endpoints and a log of every command
 * its devices receive. Stopped (Ctrl+C) when the test ends.
 */
export const startSimProcess = async (t: ExecutionContext, args: string[] = []) => {
	const folder = await tempDir();
	const rigFile = join(folder, 'rig.yaml');
	const log = join(folder, 'commands.jsonl');
	const sim = execa('node', [bin, 'sim', '--rig', simRig, '--write-rig', rigFile, '--log', log, ...args], {cwd: repoRoot, reject: false});
	t.teardown(async () => {
		sim.kill('SIGINT');
		await sim;
	});
	await waitForLine(sim.stdout, /^ready/);
	return {sim, rigFile, folder, log};
};
