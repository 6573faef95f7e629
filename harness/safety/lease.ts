// The rig lease: one run (or restore) per rig at a time. A lock file per rig name in the state directory, created
// atomically and complete (written to a private file, then hard-linked into place, which fails if the lock exists,
// like O_EXCL, but never shows a half-written lock to a concurrent reader), naming its holder (user, pid, host, run id) and an expiry the holder renews while it works.
// A lock whose process is gone from this host (its pid dead, or reused by a process that started later), or whose
// expiry has passed, is stale: it is taken over only after the faults its holder may have left are restored (the
// caller's `beforeTakeover`), never by just deleting it. Lock files are group-writable, like the journal, so the users
// of a shared state directory can take over one another's stale locks.
import {randomBytes} from 'node:crypto';
import {hostname, userInfo} from 'node:os';
import {chmod, link, readFile, rename, unlink, writeFile} from 'node:fs/promises';
import {HarnessError} from '../errors.js';
import {processStart, type ProcessStart} from './process-start.js';
import {ensureStateDir, leaseFile, stateModes} from './state-dir.js';

export interface LeaseHolder {
	user: string;
	pid: number;
	host: string;
	runId: string;
	/** What holds it: `run multichannel-failover`, `restore`. */
	purpose: string;
	startedAt: string;
	expiresAt: string;
	/** When the holder's process started (Linux): a live pid that started at another time is another process. */
	startTicks?: number;
	bootId?: string;
}

export interface LeaseOptions {
	dir: string;
	rig: string;
	runId: string;
	purpose: string;
	/** How long the lease lasts without renewal; renewed every third of it. */
	ttlMs?: number;
	now?: () => number;
	/** Whether a pid is alive on this host; injectable for tests. */
	isAlive?: (pid: number) => boolean;
	/** When a pid's process started on this host; injectable for tests. */
	processStart?: (pid: number) => ProcessStart | undefined;
	host?: string;
	pid?: number;
	/** Runs before a stale lease is taken over (restore its faults); throwing refuses the takeover. */
	beforeTakeover?: (holder: LeaseHolder, why: string) => Promise<void>;
}

export interface Lease {
	holder: LeaseHolder;
	file: string;
	/** The stale holder this lease replaced, if any. */
	tookOver?: {holder: LeaseHolder; why: string};
	renew(): Promise<void>;
	release(): Promise<void>;
}

const defaultTtlMs = 10 * 60_000;

export const pidAlive = (pid: number): boolean => {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		// EPERM: it exists but belongs to someone else.
		return (error as NodeJS.ErrnoException).code === 'EPERM';
	}
};

const currentUser = () => {
	try {
		return userInfo().username;
	} catch {
		return 'unknown';
	}
};

const readHolder = async (file: string): Promise<LeaseHolder | undefined> => {
	let text: string;
	try {
		text = await readFile(file, 'utf8');
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
			return undefined;
		}

		// A lock this user may not read is someone's lock all the same: never judged expired for that.
		throw new HarnessError('IO', `cannot read the rig lock ${file}: ${(error as Error).message}`, {target: file, cause: error, hint: 'its owner or root can make it readable: chmod a+r'});
	}

	try {
		return JSON.parse(text) as LeaseHolder;
	} catch {
		// A lock file cut short by a crash mid-write still means someone was here; treat it as expired.
		return {user: 'unknown', pid: 0, host: 'unknown', runId: 'unreadable lock file', purpose: 'unknown', startedAt: '', expiresAt: new Date(0).toISOString()};
	}
};

/** Why the holder's pid, alive on this host, is not the holder's process any more; undefined when it may be. */
const reusedPid = (holder: LeaseHolder, current: ProcessStart | undefined): string | undefined => {
	if (holder.startTicks === undefined || current === undefined) {
		// An older lock, or no /proc: the pid is all there is to go on.
		return undefined;
	}

	if (holder.bootId !== undefined && current.bootId !== undefined && holder.bootId !== current.bootId) {
		return `the host has restarted since (boot ${holder.bootId}, now ${current.bootId}); pid ${holder.pid} is now another process`;
	}

	return current.startTicks === holder.startTicks ? undefined : `pid ${holder.pid} is now another process (started at tick ${current.startTicks} after boot, the holder at ${holder.startTicks})`;
};

/** Why a lease is stale, or undefined while its holder may still be working. */
export const staleReason = (holder: LeaseHolder, options: {now: number; host: string; isAlive: (pid: number) => boolean; processStart?: (pid: number) => ProcessStart | undefined}): string | undefined => {
	if (holder.host === options.host) {
		if (!options.isAlive(holder.pid)) {
			return `its process ${holder.pid} on ${holder.host} is gone`;
		}

		const reused = reusedPid(holder, options.processStart?.(holder.pid));
		if (reused !== undefined) {
			return `its process ${holder.pid} on ${holder.host} is gone: ${reused}`;
		}
	}

	const expires = Date.parse(holder.expiresAt);
	if (!Number.isFinite(expires) || expires <= options.now) {
		return `it expired at ${holder.expiresAt || 'an unknown time'}`;
	}

	return undefined;
};

