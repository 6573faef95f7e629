// The fault lifecycle with the port-down kind against simulated switches of several vendors (real SSH on loopback),
// with the runner's guard (the interlocks) and its rig check (no other cabled port down but this run's faults).
import {join} from 'node:path';
import test from 'ava';
import {isHarnessError, type HarnessError} from '../../harness/errors.js';
import type {FaultDevices, FaultStepBase} from '../../harness/kinds/fault-kind.js';
import type {PortDownStep} from '../../harness/kinds/faults/port-down.js';
import {faultKindOf} from '../../harness/kinds/index.js';
import {systemClock} from '../../harness/run/clock.js';
import {injectFault, restoreFault, type FaultContext} from '../../harness/run/fault-lifecycle.js';
import {RunRecorder} from '../../harness/run/recorder.js';
import type {FaultRecord} from '../../harness/run/run-data.js';
import {TeardownStack} from '../../harness/run/teardown.js';
import {assertInterlocks, cabledTo, injectionInterlocks} from '../../harness/safety/interlocks.js';
import {FaultJournal} from '../../harness/safety/journal.js';
import {expectedDown, unexpectedlyDown, unexpectedlyDownError} from '../../harness/safety/rig-ports.js';
import {simRig, tempDir} from '../helpers/cli.js';
import {portDownStep} from '../helpers/journal.js';
import {repoRoot} from '../helpers/paths.js';
import {openSwitches, type SwitchSession} from '../helpers/switch-sim.js';

const mixedRig = join(repoRoot, 'lab-configs', 'sim-rig-mixed-switches.yaml');

const devicesOf = (session: SwitchSession): FaultDevices => ({
	switchDriver: async name => session.drivers.get(name)!,
	async windowsNode(name) {
		throw new Error(`port-down asked for node ${name}`);
	},
});

/**
 * The context the runner builds (harness/run/runner.ts): the guard is the interlocks against the faults in place;
 * with `rigCheck`, every other cabled port must be up but those this run's faults in place take down (here: its
 * unrestored journal entries).
 */
const context = async (session: SwitchSession, step: PortDownStep, extra: {journal?: FaultJournal; rigCheck?: boolean} = {}): Promise<FaultContext> => {
	const {rig} = session.sim;
	const {kind, step: parsed} = faultKindOf(step);
	const record: FaultRecord = {id: step.id, kind: step.kind, target: kind.describe(parsed), step};
	const inPlace = async (): Promise<FaultStepBase[]> => (await extra.journal?.pending() ?? []).filter(intent => intent.runId === 'run-1').map(intent => intent.step);
	return {
		kind, step: parsed, record, devices: devicesOf(session), teardown: new TeardownStack(),
		recorder: new RunRecorder(await tempDir()), clock: systemClock, log() {/* not needed */},
		guard: () => assertInterlocks(injectionInterlocks(rig, parsed, [], false), rig),
		...(extra.journal ? {journal: {journal: extra.journal, runId: 'run-1'}} : {}),
		...(extra.rigCheck ? {async rigCheck(signal: AbortSignal) {
			const down = await unexpectedlyDown(rig, session.drivers, expectedDown(rig, [...await inPlace(), parsed]), signal);
			if (down.length > 0) {
				throw unexpectedlyDownError(kind.device(parsed).name, `${kind.verbs.inject} ${kind.describe(parsed)}`, down);
			}
		}} : {}),
	};
};

const cabled = (session: SwitchSession, switchName: string, port: string, id = 'f1') => {
	const {node, rnic} = cabledTo(session.sim.rig, switchName, port)!;
	return portDownStep(id, switchName, port, {node: node.name, rnic: rnic.name}, 0, 5);
};

const shutCommands = (session: SwitchSession) => session.sim.commands.filter(record => /shutdown|link state down/.test(record.command));

