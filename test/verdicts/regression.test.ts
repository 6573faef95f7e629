// The regression judge: a run's metrics against the last passing runs of the same rig, suite and parameters.
import test from 'ava';
import {defaultRegressionRules, judgeRegressions, type BaselineRun} from '../../harness/verdicts/regression.js';
import type {Metric, Verdict} from '../../harness/verdicts/verdict.js';
import {manifestFor} from '../helpers/history-data.js';

const verdict = (id: string, metric: Partial<Metric> & {value: number}, status: Verdict['status'] = 'pass'): Verdict => ({
	id, title: `Verdict ${id}`, status, summary: '', threshold: '', measured: '', evidence: {},
	metric: {name: `${id}Metric`, unit: 'ms', better: 'lower', ...metric},
});

const baseline = (values: number[], make: (value: number) => Verdict[] = value => [verdict('stall', {value, resolution: 100})], manifest = manifestFor('3.10.50000')): BaselineRun[] =>
	values.map((value, index) => ({id: `run-${index + 1}`, startedAt: new Date(Date.UTC(2026, 10, 20 - index)).toISOString(), verdicts: make(value), manifest}));

const judge = (current: Verdict[], runs: BaselineRun[], manifest = manifestFor('3.10.50000')) =>
	judgeRegressions({verdicts: current, manifest, baseline: runs, subject: 'lab-rig-1 / multichannel-failover'});

const nights = [1500, 1510, 1490, 1500, 1600, 1500, 1480, 1500, 1520];

test('within the noise of the last passing runs: pass, with the baseline it was judged against', t => {
	const [result] = judge([verdict('stall', {value: 1540, resolution: 100})], baseline(nights));
	t.is(result!.status, 'pass');
	t.is(result!.id, 'regression');
	t.is(result!.target, 'stall stallMetric');
	t.like(result!.evidence, {baseline: {median: 1500, values: nights, runs: nights.map((_value, index) => `run-${index + 1}`)}});
	t.regex(result!.summary, /1540 ms against a median of 1500 ms over 9 passing runs/);
});

test('a regression names the metric, the baseline, the change and what changed in the manifest', t => {
	const [result] = judge([verdict('stall', {value: 2500, resolution: 100})], baseline(nights), manifestFor('3.10.51000'));
	t.is(result!.status, 'fail');
	t.is(result!.measured, '2500 ms (+1000 ms, +66.7 %)');
	t.regex(result!.summary, /^stallMetric regressed: 2500 ms against a median of 1500 ms over 9 passing runs \(spread ±\d+(\.\d+)? ms\), 1000 ms worse, beyond the 200 ms tolerance; changed since the baseline run run-1: hv01 SLOT 3 Port 1 driver version: 3\.10\.50000 → 3\.10\.51000$/);
	t.deepEqual(result!.evidence['manifestChanges'], [{what: 'hv01 SLOT 3 Port 1 driver version', before: '3.10.50000', after: '3.10.51000'}]);
	t.regex(result!.hint!, /1 difference\(s\) in the manifest since run run-1/);
});

test('a regression with nothing changed in the manifest says so, and where to look instead', t => {
	const [result] = judge([verdict('stall', {value: 2500, resolution: 100})], baseline(nights));
	t.is(result!.status, 'fail');
	t.regex(result!.summary, /; nothing changed in the manifest since the baseline$/);
	t.regex(result!.hint!, /rerun to rule out a one-off/);
});

test('too little history: skipped with the reason, until minHistory passing runs carry the metric', t => {
	const few = judge([verdict('stall', {value: 9000})], baseline(nights.slice(0, defaultRegressionRules.minHistory - 1)));
	t.is(few[0]!.status, 'skipped');
	t.regex(few[0]!.summary, /^not judged: only 4 of the 5 passing run\(s\) with stallMetric on lab-rig-1 \/ multichannel-failover it needs before it judges$/);
	t.regex(judge([verdict('stall', {value: 9000})], [])[0]!.summary, /^not judged: no passing run\(s\)/);
	t.is(judge([verdict('stall', {value: 9000})], baseline(nights.slice(0, defaultRegressionRules.minHistory)))[0]!.status, 'fail');
});

