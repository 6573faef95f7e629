// What every row of a failure matrix asserts, and how it runs: the real CLI against a standalone `rdmalab sim`
// (real SSH servers on 127.0.0.1), through the rig file it writes, as a physical rig would be driven.
import {readdirSync, readFileSync} from 'node:fs';
import {join} from 'node:path';
import type {ExecutionContext} from 'ava';
import {execa} from 'execa';
import {loadRig} from '../../harness/rig/load.js';
import {NxosDriver} from '../../harness/targets/switches/nxos.js';
import {connectDevice} from '../../harness/transport/connect.js';
import {bin, quickFailover, stateDirFor} from './cli.js';
import {repoRoot} from './paths.js';
import type {LoggedCommand, startSim} from './sim-process.js';
import {resultIn} from './result.js';

export type Sim = Awaited<ReturnType<typeof startSim>>;

export interface RunOptions {
	/** More arguments for `rdmalab run`. */
	extra?: string[];
	/** Arguments for node itself, before the CLI (e.g. --import of a test preload). */
	node?: string[];
	env?: Record<string, string>;
}

export const startRun = (sim: Sim, options: RunOptions = {}) => {
	const out = join(sim.folder, 'run');
	// Each run its own state directory (journal, rig lock): the rows run concurrently on rigs of one name.
	const stateDir = stateDirFor();
	const child = execa('node', [...options.node ?? [], bin, 'run', 'multichannel-failover', '--rig', sim.rigFile, ...quickFailover, '--out', out, ...options.extra ?? []], {cwd: repoRoot, reject: false, all: true, env: {RDMALAB_STATE_DIR: stateDir, ...options.env}});
	return {child, out, stateDir};
};

export const finish = async (run: {child: ReturnType<typeof startRun>['child']; out: string; stateDir?: string}) => {
	const result = await run.child;
	const json = await resultIn(run.out);
	return {...result, out: run.out, stateDir: run.stateDir, json};
};

export const runWith = async (sim: Sim, options?: RunOptions) => finish(startRun(sim, options));

/** Exit 2, an ERROR outcome and never a PASS, in the exit code, on stdout and in result.json. */
export const assertInfrastructureError = (t: ExecutionContext, result: Awaited<ReturnType<typeof finish>>) => {
	t.is(result.exitCode, 2, result.all);
	t.regex(result.stdout, /^ERROR: the run could not measure$/m);
	t.notRegex(result.stdout, /^PASS$/m);
	t.is(result.json?.outcome, 'error');
	t.is(result.json?.exitCode, 2);
};

/** The rig's state after the run: the pulled port is administratively up and its link is up. */
export const assertPortUp = async (t: ExecutionContext, sim: Sim) => {
	const rig = await loadRig(sim.rigFile);
	const transport = await connectDevice(rig, rig.switches.find(device => device.name === 'tor-a')!);
	try {
		const status = await new NxosDriver('tor-a', transport).portStatus('Ethernet1/1');
		t.is(status.admin, 'up');
		t.is(status.oper, 'up');
	} finally {
		await transport.close();
	}
};

// What changes a switch, whatever its vendor: entering configuration, shutting or un-shutting, NVUE's link state.
const changesSwitch = /\bconfig(ure)?\b|shutdown|link state/i;

/** Nothing was changed on the rig: no switch received a command that changes it (reads, such as counter polls, are harmless). */
export const assertNoSwitchCommand = (t: ExecutionContext, commands: LoggedCommand[]) => {
	t.deepEqual(commands.filter(command => command.device.startsWith('tor-') && changesSwitch.test(command.command)).map(command => command.command), []);
};

export const sampleRows = (text: string) => text.split(/\r?\n/).filter(line => /^"\d/.test(line)).length;

/** Every row typeperf printed (the raw file is written as it streams in) is also on the run's timeline. */
export const assertSamplesKept = (t: ExecutionContext, out: string): Record<string, number> => {
	const kept: Record<string, number> = {};
	const folder = join(out, 'counters');
	for (const file of readdirSync(folder).filter(name => name.endsWith('.typeperf.csv'))) {
		const node = file.replace('.typeperf.csv', '');
		const raw = sampleRows(readFileSync(join(folder, file), 'utf8'));
		const normalized = readFileSync(join(folder, `${node}.csv`), 'utf8').split('\n').filter(line => line !== '').length - 1;
		t.is(normalized, raw, `${node}: every raw typeperf row is in counters/${node}.csv`);
		kept[node] = raw;
	}

	return kept;
};

export const events = (out: string) => readFileSync(join(out, 'events.jsonl'), 'utf8').split('\n').filter(line => line !== '').map(line => JSON.parse(line) as {type: string; [key: string]: unknown});

/** Nothing a person reads is a stack trace: no `    at fn (file:line:col)` lines, no `Error:` dumps of Node. */
export const assertNoStackTrace = (t: ExecutionContext, output: string) => {
	t.notRegex(output, /^\s+at .+(\(|\s)(file:|node:|\/).*:\d+:\d+\)?$/m, 'a stack trace reached the user');
	t.notRegex(output, /Unhandled|UnhandledPromiseRejection|uncaughtException/i);
};

/** The rig lock is gone from the run's state directory once it ended, whatever ended it. */
export const assertLockReleased = (t: ExecutionContext, stateDir: string | undefined) => {
	if (stateDir === undefined) {
		t.fail('the run\'s state directory is not known');
		return;
	}

	t.deepEqual(readdirSync(stateDir).filter(name => name.endsWith('.lock')), [], `lock left in ${stateDir}`);
};
