// The RDMA offload suite's plan: a pure function of the rig and the parameters.
import test from 'ava';
import {certificationSteps} from '../../harness/cli/certify-command.js';
import {isDiskspdStep, type CaptureStep} from '../../harness/plan/plan.js';
import type {DiskspdParams} from '../../harness/workloads/diskspd/args.js';
import {loadRig} from '../../harness/rig/load.js';
import suite from '../../suites/rdma-offload.js';
import {simRig} from '../helpers/cli.js';

const plan = async (settings: Record<string, unknown> = {}) => suite.plan(await loadRig(simRig), suite.params.parse(settings));

test('phase A from every host at once, RDMA off on every host rNIC, phase B the same load, RDMA back on after it', async t => {
	const planned = await plan({idleS: 3, warmupS: 2, phaseS: 6, settleS: 3});
	t.deepEqual(planned.workloads.map(step => [step.id, step.node, step.atS]), [['phase-a-hv01', 'hv01', 3], ['phase-a-hv02', 'hv02', 3], ['phase-b-hv01', 'hv01', 15], ['phase-b-hv02', 'hv02', 15]]);
	const [a, b] = planned.workloads.filter(isDiskspdStep).filter(step => step.node === 'hv01').map(step => step.params) as [DiskspdParams, DiskspdParams];
	t.like(a, {blockSize: 65_536, threads: 4, outstanding: 8, writePercent: 0, pattern: 'sequential', durationS: 6, warmupS: 2});
	t.deepEqual({...a, targets: []}, {...b, targets: []}, 'the same workload in both phases');
	t.deepEqual([a.targets[0]!.path, b.targets[0]!.path], ['\\\\sofs\\vmstore\\rdmalab-hv01-phase-a.dat', '\\\\sofs\\vmstore\\rdmalab-hv01-phase-b.dat']);
	// One step per rNIC, after phase A's diskspd has ended (3 + 2 + 6 s) and restored once phase B's has, with a
	// second per host of slack for the steps before it.
	t.deepEqual(planned.faults.map(step => [step.id, step['node'], step['rnics'], step.atS, step.restoreAtS]), [
		['rdma-off-hv01-1', 'hv01', ['SLOT 3 Port 1'], 12, 26],
		['rdma-off-hv01-2', 'hv01', ['SLOT 3 Port 2'], 12, 26],
		['rdma-off-hv02-1', 'hv02', ['SLOT 3 Port 1'], 12, 26],
		['rdma-off-hv02-2', 'hv02', ['SLOT 3 Port 2'], 12, 26],
	]);
	t.deepEqual(planned.windows, [{name: 'idle', fromS: 0, toS: 3}, {name: 'phase-a', fromS: 5, toS: 11}, {name: 'rdma-off', fromS: 12, toS: 26}, {name: 'phase-b', fromS: 17, toS: 23}]);
	t.is(planned.durationS, 29);
	t.true(planned.faults.every(step => step.kind === 'rdma-disable'));
});

test('counters: every node\'s rNIC traffic and error counters and its CPU; the hosts\' SMB client counters of the share', async t => {
	const {captures, durationS} = await plan();
	const typeperf = captures as unknown as CaptureStep[];
	t.deepEqual(typeperf.map(capture => capture.node), ['hv01', 'hv02', 'sofs01', 'sofs02']);
	const [host, sofs] = [typeperf[0]!.counters, typeperf[2]!.counters];
	t.true(host.includes('\\RDMA Activity(Mellanox ConnectX-4 Lx Ethernet Adapter #2)\\RDMA Completion Queue Errors'));
	t.true(host.includes('\\Network Adapter(Mellanox ConnectX-4 Lx Ethernet Adapter _2)\\Bytes Total/sec'));
	t.true(host.includes('\\SMB Client Shares(\\\\sofs\\vmstore)\\Read Bytes transmitted via SMB Direct/sec'));
	t.true(host.includes('\\Hyper-V Hypervisor Logical Processor(_Total)\\% Total Run Time'), 'a Hyper-V host\'s physical CPU');
	t.true(sofs.includes('\\Processor Information(_Total)\\% Processor Time'));
	t.false(sofs.some(counter => counter.startsWith('\\SMB Client Shares')));
	t.true(typeperf.every(capture => capture.samples * capture.intervalS >= durationS + 5));
});

test('hosts and share by name; one host alone', async t => {
	const one = await plan({hosts: 'hv02', share: 'VMSTORE'});
	t.deepEqual(one.workloads.map(step => step.node), ['hv02', 'hv02']);
	t.deepEqual(one.faults.map(step => step['node']), ['hv02', 'hv02']);
	t.deepEqual((one.captures as unknown as CaptureStep[]).map(capture => capture.node), ['hv02', 'sofs01', 'sofs02']);
	const rig = await loadRig(simRig);
	t.throws(() => suite.plan(rig, suite.params.parse({hosts: ['hv01', 'sofs01']})), {message: 'not a Hyper-V host of the rig: sofs01'});
	t.throws(() => suite.plan(rig, suite.params.parse({share: 'nope'})), {message: 'share nope is not in the rig file'});
});

test('phases too short to hold the samples a mean needs are refused', t => {
	// Three samples need four intervals of phase, two need three of idle: a window holds one less as the samples fall.
	t.false(suite.params.safeParse({phaseS: 7, idleS: 6, sampleIntervalS: 2}).success);
	t.false(suite.params.safeParse({phaseS: 8, idleS: 5, sampleIntervalS: 2}).success);
	t.true(suite.params.safeParse({phaseS: 8, idleS: 6, sampleIntervalS: 2}).success);
	t.like(suite.params.parse({}), {phaseS: 30, blockSize: '64K', thresholds: {minRdmaSharePct: 95, minRnicRdmaPctOfEven: 25, minOffloadRatio: 2, minThroughputPctOfCeiling: 70}});
});

test('certification: quick reads with short phases; full reads and writes with the suite\'s own timings', async t => {
	const rig = await loadRig(simRig);
	const quick = certificationSteps(rig, 'quick', ['rdma-offload']);
	t.deepEqual(quick.map(step => step.label), ['read-64k']);
	t.like(quick[0]!.params, {phaseS: 6, writePercent: 0});
	const full = certificationSteps(rig, 'full', ['rdma-offload']);
	t.deepEqual(full.map(step => [step.label, (step.params as {writePercent: number}).writePercent, (step.params as {phaseS: number}).phaseS]), [['read-64k', 0, 30], ['write-64k', 100, 30]]);
	t.regex((await plan({writePercent: 100})).notes[0]!, /^hv01, hv02 write sequential 64K blocks on \\\\sofs\\vmstore/);
});
