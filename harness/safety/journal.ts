// The fault journal: before a fault is injected its intent and its inverse are appended to a file and fsync'ed;
// once its restore is confirmed, that is appended too. A process killed with SIGKILL between the two leaves an
// entry without its restore, which `rdmalab restore` replays and every `run` refuses to start over.
// Append-only JSON lines: a torn last line (power loss mid-write) is skipped, never fatal.
import {open, readFile, stat, type FileHandle} from 'node:fs/promises';
import {HarnessError} from '../errors.js';
import type {FaultStepBase} from '../kinds/fault-kind.js';
import {formatMode} from './state-access.js';
import {ensureStateDir, journalFile, stateModes} from './state-dir.js';

export interface FaultIntent {
	type: 'intent';
	/** Unique per run and fault: `<runId>/<fault id>`. */
	id: string;
	runId: string;
	rig: string;
	/** The fault's step, whole: its kind undoes it from this alone, without the suite. */
	step: FaultStepBase & Record<string, unknown>;
	/** The device its commands go to, and what it is, for people reading the journal. */
	device: string;
	describe: string;
	at: string;
}

export interface FaultRestored {
	type: 'restored';
	id: string;
	/** Who confirmed it: the run itself or `rdmalab restore`. */
	by: string;
	/** The port was already up when restore looked (the run's own teardown got there first). */
	alreadyUp?: boolean;
	at: string;
}

export type JournalRecord = FaultIntent | FaultRestored;

/** An entry written before fault kinds (a shut switch port, with no step), as a port-down step. */
interface LegacyIntent {
	type: 'intent';
	id: string;
	runId: string;
	rig: string;
	device: string;
	port: string;
	cable?: {node: string; rnic: string};
	at: string;
}

const fromLegacy = (intent: LegacyIntent): FaultIntent => ({
	type: 'intent', id: intent.id, runId: intent.runId, rig: intent.rig, at: intent.at, device: intent.device,
	describe: `${intent.device} ${intent.port}${intent.cable ? ` (${intent.cable.node} ${intent.cable.rnic})` : ''}`,
	step: {kind: 'port-down', id: intent.id.split('/').at(-1) ?? intent.id, switch: intent.device, port: intent.port, ...(intent.cable ? {cable: intent.cable} : {}), atS: 0, restoreAtS: 0},
});

const parseLine = (line: string): JournalRecord | undefined => {
	try {
		const value = JSON.parse(line) as Partial<JournalRecord> & {port?: string};
		if (value.type === 'intent') {
			return value.step === undefined ? fromLegacy(value as unknown as LegacyIntent) : value as FaultIntent;
		}

		return value.type === 'restored' ? value as JournalRecord : undefined;
	} catch {
		return undefined;
	}
};

/** Opens for appending, creating the file if need be; O_EXCL first, so only the process that created it sets its mode. */
const openForAppend = async (file: string): Promise<{handle: FileHandle; created: boolean}> => {
	try {
		return {handle: await open(file, 'ax', stateModes.file), created: true};
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
			throw error;
		}

		return {handle: await open(file, 'a'), created: false};
	}
};

export class FaultJournal {
	readonly file: string;

	constructor(readonly dir: string, readonly rig: string, private readonly now: () => number = Date.now) {
		this.file = journalFile(dir, rig);
	}

	private async append(record: JournalRecord): Promise<void> {
		try {
			await ensureStateDir(this.dir);
			const {handle, created} = await openForAppend(this.file);
			try {
				if (created) {
					// Group-writable whatever the umask, so the other users of a shared state directory can append too.
					await handle.chmod(stateModes.file);
				}

				await handle.write(`${JSON.stringify(record)}\n`);
				// The entry must be on disk before the switch is told anything.
				await handle.sync();
			} finally {
				await handle.close();
			}

			if (created) {
				// A new file's directory entry must reach the disk too, or a power loss can lose the whole journal.
				const directory = await open(this.dir, 'r');
				await directory.sync().finally(async () => directory.close());
			}
		} catch (error) {
			const owner = await stat(this.file).then(info => `; it is owned by uid ${info.uid} gid ${info.gid}, mode ${formatMode(info.mode)}`, () => '');
			throw new HarnessError('IO', `cannot write the fault journal ${this.file}: ${(error as Error).message}${owner}`, {
				target: this.file, cause: error, hint: 'no fault is injected without its journal entry; check the state directory (RDMALAB_STATE_DIR) and the journal are writable by you',
			});
		}
	}

	async intent(entry: Omit<FaultIntent, 'type' | 'rig' | 'at'>): Promise<FaultIntent> {
		const record: FaultIntent = {type: 'intent', ...entry, rig: this.rig, at: new Date(this.now()).toISOString()};
		await this.append(record);
		return record;
	}

	async restored(id: string, by: string, alreadyUp = false): Promise<void> {
		await this.append({type: 'restored', id, by, ...(alreadyUp ? {alreadyUp} : {}), at: new Date(this.now()).toISOString()});
	}

	async records(): Promise<JournalRecord[]> {
		let text: string;
		try {
			text = await readFile(this.file, 'utf8');
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
				return [];
			}

			throw new HarnessError('IO', `cannot read the fault journal ${this.file}: ${(error as Error).message}`, {target: this.file, cause: error});
		}

		return text.split('\n').filter(line => line.trim() !== '').map(parseLine).filter((record): record is JournalRecord => record !== undefined);
	}

	/** Faults whose restore was never confirmed, oldest first. */
	async pending(): Promise<FaultIntent[]> {
		const records = await this.records();
		const done = new Set(records.filter(record => record.type === 'restored').map(record => record.id));
		return records.filter((record): record is FaultIntent => record.type === 'intent' && !done.has(record.id));
	}
}

export const describeIntent = (intent: FaultIntent): string => `${intent.step.kind} ${intent.describe} by run ${intent.runId} at ${intent.at}`;

