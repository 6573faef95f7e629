// The switches' view of the fabric on a manual clock: two hosts write to one SOFS node over SMB Direct while a TCP
// stream competes through the same egress port. The counters every vendor's CLI prints must move for the reasons a
// real switch's would: shares by ETS, pauses for the lossless class, drops where there is no PFC.
import test from 'ava';
import {loadRig} from '../../harness/rig/load.js';
import {simConfigSchema} from '../../harness/sim/config.js';
import {Fabric} from '../../harness/sim/fabric.js';
import {findMisconfigs} from '../../harness/sim/misconfigs/index.js';
import {portTraffic, trafficOf} from '../../harness/sim/traffic.js';
import {repoRoot} from '../helpers/paths.js';
import {simRig} from '../helpers/cli.js';

const incast = async (misconfigs: string[] = [], rigFile = simRig) => {
	const rig = await loadRig(rigFile);
	let now = 0;
	const fabric = new Fabric(rig, simConfigSchema.parse(rig.simulation ?? {}), () => now);
	for (const misconfig of findMisconfigs(misconfigs)) {
		misconfig.apply?.(fabric);
	}

	trafficOf(fabric);
	for (const host of ['hv01', 'hv02']) {
		fabric.startWorkload({client: host, share: 'C$', server: 'sofs01', queueDepth: 64, blockSize: 65_536, writePercent: 100, startedAt: 0, endsAt: 20_000});
	}

	const [sender, receiver] = [fabric.adaptersOf('hv01')[0]!, fabric.adaptersOf('sofs01')[0]!];
	const stream = fabric.startStream({from: sender, to: receiver, connections: 16, startedAt: 0, endsAt: 8000});
	const portOf = (node: string) => fabric.adaptersOf(node)[0]!.rnic.cable;
	const nodes = ['hv01', 'hv02', 'sofs01'];
	const snapshot = () => Object.fromEntries(nodes.map(node => [node, portTraffic(fabric, portOf(node).switch, portOf(node).port)]));
	// Rates over (from, to] in ms of every counter of each node's first port, per second. The counters only move
	// forward, as a switch's do: a window is read in one go.
	const rates = (from: number, to: number) => {
		now = from;
		const before = snapshot();
		now = to;
		const after = snapshot();
		return (node: string) => Object.fromEntries(Object.entries(after[node]!).map(([field, values]) => [field, (values as number[]).map((value, index) => (value - (before[node] as unknown as Record<string, number[]>)[field]![index]!) / ((to - from) / 1000))])) as unknown as ReturnType<typeof snapshot>[string];
	};

	return {fabric, stream, receiver, rates, at: (t: number) => {
		now = t;
	}};
};

const mb = (bytesPerS: number | undefined) => (bytesPerS ?? 0) / 1e6;

test('healthy: SMB and the default class split the congested port by their ETS shares, PFC pauses both writers, nothing is dropped in the lossless queue', async t => {
	const {rates, fabric, receiver} = await incast();
	const window = rates(2000, 6000);
	const port = window('sofs01');
	const total = port.queueTxBytes.reduce((sum, value) => sum + value, 0);
	t.true(Math.abs((port.queueTxBytes[3]! / total) - (50 / 99)) < 0.01, `SMB ${mb(port.queueTxBytes[3])} of ${mb(total)} MB/s`);
	t.true(Math.abs((port.queueTxBytes[0]! / total) - (49 / 99)) < 0.01, `default ${mb(port.queueTxBytes[0])} MB/s`);
	t.true(port.queueTxBytes[7]! > 0, 'the heartbeat class transmits');
	t.is(port.queueDrops[3], 0);
	// The link is full: the payload ceiling of 25 Gb/s RoCEv2 with jumbo frames.
	t.true(mb(total) > 3000 && mb(total) < 3130, `${mb(total)} MB/s`);
	for (const host of ['hv01', 'hv02']) {
		const ingress = window(host);
		t.true(ingress.txPause[3]! > 500, `${host} paused ${ingress.txPause[3]} /s`);
		t.deepEqual(ingress.txPause.filter((_, priority) => priority !== 3), [0, 0, 0, 0, 0, 0, 0]);
	}

	// The receiving node sees what the queues sent it.
	const host = fabric.adapterRates('sofs01', 3000, 4000).get(receiver.rnic.name)!;
	t.true(Math.abs(host.rdmaIn - port.queueTxBytes[3]!) / host.rdmaIn < 0.02, `${mb(host.rdmaIn)} vs ${mb(port.queueTxBytes[3])}`);
});

