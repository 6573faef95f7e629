// `rdmalab history` against a history written through the store, and a real `rdmalab run` recording itself.
import {readFileSync} from 'node:fs';
import {mkdir, writeFile} from 'node:fs/promises';
import {join} from 'node:path';
import test from 'ava';
import {execa} from 'execa';
import {parseSince} from '../../harness/cli/history-command.js';
import type {HistoryRun} from '../../harness/history/history.js';
import {openSqlite} from '../../harness/history/sqlite.js';
import {SqlHistoryStore} from '../../harness/history/sql-store.js';
import {bin, quickFailover, rdmalab, simRig, stateDirFor, tempDir} from '../helpers/cli.js';
import {historyRun, manifestFor, verdictWith} from '../helpers/history-data.js';
import {limited} from '../helpers/limit.js';
import {repoRoot} from '../helpers/paths.js';

const day = (n: number) => new Date(Date.UTC(2026, 10, n, 2)).toISOString();

const runs: HistoryRun[] = [
	historyRun({startedAt: day(20), verdicts: [verdictWith('stall', 1500)], regression: 'clean'}),
	historyRun({startedAt: day(21), rig: 'lab-rig-2', verdicts: [verdictWith('stall', 1600)]}),
	historyRun({startedAt: day(22), outcome: 'failed', verdicts: [verdictWith('stall', 6000, 'fail')]}),
	historyRun({
		startedAt: day(23), regression: 'regressed', manifest: {...manifestFor('3.10.51000'), unread: ['tor-b: OS version not read (show version | json: unexpected output)']},
		verdicts: [verdictWith('stall', 2500), {
			id: 'regression', title: 'No regression: verdict stall', target: 'stall stallMs', status: 'fail', source: 'regression', threshold: 'no more than 200 ms above the baseline median', measured: '2500 ms (+1000 ms, +66.7 %)',
			summary: 'stallMs regressed: 2500 ms against a median of 1500 ms; changed since the baseline run: hv01 SLOT 3 Port 1 driver version: 3.10.50000 → 3.10.51000', evidence: {},
		}],
	}),
];

const populated = async () => {
	const file = join(await tempDir(), 'history.sqlite');
	const store = await SqlHistoryStore.open(await openSqlite(file));
	for (const run of runs) {
		await store.record(run);
	}

	await store.close();
	return file;
};

const history = async (file: string, args: string[]) => execa('node', [bin, 'history', ...args], {cwd: repoRoot, reject: false, all: true, env: {RDMALAB_STATE_DIR: stateDirFor(), RDMALAB_HISTORY_URL: file}});

test('list: newest first, one line per run; filters by rig (name or rig file), suite, outcome or regression, since; JSON', async t => {
	const file = await populated();
	const all = await history(file, []);
	t.is(all.exitCode, 0, all.all);
	const lines = all.stdout.trim().split('\n');
	t.regex(lines[0]!, /^STARTED \(UTC\) +OUTCOME +REGRESSION +RIG +SUITE +KIND +VERDICTS +RUN$/);
	t.deepEqual(lines.slice(1, -1).map(line => line.split(/\s{2,}/)[0]), ['2026-11-23 02:00', '2026-11-22 02:00', '2026-11-21 02:00', '2026-11-20 02:00']);
	t.regex(lines[1]!, /^2026-11-23 02:00 +passed +regressed +lab-rig-1 +multichannel-failover +nightly +1 pass +20261201-/);
	t.is(lines.at(-1), `4 run(s) in ${file}`);
	const ids = async (args: string[]) => (JSON.parse((await history(file, [...args, '--json'])).stdout) as HistoryRun[]).map(run => run.id);
	t.deepEqual(await ids(['--rig', 'lab-rig-2']), [runs[1]!.id]);
	t.deepEqual(await ids(['--outcome', 'failed']), [runs[2]!.id]);
	t.deepEqual(await ids(['--outcome', 'regressed']), [runs[3]!.id]);
	t.deepEqual(await ids(['--since', '2026-11-22']), [runs[3]!.id, runs[2]!.id]);
	t.deepEqual(await ids(['--suite', 'qos-contention']), []);
	t.deepEqual(await ids(['--limit', '1']), [runs[3]!.id]);
	// A rig file stands for its rig's name.
	const rigFile = join(await tempDir(), 'rig.yaml');
	await writeFile(rigFile, readFileSync(simRig, 'utf8'));
	t.deepEqual(await ids(['--rig', rigFile]), []);
});

