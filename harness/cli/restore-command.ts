// `rdmalab restore --rig <file>`: undoes every fault the journal holds without a confirmed restore, newest first,
// under the rig's lease. Exit 0 when the rig is restored (or had nothing to restore), 2 when a fault could not be.
import {randomBytes} from 'node:crypto';
import {formatError, isHarnessError} from '../errors.js';
import {describeIntent, FaultJournal} from '../safety/journal.js';
import {stateDir} from '../safety/state-dir.js';
import {takeRig} from '../safety/take-rig.js';
import {openRig} from './open-rig.js';
import type {Runtime} from './runtime.js';

export const restoreCommand = async (args: {rig: string}, runtime: Runtime): Promise<number> => {
	const opened = await openRig(args.rig);
	const log = (line: string) => runtime.stderr(`${line}\n`);
	try {
		const dir = stateDir(runtime.env, runtime.cwd);
		const journal = new FaultJournal(dir, opened.rig.name);
		const before = await journal.pending();
		const runId = `restore-${new Date(runtime.now()).toISOString()}.${randomBytes(3).toString('hex')}`;
		try {
			const {lease} = await takeRig({rig: opened.rig, file: args.rig, stateDir: dir, runId, purpose: 'restore', pending: 'restore', log});
			await lease.release();
		} catch (error) {
			// A failed restore is reported below from the journal; anything else (the rig is busy) stops here.
			if (!isHarnessError(error) || error.code !== 'FAULT_UNRESTORED') {
				throw error;
			}

			log(formatError(error));
		}

		const left = await journal.pending();
		if (left.length > 0) {
			runtime.stdout(`rig ${opened.rig.name} NOT restored: ${left.length} fault(s) remain\n${left.map(intent => `  ${describeIntent(intent)}`).join('\n')}\njournal: ${journal.file}\n`);
			return 2;
		}

		runtime.stdout(`rig ${opened.rig.name} restored${before.length === 0 ? ': nothing to restore' : `: ${before.length} fault(s) undone and confirmed`}\njournal: ${journal.file}\n`);
		return 0;
	} finally {
		await opened.close();
	}
};
