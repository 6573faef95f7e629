// Restore against the simulated rig (real SSH servers, the NX-OS simulator): newest first, confirmed, idempotent.
import {appendFileSync} from 'node:fs';
import {mkdir} from 'node:fs/promises';
import {dirname} from 'node:path';
import test from 'ava';
import {nicDisable, type NicDisableStep} from '../../harness/kinds/faults/nic-disable.js';
import {rdmaDisable, type RdmaDisableStep} from '../../harness/kinds/faults/rdma-disable.js';
import {faultKindOf} from '../../harness/kinds/index.js';
import {loadRig} from '../../harness/rig/load.js';
import type {Rig} from '../../harness/rig/schema.js';
import {cabledTo} from '../../harness/rig/topology.js';
import {FaultJournal} from '../../harness/safety/journal.js';
import {restorePending} from '../../harness/safety/restore.js';
import {startSimulator} from '../../harness/sim/index.js';
import {NxosDriver} from '../../harness/targets/switches/nxos.js';
import {connectDevice} from '../../harness/transport/connect.js';
import {simRig, tempDir} from '../helpers/cli.js';
import {devicesFor, scriptsSent} from '../helpers/fault-devices.js';
import {journalIntent, journalPortDown} from '../helpers/journal.js';

/** The rNIC the rig file cables to a port: the other end of the cable, as the run journals it. */
const cableOf = (rig: Rig, device: string, port: string) => {
	const {node, rnic} = cabledTo(rig, device, port)!;
	return {node: node.name, rnic: rnic.name};
};

const start = async (t: import('ava').ExecutionContext, change: (rig: Rig) => void = () => undefined) => {
	const rig = await loadRig(simRig);
	change(rig);
	const sim = await startSimulator(rig);
	t.teardown(async () => sim.stop());
	const drivers = new Map<string, NxosDriver>();
	for (const device of sim.rig.switches) {
		const transport = await connectDevice(sim.rig, device);
		t.teardown(async () => transport.close());
		drivers.set(device.name, new NxosDriver(device.name, transport));
	}

	const journal = new FaultJournal(await tempDir(), rig.name);
	// Journal, then shut: what the runner does before it is killed.
	const shut = async (device: string, port: string, faultId: string, runId = 'killed-run') => {
		await journalPortDown(journal, {runId, faultId, switch: device, port, cable: cableOf(rig, device, port)});
		await drivers.get(device)!.setPortAdmin(port, false);
	};

	const lines: string[] = [];
	return {sim, drivers, journal, shut, lines, log: (line: string) => lines.push(line)};
};

test('every unrestored fault is undone newest first and confirmed up; a second restore finds nothing to do', async t => {
	const {sim, drivers, journal, shut, lines, log} = await start(t);
	await shut('tor-a', 'Ethernet1/1', 'a');
	await shut('tor-b', 'Ethernet1/2', 'b');
	t.is((await drivers.get('tor-a')!.portStatus('Ethernet1/1')).admin, 'down');
	const outcome = await restorePending({rig: sim.rig, journal, by: 'restore', log});
	t.deepEqual(outcome.restored.map(intent => intent.id), ['killed-run/b', 'killed-run/a']);
	t.deepEqual(outcome.failed, []);
	for (const [device, port] of [['tor-a', 'Ethernet1/1'], ['tor-b', 'Ethernet1/2']] as const) {
		t.like(await drivers.get(device)!.portStatus(port), {admin: 'up', oper: 'up'});
	}

	t.deepEqual(await journal.pending(), []);
	t.true(lines.some(line => line.startsWith('no shutdown on tor-b Ethernet1/2')));
	const again = await restorePending({rig: sim.rig, journal, by: 'restore', log});
	t.deepEqual(again, {restored: [], alreadyUp: [], unrecorded: [], failed: []});
});

test('a port already up (the run\'s teardown got there) is recorded as restored without a command', async t => {
	const {sim, journal, log} = await start(t);
	await journalPortDown(journal, {runId: 'r', faultId: 'a', switch: 'tor-a', port: 'Ethernet1/1', cable: {node: 'hv01', rnic: 'SLOT 3 Port 1'}});
	const before = sim.commands.length;
	const outcome = await restorePending({rig: sim.rig, journal, by: 'restore', log});
	t.is(outcome.restored.length, 1);
	t.deepEqual(outcome.alreadyUp.map(intent => intent.id), ['r/a']);
	t.false(sim.commands.slice(before).some(command => /no shutdown/.test(command.command)));
	const records = await journal.records();
	t.like(records.at(-1), {type: 'restored', id: 'r/a', alreadyUp: true});
});

