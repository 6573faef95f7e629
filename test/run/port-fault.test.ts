import {join} from 'node:path';
import test from 'ava';
import {isHarnessError, type HarnessError} from '../../harness/errors.js';
import type {PortDownStep} from '../../harness/plan/plan.js';
import {systemClock} from '../../harness/run/clock.js';
import {assertCabledPort, injectPortDown, restorePort, type PortFaultContext} from '../../harness/run/port-fault.js';
import {RunRecorder} from '../../harness/run/recorder.js';
import type {FaultRecord} from '../../harness/run/run-data.js';
import {TeardownStack} from '../../harness/run/teardown.js';
import {simRig, tempDir} from '../helpers/cli.js';
import {repoRoot} from '../helpers/paths.js';
import {openSwitches, type SwitchSession} from '../helpers/switch-sim.js';

const mixedRig = join(repoRoot, 'lab-configs', 'sim-rig-mixed-switches.yaml');

const context = async (session: SwitchSession, switchName: string, port: string, node = 'sofs02'): Promise<PortFaultContext> => {
	const step: PortDownStep = {kind: 'port-down', id: 'f1', switch: switchName, port, cable: {node, rnic: 'Storage B'}, atS: 0, restoreAtS: 5};
	const record: FaultRecord = {id: step.id, switch: step.switch, port: step.port, cable: step.cable};
	return {
		rig: session.sim.rig, driver: session.drivers.get(switchName)!, step, record, teardown: new TeardownStack(),
		recorder: new RunRecorder(await tempDir()), clock: systemClock, log() {/* not needed */},
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
		t.is((error as HarnessError).code, 'USAGE');
		t.is((error as HarnessError).target, 'tor-b');
		t.regex(error!.message, /refusing to shut tor-b Ethernet120: the rig file cables no rNIC to it/);
		t.regex((error as HarnessError).hint!, /sim-converged-mixed-switches/);
		t.is(session.sim.commands.length, before);
	} finally {
		await session.close();
	}
});

test('assertCabledPort names the rNIC at the other end of a cabled port', async t => {
	const session = await openSwitches(mixedRig);
	try {
		t.deepEqual(assertCabledPort(session.sim.rig, 'tor-b', 'Ethernet80'), {node: 'bk01', rnic: 'Backup B'});
		t.throws(() => assertCabledPort(session.sim.rig, 'tor-a', 'Ethernet80'), {message: /cables no rNIC/});
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
		t.truthy(fault.record.confirmedAtS !== undefined && fault.record.restoreConfirmedAtS !== undefined);
	} finally {
		await session.close();
	}
});
