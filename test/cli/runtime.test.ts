// The orderly stop, with a runtime whose signals, stray errors and clock the test drives.
import test from 'ava';
import {isHarnessError} from '../../harness/errors.js';
import {forcedExitCode, orderlyStop, type Runtime, type StopSignal} from '../../harness/cli/runtime.js';

const fakeRuntime = () => {
	let handler: ((signal: StopSignal) => void) | undefined;
	const strayHandlers: Array<(error: unknown) => void> = [];
	const state = {now: 0, exits: [] as number[], stderr: ''};
	const runtime: Runtime = {
		stdout() {},
		stderr(text) {
			state.stderr += text;
		},
		terminalColumns: () => undefined,
		env: {},
		cwd: '/',
		onSignal(next) {
			handler = next;
			return () => {
				handler = undefined;
			};
		},
		onStray(next) {
			strayHandlers.push(next);
			return () => strayHandlers.splice(strayHandlers.indexOf(next), 1);
		},
		forceExit(code) {
			state.exits.push(code);
			return undefined as never;
		},
		now: () => state.now,
	};
	return {runtime, state, send: (signal: StopSignal) => handler?.(signal), stray: (error: unknown) => strayHandlers.at(-1)?.(error), strayHandlers};
};

test('the forced exit has its own code, not the 130 of a restored stop', t => {
	t.not(forcedExitCode, 130);
	t.not(forcedExitCode, 2);
	t.not(forcedExitCode, 1);
});

test('the first SIGINT aborts in order; a repeat within a second is the same keypress; a later one forces the exit', t => {
	const {runtime, state, send} = fakeRuntime();
	const causes: string[] = [];
	const stop = orderlyStop(runtime, cause => causes.push(cause));
	t.false(stop.signal.aborted);
	send('SIGINT');
	t.true(stop.signal.aborted);
	t.true(isHarnessError(stop.signal.reason) && stop.signal.reason.code === 'CANCELLED');
	t.deepEqual(causes, ['SIGINT']);
	state.now = 500;
	send('SIGINT');
	t.deepEqual(state.exits, []);
	state.now = 2000;
	send('SIGINT');
	t.deepEqual(state.exits, [forcedExitCode]);
	t.regex(state.stderr, /rdmalab restore --rig <file> puts them back/);
	stop.dispose();
});

for (const signal of ['SIGTERM', 'SIGHUP'] as const) {
	test(`${signal} stops in order like a first Ctrl+C, and a second signal a second later forces`, t => {
		const {runtime, state, send} = fakeRuntime();
		const causes: string[] = [];
		const stop = orderlyStop(runtime, cause => causes.push(cause));
		send(signal);
		t.true(stop.signal.aborted);
		t.deepEqual(causes, [signal]);
		state.now = 800;
		send(signal);
		t.deepEqual(state.exits, [], 'npm forwards the same signal: within a second it is one request');
		state.now = 5000;
		send(signal);
		t.deepEqual(state.exits, [forcedExitCode]);
		t.deepEqual(causes, [signal]);
		stop.dispose();
	});
}

test('an error nothing caught stops in order with that error as the reason, and is kept as the command\'s error', t => {
	const {runtime, state, stray, send, strayHandlers} = fakeRuntime();
	const causes: string[] = [];
	const stop = orderlyStop(runtime, cause => causes.push(cause));
	stray(new RangeError('bad sample'));
	t.true(stop.signal.aborted);
	t.true(isHarnessError(stop.signal.reason));
	t.is((stop.signal.reason as {code: string}).code, 'INTERNAL');
	t.deepEqual(stop.strays.map(error => error.message), ['bad sample']);
	t.deepEqual(causes, ['internal error: bad sample']);
	// A second stray is kept too, but does not stop twice; a signal after it still counts as the first signal.
	stray('second');
	t.is(stop.strays.length, 2);
	t.is(causes.length, 1);
	send('SIGTERM');
	t.deepEqual(state.exits, []);
	stop.dispose();
	t.is(strayHandlers.length, 0);
});
