// Where the harness keeps what must outlive a process: the fault journal and the rig lease, one file each per rig
// name. `$RDMALAB_STATE_DIR` wins (a lab points every engineer and orchestrator at one shared directory);
// otherwise one directory per user and machine, `$XDG_STATE_HOME/rdmalab` or `~/.local/state/rdmalab`, never the
// working directory: two checkouts of one user must see each other's lease and journal, or two runs on one rig both
// go ahead and `restore` from the other checkout finds nothing to restore.
import {chmod, mkdir} from 'node:fs/promises';
import {homedir} from 'node:os';
import path from 'node:path';

const set = (value: string | undefined): value is string => value !== undefined && value !== '';

export const stateDir = (env: NodeJS.ProcessEnv, cwd: string, home: () => string = homedir): string => {
	if (set(env['RDMALAB_STATE_DIR'])) {
		return path.resolve(cwd, env['RDMALAB_STATE_DIR']);
	}

	// The XDG base directory spec ignores a relative XDG_STATE_HOME.
	const xdg = env['XDG_STATE_HOME'];
	if (set(xdg) && path.isAbsolute(xdg)) {
		return path.join(xdg, 'rdmalab');
	}

	return path.join(set(env['HOME']) ? env['HOME'] : home(), '.local', 'state', 'rdmalab');
};

// Rig names are already restricted to [A-Za-z0-9._-] by the schema; this keeps a hand-made name from escaping.
const safe = (rig: string) => rig.replace(/[^A-Za-z0-9._-]/g, '_');

export const journalFile = (dir: string, rig: string): string => path.join(dir, `${safe(rig)}.journal.jsonl`);

export const leaseFile = (dir: string, rig: string): string => path.join(dir, `${safe(rig)}.lock`);

/**
 * Modes of what the harness creates in the state directory. Group-writable, so users of a shared directory who share
 * its group can append to one another's journal and take over one another's stale lock; setgid on the directory, so
 * what is created in it gets the directory's group whoever creates it. Set with chmod after creation, as the umask
 * would otherwise take the group's write bit away.
 */
export const stateModes = {dir: 0o2775, file: 0o664} as const;

/** Creates the state directory (and its parents) if it is missing; only the directory itself gets `stateModes.dir`. */
export const ensureStateDir = async (dir: string): Promise<void> => {
	await mkdir(path.dirname(dir), {recursive: true});
	try {
		await mkdir(dir);
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
			return;
		}

		throw error;
	}

	await chmod(dir, stateModes.dir);
};
