import test from 'ava';
import {HarnessError} from '../../harness/errors.js';
import {TeardownStack} from '../../harness/run/teardown.js';

test('entries run last pushed first, and the stack is empty afterwards', async t => {
	const stack = new TeardownStack();
	const ran: string[] = [];
	for (const label of ['stop capture', 'no shutdown tor-a Ethernet1/1', 'delete target file']) {
		stack.push(label, async () => {
			ran.push(label);
		});
	}

	const seen: string[] = [];
	t.deepEqual(await stack.runAll(entry => seen.push(entry.label)), []);
	t.deepEqual(ran, ['delete target file', 'no shutdown tor-a Ethernet1/1', 'stop capture']);
	t.deepEqual(seen, ran);
	t.is(stack.pending.length, 0);
});

test('a failing entry is reported with a hint to undo it by hand, and the others still run', async t => {
	const stack = new TeardownStack();
	const ran: string[] = [];
	stack.push('first', async () => {
		ran.push('first');
	});
	stack.push('no shutdown tor-a Ethernet1/1', async () => {
		throw new HarnessError('CONNECTION_LOST', 'connection to tor-a lost', {target: 'tor-a'});
	});
	stack.push('plain error', async () => {
		throw new Error('boom');
	});

	const errors = await stack.runAll();
	t.deepEqual(ran, ['first']);
	t.is(errors.length, 2);
	t.like(errors[1], {code: 'CONNECTION_LOST', target: 'tor-a', hint: 'undo it by hand: no shutdown tor-a Ethernet1/1'});
	t.regex(errors[0]!.message, /boom/);
	t.is(errors[0]!.hint, 'undo it by hand: plain error');
});

test('a step that undoes itself removes its entry', async t => {
	const stack = new TeardownStack();
	const ran: string[] = [];
	const entry = stack.push('restore', async () => {
		ran.push('restore');
	});
	stack.remove(entry);
	stack.remove(entry);
	await stack.runAll();
	t.deepEqual(ran, []);
});
