// A state directory shared by several Unix users (RDMALAB_STATE_DIR): what rdmalab creates there is group-writable
// and takes the directory's group, and a file another user made unwritable stops a run or a restore before it touches
// anything, with an error that names the file, its owner and mode, and the fix. The end-to-end tests run the real CLI
// as two other uids and so need root (CI runs as root); elsewhere they say they were skipped.
import {chmodSync, chownSync, copyFileSync, mkdirSync, readFileSync, statSync, writeFileSync} from 'node:fs';
import {dirname, join} from 'node:path';
import test, {type ExecutionContext} from 'ava';
import {execa} from 'execa';
import {loadRig} from '../../harness/rig/load.js';
import {FaultJournal} from '../../harness/safety/journal.js';
import {acquireLease} from '../../harness/safety/lease.js';
import {assertStateAccess, type StateAccessDeps} from '../../harness/safety/state-access.js';
import {journalFile, leaseFile} from '../../harness/safety/state-dir.js';
import {NxosDriver} from '../../harness/targets/switches/nxos.js';
import {connectDevice} from '../../harness/transport/connect.js';
import {bin, quickFailover, tempDir, waitForLine} from '../helpers/cli.js';
import {journalPortDown} from '../helpers/journal.js';
import {repoRoot} from '../helpers/paths.js';
import {startSim} from '../helpers/sim-process.js';

// The umask most systems give their users, which is what made the journal 0644.
process.umask(0o022);

const isRoot = process.getuid?.() === 0;
const lab = 4242;
const alice = 12_345;
const bob = 12_346;

// Needs root, to create files as other uids and run the CLI as them (CI runs as root). Elsewhere AVA reports these
// as skipped, rather than as passes that asserted nothing.
const asRoot = isRoot ? test : test.skip;

// The other uids run the CLI from this checkout, so they must be able to reach it: a checkout under a private
// folder (mktemp -d makes it 0700) is opened for traversal (o+x) for the length of this file, and closed again after.
const opened: Array<{dir: string; mode: number}> = [];
test.before(t => {
	if (!isRoot) {
		return;
	}

	for (let dir = repoRoot; dir !== dirname(dir); dir = dirname(dir)) {
		const {mode} = statSync(dir);
		if ((mode & 0o001) === 0) {
			chmodSync(dir, mode | 0o001);
			opened.push({dir, mode});
			t.log(`opened ${dir} for traversal by other users while these tests run`);
		}
	}
});
test.after.always(() => {
	for (const {dir, mode} of opened) {
		chmodSync(dir, mode & 0o7777);
	}
});

test('the state directory is created 02775 and the journal 0664 whatever the umask; in a setgid directory they take its group', async t => {
	const parent = await tempDir();
	if (isRoot) {
		chownSync(parent, 0, lab);
	}

	chmodSync(parent, 0o2775);
	const dir = join(parent, 'state');
	const journal = new FaultJournal(dir, 'lab-1');
	await journalPortDown(journal, {runId: 'r', faultId: 'a', switch: 'tor-a', port: 'Ethernet1/1', cable: {node: 'hv01', rnic: 'SLOT 3 Port 1'}});
	t.is(statSync(dir).mode & 0o7777, 0o2775);
	t.is(statSync(journal.file).mode & 0o7777, 0o664);
	const lease = await acquireLease({dir, rig: 'lab-1', runId: 'r', purpose: 'run'});
	t.is(statSync(lease.file).mode & 0o7777, 0o664);
	if (isRoot) {
		// Nobody chowns anything: the kernel gives files in a setgid directory the directory's group.
		t.is(statSync(dir).gid, lab);
		t.is(statSync(journal.file).gid, lab);
		t.is(statSync(lease.file).gid, lab);
	} else {
		t.log('group inheritance not checked: needs root to give the directory another group');
	}

	await lease.release();
});