export const describeHolder = (holder: LeaseHolder): string =>
	`${holder.user} (pid ${holder.pid} on ${holder.host}, ${holder.purpose}, run ${holder.runId}, since ${holder.startedAt}, expires ${holder.expiresAt})`;

const sameHolder = (a: LeaseHolder | undefined, b: LeaseHolder) => a !== undefined && a.runId === b.runId && a.pid === b.pid && a.host === b.host && a.startedAt === b.startedAt;

/** A new lock file, complete, group-writable whatever the umask (see state-dir.ts). */
const writeLockFile = async (file: string, holder: LeaseHolder): Promise<void> => {
	await writeFile(file, `${JSON.stringify(holder, null, 2)}\n`, {flag: 'wx', mode: stateModes.file});
	await chmod(file, stateModes.file);
};

export const acquireLease = async (options: LeaseOptions): Promise<Lease> => {
	const now = options.now ?? Date.now;
	const ttlMs = options.ttlMs ?? defaultTtlMs;
	const host = options.host ?? hostname();
	const isAlive = options.isAlive ?? pidAlive;
	const startOf = options.processStart ?? processStart;
	const file = leaseFile(options.dir, options.rig);
	const started = now();
	const pid = options.pid ?? process.pid;
	const identity = startOf(pid);
	const holder: LeaseHolder = {
		user: currentUser(), pid, host, runId: options.runId, purpose: options.purpose,
		startedAt: new Date(started).toISOString(), expiresAt: new Date(started + ttlMs).toISOString(),
		...(identity === undefined ? {} : {startTicks: identity.startTicks, ...(identity.bootId === undefined ? {} : {bootId: identity.bootId})}),
	};
	await ensureStateDir(options.dir);
	let tookOver: Lease['tookOver'];
	for (let attempt = 0; attempt < 3; attempt++) {
		const draft = `${file}.new-${holder.pid}-${randomBytes(6).toString('hex')}`;
		try {
			await writeLockFile(draft, holder);
			await link(draft, file);
			return makeLease(file, holder, ttlMs, now, tookOver);
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
				throw new HarnessError('IO', `cannot create the rig lock ${file}: ${(error as Error).message}`, {target: file, cause: error});
			}
		} finally {
			await unlink(draft).catch(() => undefined);
		}

		const current = await readHolder(file);
		if (current === undefined) {
			continue;
		}

		const why = staleReason(current, {now: now(), host, isAlive, processStart: startOf});
		if (why === undefined) {
			throw new HarnessError('RIG_BUSY', `rig ${options.rig} is in use by ${describeHolder(current)}`, {
				target: options.rig, hint: `wait for it to finish, or stop it (it restores its faults on Ctrl+C); lock file: ${file}`,
			});
		}

		// The stale holder may have left ports shut: they are restored before anyone else may use the rig.
		await options.beforeTakeover?.(current, why);
		// Move the stale lock aside, then check it is the one judged stale: another contender may have replaced it
		// meanwhile, in which case it is put back (link fails if a third one already holds the rig).
		const aside = `${file}.stale-${holder.pid}-${randomBytes(6).toString('hex')}`;
		try {
			await rename(file, aside);
		} catch {
			continue;
		}

		const moved = await readHolder(aside);
		if (sameHolder(moved, current)) {
			tookOver = {holder: current, why};
			await unlink(aside).catch(() => undefined);
		} else {
			await link(aside, file).catch(() => undefined);
			await unlink(aside).catch(() => undefined);
		}
	}

	throw new HarnessError('RIG_BUSY', `rig ${options.rig}: could not take its lock ${file}; another run is taking it over`, {target: options.rig, hint: 'try again in a moment'});
};

const makeLease = (file: string, holder: LeaseHolder, ttlMs: number, now: () => number, tookOver: Lease['tookOver']): Lease => {
	let released = false;
	const renew = async () => {
		if (released) {
			return;
		}

		// Never renew a lock that is no longer ours (taken over after we were presumed dead).
		if (!sameHolder(await readHolder(file), holder)) {
			return;
		}

		holder.expiresAt = new Date(now() + ttlMs).toISOString();
		const temporary = `${file}.renew-${holder.pid}-${randomBytes(6).toString('hex')}`;
		await writeLockFile(temporary, holder);
		await rename(temporary, file);
	};

	const timer = setInterval(() => {
		renew().catch(() => undefined);
	}, Math.max(1000, Math.floor(ttlMs / 3)));
	timer.unref();
	return {
		holder, file, ...(tookOver ? {tookOver} : {}), renew,
		async release() {
			released = true;
			clearInterval(timer);
			// Release only if still ours.
			if (sameHolder(await readHolder(file), holder)) {
				await unlink(file).catch(() => undefined);
			}
		},
	};
};
