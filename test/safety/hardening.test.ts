// Ways a run could leave a port shut or turn an infrastructure problem into a verdict, each injected into a
// standalone simulated rig while the port is shut and driven by the real CLI. In every row: the port ends up, the
// exit code is 2 (or 130 / the forced-exit code for signals), result.json is written, the lock is released and no
// stack trace reaches the user.
import {existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import test from 'ava';
import {execa} from 'execa';
import {forcedExitCode} from '../../harness/cli/runtime.js';
import {clockStepSizeMs} from '../../harness/sim/misconfigs/counters.js';
import {bin, simRig, tempDir, waitForLine} from '../helpers/cli.js';
import {limited} from '../helpers/limit.js';
import {assertInfrastructureError, assertLockReleased, assertNoStackTrace, assertNoSwitchCommand, assertPortUp, events, finish, runWith, sampleRows, startRun} from '../helpers/matrix.js';
import {repoRoot} from '../helpers/paths.js';
import {startSim} from '../helpers/sim-process.js';

const injector = join(repoRoot, 'dist', 'test', 'helpers', 'inject-failure.js');

test('a counter row the parser cannot read (comma decimal) while the port is shut: PARSE error of that capture, port restored, exit 2', limited(async t => {
	const sim = await startSim(t, ['--misconfig', 'typeperf-comma-decimal']);
	const result = await runWith(sim);
	assertInfrastructureError(t, result);
	assertNoStackTrace(t, result.all);
	t.regex(result.stdout, /error: hv01: typeperf: PDH-CSV: line \d+, column \d+ \(.*\): expected a number, found "\d+,\d+" \(counters\/hv01\.typeperf\.csv keeps the raw output\)/);
	t.is(result.json?.errors[0]?.code, 'PARSE');
	t.true(events(result.out).some(event => event.type === 'fault-restored'));
	await assertPortUp(t, sim);
	assertLockReleased(t, result.stateDir);
	// Every row before the unreadable one is on the timeline; the raw file keeps that one too.
	const raw = sampleRows(readFileSync(join(result.out, 'counters', 'hv01.typeperf.csv'), 'utf8'));
	const normalized = readFileSync(join(result.out, 'counters', 'hv01.csv'), 'utf8').split('\n').filter(line => line !== '').length - 1;
	t.is(normalized, raw - 1);
}));

test('a `"` inside a counter instance name: PARSE error naming line 2 before anything is shut, no crash', limited(async t => {
	const sim = await startSim(t, ['--misconfig', 'typeperf-quote-in-instance']);
	const result = await runWith(sim);
	assertInfrastructureError(t, result);
	assertNoStackTrace(t, result.all);
	t.regex(result.stdout, /error: hv01: typeperf: PDH-CSV: line 2 is not valid CSV/);
	t.regex(result.stdout, /PDH does not escape it/);
	t.is(result.json?.errors.filter(error => error.message.includes('line 2 is not valid CSV')).length, 1, `one failure, reported once: ${JSON.stringify(result.json?.errors)}`);
	assertNoSwitchCommand(t, sim.commands());
	assertLockReleased(t, result.stateDir);
}));

test('a node clock that steps +20 s while the port is shut: every timed verdict is an error naming the node and the step', limited(async t => {
	const sim = await startSim(t, ['--misconfig', 'clock-step']);
	const result = await runWith(sim);
	assertInfrastructureError(t, result);
	const verdicts = Object.fromEntries(result.json!.verdicts.map(verdict => [verdict.id, verdict]));
	t.is(verdicts['io-errors']?.status, 'pass', 'diskspd\'s own error count needs no timeline');
	for (const id of ['longest-stall', 'fault-throughput', 'restored-rnic-carries-traffic', 'balanced-after-recovery']) {
		t.is(verdicts[id]?.status, 'error', id);
		t.regex(verdicts[id]?.summary ?? '', new RegExp(`hv01's clock moved \\+${clockStepSizeMs / 1000}\\.0 s during the run`), id);
	}

	t.notRegex(result.stdout, /^\s+FAIL /m);
	await assertPortUp(t, sim);
	assertLockReleased(t, result.stateDir);
}));

test('blank counter values (" ") after the shut are missing, not zero: the verdicts that need them are errors, none fails', limited(async t => {
	const sim = await startSim(t, ['--misconfig', 'blank-counter-values']);
	const result = await runWith(sim);
	assertInfrastructureError(t, result);
	const verdicts = Object.fromEntries(result.json!.verdicts.map(verdict => [verdict.id, verdict]));
	t.is(verdicts['restored-rnic-carries-traffic']?.status, 'error');
	t.regex(verdicts['restored-rnic-carries-traffic']?.summary ?? '', /has no value in \d+ of \d+ counter samples .*missing, not zero/);
	t.is(verdicts['balanced-after-recovery']?.status, 'error');
	t.regex(verdicts['balanced-after-recovery']?.summary ?? '', /no value in the balance window .*missing, not zero/);
	// diskspd saw nothing wrong: those verdicts are still judged.
	t.is(verdicts['longest-stall']?.status, 'pass');
	t.false(result.json!.verdicts.some(verdict => verdict.status === 'fail'));
	await assertPortUp(t, sim);
}));

test('SIGHUP (the operator\'s terminal drops) while the port is shut: an orderly stop, port restored, exit 130', limited(async t => {
	const sim = await startSim(t);
	const run = startRun(sim);
	await waitForLine(run.child.stderr!, /port shut: tor-a Ethernet1\/1/);
	// The terminal is gone: nobody reads the output any more either.
	run.child.kill('SIGHUP');
	const result = await finish(run);
	t.is(result.exitCode, 130, result.all);
	t.is(result.json?.outcome, 'interrupted');
	t.regex(result.stderr, /stopping \(SIGHUP\): restoring faults/);
	t.true(events(result.out).some(event => event.type === 'fault-restored'));
	await assertPortUp(t, sim);
	assertLockReleased(t, result.stateDir);
	assertNoStackTrace(t, result.all);
}));

test('SIGHUP with the output pipes already closed (EPIPE on every write): still an orderly stop', limited(async t => {
	const sim = await startSim(t);
	const run = startRun(sim);
	await waitForLine(run.child.stderr!, /port shut: tor-a Ethernet1\/1/);
	run.child.stdout!.destroy();
	run.child.stderr!.destroy();
	run.child.kill('SIGHUP');
	const result = await finish(run);
	t.is(result.exitCode, 130);
	t.is(result.json?.outcome, 'interrupted');
	await assertPortUp(t, sim);
	assertLockReleased(t, result.stateDir);
}));

test('a second SIGTERM more than a second after the first forces the exit with its own code; restore then puts the port back', limited(async t => {
	const sim = await startSim(t);
	// Holds the restore's `no shutdown` for 20 s, so the second signal finds the stop still under way.
	const run = startRun(sim, {node: ['--import', injector], env: {RDMALAB_INJECT: 'restore:slow'}});
	await waitForLine(run.child.stderr!, /port shut: tor-a Ethernet1\/1/);
	run.child.kill('SIGTERM');
	await waitForLine(run.child.stderr!, /teardown: no shutdown on tor-a Ethernet1\/1/);
	await new Promise(resolve => {
		setTimeout(resolve, 1500);
	});
	run.child.kill('SIGTERM');
	const result = await finish(run);
	t.is(result.exitCode, forcedExitCode, result.all);
	t.regex(result.stderr, new RegExp(`second SIGTERM: exiting now \\(exit ${forcedExitCode}\\); faults may still be in place: rdmalab restore --rig <file> puts them back`));
	const restore = await execa('node', [bin, 'restore', '--rig', sim.rigFile], {cwd: repoRoot, reject: false, all: true, env: {RDMALAB_STATE_DIR: result.stateDir}});
	t.is(restore.exitCode, 0, restore.all);
	await assertPortUp(t, sim);
}));

test('--out naming a folder that already holds files is refused before anything is touched', async t => {
	const out = join(await tempDir(), 'taken');
	mkdirSync(out);
	writeFileSync(join(out, 'events.jsonl'), '{"type":"run-start"}\n');
	const result = await execa('node', [bin, 'run', 'multichannel-failover', '--rig', simRig, '--out', out], {cwd: repoRoot, reject: false, all: true});
	t.is(result.exitCode, 2);
	t.regex(result.stderr, /--out .*taken already holds 1 file\(s\) \(events\.jsonl\)/);
	t.regex(result.stderr, /hint: a run folder holds one run/);
	t.deepEqual(readdirSync(out), ['events.jsonl']);
	// An empty folder is fine (the next test of it would be a full run; the check alone is enough here).
});

test('a simulator killed with -9 leaves its key folder; the next simulator removes it', limited(async t => {
	const temporary = await tempDir();
	const env = {TMPDIR: temporary};
	const keyFolders = () => readdirSync(temporary).filter(name => name.startsWith('rdmalab-sim-'));
	const first = execa('node', [bin, 'sim', '--rig', simRig, '--write-rig', join(temporary, 'rig.yaml')], {cwd: repoRoot, reject: false, env});
	await waitForLine(first.stdout!, /^ready/);
	const [leaked] = keyFolders();
	t.truthy(leaked);
	first.kill('SIGKILL');
	await first;
	t.true(existsSync(join(temporary, leaked!)), 'kill -9 leaves it behind');
	const second = execa('node', [bin, 'sim', '--rig', simRig, '--write-rig', join(temporary, 'rig2.yaml')], {cwd: repoRoot, reject: false, env});
	await waitForLine(second.stdout!, /^ready/);
	t.false(existsSync(join(temporary, leaked!)), 'the stale folder is gone');
	t.is(keyFolders().length, 1, 'only the running simulator\'s own folder is left');
	second.kill('SIGINT');
	await second;
	t.deepEqual(keyFolders(), []);
}));
