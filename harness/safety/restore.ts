// Replays the journal: every fault whose restore was never confirmed is undone, newest first (the reverse of how
// they were put in place), and each undo is confirmed by reading the port back (admin up, link up). A port found
// already up is recorded as restored too, so running it twice is harmless.
import {errorRecord, formatError, HarnessError, type ErrorRecord} from '../errors.js';
import type {Rig} from '../rig/schema.js';
import {confirmPort, upWithinMs} from '../run/port-fault.js';
import {systemClock, type Clock} from '../run/clock.js';
import {switchDriver} from '../targets/switches/index.js';
import type {SwitchDriver} from '../targets/switch.js';
import {connectDevice, type ConnectOptions} from '../transport/connect.js';
import type {Transport} from '../transport/types.js';
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
	restored: FaultIntent[];
	failed: Array<{intent: FaultIntent; error: ErrorRecord}>;
}

export const restorePending = async (options: RestoreOptions): Promise<RestoreOutcome> => {
	const {rig, journal, log} = options;
	const clock = options.clock ?? systemClock;
	const pending = (await journal.pending()).reverse();
	const outcome: RestoreOutcome = {restored: [], failed: []};
	const transports: Transport[] = [];
	const drivers = new Map<string, Promise<SwitchDriver>>();
	const driverFor = async (name: string): Promise<SwitchDriver> => {
		let driver = drivers.get(name);
		if (driver === undefined) {
			const device = rig.switches.find(candidate => candidate.name === name);
			if (device === undefined) {
				throw new HarnessError('USAGE', `the journal names switch ${name}, which is not in rig file ${rig.name}`, {
					target: name, hint: 'restore it with the rig file the run used, or bring the port up by hand',
				});
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
			try {
				// eslint-disable-next-line no-await-in-loop
				const driver = await driverFor(intent.device);
				// eslint-disable-next-line no-await-in-loop
				const before = await driver.portStatus(intent.port, options.signal);
				const alreadyUp = before.admin === 'up' && before.oper === 'up';
				if (!alreadyUp) {
					log(`no shutdown on ${intent.device} ${intent.port} (${describeIntent(intent)})`);
					// eslint-disable-next-line no-await-in-loop
					await driver.setPortAdmin(intent.port, true, options.signal);
					const withinMs = options.upWithinMs ?? upWithinMs;
					// eslint-disable-next-line no-await-in-loop
					const after = await confirmPort(driver, intent.port, 'up', withinMs, clock, options.signal);
					if (after === undefined) {
						throw new HarnessError('FAULT_NOT_CONFIRMED', `${intent.device} ${intent.port}: no shutdown was sent but the link is not up after ${withinMs / 1000} s`, {
							target: intent.device, hint: 'check the port, the optic and the rNIC; rdmalab restore will try again next time',
						});
					}
				}

				// eslint-disable-next-line no-await-in-loop
				await journal.restored(intent.id, options.by, alreadyUp);
				log(`${alreadyUp ? 'already up' : 'restored'}: ${intent.device} ${intent.port}`);
				outcome.restored.push(intent);
			} catch (error) {
				log(`could not restore ${intent.device} ${intent.port}: ${formatError(error)}`);
				outcome.failed.push({intent, error: errorRecord(error)});
			}
		}
	} finally {
		await Promise.all(transports.map(async transport => transport.close()));
	}

	return outcome;
};
