// Synchronized start and end-of-run clocks, through the runner against the simulated rig (in-process, real SSH):
// two hosts started together have their starts, skew and bound recorded; both clock readings are kept.
// How fast the machine is decides how far apart the starts land and how late each clock line arrives, so nothing
// here compares a live time with a fixed tolerance: the readings are held to bounds the run's own record proves.
import {join} from 'node:path';
import test from 'ava';
import type {Plan} from '../../harness/plan/plan.js';
import {loadRig} from '../../harness/rig/load.js';
import type {Rig} from '../../harness/rig/schema.js';
import {RunRecorder} from '../../harness/run/recorder.js';
import {defaultStartSkewBoundMs} from '../../harness/run/run-timeline.js';
import {executePlan} from '../../harness/run/runner.js';
import {simConfigSchema} from '../../harness/sim/config.js';
import {startSimulator} from '../../harness/sim/index.js';
import {decodePowerShell} from '../../harness/windows/powershell.js';
import {diskspdParamsSchema} from '../../harness/workloads/diskspd/args.js';
import {simRig, tempDir} from '../helpers/cli.js';

const twoHosts = (rig: Rig, startSkewBoundMs?: number): Plan => ({
	suite: 'sync-test', rig: rig.name, durationS: 2, captures: [], faults: [], notes: [],
	...(startSkewBoundMs === undefined ? {} : {startSkewBoundMs}),
	workloads: ['hv01', 'hv02'].map(node => ({
		kind: 'diskspd' as const, id: `diskspd-${node}`, node, atS: 0,
		params: diskspdParamsSchema.parse({durationS: 2, warmupS: 0, targets: [{path: `\\\\sofs\\vmstore\\sync-${node}.dat`, size: '64K'}]}),
	})),
});

const run = async (startSkewBoundMs?: number, plan: (rig: Rig) => Plan = rig => twoHosts(rig, startSkewBoundMs), simulation: (rig: Rig) => void = () => undefined) => {
	const rig = await loadRig(simRig);
	simulation(rig);
	const simulated = await startSimulator(rig);
	try {
		const recorder = new RunRecorder(join(await tempDir(), 'run'));
		const lines: string[] = [];
		const data = await executePlan({rig: simulated.rig, plan: plan(simulated.rig), recorder, signal: new AbortController().signal, log: line => lines.push(line)});
		await recorder.close();
		return {data, lines, commands: [...simulated.commands]};
	} finally {
		await simulated.stop();
	}
};

/** When each clock reading of a node reached the simulated node (epoch ms), in order. */
const clockReadsReceived = (commands: Awaited<ReturnType<typeof run>>['commands'], node: string) => commands
	.filter(command => command.device === node && decodePowerShell(/-EncodedCommand\s+(\S+)/i.exec(command.command)?.[1] ?? '').includes('rdmalab-clock'))
	.map(command => Date.parse(command.at));

// A timer may fire a hair early against the wall clock (Node rounds to the millisecond).
const timerSlackS = 0.005;

