import {existsSync, readFileSync, statSync, writeFileSync} from 'node:fs';
import {hostname} from 'node:os';
import test from 'ava';
import {acquireLease, type LeaseHolder} from '../../harness/safety/lease.js';
import {parseStartTicks, processStart} from '../../harness/safety/process-start.js';
import {leaseFile} from '../../harness/safety/state-dir.js';
import {tempDir} from '../helpers/cli.js';

const holderOf = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as LeaseHolder;

test('a second run on the same rig is refused, naming the holder; another rig is free; release frees it', async t => {
	const dir = await tempDir();
	const first = await acquireLease({dir, rig: 'lab-1', runId: 'run-a', purpose: 'run multichannel-failover'});
	t.teardown(async () => first.release());
	t.like(holderOf(first.file), {runId: 'run-a', pid: process.pid, purpose: 'run multichannel-failover'});
	const error = await t.throwsAsync(acquireLease({dir, rig: 'lab-1', runId: 'run-b', purpose: 'restore'}), {message: /rig lab-1 is in use by .*\(pid \d+ on .*, run multichannel-failover, run run-a, since .*, expires .*\)/});
	t.is((error as {code?: string}).code, 'RIG_BUSY');
	const other = await acquireLease({dir, rig: 'lab-2', runId: 'run-c', purpose: 'restore'});
	await other.release();
	await first.release();
	t.false(existsSync(first.file));
	const again = await acquireLease({dir, rig: 'lab-1', runId: 'run-d', purpose: 'restore'});
	await again.release();
});

test('of two runs racing for a free rig, exactly one gets it', async t => {
	const dir = await tempDir();
	const results = await Promise.allSettled(Array.from({length: 6}, async (_, index) => acquireLease({dir, rig: 'lab-1', runId: `run-${index}`, purpose: 'run'})));
	const won = results.filter(result => result.status === 'fulfilled');
	t.is(won.length, 1);
	await (won[0] as PromiseFulfilledResult<Awaited<ReturnType<typeof acquireLease>>>).value.release();
});

test('a lock whose pid is dead on this host is taken over only after its faults are restored', async t => {
	const dir = await tempDir();
	const order: string[] = [];
	const dead = await acquireLease({dir, rig: 'lab-1', runId: 'killed-run', purpose: 'run', pid: 999_999, host: 'orchestrator-1'});
	const isAlive = (pid: number) => pid !== 999_999;
	// The restore fails: the takeover is refused and the stale lock stays for the operator to see.
	await t.throwsAsync(acquireLease({dir, rig: 'lab-1', runId: 'next', purpose: 'run', host: 'orchestrator-1', isAlive, async beforeTakeover() {
		order.push('restore failed');
		throw new Error('tor-a unreachable');
	}}), {message: 'tor-a unreachable'});
	t.is(holderOf(dead.file).runId, 'killed-run');
	const lease = await acquireLease({dir, rig: 'lab-1', runId: 'next', purpose: 'run', host: 'orchestrator-1', isAlive, async beforeTakeover(holder, why) {
		order.push(`restore for ${holder.runId}: ${why}`);
		t.is(holderOf(dead.file).runId, 'killed-run', 'the lock is not taken before the restore');
	}});
	t.deepEqual(order, ['restore failed', 'restore for killed-run: its process 999999 on orchestrator-1 is gone']);
	t.is(lease.tookOver?.holder.runId, 'killed-run');
	t.is(holderOf(lease.file).runId, 'next');
	// The dead holder's late release does not remove the new lock.
	await dead.release();
	t.is(holderOf(lease.file).runId, 'next');
	await lease.release();
});

test('a live pid on another host holds the lock until it expires; then it is taken over', async t => {
	const dir = await tempDir();
	let now = Date.parse('2026-11-24T10:00:00Z');
	// Another orchestrator took the rig; its pid means nothing on this host, so only the expiry can free it.
	const remote: LeaseHolder = {user: 'lab', pid: 4242, host: 'other-host', runId: 'remote-run', purpose: 'run', startedAt: '2026-11-24T10:00:00.000Z', expiresAt: '2026-11-24T10:01:00.000Z'};
	writeFileSync(leaseFile(dir, 'lab-1'), JSON.stringify(remote));
	const restores: string[] = [];
	const options = {dir, rig: 'lab-1', runId: 'local', purpose: 'run', host: 'this-host', now: () => now, isAlive: () => false, async beforeTakeover(_holder: LeaseHolder, why: string) {
		restores.push(why);
	}};
	await t.throwsAsync(acquireLease(options), {message: /in use by .*pid 4242 on other-host/});
	now += 61_000;
	const lease = await acquireLease(options);
	t.deepEqual(restores, ['it expired at 2026-11-24T10:01:00.000Z']);
	await lease.release();
});

