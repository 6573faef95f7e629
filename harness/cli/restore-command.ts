// `rdmalab restore --rig <file>`: undoes every fault the journal holds without a confirmed restore, newest first,
// under the rig's lease. Exit 0 when the rig is restored and the journal says so (or there was nothing to restore),
// 2 otherwise. The report says what really happened to each fault: undone and confirmed, already up (no command
// sent), up but not recorded in the journal, or not restored.
import {randomBytes} from 'node:crypto';
import {formatError} from '../errors.js';
import {describeIntent, FaultJournal} from '../safety/journal.js';
import {emptyOutcome} from '../safety/restore.js';
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
		const runId = `restore-${new Date(runtime.now()).toISOString()}.${randomBytes(3).toString('hex')}`;
		const outcome = emptyOutcome();
		const attempted = () => outcome.restored.length + outcome.unrecorded.length + outcome.failed.length;
		try {
			const {lease} = await takeRig({rig: opened.rig, file: args.rig, stateDir: dir, runId, purpose: 'restore', pending: 'restore', log, outcome});
			await lease.release();
		} catch (error) {
			// Once a restore has been attempted, its outcome is the report; before that (the state directory is not
			// usable, the rig is busy) nothing was touched and the error says why.
			if (attempted() === 0) {
				throw error;
			}

			log(formatError(error));
		}

		const name = opened.rig.name;
		const undone = outcome.restored.length - outcome.alreadyUp.length;
		const parts = [
			...(undone > 0 ? [`${undone} fault(s) undone and confirmed`] : []),
			// Nothing needed doing: the port read back up before any command (the run's own teardown got there first).
			...(outcome.alreadyUp.length > 0 ? [`${outcome.alreadyUp.length} fault(s) already up, no command sent`] : []),
		];
		const unrecorded = new Set(outcome.unrecorded.map(({intent}) => intent.id));
		// Whatever the journal still lists and this restore did not put back: failed, or never reached.
		const left = (await journal.pending()).filter(intent => !unrecorded.has(intent.id));
		const ok = left.length === 0 && outcome.unrecorded.length === 0;
		const lines: string[] = [];
		if (ok || parts.length > 0) {
			lines.push(`rig ${name}${ok ? ' restored' : ''}: ${parts.length === 0 ? 'nothing to restore' : parts.join(', ')}`);
		}

		if (outcome.unrecorded.length > 0) {
			lines.push(`rig ${name}: ${outcome.unrecorded.length} fault(s) undone, but not recorded in the journal:`, ...outcome.unrecorded.map(({intent, alreadyUp, error}) =>
				`  ${describeIntent(intent)}: ${alreadyUp ? 'already up' : 'restored and confirmed up'}, but the journal could not be updated: ${error.message}`));
			lines.push(`  the journal still lists them as unrestored: make it writable, then run rdmalab restore again to record them`);
		}

		if (left.length > 0) {
			const why = new Map(outcome.failed.map(({intent, error}) => [intent.id, error.message]));
			lines.push(`rig ${name} NOT restored: ${left.length} fault(s) remain`, ...left.map(intent => `  ${describeIntent(intent)}${why.has(intent.id) ? `: ${why.get(intent.id)!}` : ''}`));
		}

		runtime.stdout(`${lines.join('\n')}\njournal: ${journal.file}\n`);
		return ok ? 0 : 2;
	} finally {
		await opened.close();
	}
};
