// `rdmalab nightly` end to end: ten nights of the simulated rig into one history, one of them on a degraded fabric
// (failover detection slowed in the rig file's simulation block). Exactly that night regresses, on the metric it
// moved, naming the configuration difference; the nine others regress nothing.
import {existsSync, readFileSync} from 'node:fs';
import {writeFile} from 'node:fs/promises';
import {join} from 'node:path';
import test from 'ava';
import {execa} from 'execa';
import {parseDocument} from 'yaml';
import {regressionVerdictId} from '../../harness/verdicts/regression.js';
import {bin, simRig, stateDirFor, tempDir} from '../helpers/cli.js';
import {assertSchemaValid, caseNamed, readBack} from '../helpers/junit.js';
import {runsAtOnce} from '../helpers/limit.js';
import {repoRoot} from '../helpers/paths.js';

// The shortest failover the suite accepts with every verdict still judged: 21 s of timeline.
const short = [
	'--suites', 'multichannel-failover', '--set', 'warmupS=1', '--set', 'preFaultS=3', '--set', 'holdS=5', '--set', 'postFaultS=12',
	'--set', 'thresholds.maxStallMs=3000', '--set', 'thresholds.restoreWithinS=6', '--set', 'thresholds.settleS=2',
];

interface NightlyJson {
	exitCode: number;
	outcome: string;
	regressed: boolean;
	runs: Array<{id: string; suite: string; outcome: string; regression: string | null; regressions: Array<{status: string; target: string; summary: string; evidence: {metric: string; manifestChanges: Array<{what: string; before: string; after: string}>}}>}>;
}

/** One night: its own state directory (its own lease, as on its own orchestrator), the shared history file. */
const night = async (rig: string, history: string, out: string, extra: string[] = []) => {
	const result = await execa('node', [bin, 'nightly', '--rig', rig, '--out', out, ...short, ...extra], {
		cwd: repoRoot, reject: false, all: true, env: {RDMALAB_STATE_DIR: stateDirFor(), RDMALAB_HISTORY_URL: history},
	});
	const json = existsSync(join(out, 'nightly.json')) ? JSON.parse(readFileSync(join(out, 'nightly.json'), 'utf8')) as NightlyJson : undefined;
	return {...result, json};
};

const history = async (historyFile: string, args: string[]) => execa('node', [bin, 'history', ...args], {cwd: repoRoot, reject: false, all: true, env: {RDMALAB_STATE_DIR: stateDirFor(), RDMALAB_HISTORY_URL: historyFile}});

