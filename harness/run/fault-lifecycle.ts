// The lifecycle every fault goes through, whatever its kind. Before it is injected: the interlocks again (against
// the faults actually in place), its own state read back (it must be clear), the rest of the rig read (nothing else
// may be down), and its intent written to the fault journal; its undo is on the teardown stack before the first
// command is sent, so a lost answer still gets it undone. Both directions are confirmed by reading the state back: a
// fault that did not take, or a restore that did not, is an error. A crash at any point leaves either nothing to undo
// or a journal entry `rdmalab restore` can undo without the suite.
import {HarnessError} from '../errors.js';
import type {FaultDevices, FaultKind, FaultReading, FaultStepBase} from '../kinds/fault-kind.js';
import type {FaultJournal} from '../safety/journal.js';
import {pollUntil, type Clock} from './clock.js';
import type {RunRecorder} from './recorder.js';
import type {FaultRecord} from './run-data.js';
import type {TeardownEntry, TeardownStack} from './teardown.js';

export interface FaultContext {
	kind: FaultKind;
	step: FaultStepBase;
	record: FaultRecord;
	devices: FaultDevices;
	teardown: TeardownStack;
	recorder: RunRecorder;
	clock: Clock;
	log: (line: string) => void;
	/** Where the intent is recorded before the fault and the confirmed restore after. */
	journal?: {journal: FaultJournal; runId: string};
	/** Throws when the fault may not be injected now (interlocks, against the faults in place). */
	guard?: () => void;
	/** Throws when something else on the rig is down that this run did not do (read while the fault's own state is). */
	rigCheck?: (signal: AbortSignal) => Promise<void>;
}

/** Polls the read-back until it shows `state`; the last reading and whether it got there. */
export const confirmState = async (kind: FaultKind, devices: FaultDevices, step: FaultStepBase, state: FaultReading['state'], withinMs: number, clock: Clock, signal?: AbortSignal): Promise<{reached: boolean; last?: FaultReading}> => {
	let last: FaultReading | undefined;
	const reached = await pollUntil(async () => {
		last = await kind.readBack(devices, step, signal);
		return last.state === state ? last : undefined;
	}, clock.monotonic() + withinMs, clock, signal);
	return {reached: reached !== undefined, ...(last === undefined ? {} : {last})};
};

const journalId = (context: FaultContext) => `${context.journal!.runId}/${context.step.id}`;

/** Restores the fault and confirms it; used by the timeline and by the teardown stack. */
const restoreAndConfirm = async (context: FaultContext, signal?: AbortSignal): Promise<void> => {
	const {kind, step, record, recorder, clock} = context;
	const what = kind.describe(step);
	record.restoreSentAtS ??= recorder.toRunTime(clock.now());
	await kind.restore(context.devices, step, signal);
	record.restoredAtS ??= recorder.toRunTime(clock.now());
	recorder.event('fault-restore-sent', {fault: step.id, kind: step.kind, target: what});
	const withinMs = kind.confirmWithinMs.restore;
	const confirmed = await confirmState(kind, context.devices, step, 'clear', withinMs, clock, signal);
	if (!confirmed.reached) {
		throw new HarnessError('FAULT_NOT_CONFIRMED', `${what}: ${kind.verbs.restore} was sent but it reads ${confirmed.last?.detail ?? 'nothing back'} after ${withinMs / 1000} s`, {
			target: kind.device(step).name, hint: 'check the device by hand; the harness has sent its own undo',
		});
	}

	record.restoreConfirmedAtS = recorder.toRunTime(clock.now());
	try {
		await context.journal?.journal.restored(journalId(context), 'run');
	} catch (error) {
		// The rig is fine: say so, or the operator goes looking for a fault that is not there.
		throw new HarnessError('IO', `${what} is back and confirmed, but the journal could not be updated: ${(error as Error).message}`, {
			target: context.journal!.journal.file, cause: error, hint: 'the journal still lists the fault: once it is writable, rdmalab restore finds it restored and records it',
		});
	}

	recorder.event('fault-restored', {fault: step.id, kind: step.kind, target: what});
	context.log(`${kind.verbs.restored}: ${what}`);
};

