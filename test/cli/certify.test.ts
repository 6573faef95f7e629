// End to end: `rdmalab run certify` on the simulated rig: validate first, then every suite's quick variants, one
// combined report over run folders that stand on their own.
import {existsSync, readdirSync, readFileSync} from 'node:fs';
import {join} from 'node:path';
import test from 'ava';
import {execa} from 'execa';
import {certificationSteps, repetitionsOf} from '../../harness/cli/certify-command.js';
import {loadRig} from '../../harness/rig/load.js';
import {bin, rdmalab, simRig, stateDirFor, tempDir, waitForLine} from '../helpers/cli.js';
import {limited} from '../helpers/limit.js';
import {assertLockReleased, assertPortUp} from '../helpers/matrix.js';
import {repoRoot} from '../helpers/paths.js';
import {resultIn} from '../helpers/result.js';
import {startSim} from '../helpers/sim-process.js';

const certify = async (args: string[] = []) => {
	const out = join(await tempDir(), 'certify');
	const result = await rdmalab(['run', 'certify', '--rig', simRig, '--out', out, ...args]);
	return {...result, out, json: await resultIn(out)};
};

test('a healthy simulated rig is certified: design checks, then each suite in its own run folder, one report on top', limited(async t => {
	const {exitCode, stdout, all, out, json} = await certify(['--suites', 'multichannel-failover']);
	t.is(exitCode, 0, all);
	t.regex(stdout, /^PASS$/m);
	t.regex(stdout, /junit: .*junit\.xml/);
	// The certification's own part (design checks, none failing), then the suite's.
	t.deepEqual(json?.suites.map(suite => [suite.suite, suite.outcome]), [['certify', 'passed'], ['multichannel-failover/port-down-rnic1', 'passed']]);
	t.deepEqual(json?.suites[0]?.params, {profile: 'quick'});
	const part = json!.suites[1]!;
	t.true(json!.verdicts.length > 0 && json!.verdicts.every(verdict => verdict.suite === part.suite && verdict.status === 'pass'));
	t.true(readFileSync(join(out, 'validate.txt'), 'utf8').split('\n').length > 50, 'every design check is kept');
	const runFolder = join(out, part.folder);
	t.regex(part.folder, /^01-multichannel-failover-port-down-rnic1$/);
	for (const file of ['record.json', 'result.json', 'junit.xml', 'report.html', 'failover.png']) {
		t.true(existsSync(join(runFolder, file)), file);
	}

	const html = readFileSync(join(out, 'report.html'), 'utf8');
	t.regex(html, /Every design check/);
	t.true(html.includes(`href="${part.folder}/failover.png"`), 'the chart links to the run folder\'s own PNG');
	t.regex(readFileSync(join(out, 'junit.xml'), 'utf8'), /classname="multichannel-failover\/port-down-rnic1"/);
	// Each run of a certification is a run like any other: it can be judged again on its own.
	const rejudged = await rdmalab(['rejudge', runFolder, '--out', join(out, 'rejudged')]);
	t.is(rejudged.exitCode, 0, rejudged.all);
}));

test('a rig whose design checks fail is not certified: no suite runs, the failing checks are the verdicts', limited(async t => {
	const {exitCode, all, out, json} = await certify(['--misconfig', 'rnic-jumbo-off']);
	t.is(exitCode, 1, all);
	t.regex(all, /certification stops before any suite runs/);
	t.deepEqual(json?.suites.map(suite => [suite.suite, suite.outcome]), [['certify', 'failed']]);
	t.true(json!.verdicts.length > 0);
	t.true(json!.verdicts.every(verdict => verdict.suite === 'certify' && verdict.status === 'fail'), JSON.stringify(json!.verdicts));
	t.true(json!.verdicts.some(verdict => verdict.id === 'rnic-jumbo'), json!.verdicts.map(verdict => verdict.id).join(', '));
	t.deepEqual(readdirSync(out).filter(name => /^\d\d-/.test(name)), []);
}));

test('bad certify arguments are refused before anything is touched', async t => {
	const profile = await rdmalab(['run', 'certify', '--rig', simRig, '--profile', 'slow']);
	t.is(profile.exitCode, 2);
	t.regex(profile.stderr, /--profile slow: expected quick or full/);
	const suite = await rdmalab(['run', 'certify', '--rig', simRig, '--suites', 'multichannel-failover,nope']);
	t.is(suite.exitCode, 2);
	t.regex(suite.stderr, /not a suite certify runs: nope/);
	const set = await rdmalab(['run', 'certify', '--rig', simRig, '--set', 'holdS=3']);
	t.is(set.exitCode, 2);
	t.regex(set.stderr, /takes no --set/);
});

test('the full profile pulls each storage link both ways, and repeats each variant', async t => {
	const rig = await loadRig(simRig);
	const steps = certificationSteps(rig, 'full', ['multichannel-failover']);
	t.deepEqual(steps.map(step => step.label), ['port-down-rnic1', 'port-down-rnic2', 'nic-disable-rnic1', 'nic-disable-rnic2']);
	t.true(repetitionsOf.full >= 3);
	const quick = certificationSteps(rig, 'quick', ['multichannel-failover']);
	t.is(quick.length, 1);
	// Quick holds are shorter than the suite's defaults, but long enough for every threshold (the suite checks it).
	t.true((quick[0]!.params as {holdS: number}).holdS < (steps[0]!.params as {holdS: number}).holdS);
});

test('Ctrl+C during a suite of the certification: the fault is restored, the rest is not run, exit 130', limited(async t => {
	const sim = await startSim(t);
	const out = join(await tempDir(), 'certify');
	const stateDir = stateDirFor();
	const child = execa('node', [bin, 'run', 'certify', '--rig', sim.rigFile, '--out', out], {cwd: repoRoot, reject: false, all: true, env: {RDMALAB_STATE_DIR: stateDir}});
	await waitForLine(child.stderr, /port shut: tor-a Ethernet1\/1/);
	child.kill('SIGINT');
	const result = await child;
	t.is(result.exitCode, 130, result.all);
	t.regex(result.stderr, /stopping certification \(SIGINT\): restoring faults/);
	const json = await resultIn(out);
	t.is(json?.outcome, 'interrupted');
	t.deepEqual(json?.suites.map(suite => suite.suite), ['certify', 'multichannel-failover/port-down-rnic1'], 'no suite started after the stop');
	await assertPortUp(t, sim);
	assertLockReleased(t, stateDir);
}));
