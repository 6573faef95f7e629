import {appendFileSync, readFileSync} from 'node:fs';
import test from 'ava';
import {describeIntent, FaultJournal} from '../../harness/safety/journal.js';
import {journalFile, stateDir} from '../../harness/safety/state-dir.js';
import {tempDir} from '../helpers/cli.js';
import {journalIntent, journalPortDown} from '../helpers/journal.js';

test('an intent is pending until its restore is recorded; the file is JSON lines keyed by the rig name', async t => {
	const dir = await tempDir();
	const journal = new FaultJournal(dir, 'lab-1', () => Date.parse('2026-01-02T03:04:05Z'));
	t.deepEqual(await journal.pending(), []);
	await journalPortDown(journal, {runId: 'run-1', faultId: 'pull', switch: 'tor-a', port: 'Ethernet1/1', cable: {node: 'hv01', rnic: 'SLOT 3 Port 1'}});
	await journalIntent(journal, 'run-1', {kind: 'nic-disable', id: 'pull-2', node: 'hv01', rnic: 'SLOT 3 Port 2', atS: 5, restoreAtS: 10});
	const pending = await journal.pending();
	t.deepEqual(pending.map(intent => intent.id), ['run-1/pull', 'run-1/pull-2']);
	// The step whole (its kind undoes it from that alone), where it goes and what it is, for people.
	t.like(pending[0], {
		rig: 'lab-1', runId: 'run-1', device: 'tor-a', describe: 'tor-a Ethernet1/1 (hv01 SLOT 3 Port 1)', at: '2026-01-02T03:04:05.000Z',
		step: {kind: 'port-down', id: 'pull', switch: 'tor-a', port: 'Ethernet1/1', cable: {node: 'hv01', rnic: 'SLOT 3 Port 1'}},
	});
	t.like(pending[1], {device: 'hv01', describe: 'hv01 SLOT 3 Port 2', step: {kind: 'nic-disable', node: 'hv01', rnic: 'SLOT 3 Port 2', atS: 5, restoreAtS: 10}});
	t.is(describeIntent(pending[0]!), 'port-down tor-a Ethernet1/1 (hv01 SLOT 3 Port 1) by run run-1 at 2026-01-02T03:04:05.000Z');
	await journal.restored('run-1/pull', 'run');
	t.deepEqual((await journal.pending()).map(intent => intent.id), ['run-1/pull-2']);
	t.is(journal.file, journalFile(dir, 'lab-1'));
	const lines = readFileSync(journal.file, 'utf8').trim().split('\n').map(line => JSON.parse(line) as {type: string});
	t.deepEqual(lines.map(line => line.type), ['intent', 'intent', 'restored']);
});

test('a torn last line (a crash mid-write) is skipped, the entries before it still count', async t => {
	const dir = await tempDir();
	const journal = new FaultJournal(dir, 'lab-1');
	await journalPortDown(journal, {runId: 'r', faultId: 'a', switch: 'tor-a', port: 'Ethernet1/1', cable: {node: 'hv01', rnic: 'SLOT 3 Port 1'}});
	appendFileSync(journal.file, '{"type":"restored","id":"r/');
	t.deepEqual((await journal.pending()).map(intent => intent.id), ['r/a']);
});

test('a journal that cannot be written is an IO error naming the file, before anything is touched', async t => {
	const dir = await tempDir();
	// A file where the state directory should be.
	appendFileSync(`${dir}/state`, 'not a directory');
	const journal = new FaultJournal(`${dir}/state`, 'lab-1');
	await t.throwsAsync(journalPortDown(journal, {runId: 'r', faultId: 'a', switch: 'tor-a', port: 'Ethernet1/1', cable: {node: 'hv01', rnic: 'SLOT 3 Port 1'}}), {message: /cannot write the fault journal .*state\/lab-1\.journal\.jsonl/});
});

test('an entry written before fault kinds (a shut port, no step) is read as a port-down step, with or without its cable', async t => {
	const dir = await tempDir();
	const journal = new FaultJournal(dir, 'lab-1');
	// Exactly what the previous rdmalab appended.
	appendFileSync(journal.file, `${JSON.stringify({type: 'intent', id: 'old-run/pull', runId: 'old-run', rig: 'lab-1', device: 'tor-a', port: 'Ethernet1/1', action: 'shutdown', inverse: 'no shutdown', cable: {node: 'hv01', rnic: 'SLOT 3 Port 1'}, at: '2026-01-02T03:04:05.000Z'})}\n`);
	appendFileSync(journal.file, `${JSON.stringify({type: 'intent', id: 'old-run/pull-2', runId: 'old-run', rig: 'lab-1', device: 'tor-b', port: 'Ethernet1/1', action: 'shutdown', inverse: 'no shutdown', at: '2026-01-02T03:04:06.000Z'})}\n`);
	const [first, second] = await journal.pending();
	t.like(first, {
		id: 'old-run/pull', runId: 'old-run', device: 'tor-a', describe: 'tor-a Ethernet1/1 (hv01 SLOT 3 Port 1)',
		step: {kind: 'port-down', id: 'pull', switch: 'tor-a', port: 'Ethernet1/1', cable: {node: 'hv01', rnic: 'SLOT 3 Port 1'}},
	});
	t.like(second, {id: 'old-run/pull-2', describe: 'tor-b Ethernet1/1', step: {kind: 'port-down', id: 'pull-2', switch: 'tor-b', port: 'Ethernet1/1'}});
	t.false('cable' in second!.step, 'restore fills the cable in from the rig file');
	await journal.restored('old-run/pull', 'restore');
	t.deepEqual((await journal.pending()).map(intent => intent.id), ['old-run/pull-2']);
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