/** Injects the fault and confirms it; undefined when its kind leaves a fault found in place as it is (nothing to undo). */
export const injectFault = async (context: FaultContext, signal: AbortSignal): Promise<TeardownEntry | undefined> => {
	const {kind, step, record, recorder, clock, teardown} = context;
	const what = kind.describe(step);
	const device = kind.device(step).name;
	context.guard?.();
	// The fault's own state and the rest of the rig, read together: the checks must not delay the fault more than they have to.
	const [own, others] = await Promise.allSettled([kind.readBack(context.devices, step, signal), context.rigCheck?.(signal)]);
	if (own.status === 'rejected') {
		throw own.reason;
	}

	if (own.value.state === 'faulted' && kind.foundInPlace === 'leave' && others.status === 'fulfilled') {
		record.foundInPlace = true;
		recorder.event('fault-found-in-place', {fault: step.id, kind: step.kind, target: what, detail: own.value.detail});
		context.log(`${what}: ${kind.verbs.injected} already, before this run (${own.value.detail}); left as found, neither injected nor restored`);
		return undefined;
	}

	if (own.value.state !== 'clear') {
		throw new HarnessError('FAULT_NOT_CONFIRMED', `refusing to ${kind.verbs.inject} ${what}: it is not in its normal state (${own.value.detail})`, {
			target: device, hint: 'the rig is not in the state the suite starts from; put it back (or find out why it is so) and run again',
		});
	}

	if (others.status === 'rejected') {
		throw others.reason;
	}

	// Journal first: if it cannot be written, nothing has been touched yet.
	if (context.journal) {
		await context.journal.journal.intent({id: journalId(context), runId: context.journal.runId, step: step as FaultStepBase & Record<string, unknown>, device, describe: what});
	}

	const entry = teardown.push(`${kind.verbs.undo} ${what}`, async () => restoreAndConfirm(context));
	recorder.event('fault-intent', {fault: step.id, kind: step.kind, target: what, step});
	record.injectSentAtS = recorder.toRunTime(clock.now());
	await kind.inject(context.devices, step, signal);
	record.injectedAtS = recorder.toRunTime(clock.now());
	recorder.event('fault-sent', {fault: step.id});
	const withinMs = kind.confirmWithinMs.inject;
	const confirmed = await confirmState(kind, context.devices, step, 'faulted', withinMs, clock, signal);
	if (!confirmed.reached) {
		throw new HarnessError('FAULT_NOT_CONFIRMED', `${what}: ${kind.verbs.inject} was sent but it reads ${confirmed.last?.detail ?? 'nothing back'} after ${withinMs / 1000} s`, {target: device});
	}

	record.confirmedAtS = recorder.toRunTime(clock.now());
	recorder.event('fault-confirmed', {fault: step.id});
	context.log(`${kind.verbs.injected}: ${what}`);
	return entry;
};

export const restoreFault = async (context: FaultContext, entry: TeardownEntry | undefined, signal: AbortSignal): Promise<void> => {
	// A fault found in place was never injected: the rig stays as it was found.
	if (entry === undefined) {
		return;
	}

	// Once the undo is sent and read back, the harness's own fault is gone. If the restore was cut short (the run
	// stopping, a lost connection), the teardown entry stays, so teardown sends it again (harmless) and confirms it,
	// on a fresh connection if need be.
	try {
		await restoreAndConfirm(context, signal);
		context.teardown.remove(entry);
	} catch (error) {
		// Not confirmed after its undo, or confirmed but not journaled: sending the undo again would change nothing.
		if ((error instanceof HarnessError && error.code === 'FAULT_NOT_CONFIRMED') || context.record.restoreConfirmedAtS !== undefined) {
			context.teardown.remove(entry);
		}

		throw error;
	}
};
