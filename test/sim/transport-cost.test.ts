// The host side of the transport model, on a manual clock: where SMB Direct can run, what a lossy RoCE path does to
// it, the CPU each transport costs (the published ratio reproduced), and the RDMA error counters it leaves.
import test from 'ava';
import {loadRig} from '../../harness/rig/load.js';
import {simConfigSchema} from '../../harness/sim/config.js';
import {Fabric} from '../../harness/sim/fabric.js';
import {findMisconfigs} from '../../harness/sim/misconfigs/index.js';
import {advanceRdmaErrorCounts, cpuPercent, logicalProcessors, lossyRoce, rdmaAttemptsFail, rdmaErrorCounts, rdmaPath, roceLoss} from '../../harness/sim/transport-cost.js';
import {simRig} from '../helpers/cli.js';
import {repoRoot} from '../helpers/paths.js';

const iwarpRig = `${repoRoot}/lab-configs/sim-rig-iwarp.yaml`;

/** A fabric with the misconfigurations applied and a 64K read load from every host, on a manual clock. */
const setup = async (misconfigs: string[] = [], options: {rig?: string; blockSize?: number} = {}) => {
	const rig = await loadRig(options.rig ?? simRig);
	let now = 0;
	const fabric = new Fabric(rig, simConfigSchema.parse({}), () => now);
	for (const misconfig of findMisconfigs(misconfigs)) {
		misconfig.apply?.(fabric);
	}

	for (const host of ['hv01', 'hv02']) {
		fabric.startWorkload({client: host, share: 'vmstore', queueDepth: 32, blockSize: options.blockSize ?? 65_536, writePercent: 0, startedAt: 1000, endsAt: 21_000});
	}

	now = 30_000;
	const paths = (host: string) => fabric.sessionOf(host)!.paths;
	/** MB/s over RDMA and TCP through each rNIC of a node, over 5 s of the load. */
	const traffic = (node: string) => Object.fromEntries([...fabric.adapterRates(node, 5000, 10_000)].map(([rnic, rate]) => [rnic, {rdma: Math.round((rate.rdmaIn + rate.rdmaOut) / 1e6), tcp: Math.round((rate.tcpIn + rate.tcpOut) / 1e6)}]));
	return {fabric, paths, traffic};
};

test('healthy: every path runs SMB Direct, lossless, both rNICs of a host carry half each', async t => {
	const {fabric, paths, traffic} = await setup();
	t.true(paths('hv01').every(path => rdmaPath(fabric, path) && !lossyRoce(fabric, path) && !rdmaAttemptsFail(fabric, path)));
	const hv01 = traffic('hv01');
	t.is(hv01['SLOT 3 Port 1']!.tcp, 0);
	// Two 25 Gb/s links at RoCEv2's 97.9 % payload ceiling, within the model's 2 % noise.
	for (const rnic of Object.values(hv01)) {
		t.true(Math.abs(rnic.rdma - 3059) < 80, `${rnic.rdma} MB/s`);
	}
});

test('no SMB Direct where either end has RDMA off, NetworkDirect off globally, or the other technology; only the last fails its attempts', async t => {
	const disabled = await setup(['rnic2-rdma-disabled']);
	t.deepEqual(disabled.paths('hv01').map(path => rdmaPath(disabled.fabric, path)), [true, false]);
	t.false(rdmaAttemptsFail(disabled.fabric, disabled.paths('hv01')[1]!), 'an interface without RDMA does not try');
	// SMB keeps to RDMA while any RDMA channel is up: the second rNIC idles.
	t.like(disabled.traffic('hv01'), {'SLOT 3 Port 2': {rdma: 0, tcp: 0}});

	const globalOff = await setup(['sofs-networkdirect-global-off']);
	t.deepEqual(globalOff.paths('hv01').map(path => rdmaPath(globalOff.fabric, path)), [false, false]);
	t.deepEqual(globalOff.paths('hv02').map(path => rdmaPath(globalOff.fabric, path)), [true, true], 'hv02 talks to sofs02');
	const tcp = globalOff.traffic('hv01');
	t.true(tcp['SLOT 3 Port 1']!.rdma === 0 && tcp['SLOT 3 Port 1']!.tcp > 1000, JSON.stringify(tcp));

	const mismatch = await setup(['rnic-technology-mismatch']);
	const [first, second] = mismatch.paths('hv01');
	t.false(rdmaPath(mismatch.fabric, first!));
	t.true(rdmaAttemptsFail(mismatch.fabric, first!));
	t.true(rdmaPath(mismatch.fabric, second!));
});