test('a link that does not come back, or a switch not in the rig file, fails and stays pending', async t => {
	const {sim, journal, shut, log} = await start(t, rig => {
		(rig.simulation as {timings: Record<string, number>}).timings['linkUpMs'] = 60_000;
	});
	await shut('tor-a', 'Ethernet1/1', 'a', 'r');
	await journalPortDown(journal, {runId: 'r', faultId: 'z', switch: 'tor-z', port: 'Ethernet1/1', cable: {node: 'hv01', rnic: 'SLOT 3 Port 1'}});
	const outcome = await restorePending({rig: sim.rig, journal, by: 'restore', log, upWithinMs: 1500});
	t.deepEqual(outcome.restored, []);
	t.deepEqual(outcome.failed.map(({intent, error}) => [intent.id, error.code]), [['r/z', 'INTERLOCK'], ['r/a', 'FAULT_NOT_CONFIRMED']]);
	t.regex(outcome.failed[0]!.error.message, /^refusing to touch tor-z Ethernet1\/1 \(hv01 SLOT 3 Port 1\): tor-z Ethernet1\/1: switch tor-z is not in the rig file/);
	t.regex(outcome.failed[0]!.error.hint!, /restore with the rig file the run used \(sim-converged\).*remove the entry \(id r\/z\) from the journal/);
	t.deepEqual((await journal.pending()).map(intent => intent.id), ['r/a', 'r/z']);
});

test('an entry written before fault kinds (no step, no cable) is undone as a port-down, its cable read from the rig file', async t => {
	const {sim, drivers, journal, lines, log} = await start(t);
	// What the previous rdmalab appended before shutting the port, then died.
	await mkdir(dirname(journal.file), {recursive: true});
	appendFileSync(journal.file, `${JSON.stringify({type: 'intent', id: 'old-run/pull', runId: 'old-run', rig: sim.rig.name, device: 'tor-b', port: 'Ethernet1/2', action: 'shutdown', inverse: 'no shutdown', at: '2026-01-02T03:04:05.000Z'})}\n`);
	await drivers.get('tor-b')!.setPortAdmin('Ethernet1/2', false);
	const outcome = await restorePending({rig: sim.rig, journal, by: 'restore', log});
	t.deepEqual(outcome.restored.map(intent => intent.id), ['old-run/pull']);
	t.deepEqual(outcome.alreadyUp, []);
	t.like(await drivers.get('tor-b')!.portStatus('Ethernet1/2'), {admin: 'up', oper: 'up'});
	t.deepEqual(await journal.pending(), []);
	t.true(lines.includes('no shutdown on tor-b Ethernet1/2 (port-down by run old-run at 2026-01-02T03:04:05.000Z)'), lines.join('\n'));
});

test('faults of the node kinds are undone through their kinds: the NIC enabled again, RDMA back on, each confirmed and recorded', async t => {
	const {sim, journal, lines, log} = await start(t);
	const devices = devicesFor(t, sim.rig);
	const nic: NicDisableStep = {kind: 'nic-disable', id: 'nic', node: 'hv02', rnic: 'SLOT 3 Port 2', atS: 0, restoreAtS: 1};
	const rdma: RdmaDisableStep = {kind: 'rdma-disable', id: 'rdma', node: 'sofs01', rnics: ['Storage A', 'Storage B'], atS: 0, restoreAtS: 1};
	// Journal, then inject, as the runner does before it is killed.
	for (const step of [nic, rdma]) {
		await journalIntent(journal, 'killed-run', step);
		await faultKindOf(step).kind.inject(devices, step);
	}

	t.is((await nicDisable.readBack(devices, nic)).state, 'faulted');
	t.is((await rdmaDisable.readBack(devices, rdma)).state, 'faulted');
	const outcome = await restorePending({rig: sim.rig, journal, by: 'restore', log});
	t.deepEqual(outcome.restored.map(intent => intent.id), ['killed-run/rdma', 'killed-run/nic']);
	t.deepEqual([outcome.alreadyUp, outcome.failed, outcome.unrecorded], [[], [], []]);
	t.deepEqual(await nicDisable.readBack(devices, nic), {state: 'clear', detail: 'Status Up'});
	t.deepEqual(await rdmaDisable.readBack(devices, rdma), {state: 'clear', detail: 'Storage A Enabled true, Storage B Enabled true'});
	t.true(lines.some(line => line.startsWith('Enable-NetAdapter on hv02 SLOT 3 Port 2 (nic-disable by run killed-run')), lines.join('\n'));
	t.true(lines.some(line => line.startsWith('Enable-NetAdapterRdma on sofs01 Storage A, Storage B (rdma-disable ')), lines.join('\n'));
	t.deepEqual(await journal.pending(), []);
	t.deepEqual((await journal.records()).filter(record => record.type === 'restored').map(record => [record.id, record.by]), [['killed-run/rdma', 'restore'], ['killed-run/nic', 'restore']]);
	const again = await restorePending({rig: sim.rig, journal, by: 'restore', log});
	t.deepEqual(again, {restored: [], alreadyUp: [], unrecorded: [], failed: []});
});

test('a node fault the run\'s teardown already undid is recorded as restored without a command', async t => {
	const {sim, journal, log} = await start(t);
	const rdma: RdmaDisableStep = {kind: 'rdma-disable', id: 'rdma', node: 'hv01', rnics: ['SLOT 3 Port 1'], atS: 0, restoreAtS: 1};
	await journalIntent(journal, 'r', rdma);
	const before = sim.commands.length;
	const outcome = await restorePending({rig: sim.rig, journal, by: 'restore', log});
	t.deepEqual(outcome.alreadyUp.map(intent => intent.id), ['r/rdma']);
	t.false(scriptsSent(sim.commands.slice(before), 'hv01').some(script => script.includes('Enable-NetAdapterRdma')));
});
