// Every switch driver against its simulated switch over SSH on loopback, as the runner connects to it.
import {join} from 'node:path';
import test from 'ava';
import {isHarnessError, type HarnessError} from '../../../harness/errors.js';
import {runCli, type SwitchDriver} from '../../../harness/targets/switch.js';
import {connectDevice} from '../../../harness/transport/connect.js';
import {simRig} from '../../helpers/cli.js';
import {repoRoot} from '../../helpers/paths.js';
import {openSwitches} from '../../helpers/switch-sim.js';

const rigs = {
	nxos: {file: simRig, switch: 'tor-a', port: 'Ethernet1/1', node: 'hv01'},
	eos: {file: join(repoRoot, 'lab-configs', 'sim-rig-mixed-switches.yaml'), switch: 'tor-a', port: 'Ethernet1', node: 'hv01'},
	sonic: {file: join(repoRoot, 'lab-configs', 'sim-rig-mixed-switches.yaml'), switch: 'tor-b', port: 'Ethernet0', node: 'hv01'},
	nvue: {file: join(repoRoot, 'lab-configs', 'sim-rig-nvue-switches.yaml'), switch: 'tor-a', port: 'swp1', node: 'hv01'},
	os10: {file: join(repoRoot, 'lab-configs', 'sim-rig-os10-switches.yaml'), switch: 'tor-a', port: 'ethernet1/1/1', node: 'hv01'},
	onyx: {file: join(repoRoot, 'lab-configs', 'sim-rig-onyx-switches.yaml'), switch: 'tor-a', port: 'Eth1/1', node: 'hv01'},
} as const;

const sleep = async (ms: number) => new Promise(resolve => {
	setTimeout(resolve, ms);
});

const waitFor = async (driver: SwitchDriver, port: string, oper: 'up' | 'down') => {
	for (let attempt = 0; attempt < 60; attempt++) {
		const status = await driver.portStatus(port);
		if (status.oper === oper) {
			return status;
		}

		await sleep(100);
	}

	return driver.portStatus(port);
};

for (const [vendor, rig] of Object.entries(rigs)) {
	test.serial(`${vendor}: shut and no shut are confirmed by reading the port back`, async t => {
		const session = await openSwitches(rig.file);
		try {
			const driver = session.drivers.get(rig.switch)!;
			t.is(driver.vendor, vendor as SwitchDriver['vendor']);
			const up = await driver.portStatus(rig.port);
			t.like(up, {admin: 'up', oper: 'up'});
			t.is(up.speedGbps, 25, 'the link speed in Gb/s, a number, whatever the vendor prints');
			await driver.setPortAdmin(rig.port, false);
			const down = await waitFor(driver, rig.port, 'down');
			t.like(down, {admin: 'down', oper: 'down'});
			if (vendor === 'nxos' || vendor === 'os10') {
				// NX-OS prints eth_speed "auto-speed" and OS10 "LineSpeed 0" for a down port: unknown, never a speed.
				t.is(down.speedGbps, undefined);
			}
			await driver.setPortAdmin(rig.port, true);
			t.like(await waitFor(driver, rig.port, 'up'), {admin: 'up', oper: 'up'});
		} finally {
			await session.close();
		}
	});

	test.serial(`${vendor}: DCB state of a healthy port, and counters that move with the traffic`, async t => {
		const session = await openSwitches(rig.file);
		try {
			const driver = session.drivers.get(rig.switch)!;
			const {fabric} = session.sim;
			t.like(await driver.pfc(rig.port), {mode: 'on', oper: true, priorities: [3]});
			t.is(await driver.trust(rig.port), 'cos');
			t.true(await driver.mtu(rig.port) >= 9014);
			const smb = (await driver.ets(rig.port)).find(entry => entry.priorities.includes(3));
			t.like(smb, {algorithm: 'ets', bandwidthPercent: 50});
			const neighbors = await driver.lldpNeighbors(rig.port);
			t.is(neighbors.length, 1);
			t.is(neighbors[0]!.systemName, rig.node);

			// Every host writing to one SOFS node congests that node's port: its SMB queue carries their data, and the
			// switch pauses the writers (PFC) on their own ports, this host's among them.
			const sofs = fabric.rig.nodes.find(node => node.name === fabric.rig.sofs.nodes[0])!;
			const congested = sofs.rnics.find(rnic => rnic.cable.switch === rig.switch)!.cable.port;
			const queueOf = (queues: Awaited<ReturnType<SwitchDriver['queueCounters']>>) => queues.find(queue => queue.queue === smb!.trafficClass)!.txBytes;
			const pauses = (counters: Awaited<ReturnType<SwitchDriver['pfcCounters']>>) => counters.filter(entry => entry.priority === 3 || entry.priority === 'all').reduce((sum, entry) => sum + entry.rxPause + entry.txPause, 0);
			const queuesBefore = queueOf(await driver.queueCounters(congested));
			const pausesBefore = pauses(await driver.pfcCounters(rig.port));
			const now = fabric.now();
			for (const host of fabric.rig.nodes.filter(node => node.role === 'hyperv-host')) {
				fabric.startWorkload({client: host.name, share: 'C$', server: sofs.name, queueDepth: 64, blockSize: 65_536, writePercent: 100, startedAt: now, endsAt: now + 60_000});
			}

			await sleep(400);
			const queuesAfter = queueOf(await driver.queueCounters(congested));
			const pausesAfter = pauses(await driver.pfcCounters(rig.port));
			t.true(queuesAfter > queuesBefore + 100_000_000, `SMB queue bytes ${queuesBefore} → ${queuesAfter}`);
			t.true(pausesAfter > pausesBefore, `pause frames ${pausesBefore} → ${pausesAfter}`);
			await sleep(200);
			t.true(queueOf(await driver.queueCounters(congested)) > queuesAfter);
		} finally {
			await session.close();
		}
	});

	test.serial(`${vendor}: a port name not in the vendor's format never reaches the switch`, async t => {
		const session = await openSwitches(rig.file);
		try {
			const driver = session.drivers.get(rig.switch)!;
			const before = session.sim.commands.length;
			for (const bad of ['Ethernet1/1; reload', 'swp1 && reboot', 'Ethernet0\nshutdown']) {
				const error = await t.throwsAsync(driver.setPortAdmin(bad, false));
				t.true(isHarnessError(error));
				t.is((error as HarnessError).code, 'USAGE');
				t.is((error as HarnessError).target, rig.switch);
			}

			t.is(session.sim.commands.length, before);
		} finally {
			await session.close();
		}
	});
}

test.serial('onyx: a session starts in standard mode, so `configure terminal` without `enable` is refused and changes nothing', async t => {
	const session = await openSwitches(rigs.onyx.file);
	try {
		const device = session.sim.rig.switches.find(candidate => candidate.name === rigs.onyx.switch)!;
		const transport = await connectDevice(session.sim.rig, device);
		try {
			await t.throwsAsync(runCli(transport, device.name, 'configure terminal\ninterface ethernet 1/1\nshutdown\nexit\nexit'), {message: /Unrecognized command "configure terminal"/});
			t.like(await session.drivers.get(rigs.onyx.switch)!.portStatus(rigs.onyx.port), {admin: 'up'});
		} finally {
			await transport.close();
		}
	} finally {
		await session.close();
	}
});
