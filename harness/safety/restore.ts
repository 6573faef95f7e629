// Replays the journal: every fault whose restore was never confirmed is undone, newest first (the reverse of how
// they were put in place), and each undo is confirmed by reading the port back (admin up, link up). A port found
// already up is recorded as restored too, so running it twice is harmless. Only ports the rig file cables to an rNIC
// are touched, as for a run. The outcome keeps apart what was undone, what was already up, what was put back but could
// not be recorded in the journal, and what could not be restored: the report must say what really happened.
import {errorRecord, formatError, HarnessError, type ErrorRecord} from '../errors.js';
import type {Rig} from '../rig/schema.js';
import {confirmPort, upWithinMs} from '../run/port-fault.js';
import {systemClock, type Clock} from '../run/clock.js';
import {switchDriver} from '../targets/switches/index.js';
import type {SwitchDriver} from '../targets/switch.js';
import {connectDevice, type ConnectOptions} from '../transport/connect.js';
import type {Transport} from '../transport/types.js';
import {cabledTo} from './interlocks.js';
import {describeIntent, type FaultIntent, type FaultJournal} from './journal.js';

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

/** Refuses an entry naming a switch outside the rig file, or a port it does not cable to an rNIC. */
const assertRestorable = (rig: Rig, intent: FaultIntent): void => {
	if (!rig.switches.some(device => device.name === intent.device)) {
		throw new HarnessError('USAGE', `the journal names switch ${intent.device}, which is not in rig file ${rig.name}`, {
			target: intent.device, hint: 'restore it with the rig file the run used, or bring the port up by hand',
		});
	}

	if (cabledTo(rig, intent.device, intent.port) === undefined) {
		throw new HarnessError('INTERLOCK', `refusing to touch ${intent.device} ${intent.port}: rig file ${rig.name} cables no rNIC to it, and the harness does not touch ports it cannot account for`, {
			target: intent.device, hint: `restore with the rig file the run used; if the cabling has changed, check the port by hand and remove its entry (id ${intent.id}) from the journal`,
		});
	}
};

export const restorePending = async (options: RestoreOptions): Promise<RestoreOutcome> => {
	const {rig, journal, log} = options;
	const clock = options.clock ?? systemClock;
	const pending = (await journal.pending()).reverse();
	const outcome = emptyOutcome();
	const transports: Transport[] = [];
	const drivers = new Map<string, Promise<SwitchDriver>>();
	const driverFor = async (name: string): Promise<SwitchDriver> => {
		let driver = drivers.get(name);
		if (driver === undefined) {
			const device = rig.switches.find(candidate => candidate.name === name);
			if (device === undefined) {
				throw new HarnessError('INTERNAL', `switch ${name} is not in rig file ${rig.name}`, {target: name});
			}

			driver = connectDevice(rig, device, options.connect).then(transport => {
				transports.push(transport);
				return switchDriver(device, transport);
			});
			drivers.set(name, driver);
		}

		return driver;
	};

	try {
		for (const intent of pending) {
			let upNow: boolean | undefined;
			try {
				assertRestorable(rig, intent);
				const driver = await driverFor(intent.device);
				const before = await driver.portStatus(intent.port, options.signal);
				const alreadyUp = before.admin === 'up' && before.oper === 'up';
				if (!alreadyUp) {
					log(`no shutdown on ${intent.device} ${intent.port} (${describeIntent(intent)})`);
					await driver.setPortAdmin(intent.port, true, options.signal);
					const withinMs = options.upWithinMs ?? upWithinMs;
					const after = await confirmPort(driver, intent.port, 'up', withinMs, clock, options.signal);
					if (after === undefined) {
						throw new HarnessError('FAULT_NOT_CONFIRMED', `${intent.device} ${intent.port}: no shutdown was sent but the link is not up after ${withinMs / 1000} s`, {
							target: intent.device, hint: 'check the port, the optic and the rNIC; rdmalab restore will try again next time',
						});
					}
				}

				upNow = alreadyUp;
				await journal.restored(intent.id, options.by, alreadyUp);
				log(`${alreadyUp ? 'already up, no command sent' : 'restored'}: ${intent.device} ${intent.port}`);
				outcome.restored.push(intent);
				if (alreadyUp) {
					outcome.alreadyUp.push(intent);
				}
			} catch (error) {
				if (upNow === undefined) {
					log(`could not restore ${intent.device} ${intent.port}: ${formatError(error)}`);
					outcome.failed.push({intent, error: errorRecord(error)});
				} else {
					// The port is up; only the record of it is missing, and saying "not restored" would send people to a working port.
					log(`${intent.device} ${intent.port} is ${upNow ? 'already up' : 'restored and confirmed up'}, but the journal could not be updated: ${formatError(error)}`);
					outcome.unrecorded.push({intent, alreadyUp: upNow, error: errorRecord(error)});
				}
			}
		}
	} finally {
		await Promise.all(transports.map(async transport => transport.close()));
	}

	return outcome;
};