test('show: one run\'s manifest, verdicts and regression verdicts, by id or a unique prefix', async t => {
	const file = await populated();
	const shown = await history(file, ['show', runs[3]!.id.slice(0, 22)]);
	t.is(shown.exitCode, 0, shown.all);
	t.regex(shown.stdout, new RegExp(`^run {11}${runs[3]!.id.replaceAll('.', '\\.')}$`, 'm'));
	t.regex(shown.stdout, /^outcome {7}passed; regression: regressed$/m);
	t.regex(shown.stdout, /^ {2}hv01 {2}Windows Server 2022 Datacenter 21H2 build 20348\.2340 {2}DCB\/QoS [\da-f]{12}$/m);
	t.regex(shown.stdout, /^ {4}SLOT 3 Port 1 {2}mlx5\.sys 3\.10\.51000 {2}firmware 14\.32\.1010 {2}25 Gb\/s$/m);
	t.regex(shown.stdout, /^ {2}tor-a {2}NX-OS 10\.3\(4a\) {2}DCB [\da-f]{12}$/m);
	t.regex(shown.stdout, /^ {2}not read: tor-b: OS version not read/m);
	t.regex(shown.stdout, /Verdicts\n {2}PASS {2}verdict stall {2}2500 ms \(≤ 5000 ms\)\n\nRegression\n {2}FAIL {2}No regression: verdict stall {2}2500 ms \(\+1000 ms, \+66\.7 %\) \(no more than 200 ms above the baseline median\)\n {8}stallMs regressed: .*driver version: 3\.10\.50000 → 3\.10\.51000/);
	const json = JSON.parse((await history(file, ['show', runs[3]!.id, '--json'])).stdout) as HistoryRun;
	t.deepEqual(json, runs[3]);
	const missing = await history(file, ['show', 'no-such-run']);
	t.is(missing.exitCode, 2);
	t.regex(missing.stderr, /no run no-such-run in .*history\.sqlite\n {2}hint: rdmalab history lists the runs and their ids/);
});

test('chart: the trend as PNG; a metric nobody measured names the ones there are; bad options are refused (exit 2)', async t => {
	const file = await populated();
	const folder = await tempDir();
	const chart = await history(file, ['--rig', 'lab-rig-1', '--chart', join(folder, 'charts', 'stall.png'), '--metric', 'stallMs']);
	t.is(chart.exitCode, 0, chart.all);
	t.regex(chart.stdout, /^chart: .*stall\.png \(stallMs over 3 run\(s\), 1 manifest change\(s\) marked\)$/m);
	t.deepEqual([...readFileSync(join(folder, 'charts', 'stall.png')).subarray(1, 4)], [0x50, 0x4E, 0x47]);
	const unknown = await history(file, ['--chart', join(folder, 'x.png'), '--metric', 'iops']);
	t.is(unknown.exitCode, 2);
	t.regex(unknown.stderr, /no run in .* measured iops\n {2}hint: metrics these runs have: stallMs/);
	for (const [args, message] of [
		[['--chart', 'x.png'], /--chart and --metric go together/],
		[['--outcome', 'green'], /--outcome green: expected one of passed, failed, error, interrupted, regressed/],
		[['--since', 'last tuesday'], /--since last tuesday: not a date or a span/],
		[['--limit', '0'], /--limit 0: expected a whole number of runs, 1 or more/],
		[['list'], /rdmalab history takes options, or show <run>/],
	] as const) {
		const refused = await history(file, [...args]);
		t.is(refused.exitCode, 2, refused.all);
		t.regex(refused.stderr, message);
	}
});

test('--since: dates, times with a zone, and spans back from now', t => {
	const now = Date.parse('2026-12-01T12:00:00Z');
	t.is(parseSince('2026-11-24', now), '2026-11-24T00:00:00.000Z');
	t.is(parseSince('2026-11-24T02:00+02:00', now), '2026-11-24T00:00:00.000Z');
	t.is(parseSince('7d', now), '2026-11-24T12:00:00.000Z');
	t.is(parseSince('36h', now), '2026-11-30T00:00:00.000Z');
	t.is(parseSince('2w', now), '2026-11-17T12:00:00.000Z');
});

test('a plain run records itself with its manifest; a history that cannot be written is said, and the run keeps its exit code', limited(async t => {
	const stateDir = stateDirFor();
	const folder = await tempDir();
	const ran = await rdmalab(['run', 'multichannel-failover', '--rig', simRig, '--out', join(folder, 'run'), ...quickFailover], {stateDir});
	t.is(ran.exitCode, 0, ran.all);
	t.regex(ran.stderr, /^history: 1 run\(s\) recorded in .*history\.sqlite$/m);
	const listed = JSON.parse((await execa('node', [bin, 'history', '--json'], {cwd: repoRoot, env: {RDMALAB_STATE_DIR: stateDir}})).stdout) as HistoryRun[];
	t.is(listed.length, 1);
	t.like(listed[0], {rig: 'sim-converged', suite: 'multichannel-failover', kind: 'run', outcome: 'passed', regression: null, folder: join(folder, 'run')});
	t.is(listed[0]!.manifest?.nodes['hv01']?.rnics['SLOT 3 Port 1']?.firmware, '14.32.1010');
	t.is(listed[0]!.manifest?.switches['tor-a']?.os?.version, '10.3(4a)');
	t.is(listed[0]!.verdicts.filter(verdict => verdict.metric !== undefined).length, 5);
	// The history file's place is a directory: the run stands, the history says it was not written.
	const blocked = join(folder, 'blocked.sqlite');
	await mkdir(blocked);
	const unrecorded = await execa('node', [bin, 'run', 'multichannel-failover', '--rig', simRig, '--out', join(folder, 'run-2'), ...quickFailover], {
		cwd: repoRoot, reject: false, all: true, env: {RDMALAB_STATE_DIR: stateDirFor(), RDMALAB_HISTORY_URL: blocked},
	});
	t.is(unrecorded.exitCode, 0, unrecorded.all);
	t.regex(unrecorded.stderr, /^history: NOT recorded: .*blocked\.sqlite: cannot open the history database: /m);
}));