test('two hosts started together: each start, the skew and the bound are recorded; clocks are read at start and end', async t => {
	const {data, lines, commands} = await run();
	const [group] = data.startSkew ?? [];
	t.deepEqual(Object.keys(group?.startedAtS ?? {}).sort(), ['hv01', 'hv02']);
	t.is(group!.skewMs, Math.abs(group!.startedAtS['hv01']! - group!.startedAtS['hv02']!) * 1000);
	t.is(group!.boundMs, defaultStartSkewBoundMs);
	t.is(group!.withinBound, group!.skewMs <= group!.boundMs);
	t.true(lines.some(line => new RegExp(`synchronized start at 0 s: 2 hosts within \\d+\\.\\d ms \\(bound ${defaultStartSkewBoundMs} ms\\)`).test(line)));
	// A start skew past the bound is the run's infrastructure error (a starved machine can cause one; the next test
	// forces it); nothing else may go wrong.
	const skewErrors = data.errors.filter(error => error.message.startsWith('workloads planned together'));
	t.deepEqual(data.errors.filter(error => !skewErrors.includes(error)), []);
	t.is(skewErrors.length, group!.withinBound ? 0 : 1);

	// The simulated nodes' clocks are 420 ms ahead and 250 ms behind. A clock line can only arrive late, so each
	// measured offset is at most the true one, and short of it by at most the time the reading took (from the command
	// reaching the node to the reading's end). Both readings of both nodes, at any speed.
	const truth = simConfigSchema.parse((await loadRig(simRig)).simulation).nodes;
	for (const node of ['hv01', 'hv02']) {
		const {clocks, clockDrift} = data.nodes[node]!;
		const received = clockReadsReceived(commands, node);
		t.is(clocks.length, 2);
		t.is(received.length, 2, `${node}: two clock readings reached the node`);
		for (const [index, clock] of clocks.entries()) {
			const trueSkewMs = truth[node]!.clockSkewMs;
			const tookMs = clock.at - received[index]!;
			t.true(clock.skewMs <= trueSkewMs, `${node} reading ${index}: ${clock.skewMs} ms measured, ${trueSkewMs} ms true`);
			t.true(clock.skewMs >= trueSkewMs - tookMs, `${node} reading ${index}: ${clock.skewMs} ms measured, ${trueSkewMs} ms true, the reading took ${tookMs} ms`);
			t.is(clock.utcOffsetMinutes, truth[node]!.utcOffsetMinutes);
		}

		// The clock did not move: what the two readings differ by is their own error, which the bounds above hold.
		// (Whether such a difference is significant is test/run/clock-drift.test.ts's business.)
		t.is(clockDrift!.driftMs, clocks[1]!.skewMs - clocks[0]!.skewMs);
		t.false(clockDrift!.zoneChanged);
		// The node stamps its start after the release at 0 s; with its offset taken off (never more than the true
		// one), the start cannot land before 0 s. Uncorrected, hv02's start would land 250 ms before it.
		t.true(group!.startedAtS[node]! >= -timerSlackS, `${node} started at ${group!.startedAtS[node]} s`);
	}
});

test('a start skew beyond the plan\'s bound is an infrastructure error, not a result', async t => {
	// No two remote starts are simultaneous to the nanosecond: a negative bound is always exceeded.
	const {data} = await run(-1);
	t.is(data.errors.length, 1);
	t.is(data.errors[0]!.code, 'WORKLOAD_FAILED');
	t.regex(data.errors[0]!.message, /^workloads planned together at 0 s started \d+\.\d ms apart, more than the -1 ms bound$/);
});

test('a capture slow to start does not make the timeline start late: t = 0 is fixed once every capture samples', async t => {
	const startMs = 4000;
	const atS = 1;
	const {data, lines} = await run(undefined, rig => ({
		...twoHosts(rig), durationS: 4,
		captures: [{kind: 'typeperf', node: 'hv01', counters: ['\\Processor Information(_Total)\\% Processor Time'], intervalS: 1, samples: 12}],
		workloads: twoHosts(rig).workloads.slice(0, 1).map(step => ({...step, atS})),
	}), rig => {
		rig.simulation = {...rig.simulation, nodes: {hv01: {typeperfStartMs: startMs}}};
	});
	t.deepEqual(data.errors, []);
	t.true(lines.some(line => /^\[ +0\.\d s\] timeline started/.test(line)), lines.join('\n'));
	// Fixing t = 0 before typeperf printed anything would put the start about startMs late; on time, it is within the
	// release's own latency (a second is far more than any machine needs).
	const startedAtS = data.workloads[0]?.startedAtS;
	t.true(startedAtS !== undefined && startedAtS >= atS - timerSlackS && startedAtS < atS + 1, `started at ${startedAtS} s, planned at ${atS} s`);
	// The samples typeperf printed before t = 0 are kept, stamped against it, in order.
	const times = data.captures[0]!.samples.map(sample => sample.t);
	t.true(times[0]! < 0, times.join(' '));
	t.deepEqual(times, [...times].sort((a, b) => a - b));
	t.true(times.at(-1)! >= data.durationS, times.join(' '));
});
