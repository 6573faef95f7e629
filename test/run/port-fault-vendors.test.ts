import {join} from 'node:path';
import test from 'ava';
import {isHarnessError, type HarnessError} from '../../harness/errors.js';
import type {PortDownStep} from '../../harness/plan/plan.js';
import {systemClock} from '../../harness/run/clock.js';
import {injectPortDown, restorePort, type PortFaultContext} from '../../harness/run/port-fault.js';
import {assertInterlocks, cabledTo, injectionInterlocks} from '../../harness/safety/interlocks.js';
import {RunRecorder} from '../../harness/run/recorder.js';
import type {FaultRecord} from '../../harness/run/run-data.js';
import {TeardownStack} from '../../harness/run/teardown.js';
import {FaultJournal} from '../../harness/safety/journal.js';
import {simRig, tempDir} from '../helpers/cli.js';
import {repoRoot} from '../helpers/paths.js';
import {openSwitches, type SwitchSession} from '../helpers/switch-sim.js';

const mixedRig = join(repoRoot, 'lab-configs', 'sim-rig-mixed-switches.yaml');

const context = async (session: SwitchSession, switchName: string, port: string, node = 'sofs02'): Promise<PortFaultContext> => {
	const step: PortDownStep = {kind: 'port-down', id: 'f1', switch: switchName, port, cable: {node, rnic: 'Storage B'}, atS: 0, restoreAtS: 5};
	const record: FaultRecord = {id: step.id, switch: step.switch, port: step.port, cable: step.cable};
	return {
		driver: session.drivers.get(switchName)!, step, record, teardown: new TeardownStack(),
		recorder: new RunRecorder(await tempDir()), clock: systemClock, log() {/* not needed */},
		// The runner's guard: the interlocks against the rig file, with no other fault in place.
		guard: candidate => assertInterlocks(injectionInterlocks(session.sim.rig, candidate, [], false), session.sim.rig),
	};
};

const shutCommands = (session: SwitchSession) => session.sim.commands.filter(record => /shutdown|link state down/.test(record.command));

test('a port already down is refused with the switch as target and a hint, and nothing is sent to it', async t => {
	const session = await openSwitches(simRig, ['switch-port-shut']);
	try {
		// switch-port-shut shuts the port of the first SOFS node's last rNIC.
		const fault = await context(session, 'tor-b', 'Ethernet1/11', 'sofs01');
		const error = await t.throwsAsync(injectPortDown(fault, AbortSignal.timeout(30_000)));
		t.true(isHarnessError(error));
		t.is((error as HarnessError).code, 'FAULT_NOT_CONFIRMED');
		t.is((error as HarnessError).target, 'tor-b');
		t.regex(error!.message, /refusing to shut tor-b Ethernet1\/11 \(sofs01 Storage B\): it is already down \(admin down/);
		t.truthy((error as HarnessError).hint);
		t.deepEqual(shutCommands(session), []);
		t.deepEqual(fault.teardown.pending, []);
	} finally {
		await session.close();
	}
});

test('a port the rig file does not cable is refused before any command reaches the switch', async t => {
	const session = await openSwitches(mixedRig);
	try {
		const fault = await context(session, 'tor-b', 'Ethernet120');
		const before = session.sim.commands.length;
		const error = await t.throwsAsync(injectPortDown(fault, AbortSignal.timeout(30_000)));
		t.true(isHarnessError(error));
		t.is((error as HarnessError).code, 'INTERLOCK');
		t.regex(error!.message, /\[unknown-target\] tor-b Ethernet120: no rNIC in the rig file is cabled to this port/);
		t.regex((error as HarnessError).hint!, /nothing was touched/);
		t.is(session.sim.commands.length, before);
	} finally {
		await session.close();
	}
});

test('a cabled port that is up is shut, confirmed down, restored and confirmed up (SONiC)', async t => {
	const session = await openSwitches(mixedRig);
	try {
		const fault = await context(session, 'tor-b', 'Ethernet44');
		const entry = await injectPortDown(fault, AbortSignal.timeout(30_000));
		t.is((await fault.driver.portStatus('Ethernet44')).admin, 'down');
		t.is(fault.teardown.pending.length, 1);
		await restorePort(fault, entry, AbortSignal.timeout(30_000));
		t.is((await fault.driver.portStatus('Ethernet44')).oper, 'up');
		t.deepEqual(fault.teardown.pending, []);
		// Shut, confirmed down, no shut, confirmed up: in that order on the record, however long each step took.
		const {injectedAtS, confirmedAtS, restoredAtS, restoreConfirmedAtS} = fault.record;
		const times = [injectedAtS, confirmedAtS, restoredAtS, restoreConfirmedAtS];
		t.false(times.includes(undefined), JSON.stringify(fault.record));
		t.deepEqual([...times].sort((a, b) => a! - b!), times);
	} finally {
		await session.close();
	}
});

test('before a shutdown every port the rig cables to an rNIC is read: one this run did not shut is refused by name, its own faults are not (EOS and SONiC)', async t => {
	const session = await openSwitches(mixedRig);
	try {
		const journal = new FaultJournal(await tempDir(), session.sim.rig.name);
		const rigPorts = {rig: session.sim.rig, switches: session.drivers};
		const fault = async (switchName: string, port: string, node: string, id: string) => {
			const {rnic} = cabledTo(session.sim.rig, switchName, port)!;
			return {
				...await context(session, switchName, port, node), step: {kind: 'port-down' as const, id, switch: switchName, port, cable: {node, rnic: rnic.name}, atS: 0, restoreAtS: 5},
				journal: {journal, runId: 'run-1'}, rigPorts,
			};
		};
		// Two faults of one run in place at once: the second finds the first down and goes ahead.
		const first = await fault('tor-a', 'Ethernet1', 'hv01', 'f1');
		const firstEntry = await injectPortDown(first, AbortSignal.timeout(30_000));
		const second = await fault('tor-b', 'Ethernet4', 'hv02', 'f2');
		const secondEntry = await injectPortDown(second, AbortSignal.timeout(30_000));
		t.is((await session.drivers.get('tor-b')!.portStatus('Ethernet4')).admin, 'down');
		await restorePort(second, secondEntry, AbortSignal.timeout(30_000));
		await restorePort(first, firstEntry, AbortSignal.timeout(30_000));

		// A port shut by someone else (here by hand, on the SONiC switch): the next fault is refused, naming it.
		await session.drivers.get('tor-b')!.setPortAdmin('Ethernet40', false);
		const shutsBefore = shutCommands(session).length;
		const third = await fault('tor-a', 'Ethernet2', 'hv02', 'f3');
		const error = await t.throwsAsync(injectPortDown(third, AbortSignal.timeout(30_000)));
		t.is((error as HarnessError).code, 'INTERLOCK');
		t.is((error as HarnessError).target, 'tor-a');
		t.regex(error!.message, /refusing to shut tor-a Ethernet2 \(hv02 SLOT 3 Port 1\): 1 other port\(s\) the rig file cables to an rNIC are down and this run did not shut them:\n {2}tor-b Ethernet40 \(sofs01 Storage B\): admin down, link down/);
		t.regex((error as HarnessError).hint!, /another run may be faulting this rig .*nothing was shut/);
		t.is(shutCommands(session).length, shutsBefore, 'nothing was sent to shut tor-a Ethernet2');
		t.deepEqual(third.teardown.pending, []);
		t.deepEqual((await journal.pending()).map(intent => intent.id), [], 'nothing was journaled');
		t.is((await session.drivers.get('tor-a')!.portStatus('Ethernet2')).admin, 'up');
	} finally {
		await session.close();
	}
});
