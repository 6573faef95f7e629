// Before a run or a restore touches anything (before it connects to a device), the state directory, the fault journal
// and the rig lock must be usable by this user: a journal another user created without group write lets a run get
// as far as its first shutdown and then stop, and lets a restore bring a port up and fail to record it. When they are
// not, the error names each file, its owner and mode, and the command that fixes it.
import {constants, type Stats} from 'node:fs';
import {access, stat} from 'node:fs/promises';
import path from 'node:path';
import {HarnessError} from '../errors.js';
import {ensureStateDir, journalFile, leaseFile, stateModes} from './state-dir.js';

export interface AccessIds {
	uid: number;
	gid: number;
	groups: number[];
}

export interface StateAccessDeps {
	access: (file: string, mode: number) => Promise<void>;
	stat: (file: string) => Promise<Pick<Stats, 'uid' | 'gid' | 'mode' | 'isDirectory'>>;
	/** Who we are; undefined where the platform has no uids (Windows). */
	ids: AccessIds | undefined;
	ensureDir: (dir: string) => Promise<void>;
}

const processIds = (): AccessIds | undefined => (process.getuid === undefined || process.getgid === undefined
	? undefined
	: {uid: process.getuid(), gid: process.getgid(), groups: process.getgroups?.() ?? []});

const defaults: StateAccessDeps = {access, stat, ids: processIds(), ensureDir: ensureStateDir};

/** `0644 (-rw-r--r--)`, with setuid, setgid and sticky bits where set. */
export const formatMode = (mode: number, directory = false): string => {
	const bits = mode & 0o7777;
	const triplet = (shift: number, special: boolean, letter: string) => {
		const value = (bits >> shift) & 7;
		const x = (value & 1) !== 0;
		return `${value & 4 ? 'r' : '-'}${value & 2 ? 'w' : '-'}${special ? (x ? letter : letter.toUpperCase()) : (x ? 'x' : '-')}`;
	};

	const symbolic = `${directory ? 'd' : '-'}${triplet(6, (bits & 0o4000) !== 0, 's')}${triplet(3, (bits & 0o2000) !== 0, 's')}${triplet(0, (bits & 0o1000) !== 0, 't')}`;
	return `${bits.toString(8).padStart(4, '0')} (${symbolic})`;
};

export interface AccessProblem {
	file: string;
	what: string;
	/** Owner and mode, as `ls -ln` would show them. */
	owner: string;
	problem: string;
	fix: string;
}

const errnoOf = (error: unknown) => (error as NodeJS.ErrnoException).code ?? 'error';

const describeOwner = (info: Pick<Stats, 'uid' | 'gid' | 'mode' | 'isDirectory'>) => `owned by uid ${info.uid} gid ${info.gid}, mode ${formatMode(info.mode, info.isDirectory())}`;

const inGroup = (ids: AccessIds | undefined, gid: number) => ids !== undefined && (ids.gid === gid || ids.groups.includes(gid));

/** What to run so that this user can write `file`, given who owns it. */
const fileFix = (file: string, info: Pick<Stats, 'uid' | 'gid' | 'mode'>, ids: AccessIds | undefined, dir: string): string => {
	const mine = ids?.uid === info.uid;
	const steps: string[] = [];
	if (mine && (info.mode & 0o200) === 0) {
		steps.push(`chmod u+w ${file}`);
	} else if (!mine && (info.mode & 0o020) === 0) {
		steps.push(`chmod g+w ${file}`);
	}

	if (!mine && !inGroup(ids, info.gid)) {
		steps.push(`chgrp <a group you share> ${file} (you are not in its group ${info.gid})`);
	}

	const setgid = `so that new files get the lab's group, make the directory setgid and owned by it: chgrp <group> ${dir} && chmod 2775 ${dir}`;
	if (steps.length === 0) {
		// The mode allows it: an ACL, a read-only file system or a security module says no.
		return `its mode allows you to write it: check its ACL (getfacl ${file}) and whether ${dir} is on a read-only file system`;
	}

	return `${mine ? 'you own it' : `as its owner (uid ${info.uid}) or root`}: ${steps.join(', then ')}; ${setgid}`;
};

