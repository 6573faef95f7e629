// What every command that may change a rig does first: check that this user can write the state directory, the
// journal and the lock (before anything is touched), take the rig's lease (restoring the faults of a stale holder
// before taking it over) and make sure the fault journal holds nothing unrestored.
import {formatError, HarnessError} from '../errors.js';
import type {Rig} from '../rig/schema.js';
import type {ConnectOptions} from '../transport/connect.js';
import {describeIntent, FaultJournal, type FaultIntent} from './journal.js';
import {acquireLease, describeHolder, type Lease} from './lease.js';
import {emptyOutcome, mergeOutcome, restorePending, type RestoreOutcome} from './restore.js';
import {assertStateAccess} from './state-access.js';

export interface TakeRigOptions {
	rig: Rig;
	/** The rig file, for the hint on how to restore. */
	file: string;
	stateDir: string;
	runId: string;
	purpose: string;
	log: (line: string) => void;
	connect?: ConnectOptions;
	ttlMs?: number;
	/** What to do with faults the journal holds unrestored: undo them, or refuse and tell the user how. */
	pending: 'restore' | 'refuse';
	/** Filled with what restoring the journal did, also when takeRig throws (for `rdmalab restore`'s report). */
	outcome?: RestoreOutcome;
}

const failedRestore = (rig: Rig, outcome: RestoreOutcome, file: string, journal: FaultJournal) => {
	const lines = [
		...outcome.failed.map(({intent, error}) => `  ${describeIntent(intent)}: NOT restored: ${error.message}`),
		...outcome.unrecorded.map(({intent, alreadyUp, error}) => `  ${describeIntent(intent)}: ${alreadyUp ? 'already up' : 'restored and confirmed up'}, but the journal could not be updated: ${error.message}`),
	];
	return outcome.failed.length > 0
		? new HarnessError('FAULT_UNRESTORED', `could not restore ${outcome.failed.length} fault(s) on rig ${rig.name}:\n${lines.join('\n')}`, {
			target: rig.name, hint: `bring the port(s) up by hand, then run rdmalab restore --rig ${file} to record it`,
		})
		// Every port is up: what is left to fix is the journal, which still lists them as unrestored.
		: new HarnessError('IO', `rig ${rig.name}: ${outcome.unrecorded.length} port(s) are up, but the fault journal ${journal.file} could not record it:\n${lines.join('\n')}`, {
			target: journal.file, hint: `make the journal writable, then run rdmalab restore --rig ${file} again: it finds the port(s) up and records them`,
		});
};

const unrestored = (options: TakeRigOptions, journal: FaultJournal, pending: readonly FaultIntent[]) => new HarnessError('FAULT_UNRESTORED',
	`rig ${options.rig.name} has ${pending.length} unrestored fault(s) from an earlier run:\n${pending.map(intent => `  ${describeIntent(intent)}`).join('\n')}`, {
		target: options.rig.name, hint: `run rdmalab restore --rig ${options.file}, or pass --restore-first to restore and then run (journal: ${journal.file})`,
	});

/** Restores what the journal holds unrestored, or refuses; resolves when nothing is left. */
const settleJournal = async (options: TakeRigOptions, journal: FaultJournal, why: string, total: RestoreOutcome): Promise<void> => {
	const pending = await journal.pending();
	if (pending.length === 0) {
		return;
	}

	if (options.pending === 'refuse') {
		throw unrestored(options, journal, pending);
	}

	options.log(`restoring ${pending.length} fault(s) left by an earlier run (${why})`);
	const outcome = await restorePending({rig: options.rig, journal, by: `${options.purpose} ${options.runId} (${why})`, log: options.log, ...(options.connect ? {connect: options.connect} : {})});
	mergeOutcome(total, outcome);
	if (outcome.failed.length > 0 || outcome.unrecorded.length > 0) {
		throw failedRestore(options.rig, outcome, options.file, journal);
	}
};

/** Takes the lease; a stale one is taken over only once its holder's faults are restored (or refused). */
export const leaseRig = async (options: TakeRigOptions, journal: FaultJournal, total: RestoreOutcome = options.outcome ?? emptyOutcome()): Promise<Lease> => acquireLease({
	dir: options.stateDir, rig: options.rig.name, runId: options.runId, purpose: options.purpose, ...(options.ttlMs === undefined ? {} : {ttlMs: options.ttlMs}),
	async beforeTakeover(holder, why) {
		options.log(`the rig lock of ${describeHolder(holder)} is stale (${why})`);
		await settleJournal(options, journal, 'stale lock takeover', total);
	},
});

/**
 * Before anything touches the rig: access to the state directory, the lease, then the journal. Faults left by an
 * earlier run are restored when `pending` is 'restore' (restore, run --restore-first) and refused otherwise (a plain
 * run).
 */
export const takeRig = async (options: TakeRigOptions): Promise<{lease: Lease; journal: FaultJournal}> => {
	await assertStateAccess(options.stateDir, options.rig.name);
	const total = options.outcome ?? emptyOutcome();
	const journal = new FaultJournal(options.stateDir, options.rig.name);
	const lease = await leaseRig(options, journal, total);
	try {
		await settleJournal(options, journal, options.purpose === 'restore' ? 'restore' : '--restore-first', total);
	} catch (error) {
		await lease.release().catch((releaseError: unknown) => {
			options.log(`could not release the rig lock: ${formatError(releaseError)}`);
		});
		throw error;
	}

	return {lease, journal};
};
