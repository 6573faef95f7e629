// Synchronized start and end-of-run clocks, through the runner against the simulated rig (in-process, real SSH):
// two hosts started together have their starts, skew and bound recorded; both clock readings are kept.
import {mkdtemp} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import test from 'ava';
import type {Plan} from '../../harness/plan/plan.js';
import {loadRig} from '../../harness/rig/load.js';
import type {Rig} from '../../harness/rig/schema.js';
import {RunRecorder} from '../../harness/run/recorder.js';
import {executePlan} from '../../harness/run/runner.js';
import {startSimulator} from '../../harness/sim/index.js';
import {diskspdParamsSchema} from '../../harness/workloads/diskspd/args.js';
import {simRig} from '../helpers/cli.js';

const twoHosts = (rig: Rig, startSkewBoundMs?: number): Plan => ({
	suite: 'sync-test', rig: rig.name, durationS: 2, captures: [], faults: [], notes: [],
	...(startSkewBoundMs === undefined ? {} : {startSkewBoundMs}),
	workloads: ['hv01', 'hv02'].map(node => ({
		kind: 'diskspd' as const, id: `diskspd-${node}`, node, atS: 0,
		params: diskspdParamsSchema.parse({durationS: 2, warmupS: 0, targets: [{path: `\\\\sofs\\vmstore\\sync-${node}.dat`, size: '64K'}]}),
	})),
});

const run = async (startSkewBoundMs?: number) => {
	const simulated = await startSimulator(await loadRig(simRig));
	try {
		const recorder = new RunRecorder(join(await mkdtemp(join(tmpdir(), 'rdmalab-test-')), 'run'));
		const lines: string[] = [];
		const data = await executePlan({rig: simulated.rig, plan: twoHosts(simulated.rig, startSkewBoundMs), recorder, signal: new AbortController().signal, log: line => lines.push(line)});
		await recorder.close();
		return {data, lines};
	} finally {
		await simulated.stop();
	}
};

test('two hosts started together: each start, the skew and the bound are recorded; clocks are read at start and end', async t => {
	const {data, lines} = await run();
	t.deepEqual(data.errors, []);
	const [group] = data.startSkew ?? [];
	t.deepEqual(Object.keys(group?.startedAtS ?? {}).sort(), ['hv01', 'hv02']);
	// The simulated nodes' clocks are 420 ms ahead and 250 ms behind: only a corrected timeline puts both near 0.
	for (const startedAtS of Object.values(group!.startedAtS)) {
		t.true(Math.abs(startedAtS) < 0.2, String(startedAtS));
	}

	t.is(group!.skewMs, Math.abs(group!.startedAtS['hv01']! - group!.startedAtS['hv02']!) * 1000);
	t.is(group!.boundMs, 200);
	t.true(group!.withinBound);
	t.true(lines.some(line => /synchronized start at 0 s: 2 hosts within \d+\.\d ms \(bound 200 ms\)/.test(line)));
	for (const node of ['hv01', 'hv02']) {
		t.is(data.nodes[node]!.clocks.length, 2);
		t.false(data.nodes[node]!.clockDrift!.significant);
	}

	t.true(Math.abs(data.nodes['hv01']!.clocks[1]!.skewMs - 420) < 100);
	t.true(Math.abs(data.nodes['hv02']!.clocks[1]!.utcOffsetMinutes - -300) < 1e-9);
});

test('a start skew beyond the plan\'s bound is an infrastructure error, not a result', async t => {
	// No two remote starts are simultaneous to the nanosecond: a negative bound is always exceeded.
	const {data} = await run(-1);
	t.is(data.errors.length, 1);
	t.is(data.errors[0]!.code, 'WORKLOAD_FAILED');
	t.regex(data.errors[0]!.message, /^workloads planned together at 0 s started \d+\.\d ms apart, more than the -1 ms bound$/);
});
