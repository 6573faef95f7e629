// `rdmalab restore --rig <file>`: undoes every fault the journal holds without a confirmed restore, newest first,
// under the rig's lease. Exit 0 when the rig is restored (or had nothing to restore), 2 when a fault could not be.
import {randomBytes} from 'node:crypto';
import {describeIntent, FaultJournal} from '../safety/journal.js';
import {restorePending} from '../safety/restore.js';
import {stateDir} from '../safety/state-dir.js';
import {leaseRig} from '../safety/take-rig.js';
import {openRig} from './open-rig.js';
import type {Runtime} from './runtime.js';

export const restoreCommand = async (args: {rig: string}, runtime: Runtime): Promise<number> => {
	const opened = await openRig(args.rig);
	const log = (line: string) => runtime.stderr(`${line}\n`);
	try {
		const dir = stateDir(runtime.env, runtime.cwd);
		const journal = new FaultJournal(dir, opened.rig.name);
		const runId = `restore-${new Date(runtime.now()).toISOString()}.${randomBytes(3).toString('hex')}`;
		const options = {rig: opened.rig, file: args.rig, stateDir: dir, runId, purpose: 'restore', log};
		const lease = await leaseRig(options, journal);
		try {
			const outcome = await restorePending({rig: opened.rig, journal, by: runId, log});
			const left = await journal.pending();
			if (left.length > 0) {
				runtime.stdout(`rig ${opened.rig.name} NOT restored: ${left.length} fault(s) remain\n${left.map(intent => `  ${describeIntent(intent)}`).join('\n')}\njournal: ${journal.file}\n`);
				return 2;
			}

			runtime.stdout(`rig ${opened.rig.name} restored${outcome.restored.length === 0 ? ': nothing to restore' : `: ${outcome.restored.length} fault(s) undone and confirmed`}\njournal: ${journal.file}\n`);
			return 0;
		} finally {
			await lease.release();
		}
	} finally {
		await opened.close();
	}
};