test('only the last baselineRuns count: an old regime drops out of the baseline', t => {
	const old = Array.from({length: 20}, () => 3000);
	const recent = Array.from({length: defaultRegressionRules.baselineRuns}, () => 1500);
	const result = judge([verdict('stall', {value: 2500, resolution: 100})], baseline([...recent, ...old]))[0]!;
	t.is(result.status, 'fail');
	t.is((result.evidence['baseline'] as {values: number[]}).values.length, defaultRegressionRules.baselineRuns);
});

test('direction: higher-is-better metrics regress downwards, and improving is never a regression', t => {
	const throughput = (value: number) => [verdict('throughput', {value, better: 'higher', unit: '%', resolution: 1})];
	const runs = baseline([100, 99, 101, 100, 100, 100], throughput);
	t.is(judge(throughput(80), runs)[0]!.status, 'fail');
	t.is(judge(throughput(120), runs)[0]!.status, 'pass');
	t.is(judge([verdict('stall', {value: 200, resolution: 100})], baseline(nights))[0]!.status, 'pass');
});

test('noise-aware: a noisy baseline widens the tolerance (3 × 1.4826 × MAD), a quiet one is held to 10 % of its median', t => {
	const noisy = [1000, 1400, 1800, 1200, 1600, 1000, 1800];
	const wide = judge([verdict('stall', {value: 2400})], baseline(noisy))[0]!;
	t.is(wide.status, 'pass');
	t.like(wide.evidence, {baseline: {median: 1400, mad: 400, toleranceBy: 'spread'}});
	t.is(judge([verdict('stall', {value: 3300})], baseline(noisy))[0]!.status, 'fail');
	const quiet = judge([verdict('stall', {value: 1660})], baseline([1500, 1500, 1500, 1500, 1500]))[0]!;
	t.like(quiet.evidence, {baseline: {tolerance: 150, toleranceBy: 'relative'}});
	t.is(quiet.status, 'fail');
});

test('resolution: a time read one sample late, or a share near zero moving by a point, is not a regression', t => {
	const restore = (value: number) => [verdict('restore', {value, unit: 's', resolution: 1})];
	const runs = baseline([4.1, 3.9, 4.1, 4.0, 3.9, 4.1], restore);
	t.is(judge(restore(5.13), runs)[0]!.status, 'pass', 'one sample late on both sides');
	t.is(judge(restore(6.3), runs)[0]!.status, 'fail');
	const balance = (value: number) => [verdict('balance', {value, unit: '%', resolution: 1})];
	const even = baseline([0.06, 0.05, 0.06, 0.07, 0.06], balance);
	t.is(judge(balance(1.5), even)[0]!.status, 'pass');
	t.is(judge(balance(2.5), even)[0]!.status, 'fail');
});

test('each metric on its own: same verdict id on other targets, failed or unmeasured baseline verdicts and verdicts without a metric', t => {
	const perTarget = (a: number, b: number): Verdict[] => [{...verdict('stall', {value: a}), target: 'hv01'}, {...verdict('stall', {value: b}), target: 'hv02'}];
	const runs = baseline([0, 0, 0, 0, 0, 0], () => perTarget(1000, 3000));
	const results = judge(perTarget(1000, 1000), runs);
	t.deepEqual(results.map(result => [result.target, result.status]), [['stall hv01 stallMetric', 'pass'], ['stall hv02 stallMetric', 'pass']]);
	// A baseline run whose verdict failed is not part of that metric's baseline.
	const failing = baseline([1500, 1500, 1500, 1500, 1500], value => [verdict('stall', {value}, 'fail')]);
	t.is(judge([verdict('stall', {value: 1500})], failing)[0]!.status, 'skipped');
	const unmeasured: Verdict = {id: 'restored', title: 'Restored', status: 'error', summary: 'could not be judged', threshold: '', measured: 'not measured', evidence: {}};
	t.deepEqual(judge([unmeasured], baseline(nights)), []);
});