test('RoCE is lossy where a receiving host cannot ask for a pause: PFC off on the host, QoS off on the adapter, SMB marked on a priority the receiver does not pause; switch ports are the switch model\'s; iWARP never', async t => {
	for (const misconfig of ['hosts-pfc-off', 'qos-smb-priority-4', 'adapter-qos-disabled']) {
		const {fabric, paths} = await setup([misconfig]);
		t.true([...paths('hv01'), ...paths('hv02')].some(path => lossyRoce(fabric, path)), misconfig);
	}

	for (const misconfig of ['switch-pfc-auto', 'switch-trust-dscp']) {
		const {fabric, paths} = await setup([misconfig]);
		t.false([...paths('hv01'), ...paths('hv02')].some(path => lossyRoce(fabric, path)), misconfig);
	}

	// hv02 marks SMB Direct 4, which nothing pauses: its writes are lost at the SOFS node, reads from it still paused.
	const priority4 = await setup(['qos-smb-priority-4']);
	const hv02 = priority4.paths('hv02')[0]!;
	t.deepEqual([roceLoss(priority4.fabric, hv02, 1, 3e9, 3e9).episodesPerS, roceLoss(priority4.fabric, hv02, 0, 3e9, 3e9).episodesPerS > 0], [0, true]);
	t.deepEqual(roceLoss(priority4.fabric, hv02, 0, 1e9, 3e9), {goodput: 1, episodesPerS: 0}, 'below half load the buffer copes');

	const iwarp = await setup(['hosts-pfc-off'], {rig: iwarpRig});
	t.false(iwarp.paths('hv01').some(path => lossyRoce(iwarp.fabric, path)), 'iWARP recovers from losses over TCP');
	t.true(iwarp.paths('hv01').every(path => rdmaPath(iwarp.fabric, path)));
});

test('a lossy RoCE path under load loses most of its goodput to go-back-N, and its error counters climb at both ends; TCP and idle paths leave them flat', async t => {
	const healthy = await setup();
	const lossy = await setup(['hosts-pfc-off']);
	const rdma = (setupOf: typeof healthy) => Object.values(setupOf.traffic('hv01')).reduce((sum, rnic) => sum + rnic.rdma, 0);
	t.true(rdma(lossy) < 0.4 * rdma(healthy), `${rdma(lossy)} against ${rdma(healthy)} MB/s`);

	const before = rdmaErrorCounts(lossy.fabric, 'hv01', 'SLOT 3 Port 1', 1000);
	const during = rdmaErrorCounts(lossy.fabric, 'hv01', 'SLOT 3 Port 1', 11_000);
	const after = rdmaErrorCounts(lossy.fabric, 'hv01', 'SLOT 3 Port 1', 29_000);
	t.deepEqual(before, {completionQueueErrors: 0, connectionErrors: 0, failedConnectionAttempts: 0}, 'nothing before the load');
	t.true(during.completionQueueErrors > 0 && during.connectionErrors === during.completionQueueErrors, JSON.stringify(during));
	t.true(after.completionQueueErrors >= during.completionQueueErrors, 'raw counts never go back');
	t.is(rdmaErrorCounts(lossy.fabric, 'hv01', 'SLOT 3 Port 1', 29_000).completionQueueErrors, after.completionQueueErrors, 'asking again at the same instant gives the same count');
	t.true(rdmaErrorCounts(lossy.fabric, 'sofs01', 'Storage A', 29_000).connectionErrors > 0, 'the server end of the queue pair sees it too');
	t.deepEqual(rdmaErrorCounts(healthy.fabric, 'hv01', 'SLOT 3 Port 1', 29_000), {completionQueueErrors: 0, connectionErrors: 0, failedConnectionAttempts: 0});
	// The load ended at 21 s: no more losses after it.
	t.is(rdmaErrorCounts(lossy.fabric, 'hv01', 'SLOT 3 Port 2', 22_000).completionQueueErrors, rdmaErrorCounts(lossy.fabric, 'hv01', 'SLOT 3 Port 2', 29_000).completionQueueErrors);
});

