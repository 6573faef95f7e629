import test from 'ava';
import {LocalTransport} from '../../harness/transport/local.js';

test('stdin held open: a command reading it to its end waits for the release, then sees what was written', async t => {
	let release!: () => void;
	const gate = new Promise<void>(resolve => {
		release = resolve;
	});
	let finished = false;
	const running = new LocalTransport().exec('cat; echo done', {stdin: 'armed\n', stdinHeldUntil: gate}).then(result => {
		finished = true;
		return result;
	});
	await new Promise(resolve => setTimeout(resolve, 300));
	t.false(finished);
	release();
	const result = await running;
	t.is(result.exitCode, 0);
	t.is(result.stdout, 'armed\ndone\n');
});

test('without a hold, stdin is written and closed at once', async t => {
	const result = await new LocalTransport().exec('cat', {stdin: 'x'});
	t.is(result.stdout, 'x');
});