export const stateAccessProblems = async (dir: string, rig: string, deps: StateAccessDeps = defaults): Promise<AccessProblem[]> => {
	const {ids} = deps;
	try {
		await deps.ensureDir(dir);
	} catch (error) {
		const parent = path.dirname(dir);
		const info = await deps.stat(parent).catch(() => undefined);
		return [{
			file: dir, what: 'state directory', owner: info ? `its parent ${parent} is ${describeOwner(info)}` : `its parent ${parent} is missing or unreadable`,
			problem: `cannot be created (${errnoOf(error)})`,
			fix: `create it with group write and setgid (mkdir -m ${stateModes.dir.toString(8)} ${dir}), or point RDMALAB_STATE_DIR at a directory you can write`,
		}];
	}

	const dirInfo = await deps.stat(dir);
	if (!dirInfo.isDirectory()) {
		return [{file: dir, what: 'state directory', owner: describeOwner(dirInfo), problem: 'is not a directory', fix: 'point RDMALAB_STATE_DIR at a directory'}];
	}

	const problems: AccessProblem[] = [];
	const dirWritable = await deps.access(dir, constants.W_OK | constants.X_OK).then(() => true, () => false);
	if (!dirWritable) {
		problems.push({
			file: dir, what: 'state directory', owner: describeOwner(dirInfo), problem: 'is not writable by you (the rig lock is created in it)',
			fix: `as its owner (uid ${dirInfo.uid}) or root: chmod 2775 ${dir}${inGroup(ids, dirInfo.gid) ? '' : ` and chgrp <a group you share> ${dir} (you are not in its group ${dirInfo.gid})`}; or use a state directory of your own (unset RDMALAB_STATE_DIR)`,
		});
	}

	const journal = journalFile(dir, rig);
	const journalInfo = await deps.stat(journal).catch(() => undefined);
	if (journalInfo !== undefined && !await deps.access(journal, constants.R_OK | constants.W_OK).then(() => true, () => false)) {
		problems.push({file: journal, what: 'fault journal', owner: describeOwner(journalInfo), problem: 'is not writable by you (every fault and every restore is appended to it)', fix: fileFix(journal, journalInfo, ids, dir)});
	}

	const lock = leaseFile(dir, rig);
	const lockInfo = await deps.stat(lock).catch(() => undefined);
	if (lockInfo !== undefined) {
		if (!await deps.access(lock, constants.R_OK).then(() => true, () => false)) {
			problems.push({file: lock, what: 'rig lock', owner: describeOwner(lockInfo), problem: 'is not readable by you (it names who holds the rig)', fix: `as its owner (uid ${lockInfo.uid}) or root: chmod a+r ${lock}`});
		} else if ((dirInfo.mode & 0o1000) !== 0 && ids !== undefined && ids.uid !== 0 && ids.uid !== lockInfo.uid && ids.uid !== dirInfo.uid) {
			// In a sticky directory only a file's owner may rename or remove it: a stale lock of another user could never be taken over.
			problems.push({file: lock, what: 'rig lock', owner: describeOwner(lockInfo), problem: `belongs to another user and the directory is sticky (${formatMode(dirInfo.mode, true)}), so you could not take it over once stale`, fix: `as the directory's owner (uid ${dirInfo.uid}) or root: chmod -t ${dir}`});
		}
	}

	return problems;
};

/** Throws an IO error naming every file this user cannot use, and how to fix each; nothing has been touched yet. */
export const assertStateAccess = async (dir: string, rig: string, deps: StateAccessDeps = defaults): Promise<void> => {
	const problems = await stateAccessProblems(dir, rig, deps);
	if (problems.length === 0) {
		return;
	}

	const others = deps.ids?.groups.filter(gid => gid !== deps.ids?.gid) ?? [];
	const who = deps.ids === undefined ? 'you' : `uid ${deps.ids.uid} (gid ${deps.ids.gid}${others.length > 0 ? `, also in groups ${others.join(',')}` : ''})`;
	throw new HarnessError('IO', `the state directory ${dir} is not usable by ${who}; nothing was touched:\n${problems.map(problem => `  ${problem.what} ${problem.file} ${problem.problem}; ${problem.owner}`).join('\n')}`, {
		target: problems[0]!.file,
		hint: problems.map(problem => `${problem.what}: ${problem.fix}`).join('\n        '),
		details: {problems},
	});
};
