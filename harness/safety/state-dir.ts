// Where the harness keeps what must outlive a process: the fault journal and the rig lease, one file each per rig
// name. `$RDMALAB_STATE_DIR` wins; otherwise `.rdmalab/` under the working directory, so a lab checkout shared by
// its engineers shares its journal and its locks.
import path from 'node:path';

export const stateDir = (env: NodeJS.ProcessEnv, cwd: string): string =>
	path.resolve(cwd, env['RDMALAB_STATE_DIR'] === undefined || env['RDMALAB_STATE_DIR'] === '' ? '.rdmalab' : env['RDMALAB_STATE_DIR']);

// Rig names are already restricted to [A-Za-z0-9._-] by the schema; this keeps a hand-made name from escaping.
const safe = (rig: string) => rig.replace(/[^A-Za-z0-9._-]/g, '_');

export const journalFile = (dir: string, rig: string): string => path.join(dir, `${safe(rig)}.journal.jsonl`);

export const leaseFile = (dir: string, rig: string): string => path.join(dir, `${safe(rig)}.lock`);
