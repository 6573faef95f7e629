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
import {startSim} from '../helpers/sim-process.js';

interface CertifyJson {
	kind: string;
	outcome: string;
	profile: string;
	validation: Array<{id: string; status: string}>;
	parts: Array<{suite: string; label: string; outcome: string; runs: Array<{folder: string; outcome: string}>; verdicts: Array<{id: string; status: string}>}>;
	verdicts: Array<{id: string; status: string; group: string}>;
}

const certify = async (args: string[] = []) => {
	const out = join(await tempDir(), 'certify');
	const result = await rdmalab(['run', 'certify', '--rig', simRig, '--out', out, ...args]);
	const json = existsSync(join(out, 'result.json')) ? JSON.parse(readFileSync(join(out, 'result.json'), 'utf8')) as CertifyJson : undefined;
	return {...result, out, json};
};

test('a healthy simulated rig is certified: design checks, then each suite in its own run folder, one report on top', limited(async t => {
	const {exitCode, stdout, all, out, json} = await certify(['--suites', 'multichannel-failover']);
	t.is(exitCode, 0, all);
	t.regex(stdout, /^PASS$/m);
	t.is(json?.kind, 'certify');
	t.is(json?.profile, 'quick');
	t.true(json!.validation.length > 50, 'every design check is kept');
	t.false(json!.validation.some(check => check.status === 'fail' || check.status === 'error'));
	const [part] = json!.parts;
	t.is(part?.suite, 'multichannel-failover');
	t.is(part?.outcome, 'passed');
	t.is(part?.runs.length, repetitionsOf.quick);
	t.true(json!.verdicts.length > 0 && json!.verdicts.every(verdict => verdict.group === `multichannel-failover (${part!.label})` && verdict.status === 'pass'));
	const runFolder = join(out, part!.runs[0]!.folder);
	for (const file of ['record.json', 'result.json', 'report.html', 'failover.png']) {
		t.true(existsSync(join(runFolder, file)), file);
	}

	const html = readFileSync(join(out, 'report.html'), 'utf8');
	t.regex(html, /Design checks \(rdmalab validate\)/);
	t.true(html.includes(`src="${part!.runs[0]!.folder}/failover.png"`), 'the chart is the run folder\'s own');
	t.true(existsSync(join(out, 'validate.txt')));
	// Each run of a certification is a run like any other: it can be judged again on its own.
	const rejudged = await rdmalab(['rejudge', runFolder, '--out', join(out, 'rejudged')]);
	t.is(rejudged.exitCode, 0, rejudged.all);
}));

test('a rig whose design checks fail is not certified: no suite runs, the failing checks are the verdicts', limited(async t => {
	const {exitCode, all, out, json} = await certify(['--misconfig', 'rnic-jumbo-off']);
	t.is(exitCode, 1, all);
	t.regex(all, /certification stops before any suite runs/);
	t.deepEqual(json?.parts, []);
	t.true(json!.verdicts.length > 0);
	t.true(json!.verdicts.every(verdict => verdict.group === 'validate' && verdict.status === 'fail'), JSON.stringify(json!.verdicts));
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
	const json = JSON.parse(readFileSync(join(out, 'result.json'), 'utf8')) as CertifyJson;
	t.is(json.outcome, 'interrupted');
	t.is(json.parts.length, 1, 'no suite started after the stop');
	await assertPortUp(t, sim);
	assertLockReleased(t, stateDir);
}));