test('a port already down is refused with the switch as target and a hint, and nothing is sent to it', async t => {
	const session = await openSwitches(simRig, ['switch-port-shut']);
	try {
		// switch-port-shut shuts the port of the first SOFS node's last rNIC.
		const fault = await context(session, cabled(session, 'tor-b', 'Ethernet1/11'));
		const error = await t.throwsAsync(injectFault(fault, AbortSignal.timeout(30_000)));
		t.true(isHarnessError(error));
		t.is((error as HarnessError).code, 'FAULT_NOT_CONFIRMED');
		t.is((error as HarnessError).target, 'tor-b');
		t.regex(error!.message, /refusing to shut tor-b Ethernet1\/11 \(sofs01 Storage B\): it is not in its normal state \(admin down, link down/);
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
		const fault = await context(session, portDownStep('f1', 'tor-b', 'Ethernet120', {node: 'sofs02', rnic: 'Storage B'}, 0, 5));
		const before = session.sim.commands.length;
		const error = await t.throwsAsync(injectFault(fault, AbortSignal.timeout(30_000)));
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
		const fault = await context(session, cabled(session, 'tor-b', 'Ethernet44'));
		const driver = session.drivers.get('tor-b')!;
		const entry = await injectFault(fault, AbortSignal.timeout(30_000));
		t.is((await driver.portStatus('Ethernet44')).admin, 'down');
		t.is(fault.teardown.pending.length, 1);
		await restoreFault(fault, entry, AbortSignal.timeout(30_000));
		t.is((await driver.portStatus('Ethernet44')).oper, 'up');
		t.deepEqual(fault.teardown.pending, []);
		t.truthy(fault.record.confirmedAtS !== undefined && fault.record.restoreConfirmedAtS !== undefined);
	} finally {
		await session.close();
	}
});

test('before a shutdown every port the rig cables to an rNIC is read: one this run did not shut is refused by name, its own faults are not (EOS and SONiC)', async t => {
	const session = await openSwitches(mixedRig);
	try {
		const journal = new FaultJournal(await tempDir(), session.sim.rig.name);
		const fault = async (switchName: string, port: string, id: string) => context(session, cabled(session, switchName, port, id), {journal, rigCheck: true});
		// Two faults of one run in place at once: the second finds the first down and goes ahead.
		const first = await fault('tor-a', 'Ethernet1', 'f1');
		const firstEntry = await injectFault(first, AbortSignal.timeout(30_000));
		const second = await fault('tor-b', 'Ethernet4', 'f2');
		const secondEntry = await injectFault(second, AbortSignal.timeout(30_000));
		t.is((await session.drivers.get('tor-b')!.portStatus('Ethernet4')).admin, 'down');
		await restoreFault(second, secondEntry, AbortSignal.timeout(30_000));
		await restoreFault(first, firstEntry, AbortSignal.timeout(30_000));

		// A port shut by someone else (here by hand, on the SONiC switch): the next fault is refused, naming it.
		await session.drivers.get('tor-b')!.setPortAdmin('Ethernet40', false);
		const shutsBefore = shutCommands(session).length;
		const third = await fault('tor-a', 'Ethernet2', 'f3');
		const error = await t.throwsAsync(injectFault(third, AbortSignal.timeout(30_000)));
		t.is((error as HarnessError).code, 'INTERLOCK');
		t.is((error as HarnessError).target, 'tor-a');
		t.regex(error!.message, /tor-a Ethernet2 \(hv02 SLOT 3 Port 1\): 1 other port\(s\) the rig file cables to an rNIC are down and this run did not take them down:\n {2}tor-b Ethernet40 \(sofs01 Storage B\): admin down, link down/);
		t.regex((error as HarnessError).hint!, /another run may be faulting this rig .*nothing was touched/);
		t.is(shutCommands(session).length, shutsBefore, 'nothing was sent to shut tor-a Ethernet2');
		t.deepEqual(third.teardown.pending, []);
		t.deepEqual((await journal.pending()).map(intent => intent.id), [], 'nothing was journaled');
		t.is((await session.drivers.get('tor-a')!.portStatus('Ethernet2')).admin, 'up');
	} finally {
		await session.close();
	}
});

// The runner's rig check says what it refused in the kind's own words, once: `refusing to shut tor-a Ethernet2 ...`
// (`refusing to disable hv01 SLOT 3 Port 1 ...` for a nic-disable), never `refusing to shut shut ...`.
test('the rig check\'s refusal names the fault once, in its kind\'s own verb', async t => {
	const session = await openSwitches(mixedRig);
	try {
		await session.drivers.get('tor-b')!.setPortAdmin('Ethernet40', false);
		const fault = await context(session, cabled(session, 'tor-a', 'Ethernet2'), {journal: new FaultJournal(await tempDir(), session.sim.rig.name), rigCheck: true});
		const error = await t.throwsAsync(injectFault(fault, AbortSignal.timeout(30_000)));
		t.regex(error!.message, /^refusing to shut tor-a Ethernet2 \(hv02 SLOT 3 Port 1\): 1 other port/);
	} finally {
		await session.close();
	}
});
