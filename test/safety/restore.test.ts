// Restore against the simulated rig (real SSH servers, the NX-OS simulator): newest first, confirmed, idempotent.
import test from 'ava';
import {loadRig} from '../../harness/rig/load.js';
import type {Rig} from '../../harness/rig/schema.js';
import {FaultJournal} from '../../harness/safety/journal.js';
import {restorePending} from '../../harness/safety/restore.js';
import {startSimulator} from '../../harness/sim/index.js';
import {NxosDriver} from '../../harness/targets/switches/nxos.js';
import {connectDevice} from '../../harness/transport/connect.js';
import {simRig, tempDir} from '../helpers/cli.js';

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
	const shut = async (device: string, port: string, id: string) => {
		await journal.intent({id, runId: 'killed-run', device, port});
		await drivers.get(device)!.setPortAdmin(port, false);
	};

	const lines: string[] = [];
	return {sim, drivers, journal, shut, lines, log: (line: string) => lines.push(line)};
};

test('every unrestored fault is undone newest first and confirmed up; a second restore finds nothing to do', async t => {
	const {sim, drivers, journal, shut, lines, log} = await start(t);
	await shut('tor-a', 'Ethernet1/1', 'killed-run/a');
	await shut('tor-b', 'Ethernet1/2', 'killed-run/b');
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
	await journal.intent({id: 'r/a', runId: 'r', device: 'tor-a', port: 'Ethernet1/1'});
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
	await shut('tor-a', 'Ethernet1/1', 'r/a');
	await journal.intent({id: 'r/z', runId: 'r', device: 'tor-z', port: 'Ethernet1/1'});
	const outcome = await restorePending({rig: sim.rig, journal, by: 'restore', log, upWithinMs: 1500});
	t.deepEqual(outcome.restored, []);
	t.deepEqual(outcome.failed.map(({intent, error}) => [intent.id, error.code]), [['r/z', 'USAGE'], ['r/a', 'FAULT_NOT_CONFIRMED']]);
	t.regex(outcome.failed[0]!.error.message, /switch tor-z, which is not in rig file sim-converged/);
	t.deepEqual((await journal.pending()).map(intent => intent.id), ['r/a', 'r/z']);
});
