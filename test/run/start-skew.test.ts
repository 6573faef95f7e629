import test from 'ava';
import {startSkews} from '../../harness/run/start-skew.js';
import type {WorkloadRun} from '../../harness/run/run-data.js';

const workload = (node: string, atS: number, startedAtS?: number): WorkloadRun => ({
	id: `w-${node}`, node, atS, ...(startedAtS === undefined ? {} : {startedAtS}), ioErrors: [], stderr: '',
	params: {blockSize: 4096, threads: 1, outstanding: 1, writePercent: 0, pattern: 'random', durationS: 5, warmupS: 0, cooldownS: 0, caching: ['h'], bucketMs: 1000, latency: true, targets: [{path: '\\\\s\\x\\f', size: 4096}]},
});

test('the skew of a group is its latest start minus its earliest, judged against the bound', t => {
	const skews = startSkews([workload('hv01', 0, 0.012), workload('hv02', 0, 0.004), workload('hv03', 0, 0.019), workload('hv04', 10, 10.5), workload('hv05', 10, 10.1)], 20);
	t.is(skews.length, 2);
	t.deepEqual(skews[0]!.startedAtS, {hv01: 0.012, hv02: 0.004, hv03: 0.019});
	t.true(Math.abs(skews[0]!.skewMs - 15) < 1e-6);
	t.true(skews[0]!.withinBound);
	t.true(Math.abs(skews[1]!.skewMs - 400) < 1e-6);
	t.false(skews[1]!.withinBound);
});

test('a lone workload, or one that never stamped its start, makes no group', t => {
	t.deepEqual(startSkews([workload('hv01', 0, 0.1), workload('hv02', 0)], 20), []);
	t.deepEqual(startSkews([workload('hv01', 0, 0.1)], 20), []);
});
