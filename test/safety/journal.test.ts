import {appendFileSync, readFileSync} from 'node:fs';
import test from 'ava';
import {FaultJournal} from '../../harness/safety/journal.js';
import {journalFile, stateDir} from '../../harness/safety/state-dir.js';
import {tempDir} from '../helpers/cli.js';

test('an intent is pending until its restore is recorded; the file is JSON lines keyed by the rig name', async t => {
	const dir = await tempDir();
	const journal = new FaultJournal(dir, 'lab-1', () => Date.parse('2026-01-02T03:04:05Z'));
	t.deepEqual(await journal.pending(), []);
	await journal.intent({id: 'run-1/pull', runId: 'run-1', device: 'tor-a', port: 'Ethernet1/1', cable: {node: 'hv01', rnic: 'SLOT 3 Port 1'}});
	await journal.intent({id: 'run-1/pull-2', runId: 'run-1', device: 'tor-b', port: 'Ethernet1/1'});
	const pending = await journal.pending();
	t.deepEqual(pending.map(intent => intent.id), ['run-1/pull', 'run-1/pull-2']);
	t.like(pending[0], {rig: 'lab-1', action: 'shutdown', inverse: 'no shutdown', at: '2026-01-02T03:04:05.000Z'});
	await journal.restored('run-1/pull', 'run');
	t.deepEqual((await journal.pending()).map(intent => intent.id), ['run-1/pull-2']);
	t.is(journal.file, journalFile(dir, 'lab-1'));
	const lines = readFileSync(journal.file, 'utf8').trim().split('\n').map(line => JSON.parse(line) as {type: string});
	t.deepEqual(lines.map(line => line.type), ['intent', 'intent', 'restored']);
});

test('a torn last line (a crash mid-write) is skipped, the entries before it still count', async t => {
	const dir = await tempDir();
	const journal = new FaultJournal(dir, 'lab-1');
	await journal.intent({id: 'r/a', runId: 'r', device: 'tor-a', port: 'Ethernet1/1'});
	appendFileSync(journal.file, '{"type":"restored","id":"r/');
	t.deepEqual((await journal.pending()).map(intent => intent.id), ['r/a']);
});

test('a journal that cannot be written is an IO error naming the file, before anything is touched', async t => {
	const dir = await tempDir();
	// A file where the state directory should be.
	appendFileSync(`${dir}/state`, 'not a directory');
	const journal = new FaultJournal(`${dir}/state`, 'lab-1');
	await t.throwsAsync(journal.intent({id: 'r/a', runId: 'r', device: 'tor-a', port: 'Ethernet1/1'}), {message: /cannot write the fault journal .*state\/lab-1\.journal\.jsonl/});
});

test('the state directory is $RDMALAB_STATE_DIR, else one per user and machine ($XDG_STATE_HOME/rdmalab, ~/.local/state/rdmalab), never the working directory', t => {
	const home = () => '/home/from-passwd';
	t.is(stateDir({RDMALAB_STATE_DIR: '/var/lib/rdmalab', XDG_STATE_HOME: '/x', HOME: '/home/lab'}, '/lab/checkout', home), '/var/lib/rdmalab');
	t.is(stateDir({RDMALAB_STATE_DIR: 'state'}, '/lab/checkout', home), '/lab/checkout/state');
	t.is(stateDir({XDG_STATE_HOME: '/home/lab/.state', HOME: '/home/lab'}, '/lab/checkout', home), '/home/lab/.state/rdmalab');
	t.is(stateDir({HOME: '/home/lab'}, '/lab/checkout', home), '/home/lab/.local/state/rdmalab');
	// Empty means unset, and the XDG spec ignores a relative XDG_STATE_HOME.
	t.is(stateDir({RDMALAB_STATE_DIR: '', XDG_STATE_HOME: 'relative', HOME: '/home/lab'}, '/lab/checkout', home), '/home/lab/.local/state/rdmalab');
	t.is(stateDir({}, '/lab/checkout', home), '/home/from-passwd/.local/state/rdmalab');
	t.is(stateDir({HOME: '/home/lab'}, '/lab/other-checkout', home), stateDir({HOME: '/home/lab'}, '/lab/checkout', home));
});