test('work-conserving: once the stream stops SMB takes the whole link', async t => {
	const {rates} = await incast();
	const alone = rates(10_000, 14_000)('sofs01');
	t.true(mb(alone.queueTxBytes[3]) > 3000, `${mb(alone.queueTxBytes[3])} MB/s`);
	t.is(alone.queueTxBytes[0], 0);
});

test('switch-ets-smb-share: SMB gets the switch\'s 30 %, not the rig\'s 50 %', async t => {
	const port = (await incast(['switch-ets-smb-share'])).rates(2000, 6000)('sofs01');
	const total = port.queueTxBytes.reduce((sum, value) => sum + value, 0);
	t.true(Math.abs((port.queueTxBytes[3]! / total) - (30 / 99)) < 0.01, `${port.queueTxBytes[3]! / total}`);
});

test('switch-pfc-auto: no pauses, the lossless queue drops, and RDMA goodput collapses while the queue stays busy', async t => {
	const {rates, fabric} = await incast(['switch-pfc-auto']);
	const window = rates(2000, 6000);
	const port = window('sofs01');
	t.true(port.queueDrops[3]! > 100_000, `${port.queueDrops[3]} drops/s`);
	t.true(mb(port.queueTxBytes[3]) > 1400);
	t.is(window('hv01').txPause[3], 0);
	// Both of the SOFS node's rNICs: what SMB completed against what arrived over RDMA.
	const goodput = fabric.shareRates('sofs01', 3000, 4000).writeBytes;
	const arrived = [...fabric.adapterRates('sofs01', 3000, 4000).values()].reduce((sum, rate) => sum + rate.rdmaIn, 0);
	t.true(goodput < 0.2 * arrived, `${mb(goodput)} MB/s of ${mb(arrived)} MB/s`);
});

test('switch-trust-dscp: SMB and the heartbeats land in the default queue; its own queues carry nothing', async t => {
	const port = (await incast(['switch-trust-dscp'])).rates(2000, 6000)('sofs01');
	t.is(port.queueTxBytes[3], 0);
	t.is(port.queueTxBytes[7], 0);
	t.true(port.queueDrops[0]! > 100_000);
});

test('qos-smb-priority-4: the second host\'s SMB lands in the default queue, the SOFS node still receives it over RDMA', async t => {
	const {rates, fabric, receiver} = await incast(['qos-smb-priority-4']);
	const window = rates(2000, 6000);
	const port = window('sofs01');
	const rdmaIn = fabric.adapterRates('sofs01', 3000, 4000).get(receiver.rnic.name)!.rdmaIn;
	t.true(rdmaIn > 1.3 * port.queueTxBytes[3]!, `${mb(rdmaIn)} received over RDMA, ${mb(port.queueTxBytes[3])} through the SMB queue`);
	t.is(window('hv02').txPause[3], 0, 'the second host is never paused on 3');
	// With priority 4 lossless on the switch too, the switch pauses it there: the host does not honour it.
	const both = (await incast(['qos-smb-priority-4', 'switch-pfc-extra-priority'])).rates(2000, 6000)('hv02');
	t.true(both.txPause[4]! > 0);
});

test('a competing stream is limited by the switch too: its host sees what got through', async t => {
	const {fabric, stream, at} = await incast();
	at(20_000);
	const bytes = fabric.streamBytes(stream, 2000, 6000);
	t.true(bytes / 4 / 1e6 > 1400 && bytes / 4 / 1e6 < 1600, `${bytes / 4 / 1e6} MB/s`);
	t.is(fabric.streamBytes(stream, 9000, 12_000), 0, 'ended');
});

test('every vendor\'s counters come from the same model: NVUE rig, same shares', async t => {
	const port = (await incast([], `${repoRoot}/lab-configs/sim-rig-nvue-switches.yaml`)).rates(2000, 6000)('sofs01');
	const total = port.queueTxBytes.reduce((sum, value) => sum + value, 0);
	t.true(Math.abs((port.queueTxBytes[3]! / total) - (50 / 99)) < 0.01);
});
