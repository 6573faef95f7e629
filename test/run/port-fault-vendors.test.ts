import {join} from 'node:path';
import test from 'ava';
import {isHarnessError, type HarnessError} from '../../harness/errors.js';
import type {PortDownStep} from '../../harness/plan/plan.js';
import {systemClock} from '../../harness/run/clock.js';
import {injectPortDown, restorePort, type PortFaultContext} from '../../harness/run/port-fault.js';
import {assertInterlocks, injectionInterlocks} from '../../harness/safety/interlocks.js';
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
		t.truthy(fault.record.confirmedAtS !== undefined && fault.record.restoreConfirmedAtS !== undefined);
	} finally {
		await session.close();
	}
});
