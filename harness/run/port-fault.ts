// Pulling a cable by shutting its switch port, and putting it back. The undo action is registered before the
// shutdown is sent (if the answer is lost, the port is still restored), and both directions are confirmed by
// reading the port state back: a fault that did not take, or a restore that did not, is an error. Before the
// shutdown the interlocks are checked again, the port and every other port the rig cables to an rNIC are read (none
// may be down but the faults this run put in place), and the intent is written to the fault journal, so a crash at
// any point leaves either nothing to undo or a journal entry `rdmalab restore` can undo.
import {HarnessError} from '../errors.js';
import type {PortDownStep} from '../plan/plan.js';
import type {Rig} from '../rig/schema.js';
import type {FaultJournal} from '../safety/journal.js';
import {unexpectedlyDown, unexpectedlyDownError, type DownPort, type SwitchPort} from '../safety/rig-ports.js';
import type {PortControl, PortStatus} from '../targets/switch.js';
import {pollUntil, type Clock} from './clock.js';
import type {RunRecorder} from './recorder.js';
import type {FaultRecord} from './run-data.js';
import type {TeardownEntry, TeardownStack} from './teardown.js';

export interface PortFaultContext {
	driver: PortControl;
	step: PortDownStep;
	record: FaultRecord;
	teardown: TeardownStack;
	recorder: RunRecorder;
	clock: Clock;
	log: (line: string) => void;
	/** Where the intent is recorded before the shutdown and the confirmed restore after. */
	journal?: {journal: FaultJournal; runId: string};
	/** Throws when the fault may not be injected now (interlocks, checked again against the faults in place). */
	guard?: (step: PortDownStep) => void;
	/**
	 * The rig and a driver for every switch it cables an rNIC to: before the shutdown, none of those ports may be down
	 * but this one and the faults this run has in place (its unrestored journal entries).
	 */
	rigPorts?: {rig: Rig; switches: ReadonlyMap<string, PortControl>};
}

export const downWithinMs = 15_000;
export const upWithinMs = 60_000;

/** Polls the port until its link is `oper`; undefined at the deadline. */
export const confirmPort = async (driver: PortControl, port: string, oper: 'up' | 'down', withinMs: number, clock: Clock, signal?: AbortSignal): Promise<PortStatus | undefined> => pollUntil(async () => {
	const status = await driver.portStatus(port, signal);
	return status.oper === oper && status.admin === oper ? status : undefined;
}, clock.monotonic() + withinMs, clock, signal);

const describe = (step: PortDownStep) => `${step.switch} ${step.port} (${step.cable.node} ${step.cable.rnic})`;

const waitFor = async (context: PortFaultContext, oper: 'up' | 'down', withinMs: number, signal?: AbortSignal) =>
	confirmPort(context.driver, context.step.port, oper, withinMs, context.clock, signal);

const journalId = (context: PortFaultContext) => `${context.journal!.runId}/${context.step.id}`;

/** Brings the port back and confirms it; used by the timeline and by the teardown stack. */
const bringUp = async (context: PortFaultContext, signal?: AbortSignal): Promise<void> => {
	const {step, record, recorder, clock} = context;
	await context.driver.setPortAdmin(step.port, true, signal);
	record.restoredAtS ??= recorder.toRunTime(clock.now());
	recorder.event('fault-restore-sent', {fault: step.id, switch: step.switch, port: step.port});
	const status = await waitFor(context, 'up', upWithinMs, signal);
	if (status === undefined) {
		throw new HarnessError('FAULT_NOT_CONFIRMED', `${describe(step)}: no shutdown was sent but the link is not up after ${upWithinMs / 1000} s`, {
			target: step.switch, hint: 'check the port, the optic and the rNIC; the harness has removed its own fault',
		});
	}

	record.restoreConfirmedAtS = recorder.toRunTime(clock.now());
	try {
		await context.journal?.journal.restored(journalId(context), 'run');
	} catch (error) {
		// The port is up: say so, or the operator goes looking for a shut port that is not there.
		throw new HarnessError('IO', `${describe(step)} is back up and confirmed, but the journal could not be updated: ${(error as Error).message}`, {
			target: context.journal!.journal.file, cause: error, hint: 'the journal still lists the fault: once it is writable, rdmalab restore finds the port up and records it',
		});
	}

	recorder.event('fault-restored', {fault: step.id, switch: step.switch, port: step.port});
	context.log(`link back up: ${describe(step)}`);
};

