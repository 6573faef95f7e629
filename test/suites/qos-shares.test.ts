// The qos-shares plan is a pure function of the rig and the parameters: who writes, where the competing flow goes,
// which switch ports are polled.
import test from 'ava';
import type {SwitchCountersStep} from '../../harness/kinds/captures/switch-counters.js';
import type {CaptureStep, DiskspdStep, NtttcpStep} from '../../harness/plan/plan.js';
import {loadRig} from '../../harness/rig/load.js';
import suite from '../../suites/qos-shares.js';
import {simRig} from '../helpers/cli.js';

const plan = async (settings: Record<string, unknown> = {}) => suite.plan(await loadRig(simRig), suite.params.parse(settings));

test('every host writes to the first SOFS node through its admin share, and ntttcp competes on the congested port\'s network', async t => {
	const {workloads, durationS, windows} = await plan();
	const writes = workloads.filter((step): step is DiskspdStep => step.kind === 'diskspd');
	t.deepEqual(writes.map(step => [step.id, step.node, step.params.targets[0]!.path, step.params.writePercent, step.atS]), [
		['smb-hv01', 'hv01', '\\\\sofs01\\C$\\rdmalab\\rdmalab-qos-hv01.dat', 100, 0],
		['smb-hv02', 'hv02', '\\\\sofs01\\C$\\rdmalab\\rdmalab-qos-hv02.dat', 100, 0],
	]);
	t.is(writes[0]!.params.durationS, 30);
	const tcp = workloads.find((step): step is NtttcpStep => step.kind === 'ntttcp')!;
	t.like(tcp, {node: 'hv01', receiver: 'sofs01', atS: 3, params: {receiverAddress: '10.71.1.21', senderAddress: '10.71.1.11', durationS: 20, warmupS: 0, bufferBytes: 25 * 65_536}});
	t.is(durationS, 33);
	t.deepEqual(windows, [{name: 'contention', fromS: 5, toS: 23}, {name: 'smb-alone', fromS: 25, toS: 33}]);
});

test('the congested port is polled first, with its scheduler, beside the ports of the hosts feeding it; counters on every node', async t => {
	const {captures} = await plan();
	const switches = captures.filter(capture => capture.kind === 'switch-counters') as unknown as SwitchCountersStep[];
	t.deepEqual(switches.map(capture => [capture.switch, capture.ports, capture.readEts]), [['tor-a', ['Ethernet1/11', 'Ethernet1/1', 'Ethernet1/2'], true]]);
	const typeperf = captures.filter(capture => capture.kind === 'typeperf') as unknown as CaptureStep[];
	t.deepEqual(typeperf.map(capture => capture.node), ['hv01', 'hv02', 'sofs01']);
	// The receiving rNIC by bytes received too, for the cross-check with the switch's queues.
	t.true(typeperf[2]!.counters.includes('\\Network Adapter(Mellanox ConnectX-5 Adapter)\\Bytes Received/sec'));
	t.true(captures.every(capture => capture.samples * capture.intervalS >= 33));
});

test('another SOFS node, network, sender and folder can be chosen', async t => {
	const {workloads, captures} = await plan({sofsNode: 'sofs02', network: 'storage-b', tcpHost: 'hv02', targetFolder: 'D:\\CSV\\qos'});
	t.is((workloads[0] as DiskspdStep).params.targets[0]!.path, '\\\\sofs02\\D$\\CSV\\qos\\rdmalab-qos-hv01.dat');
	t.like(workloads.find(step => step.kind === 'ntttcp'), {node: 'hv02', receiver: 'sofs02', params: {receiverAddress: '10.71.2.22', senderAddress: '10.71.2.12'}});
	t.like(captures.find(capture => capture.kind === 'switch-counters'), {switch: 'tor-b', ports: ['Ethernet1/12', 'Ethernet1/1', 'Ethernet1/2']});
});

test('what cannot make an incast is refused, naming what there is', async t => {
	const rig = await loadRig(simRig);
	t.regex(t.throws(() => suite.plan(rig, suite.params.parse({hosts: ['hv01', 'sofs01']})))?.message ?? '', /not Hyper-V hosts of the rig: sofs01/);
	t.regex(t.throws(() => suite.plan(rig, suite.params.parse({sofsNode: 'hv01'})))?.message ?? '', /hv01 has no SOFS node to congest/);
	t.regex(t.throws(() => suite.plan(rig, suite.params.parse({network: 'mgmt'})))?.message ?? '', /sofs01 has no rNIC on mgmt/);
	t.false(suite.params.safeParse({hosts: ['hv01']}).success, 'one host is no incast');
	t.false(suite.params.safeParse({contentionS: 4, settleS: 2}).success, 'too short to judge');
	t.false(suite.params.safeParse({targetFolder: '\\\\server\\share'}).success);
});

test('the same rig and parameters give the same plan', async t => {
	t.deepEqual(await plan({contentionS: 12}), await plan({contentionS: 12}));
});
