// The switch-counters capture polls the ports it names onto the run's timeline and into its CSV, with the counters
// moving as the simulated fabric carries traffic; a read that fails is the capture's error, never a crash.
import {readFileSync} from 'node:fs';
import {join} from 'node:path';
import test from 'ava';
import {switchCounters} from '../../harness/kinds/captures/switch-counters.js';
import type {FaultDevices} from '../../harness/kinds/fault-kind.js';
import {loadRig} from '../../harness/rig/load.js';
import {RunRecorder} from '../../harness/run/recorder.js';
import {startSimulator} from '../../harness/sim/index.js';
import {switchDriver} from '../../harness/targets/switches/index.js';
import type {SwitchDriver} from '../../harness/targets/switch.js';
import {connectDevice} from '../../harness/transport/connect.js';
import {simRig, tempDir} from '../helpers/cli.js';

const devicesWith = (driver: SwitchDriver): FaultDevices => ({
	switchDriver: async () => driver,
	windowsNode: async () => Promise.reject(new Error('no node here')),
});

test('polls PFC and queue counters of the named ports onto the timeline and into counters/<switch>.switch.csv', async t => {
	const sim = await startSimulator(await loadRig(simRig));
	t.teardown(async () => sim.stop());
	const device = sim.rig.switches.find(candidate => candidate.name === 'tor-a')!;
	const transport = await connectDevice(sim.rig, device);
	t.teardown(async () => transport.close());
	const folder = join(await tempDir(), 'run');
	const recorder = new RunRecorder(folder);
	const step = switchCounters.step.parse({kind: 'switch-counters', switch: 'tor-a', ports: ['Ethernet1/1', 'Ethernet1/2'], intervalS: 1, samples: 3});
	const capture = await switchCounters.start({devices: devicesWith(switchDriver(device, transport)), clockOf: () => undefined, recorder, signal: new AbortController().signal, now: Date.now}, step, undefined);
	await capture.firstSample;
	await capture.done;
	await recorder.close();
	t.is(capture.data.error, undefined);
	t.is(capture.data.samples.length, 3);
	t.true(capture.data.columns.includes('Ethernet1/1 pfc 3 rx pause'));
	t.true(capture.data.columns.includes('Ethernet1/2 queue 3 tx bytes'));
	// One sample per interval, in order, each a value for every column.
	const times = capture.data.samples.map(sample => sample.t);
	t.deepEqual([...times].sort((a, b) => a - b), times);
	t.true(capture.data.samples.every(sample => sample.values.length === capture.data.columns.length && sample.values.every(value => typeof value === 'number')));
	const csv = readFileSync(join(folder, 'counters', 'tor-a.switch.csv'), 'utf8').trim().split('\n');
	t.is(csv.length, 4);
	t.true(csv[0]!.startsWith('time_utc,t_s,poll read ms,Ethernet1/1 pfc'));
	// Each sample says how long its reads took: its stamp (their middle) is uncertain by half of that.
	t.is(capture.data.columns[0], 'poll read ms');
	t.true(capture.data.samples.every(sample => sample.values[0]! >= 0 && sample.values[0]! < 30_000));
	t.is(capture.data.ets, undefined, 'the scheduler is read only when asked');
	t.is(capture.data.file, 'counters/tor-a.switch.csv');
	t.is(capture.data.kind, 'switch-counters');
});

test('with readEts the scheduler of each port is read before the capture and kept with it', async t => {
	const sim = await startSimulator(await loadRig(simRig));
	t.teardown(async () => sim.stop());
	const device = sim.rig.switches.find(candidate => candidate.name === 'tor-a')!;
	const transport = await connectDevice(sim.rig, device);
	t.teardown(async () => transport.close());
	const recorder = new RunRecorder(join(await tempDir(), 'run'));
	const step = switchCounters.step.parse({kind: 'switch-counters', switch: 'tor-a', ports: ['Ethernet1/11'], intervalS: 1, samples: 1, readEts: true});
	const run = {devices: devicesWith(switchDriver(device, transport)), clockOf: () => undefined, recorder, signal: new AbortController().signal, now: Date.now};
	const ets = await switchCounters.prepare(run, step);
	const capture = await switchCounters.start(run, step, ets);
	await capture.done;
	await recorder.close();
	t.deepEqual(capture.data.ets?.['Ethernet1/11']?.find(entry => entry.priorities.includes(3)), {trafficClass: 3, priorities: [3], algorithm: 'ets', bandwidthPercent: 50});
});

test('a switch that stops answering is the capture\'s error, named, and the capture ends', async t => {
	const failing = {
		pfcCounters: async () => Promise.reject(new Error('tor-a: SSH connection lost')),
		queueCounters: async () => [],
	} as unknown as SwitchDriver;
	const recorder = new RunRecorder(join(await tempDir(), 'run'));
	const step = switchCounters.step.parse({kind: 'switch-counters', switch: 'tor-a', ports: ['Ethernet1/1'], intervalS: 1, samples: 5});
	const capture = await switchCounters.start({devices: devicesWith(failing), clockOf: () => undefined, recorder, signal: new AbortController().signal, now: Date.now}, step, undefined);
	await t.throwsAsync(capture.firstSample);
	await capture.done;
	await recorder.close();
	t.regex(capture.data.error?.message ?? '', /SSH connection lost/);
	t.is(capture.data.samples.length, 0);
});