test('a journal, a lock and a directory this user cannot use are named with their owner, mode and fix (injected file system)', async t => {
	const files: Record<string, {uid: number; gid: number; mode: number; directory?: boolean; writable: boolean}> = {
		'/lab/state': {uid: 0, gid: lab, mode: 0o41_777, directory: true, writable: true},
		'/lab/state/lab-1.journal.jsonl': {uid: alice, gid: 100, mode: 0o100_644, writable: false},
		'/lab/state/lab-1.lock': {uid: alice, gid: lab, mode: 0o100_664, writable: true},
	};
	const deps: StateAccessDeps = {
		ids: {uid: bob, gid: lab, groups: [lab, 27]},
		async ensureDir() {/* exists */},
		async stat(file) {
			const entry = files[file];
			if (entry === undefined) {
				throw Object.assign(new Error('ENOENT'), {code: 'ENOENT'});
			}

			return {...entry, isDirectory: () => entry.directory === true};
		},
		async access(file) {
			if (!files[file]?.writable) {
				throw Object.assign(new Error('EACCES'), {code: 'EACCES'});
			}
		},
	};
	const error = await t.throwsAsync(assertStateAccess('/lab/state', 'lab-1', deps));
	t.like(error, {code: 'IO', target: '/lab/state/lab-1.journal.jsonl'});
	t.is(error!.message, [
		'the state directory /lab/state is not usable by uid 12346 (gid 4242, also in groups 27); nothing was touched:',
		'  fault journal /lab/state/lab-1.journal.jsonl is not writable by you (every fault and every restore is appended to it); owned by uid 12345 gid 100, mode 0644 (-rw-r--r--)',
		'  rig lock /lab/state/lab-1.lock belongs to another user and the directory is sticky (1777 (drwxrwxrwt)), so you could not take it over once stale; owned by uid 12345 gid 4242, mode 0664 (-rw-rw-r--)',
	].join('\n'));
	t.is((error as {hint?: string}).hint, [
		'fault journal: as its owner (uid 12345) or root: chmod g+w /lab/state/lab-1.journal.jsonl, then chgrp <a group you share> /lab/state/lab-1.journal.jsonl (you are not in its group 100); so that new files get the lab\'s group, make the directory setgid and owned by it: chgrp <group> /lab/state && chmod 2775 /lab/state',
		'        rig lock: as the directory\'s owner (uid 0) or root: chmod -t /lab/state',
	].join('\n'));
});

/** A copy of the simulated rig's file and client key that the two users (group `lab`) can read. */
const sharedRig = async (t: ExecutionContext, sim: Awaited<ReturnType<typeof startSim>>) => {
	const shared = await tempDir();
	chmodSync(shared, 0o755);
	const rig = await loadRig(sim.rigFile);
	const credential = Object.values(rig.credentials)[0]!;
	const keyPath = credential.auth.type === 'key-file' ? credential.auth.path : t.fail('the simulator uses a key file') as never;
	const key = join(shared, 'client_ed25519');
	copyFileSync(keyPath, key);
	chownSync(key, 0, lab);
	chmodSync(key, 0o640);
	const rigFile = join(shared, 'rig.yaml');
	writeFileSync(rigFile, readFileSync(sim.rigFile, 'utf8').replaceAll(keyPath, key));
	chmodSync(rigFile, 0o644);
	// The lab's directory: owned by root, group lab, setgid, group-writable.
	const labDir = join(shared, 'lab');
	mkdirSync(labDir);
	chownSync(labDir, 0, lab);
	chmodSync(labDir, 0o2775);
	const torA = async () => {
		const transport = await connectDevice(rig, rig.switches.find(device => device.name === 'tor-a')!);
		t.teardown(async () => transport.close());
		return new NxosDriver('tor-a', transport);
	};

	return {shared, rig, rigFile, labDir, torA};
};

const as = (uid: number, args: string[], state: string, home: string) => execa('node', [bin, ...args], {
	uid, gid: lab, cwd: repoRoot, reject: false, all: true, env: {RDMALAB_STATE_DIR: state, HOME: home, XDG_STATE_HOME: ''},
});