test('renewal pushes the expiry forward while the run works', async t => {
	const dir = await tempDir();
	let now = Date.parse('2026-11-24T10:00:00Z');
	const lease = await acquireLease({dir, rig: 'lab-1', runId: 'run', purpose: 'run', ttlMs: 60_000, now: () => now});
	t.is(holderOf(lease.file).expiresAt, '2026-11-24T10:01:00.000Z');
	now += 50_000;
	await lease.renew();
	t.is(holderOf(lease.file).expiresAt, '2026-11-24T10:01:50.000Z');
	await lease.release();
});

// Without /proc/<pid>/stat (macOS) locks fall back on the pid alone; AVA reports this test as skipped there.
const withProcessStart = processStart(process.pid) === undefined ? test.skip : test;

withProcessStart('a lock naming this very process\'s pid with another start time (the pid was reused) is stale: taken over, not RIG_BUSY', async t => {
	const dir = await tempDir();
	const mine = processStart(process.pid);
	if (mine === undefined) {
		t.fail('no /proc/<pid>/stat');
		return;
	}

	const future = new Date(Date.now() + 600_000).toISOString();
	const holder = (startTicks: number): LeaseHolder => ({user: 'lab', pid: process.pid, host: hostname(), runId: 'long-gone-run', purpose: 'run multichannel-failover', startedAt: new Date().toISOString(), expiresAt: future, startTicks, ...(mine.bootId === undefined ? {} : {bootId: mine.bootId})});
	// The same pid that started at the same tick is the holder itself: still busy.
	writeFileSync(leaseFile(dir, 'lab-1'), JSON.stringify(holder(mine.startTicks)));
	await t.throwsAsync(acquireLease({dir, rig: 'lab-1', runId: 'next', purpose: 'restore'}), {message: /rig lab-1 is in use by .*run long-gone-run/});

	writeFileSync(leaseFile(dir, 'lab-1'), JSON.stringify(holder(mine.startTicks - 1)));
	const reasons: string[] = [];
	const lease = await acquireLease({dir, rig: 'lab-1', runId: 'next', purpose: 'restore', async beforeTakeover(_holder, why) {
		reasons.push(why);
	}});
	t.is(reasons.length, 1);
	t.regex(reasons[0]!, new RegExp(`^its process ${process.pid} on .* is gone: pid ${process.pid} is now another process \\(started at tick ${mine.startTicks} after boot, the holder at ${mine.startTicks - 1}\\)$`));
	t.is(lease.tookOver?.holder.runId, 'long-gone-run');
	// The new holder records its own start, so it can be told from a later process that gets its pid.
	t.like(holderOf(lease.file), {runId: 'next', pid: process.pid, startTicks: mine.startTicks, bootId: mine.bootId});
	await lease.release();
});

test('a reboot since the lock was taken makes a live pid stale; without /proc the pid alone decides', async t => {
	const dir = await tempDir();
	const holder: LeaseHolder = {user: 'lab', pid: 4242, host: 'orchestrator-1', runId: 'before-reboot', purpose: 'run', startedAt: '2026-11-24T10:00:00.000Z', expiresAt: '2099-01-01T00:00:00.000Z', startTicks: 1000, bootId: 'boot-1'};
	const options = {dir, rig: 'lab-1', runId: 'next', purpose: 'restore', host: 'orchestrator-1', pid: 5151, isAlive: () => true};
	writeFileSync(leaseFile(dir, 'lab-1'), JSON.stringify(holder));
	// No /proc (macOS): the live pid may be the holder, so the lock holds until it expires.
	await t.throwsAsync(acquireLease({...options, processStart: () => undefined}), {message: /in use by .*run before-reboot/});
	const reasons: string[] = [];
	const lease = await acquireLease({...options, processStart: () => ({startTicks: 1000, bootId: 'boot-2'}), async beforeTakeover(_holder, why) {
		reasons.push(why);
	}});
	t.deepEqual(reasons, ['its process 4242 on orchestrator-1 is gone: the host has restarted since (boot boot-1, now boot-2); pid 4242 is now another process']);
	await lease.release();
});

test('the start time is field 22 of /proc/<pid>/stat, counted after the command name, which may hold spaces and parentheses', t => {
	const fields = Array.from({length: 50}, (_, index) => String(index + 3));
	t.is(parseStartTicks(`123 (node) x) ${fields.join(' ')}`), 22);
	t.is(parseStartTicks('garbage'), undefined);
	t.is(processStart(123, () => {
		throw new Error('ENOENT');
	}), undefined);
});

test('the lock file is group-writable (0664) whatever the umask, so the users of a shared state directory can take over each other\'s stale locks', async t => {
	const dir = await tempDir();
	const previous = process.umask(0o022);
	try {
		const lease = await acquireLease({dir, rig: 'lab-1', runId: 'run', purpose: 'run', ttlMs: 60_000});
		t.is(statSync(lease.file).mode & 0o7777, 0o664);
		await lease.renew();
		t.is(statSync(lease.file).mode & 0o7777, 0o664, 'a renewed lock too');
		await lease.release();
	} finally {
		process.umask(previous);
	}
});