test('ten nights, one on a degraded fabric: exactly that one regresses, naming the metric and what changed', async t => {
	t.timeout(12 * 60_000);
	const folder = await tempDir();
	const historyFile = join(folder, 'history.sqlite');
	const degraded = join(folder, 'degraded-rig.yaml');
	const document = parseDocument(readFileSync(simRig, 'utf8'));
	document.setIn(['simulation', 'timings', 'failoverDetectionMs'], 2500);
	await writeFile(degraded, String(document));

	// Nights 1-9 healthy, a few at once (each is its own orchestrator); night 10 on the degraded fabric, judged
	// against the nine before it. Nights 1-6 find fewer than 5 passing runs before them and judge nothing.
	const healthy: Array<Awaited<ReturnType<typeof night>>> = [];
	for (let first = 1; first <= 9; first += runsAtOnce) {
		const batch = Array.from({length: Math.min(runsAtOnce, 10 - first)}, (_, index) => first + index);
		healthy.push(...await Promise.all(batch.map(async index => night(simRig, historyFile, join(folder, `night-${String(index).padStart(2, '0')}`)))));
	}

	const junit = join(folder, 'night-10.junit.xml');
	const last = await night(degraded, historyFile, join(folder, 'night-10'), ['--junit', junit]);
	for (const [index, result] of healthy.entries()) {
		t.is(result.exitCode, 0, `night ${index + 1}: ${result.all}`);
		t.false(result.json!.regressed, `night ${index + 1}`);
		const regressions = result.json!.runs.flatMap(run => run.regressions);
		t.is(regressions.filter(verdict => verdict.status === 'fail').length, 0, `night ${index + 1}: ${regressions.map(verdict => verdict.summary).join('\n')}`);
	}

	// Judged nights compared metrics, they did not just skip.
	t.true(healthy.some(result => result.json!.runs.some(run => run.regression === 'clean')), 'some healthy night was judged and found clean');
	t.is(last.exitCode, 1, last.all);
	t.regex(last.stdout, /^REGRESSED \(1 run\(s\) regressed\)$/m);
	const failed = last.json!.runs.flatMap(run => run.regressions).filter(verdict => verdict.status === 'fail');
	t.is(failed.length, 1, failed.map(verdict => verdict.summary).join('\n'));
	const [regression] = failed;
	t.is(regression!.evidence.metric, 'stallMs');
	t.regex(regression!.summary, /^stallMs regressed: 2500 ms against a median of 1500 ms over 9 passing runs/);
	t.deepEqual(regression!.evidence.manifestChanges, [{what: 'rig file simulation.timings.failoverDetectionMs', before: '1500', after: '2500'}]);
	t.regex(regression!.summary, /rig file simulation\.timings\.failoverDetectionMs: 1500 → 2500/);

	// CI reads it from the JUnit: the regression is a failure beside the suite's own (passing) verdicts.
	t.regex(last.stdout, /^junit: .*night-10\.junit\.xml$/m);
	const xml = readFileSync(junit, 'utf8');
	await assertSchemaValid(t, xml);
	const suite = (await readBack(xml)).testsuite!.find(candidate => candidate.name === 'multichannel-failover/port-down-rnic1');
	t.truthy(caseNamed(suite, 'longest-stall').failure === undefined);
	const regressionCases = suite!.testcase!.filter(testCase => testCase.name?.startsWith(`${regressionVerdictId} `));
	t.is(regressionCases.filter(testCase => testCase.failure !== undefined).length, 1, JSON.stringify(regressionCases.map(testCase => testCase.name)));

	// The history has it: listed, shown, and charted with the change marked.
	const regressed = await history(historyFile, ['--outcome', 'regressed', '--json']);
	t.is(regressed.exitCode, 0, regressed.all);
	const runs = JSON.parse(regressed.stdout) as Array<{id: string}>;
	t.is(runs.length, 1);
	const shown = await history(historyFile, ['show', runs[0]!.id]);
	t.regex(shown.stdout, /^outcome {7}passed; regression: regressed$/m);
	t.regex(shown.stdout, /^ {2}FAIL {2}No regression: Longest I\/O stall/m);
	const chart = join(folder, 'stall.png');
	const drawn = await history(historyFile, ['--rig', simRig, '--suite', 'multichannel-failover', '--chart', chart, '--metric', 'stallMs']);
	t.is(drawn.exitCode, 0, drawn.all);
	t.regex(drawn.stdout, /stallMs over 10 run\(s\), 1 manifest change\(s\) marked/);
	t.deepEqual([...readFileSync(chart).subarray(0, 8)], [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
});

test('bad nightly arguments and an unreachable history are refused before the rig is touched (exit 2)', async t => {
	const folder = await tempDir();
	const run = async (args: string[], env: Record<string, string> = {}) => execa('node', [bin, 'nightly', '--rig', simRig, '--out', join(folder, 'never'), ...args], {cwd: repoRoot, reject: false, all: true, env: {RDMALAB_STATE_DIR: stateDirFor(), RDMALAB_HISTORY_URL: join(folder, 'history.sqlite'), ...env}});
	const profile = await run(['--profile', 'nightly']);
	t.is(profile.exitCode, 2);
	t.regex(profile.stderr, /--profile nightly: expected quick or full/);
	const rules = await run(['--baseline-runs', '4', '--min-history', '5']);
	t.is(rules.exitCode, 2);
	t.regex(rules.stderr, /--min-history 5 is more than the 4 baseline runs compared: nothing would ever be judged/);
	const setting = await run(['--set', 'holdS=1']);
	t.is(setting.exitCode, 2);
	t.regex(setting.stderr, /invalid parameters for multichannel-failover:\n(.*\n)* {2}--set holdS: must be at least thresholds.maxStallMs \+ 2 s/);
	// Port 1 on loopback: nothing listens there.
	const unreachable = await run([], {RDMALAB_HISTORY_URL: 'postgres://rdmalab:secret@127.0.0.1:1/history'});
	t.is(unreachable.exitCode, 2);
	t.regex(unreachable.stderr, /rdmalab nightly: postgres:\/\/rdmalab:\*\*\*@127\.0\.0\.1:1\/history: cannot connect to the history database: .*ECONNREFUSED/);
	t.false(unreachable.all.includes('secret'), 'the password never leaves the process');
	t.false(existsSync(join(folder, 'never')), 'nothing ran');
});