asRoot('two users share RDMALAB_STATE_DIR: alice\'s run is killed with a port shut, bob restores it and the journal records it', async t => {
	const sim = await startSim(t);
	const {shared, rig, rigFile, labDir, torA} = await sharedRig(t, sim);
	const state = join(labDir, 'state');
	const out = join(shared, 'alice-run');
	mkdirSync(out, {mode: 0o777});
	chmodSync(out, 0o777);
	const run = as(alice, ['run', 'multichannel-failover', '--rig', rigFile, ...quickFailover, '--out', join(out, 'run')], state, shared);
	await waitForLine(run.stderr!, /port shut: tor-a Ethernet1\/1/);
	run.kill('SIGKILL');
	await run;

	// What alice's run created: the directory setgid and group-writable, the journal and the lock group-writable.
	t.like(statSync(state), {uid: alice, gid: lab});
	t.is(statSync(state).mode & 0o7777, 0o2775);
	for (const file of [journalFile(state, rig.name), leaseFile(state, rig.name)]) {
		t.like(statSync(file), {uid: alice, gid: lab}, file);
		t.is(statSync(file).mode & 0o7777, 0o664, file);
	}

	t.like(await (await torA()).portStatus('Ethernet1/1'), {admin: 'down'});
	const restored = await as(bob, ['restore', '--rig', rigFile], state, shared);
	t.is(restored.exitCode, 0, restored.all);
	t.regex(restored.stdout, /^rig sim-converged restored: 1 fault\(s\) undone and confirmed$/m);
	t.regex(restored.stderr, /the rig lock of .* is stale \(its process \d+ on .* is gone\)/);
	t.like(await (await torA()).portStatus('Ethernet1/1'), {admin: 'up', oper: 'up'});
	t.deepEqual(await new FaultJournal(state, rig.name).pending(), []);
	const last = (await new FaultJournal(state, rig.name).records()).at(-1);
	t.is(last?.type, 'restored');
	t.regex(last?.type === 'restored' ? last.by : '', /^restore restore-\S+ \(stale lock takeover\)$/);
});

asRoot('another user\'s journal without group write: run and restore stop before connecting, naming the file, its owner and mode, and the fix', async t => {
	const sim = await startSim(t);
	const {shared, rig, rigFile, labDir, torA} = await sharedRig(t, sim);
	// As an older rdmalab left it: created by alice, 0644, with nothing pending.
	const journal = new FaultJournal(labDir, rig.name);
	await journalPortDown(journal, {runId: 'old-run', faultId: 'pull', switch: 'tor-a', port: 'Ethernet1/1', cable: {node: 'hv01', rnic: 'SLOT 3 Port 1'}});
	await journal.restored('old-run/pull', 'run');
	chownSync(journal.file, alice, lab);
	chmodSync(journal.file, 0o644);

	const expectRefusal = (result: Awaited<ReturnType<typeof as>>) => {
		t.is(result.exitCode, 2, result.all);
		t.regex(result.stderr, new RegExp(`the state directory ${labDir} is not usable by uid 12346 \\(gid 4242\\); nothing was touched:\\n {2}fault journal ${journal.file} is not writable by you \\(every fault and every restore is appended to it\\); owned by uid 12345 gid 4242, mode 0644 \\(-rw-r--r--\\)`));
		t.regex(result.stderr, new RegExp(`hint: fault journal: as its owner \\(uid 12345\\) or root: chmod g\\+w ${journal.file}; so that new files get the lab's group, make the directory setgid`));
	};

	// Before, bob's run went as far as its first shutdown and stopped there.
	expectRefusal(await as(bob, ['run', 'multichannel-failover', '--rig', rigFile, ...quickFailover, '--out', join(shared, 'refused')], labDir, shared));
	t.deepEqual(sim.commands(), [], 'no device received a command');

	// A killed run of alice's left a port shut. Before, bob's restore brought it up and then said "NOT restored".
	await journalPortDown(journal, {runId: 'killed-run', faultId: 'pull', switch: 'tor-a', port: 'Ethernet1/1', cable: {node: 'hv01', rnic: 'SLOT 3 Port 1'}});
	await (await torA()).setPortAdmin('Ethernet1/1', false);
	const commandsBefore = sim.commands().length;
	const restore = await as(bob, ['restore', '--rig', rigFile], labDir, shared);
	expectRefusal(restore);
	t.notRegex(restore.stdout, /NOT restored/);
	t.is(sim.commands().length, commandsBefore, 'no device received a command');
	t.like(await (await torA()).portStatus('Ethernet1/1'), {admin: 'down'});

	// Once alice (here root) does what the hint says, bob's restore works and is recorded.
	chmodSync(journal.file, 0o664);
	const fixed = await as(bob, ['restore', '--rig', rigFile], labDir, shared);
	t.is(fixed.exitCode, 0, fixed.all);
	t.regex(fixed.stdout, /^rig sim-converged restored: 1 fault\(s\) undone and confirmed$/m);
	t.like(await (await torA()).portStatus('Ethernet1/1'), {admin: 'up', oper: 'up'});
	t.deepEqual(await journal.pending(), []);
});
