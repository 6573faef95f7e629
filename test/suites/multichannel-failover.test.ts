// The failover suite's plan is a pure function of the rig and the parameters.
import test from 'ava';
import type {CaptureStep, DiskspdStep} from '../../harness/plan/plan.js';
import {loadRig} from '../../harness/rig/load.js';
import suite from '../../suites/multichannel-failover.js';
import {simRig} from '../helpers/cli.js';

const plan = async (settings: Record<string, unknown> = {}) => suite.plan(await loadRig(simRig), suite.params.parse(settings));

test('the port shut is the one cabled to the host\'s first rNIC, for the planned window', async t => {
	const {faults, workloads, durationS} = await plan();
	t.deepEqual(faults, [{kind: 'port-down', id: 'pull-rnic-1', switch: 'tor-a', port: 'Ethernet1/1', cable: {node: 'hv01', rnic: 'SLOT 3 Port 1'}, atS: 15, restoreAtS: 25}]);
	const diskspd = workloads[0] as DiskspdStep;
	t.is(diskspd.params.targets[0]!.path, '\\\\sofs\\vmstore\\rdmalab-hv01.dat');
	t.is(diskspd.params.durationS, 50);
	t.is(durationS, 55);
	const other = await plan({host: 'hv02'});
	t.like(other.faults[0], {switch: 'tor-a', port: 'Ethernet1/2', cable: {node: 'hv02', rnic: 'SLOT 3 Port 1'}});
});

test('counters are captured on the host and on every SOFS node, per rNIC, with perfmon\'s instance names', async t => {
	const {captures} = await plan();
	const typeperf = captures.filter(capture => capture.kind === 'typeperf') as unknown as CaptureStep[];
	t.deepEqual(typeperf.map(capture => capture.node), ['hv01', 'sofs01', 'sofs02']);
	const host = typeperf[0]!.counters;
	t.true(host.includes('\\RDMA Activity(Mellanox ConnectX-4 Lx Ethernet Adapter #2)\\RDMA Inbound Bytes/sec'));
	// Network Adapter instances mangle '#' to '_' (Test-NetStack); RDMA Activity keeps the description as is.
	t.true(host.includes('\\Network Adapter(Mellanox ConnectX-4 Lx Ethernet Adapter _2)\\Bytes Total/sec'));
	t.true(captures.every(capture => capture.samples * capture.intervalS >= 55));
	// And the switch side of both of the host's paths, for the queue chart.
	t.deepEqual(captures.filter(capture => capture.kind === 'switch-counters').map(capture => [capture['switch'], capture['ports']]), [['tor-a', ['Ethernet1/1']], ['tor-b', ['Ethernet1/1']]]);
});

test('with fault=nic-disable the first rNIC is disabled on the host, and no switch is read', async t => {
	const planned = await plan({fault: 'nic-disable'});
	t.like(planned.faults[0], {kind: 'nic-disable', node: 'hv01', rnic: 'SLOT 3 Port 1'});
	t.false(planned.captures.some(capture => capture.kind === 'switch-counters'));
});

test('the same rig and parameters give the same plan', async t => {
	t.deepEqual(await plan({holdS: 12}), await plan({holdS: 12}));
});

test('parameters that would leave a verdict unjudgeable are refused', t => {
	const short = suite.params.safeParse({holdS: 4});
	t.false(short.success);
	const noTime = suite.params.safeParse({postFaultS: 10});
	t.false(noTime.success);
	t.true(suite.params.safeParse({holdS: 8, thresholds: {maxStallMs: 5000}}).success);
});

test('a host that is not in the rig is a usage error naming the hosts there are', async t => {
	const rig = await loadRig(simRig);
	const error = t.throws(() => suite.plan(rig, suite.params.parse({host: 'sofs01'})));
	t.regex(error?.message ?? '', /sofs01 has no Hyper-V host to test/);
});