/** This run's faults in place: its journal entries not yet restored. */
const ownFaults = async (context: PortFaultContext): Promise<SwitchPort[]> => {
	if (context.journal === undefined) {
		return [];
	}

	const {journal, runId} = context.journal;
	return (await journal.pending()).filter(intent => intent.runId === runId).map(intent => ({switch: intent.device, port: intent.port}));
};

const otherPortsDown = async (context: PortFaultContext, signal: AbortSignal): Promise<DownPort[]> => {
	if (context.rigPorts === undefined) {
		return [];
	}

	const {step} = context;
	return unexpectedlyDown(context.rigPorts.rig, context.rigPorts.switches, [{switch: step.switch, port: step.port}, ...await ownFaults(context)], signal);
};

export const injectPortDown = async (context: PortFaultContext, signal: AbortSignal): Promise<TeardownEntry> => {
	const {step, record, recorder, clock, teardown} = context;
	context.guard?.(step);
	// The port itself and the rest of the rig, read together: the check must not delay the fault more than it has to.
	const [own, others] = await Promise.allSettled([context.driver.portStatus(step.port, signal), otherPortsDown(context, signal)]);
	if (own.status === 'rejected') {
		throw own.reason;
	}

	const before = own.value;
	if (before.admin === 'down' || before.oper === 'down') {
		throw new HarnessError('FAULT_NOT_CONFIRMED', `refusing to shut ${describe(step)}: it is already down (admin ${before.admin}, link ${before.oper}${before.reason ? `, ${before.reason}` : ''})`, {
			target: step.switch, hint: 'the rig is not in the state the suite starts from; bring the port up (or find out why it is down) and run again',
		});
	}

	if (others.status === 'rejected') {
		throw others.reason;
	}

	if (others.value.length > 0) {
		throw unexpectedlyDownError(step.switch, describe(step), others.value);
	}

	// Journal first: if it cannot be written, nothing has been touched yet.
	if (context.journal) {
		await context.journal.journal.intent({id: journalId(context), runId: context.journal.runId, device: step.switch, port: step.port, cable: step.cable});
	}

	const entry = teardown.push(`no shutdown on ${step.switch} ${step.port}`, async () => bringUp(context));
	recorder.event('fault-intent', {fault: step.id, switch: step.switch, port: step.port, cable: step.cable});
	await context.driver.setPortAdmin(step.port, false, signal);
	record.injectedAtS = recorder.toRunTime(clock.now());
	recorder.event('fault-sent', {fault: step.id});
	const status = await waitFor(context, 'down', downWithinMs, signal);
	if (status === undefined) {
		throw new HarnessError('FAULT_NOT_CONFIRMED', `${describe(step)}: shutdown was sent but the port is still up after ${downWithinMs / 1000} s`, {target: step.switch});
	}

	record.confirmedAtS = recorder.toRunTime(clock.now());
	recorder.event('fault-confirmed', {fault: step.id});
	context.log(`port shut: ${describe(step)}`);
	return entry;
};

export const restorePort = async (context: PortFaultContext, entry: TeardownEntry, signal: AbortSignal): Promise<void> => {
	// Once no shutdown is sent and the port read back, the harness's own fault is gone, whether or not the link
	// comes back. If the restore was cut short (the run stopping, a lost connection), the teardown entry stays, so
	// teardown sends it again (harmless) and confirms it, on a fresh connection if need be.
	try {
		await bringUp(context, signal);
		context.teardown.remove(entry);
	} catch (error) {
		// Confirmed up but not journaled: sending no shutdown again would change nothing.
		if ((error instanceof HarnessError && error.code === 'FAULT_NOT_CONFIRMED') || context.record.restoreConfirmedAtS !== undefined) {
			context.teardown.remove(entry);
		}

		throw error;
	}
};
