import test from 'ava';
import type {Verdict} from '../../harness/verdicts/verdict.js';
import {worstOf} from '../../harness/verdicts/worst-of.js';

const stall = (status: Verdict['status'], value: number): Verdict => ({
	id: 'longest-stall', title: 'Longest I/O stall', status, summary: `${value} ms`, threshold: '≤ 5000 ms', measured: `${value} ms`, evidence: {stallMs: value},
	metric: {name: 'longest-stall', value, unit: 'ms', better: 'lower'},
});
const throughput = (status: Verdict['status'], value: number): Verdict => ({
	id: 'fault-throughput', title: 'Throughput', status, summary: `${value} %`, threshold: '≥ 80 %', measured: `${value} %`, evidence: {},
	metric: {name: 'fault-throughput', value, unit: '%', better: 'higher'},
});

test('one repetition is its own verdicts', t => {
	const once = [stall('pass', 1500)];
	t.deepEqual(worstOf([once]), once);
});

test('a failure in any repetition fails the verdict, and the evidence lists every repetition', t => {
	const [worst] = worstOf([[stall('pass', 1500)], [stall('fail', 6200)], [stall('pass', 1400)]]);
	t.is(worst!.status, 'fail');
	t.is(worst!.metric!.value, 6200);
	t.regex(worst!.summary, /^worst of 3 repetitions: /);
	t.deepEqual((worst!.evidence['repetitions'] as Array<{status: string}>).map(entry => entry.status), ['pass', 'fail', 'pass']);
});

test('between passes the worst value counts, in the direction the metric says', t => {
	const verdicts = worstOf([[stall('pass', 1500), throughput('pass', 97)], [stall('pass', 2100), throughput('pass', 91)], [stall('pass', 1800), throughput('pass', 99)]]);
	t.deepEqual(verdicts.map(verdict => [verdict.id, verdict.metric!.value]), [['longest-stall', 2100], ['fault-throughput', 91]]);
});

test('could not measure is worse than a pass but not than a failure', t => {
	t.is(worstOf([[stall('pass', 1500)], [stall('error', 0)]])[0]!.status, 'error');
	t.is(worstOf([[stall('error', 0)], [stall('fail', 7000)]])[0]!.status, 'fail');
});

test('a verdict judged in only some repetitions says so', t => {
	const [, onlyOnce] = worstOf([[stall('pass', 1500), throughput('pass', 90)], [stall('pass', 1500)]]);
	t.regex(onlyOnce!.summary, /judged in 1 of 2 repetitions/);
});
