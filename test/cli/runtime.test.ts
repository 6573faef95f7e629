// The two-stage stop, with a runtime whose signals and clock the test drives.
import test from 'ava';
import {gracefulStop, type Runtime} from '../../harness/cli/runtime.js';

const fakeRuntime = () => {
	let handler: ((signal: 'SIGINT' | 'SIGTERM') => void) | undefined;
	const state = {now: 0, exits: [] as number[], stderr: ''};
	const runtime: Runtime = {
		stdout() {},
		stderr(text) {
			state.stderr += text;
		},
		env: {},
		cwd: '/',
		onSignal(next) {
			handler = next;
			return () => {
				handler = undefined;
			};
		},
		forceExit(code) {
			state.exits.push(code);
			return undefined as never;
		},
		now: () => state.now,
	};
	return {runtime, state, send: (signal: 'SIGINT' | 'SIGTERM') => handler?.(signal)};
};

test('the first SIGINT aborts gracefully; a repeat within a second is the same keypress; a later one forces exit 130', t => {
	const {runtime, state, send} = fakeRuntime();
	let first = 0;
	const stop = gracefulStop(runtime, () => first++);
	t.false(stop.signal.aborted);
	send('SIGINT');
	t.true(stop.signal.aborted);
	t.is(first, 1);
	state.now = 500;
	send('SIGINT');
	t.deepEqual(state.exits, []);
	state.now = 2000;
	send('SIGINT');
	t.deepEqual(state.exits, [130]);
	t.regex(state.stderr, /rdmalab restore puts them back/);
	stop.dispose();
});

test('SIGTERM is a first Ctrl+C: graceful, and a later SIGTERM does not skip the cleanup', t => {
	const {runtime, state, send} = fakeRuntime();
	let first = 0;
	const stop = gracefulStop(runtime, () => first++);
	send('SIGTERM');
	t.true(stop.signal.aborted);
	state.now = 5000;
	send('SIGTERM');
	t.is(first, 1);
	t.deepEqual(state.exits, []);
	// A Ctrl+C after it still forces.
	send('SIGINT');
	t.deepEqual(state.exits, [130]);
	stop.dispose();
});
