import test from 'ava';
import {loadRig} from '../../harness/rig/load.js';
import {simConfigSchema} from '../../harness/sim/config.js';
import {Fabric} from '../../harness/sim/fabric.js';
import {simRig} from '../helpers/cli.js';

// A fabric on a manual clock: every instant is chosen by the test, so the model is checked exactly.
const setup = async (timings = {failoverDetectionMs: 1500, channelReaddMs: 3000, linkUpMs: 800}) => {
	const rig = await loadRig(simRig);
	let now = 0;
	const fabric = new Fabric(rig, simConfigSchema.parse({timings}), () => now);
	const host = rig.nodes.find(node => node.role === 'hyperv-host')!;
	const session = fabric.sessionOf(host.name)!;
	const workload = fabric.startWorkload({client: host.name, share: rig.sofs.shares[0]!.name, queueDepth: 64, blockSize: 4096, writePercent: 0, startedAt: 0, endsAt: 60_000});
	const rates = (from: number, to: number) => [...fabric.adapterRates(host.name, from, to).values()].map(rate => rate.rdmaIn);
	return {rig, fabric, host, session, workload, rates, at: (t: number) => {
		now = t;
	}};
};

test('a healthy session has one RDMA path per storage subnet, and the I/O splits evenly across them', async t => {
	const {session, fabric, rates} = await setup();
	t.is(session.paths.length, 2);
	t.deepEqual(fabric.carriers(session, 4096, 1000).map(carrier => [carrier.transport, carrier.share]), [['rdma', 0.5], ['rdma', 0.5]]);
	const [first, second] = rates(1000, 2000);
	t.true(first! > 0 && second! > 0);
	t.true(Math.abs(first! - second!) / (first! + second!) < 0.05, `${first} vs ${second}`);
});

test('a shut port drops the link at once; no shutdown brings it back after linkUpMs, the channel after channelReaddMs', async t => {
	const {fabric, host, session, at} = await setup();
	const {cable} = host.rnics[0]!;
	const path = session.paths[0]!;
	at(10_000);
	fabric.setPortAdmin(cable.switch, cable.port, false);
	t.false(fabric.portAdmin(cable.switch, cable.port));
	t.false(fabric.linkUp(path.client, 10_000));
	t.is(fabric.pathState(path, 10_500), 'failing');
	t.is(fabric.pathState(path, 11_600), 'down');

	at(20_000);
	fabric.setPortAdmin(cable.switch, cable.port, true);
	t.false(fabric.linkUp(path.client, 20_700));
	t.true(fabric.linkUp(path.client, 20_800));
	t.is(fabric.pathState(path, 23_700), 'pending');
	t.is(fabric.pathState(path, 23_800), 'active');
	t.true(fabric.portAdmin(cable.switch, cable.port, 15_000) === false && fabric.portAdmin(cable.switch, cable.port, 9000), 'history answers for past instants');
});

test('I/O on the lost channel stalls for the detection time, then the surviving rNIC carries it all; it rebalances after re-add', async t => {
	const {fabric, host, workload, rates, at} = await setup();
	const {cable} = host.rnics[0]!;
	at(10_000);
	fabric.setPortAdmin(cable.switch, cable.port, false);
	at(20_000);
	fabric.setPortAdmin(cable.switch, cable.port, true);
	at(40_000);

	const buckets = fabric.ioBuckets(workload, 0, 40_000, 100);
	const iops = (fromMs: number, toMs: number) => buckets.filter(bucket => bucket.endMs > fromMs && bucket.endMs <= toMs).reduce((sum, bucket) => sum + bucket.reads, 0) / ((toMs - fromMs) / 1000);
	// The stalled half completes when it is replayed, with the whole stall as its latency.
	const replay = buckets.find(bucket => bucket.endMs === 11_600)!;
	t.is(Math.round(replay.maxMs), 1500);
	t.true(iops(15_000, 19_000) > 0.8 * iops(2000, 9000) / 2, 'the surviving link carries at least its share');

	const [during1, during2] = rates(15_000, 19_000);
	t.is(during1, 0);
	t.true(during2! > 0);
	const [after1, after2] = rates(30_000, 39_000);
	t.true(Math.abs(after1! - after2!) / (after1! + after2!) < 0.05, 'balanced again after the channel is re-added');
});

test('without re-add the restored rNIC stays idle; without RDMA on it, traffic stays on the other', async t => {
	const noReadd = await setup();
	noReadd.fabric.behavior.channelReadd = false;
	const {cable} = noReadd.host.rnics[0]!;
	noReadd.at(5000);
	noReadd.fabric.setPortAdmin(cable.switch, cable.port, false);
	noReadd.at(8000);
	noReadd.fabric.setPortAdmin(cable.switch, cable.port, true);
	t.is(noReadd.fabric.pathState(noReadd.session.paths[0]!, 30_000), 'pending');
	t.is(noReadd.rates(20_000, 30_000)[0], 0);

	const noRdma = await setup();
	noRdma.fabric.adapter(noRdma.host.name, noRdma.host.rnics[1]!.name).rdmaEnabled = false;
	t.deepEqual(noRdma.fabric.carriers(noRdma.session, 4096, 1000).map(carrier => carrier.path.client.rnic.name), [noRdma.host.rnics[0]!.name]);
});

test('on a share that is not continuously available, I/O in flight on the lost channel fails after detection', async t => {
	const {fabric, host, workload, at} = await setup();
	for (const share of fabric.shares.values()) {
		share.continuouslyAvailable = false;
	}

	const {cable} = host.rnics[0]!;
	at(10_000);
	fabric.setPortAdmin(cable.switch, cable.port, false);
	at(12_000);
	t.is(fabric.workloadError(workload, 11_000), undefined);
	t.is(fabric.workloadError(workload), 11_500);
});