test('error counts brought up every second (as the simulator does) are the counts integrated at once, on every rNIC', async t => {
	const stepwise = await setup(['hosts-pfc-off']);
	const atOnce = await setup(['hosts-pfc-off']);
	for (let t = 1000; t <= 29_000; t += 1000) {
		advanceRdmaErrorCounts(stepwise.fabric, t);
	}

	for (const [node, rnic] of [['hv01', 'SLOT 3 Port 1'], ['hv02', 'SLOT 3 Port 2'], ['sofs01', 'Storage A']] as const) {
		const a = rdmaErrorCounts(stepwise.fabric, node, rnic, 29_000);
		const b = rdmaErrorCounts(atOnce.fabric, node, rnic, 29_000);
		t.true(b.completionQueueErrors > 0, `${node} ${rnic}: ${JSON.stringify(b)}`);
		// The same instants are summed in another order: a count may land one either side of a whole number.
		t.true(Math.abs(a.completionQueueErrors - b.completionQueueErrors) <= 1 && Math.abs(a.connectionErrors - b.connectionErrors) <= 1, `${node} ${rnic}: ${JSON.stringify(a)} against ${JSON.stringify(b)}`);
	}
});

test('a client whose peer speaks the other RDMA technology counts two failed connection attempts per retry while it has I/O', async t => {
	const {fabric} = await setup(['rnic-technology-mismatch']);
	t.is(rdmaErrorCounts(fabric, 'hv01', 'SLOT 3 Port 1', 900).failedConnectionAttempts, 0, 'no I/O yet');
	t.is(rdmaErrorCounts(fabric, 'hv01', 'SLOT 3 Port 1', 1100).failedConnectionAttempts, 2, 'at once when the I/O starts');
	t.is(rdmaErrorCounts(fabric, 'hv01', 'SLOT 3 Port 1', 8000).failedConnectionAttempts, 4, 'again 5 s later');
	t.is(rdmaErrorCounts(fabric, 'hv01', 'SLOT 3 Port 2', 8000).failedConnectionAttempts, 0, 'its other path connects');
	t.is(rdmaErrorCounts(fabric, 'sofs01', 'Storage A', 8000).failedConnectionAttempts, 0, 'the server never sees them');
});

test('CPU: idle without load; over TCP a 64K I/O costs about 5.4 times the CPU it costs over RDMA, a 4K one 1.27 times (the published 16,300 against 12,800 IOPS per % CPU)', async t => {
	const costPerGBps = (setupOf: Awaited<ReturnType<typeof setup>>) => {
		const gbps = Object.values(setupOf.traffic('hv01')).reduce((sum, rnic) => sum + rnic.rdma + rnic.tcp, 0) / 1000;
		return (cpuPercent(setupOf.fabric, 'hv01', 5000, 10_000) - cpuPercent(setupOf.fabric, 'hv01', 22_000, 27_000)) / gbps;
	};

	const rdma = await setup();
	t.is(cpuPercent(rdma.fabric, 'hv01', 22_000, 27_000), 2.5, 'idle after the load');
	const tcp = await setup(['sofs-networkdirect-global-off']);
	const ratio = costPerGBps(tcp) / costPerGBps(rdma);
	t.true(ratio > 5.2 && ratio < 5.6, String(ratio));

	const [rdma4k, tcp4k] = [await setup([], {blockSize: 4096}), await setup(['sofs-networkdirect-global-off'], {blockSize: 4096})];
	const ratio4k = costPerGBps(tcp4k) / costPerGBps(rdma4k);
	t.true(Math.abs(ratio4k - (16_300 / 12_800)) < 0.03, String(ratio4k));
	t.true(cpuPercent(tcp.fabric, 'hv01', 5000, 10_000) < 100 && logicalProcessors === 16);
});
