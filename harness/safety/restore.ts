// Replays the journal: every fault whose restore was never confirmed is undone, newest first (the reverse of how
// they were put in place) by its kind, from the step the journal kept, and each undo is confirmed by reading its
// state back. A fault found already undone is recorded as restored too, so running it twice is harmless. Only targets
// the rig file accounts for are touched, as for a run. The outcome keeps apart what was undone, what was already up, what was put back but could
// not be recorded in the journal, and what could not be restored: the report must say what really happened.
import {errorRecord, formatError, HarnessError, type ErrorRecord} from '../errors.js';
import type {Rig} from '../rig/schema.js';
import type {FaultDevices} from '../kinds/fault-kind.js';
import {faultKindOf} from '../kinds/index.js';
import {confirmState} from '../run/fault-lifecycle.js';
import {systemClock, type Clock} from '../run/clock.js';
import {switchDriver} from '../targets/switches/index.js';
import {WindowsNode} from '../targets/windows-node.js';
import {connectDevice, type ConnectOptions} from '../transport/connect.js';
import type {Transport} from '../transport/types.js';
import {cabledTo} from '../rig/topology.js';
import type {FaultIntent, FaultJournal} from './journal.js';

export interface RestoreOptions {
	rig: Rig;
	journal: FaultJournal;
	/** Recorded with each restore: `restore` or the run that restored first. */
	by: string;
	log: (line: string) => void;
	connect?: ConnectOptions;
	clock?: Clock;
	signal?: AbortSignal;
	/** How long a restored link may take to come up. */
	upWithinMs?: number;
}

export interface RestoreOutcome {
	/** Restored and recorded: `no shutdown` sent and the port read back up, or found up before any command. */
	restored: FaultIntent[];
	/** Of `restored`, the ones found up before any command was sent. */
	alreadyUp: FaultIntent[];
	/** Up (put back and confirmed, or found up) but the journal could not record it: still pending there. */
	unrecorded: Array<{intent: FaultIntent; alreadyUp: boolean; error: ErrorRecord}>;
	/** Not restored. */
	failed: Array<{intent: FaultIntent; error: ErrorRecord}>;
}

export const emptyOutcome = (): RestoreOutcome => ({restored: [], alreadyUp: [], unrecorded: [], failed: []});

/** Adds `more` to `into`, as two restores under one lease (a stale lock's takeover, then the journal) report one. */
export const mergeOutcome = (into: RestoreOutcome, more: RestoreOutcome): void => {
	into.restored.push(...more.restored);
	into.alreadyUp.push(...more.alreadyUp);
	into.unrecorded.push(...more.unrecorded);
	into.failed.push(...more.failed);
};

/**
 * The entry's fault, checked as a run checks it: its kind's refusals (a target the rig file does not account for,
 * the management path). An entry from before fault kinds may lack the cable; the rig file's cabling fills it in.
 */
const faultOf = (rig: Rig, intent: FaultIntent) => {
	const step = intent.step.kind === 'port-down' && intent.step['cable'] === undefined ? withCable(rig, intent.step) : intent.step;
	const {kind, step: parsed} = faultKindOf(step);
	const refusals = kind.refusals(parsed, rig);
	if (refusals.length > 0) {
		throw new HarnessError('INTERLOCK', `refusing to touch ${intent.describe}: ${refusals.map(refusal => refusal.message).join('; ')}`, {
			target: intent.device, hint: `restore with the rig file the run used (${rig.name}); if the rig has changed, check it by hand and remove the entry (id ${intent.id}) from the journal`,
		});
	}

	return {kind, step: parsed};
};

const withCable = (rig: Rig, step: FaultIntent['step']): FaultIntent['step'] => {
	const cabled = cabledTo(rig, String(step['switch']), String(step['port']));
	return cabled === undefined ? step : {...step, cable: {node: cabled.node.name, rnic: cabled.rnic.name}};
};

export const restorePending = async (options: RestoreOptions): Promise<RestoreOutcome> => {
	const {rig, journal, log} = options;
	const clock = options.clock ?? systemClock;
	const pending = (await journal.pending()).reverse();
	const outcome = emptyOutcome();
	const transports: Transport[] = [];
	const connections = new Map<string, Promise<Transport>>();
	const connect = async (name: string, device: Parameters<typeof connectDevice>[1] | undefined): Promise<Transport> => {
		if (device === undefined) {
			throw new HarnessError('INTERNAL', `${name} is not in rig file ${rig.name}`, {target: name});
		}

		let connection = connections.get(name);
		if (connection === undefined) {
			connection = connectDevice(rig, device, options.connect).then(transport => {
				transports.push(transport);
				return transport;
			});
			connections.set(name, connection);
		}

		return connection;
	};

	const devices: FaultDevices = {
		async switchDriver(name) {
			const device = rig.switches.find(candidate => candidate.name === name);
			return switchDriver(device!, await connect(name, device));
		},
		async windowsNode(name) {
			const node = rig.nodes.find(candidate => candidate.name === name);
			return new WindowsNode(node!, await connect(name, node));
		},
	};

	try {
		for (const intent of pending) {
			let upNow: boolean | undefined;
			try {
				const {kind, step} = faultOf(rig, intent);
				const before = await kind.readBack(devices, step, options.signal);
				const alreadyUp = before.state === 'clear';
				if (!alreadyUp) {
					log(`${kind.verbs.undo} ${intent.describe} (${intent.step.kind} by run ${intent.runId} at ${intent.at})`);
					await kind.restore(devices, step, options.signal);
					const withinMs = options.upWithinMs ?? kind.confirmWithinMs.restore;
					const after = await confirmState(kind, devices, step, 'clear', withinMs, clock, options.signal);
					if (!after.reached) {
						throw new HarnessError('FAULT_NOT_CONFIRMED', `${intent.describe}: ${kind.verbs.restore} was sent but it reads ${after.last?.detail ?? 'nothing back'} after ${withinMs / 1000} s`, {
							target: intent.device, hint: 'check it by hand; rdmalab restore will try again next time',
						});
					}
				}

				upNow = alreadyUp;
				await journal.restored(intent.id, options.by, alreadyUp);
				log(`${alreadyUp ? 'already up, no command sent' : 'restored'}: ${intent.describe}`);
				outcome.restored.push(intent);
				if (alreadyUp) {
					outcome.alreadyUp.push(intent);
				}
			} catch (error) {
				if (upNow === undefined) {
					log(`could not restore ${intent.describe}: ${formatError(error)}`);
					outcome.failed.push({intent, error: errorRecord(error)});
				} else {
					// The rig is fine; only the record of it is missing, and saying "not restored" would send people to a working port.
					log(`${intent.describe} is ${upNow ? 'already up' : 'restored and confirmed up'}, but the journal could not be updated: ${formatError(error)}`);
					outcome.unrecorded.push({intent, alreadyUp: upNow, error: errorRecord(error)});
				}
			}
		}
	} finally {
		await Promise.all(transports.map(async transport => transport.close()));
	}

	return outcome;
};
