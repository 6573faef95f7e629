// Any error anywhere in a run ends in the same orderly stop. A test preload (test/helpers/inject-failure.ts) makes
// one stage of a real `rdmalab run` fail: thrown where the stage awaits it, thrown from a timer nothing catches
// (`stray`), or rejected with nobody awaiting (`reject`). Whatever the stage and the way: the port ends up, the run
// is an infrastructure error (exit 2) with result.json written, the lock is released, no stack trace is printed.
import {join} from 'node:path';
import test from 'ava';
import type {Mode, Stage} from '../helpers/inject-failure.js';
import {limited} from '../helpers/limit.js';
import {assertInfrastructureError, assertLockReleased, assertNoStackTrace, assertNoSwitchCommand, assertPortUp, runWith} from '../helpers/matrix.js';
import {repoRoot} from '../helpers/paths.js';
import {startSim} from '../helpers/sim-process.js';

const injector = join(repoRoot, 'dist', 'test', 'helpers', 'inject-failure.js');

// Stages before the shut must leave the switches untouched; the others fail while (or after) the port is shut.
const rows: Array<{stage: Stage; mode: Mode; portShut: boolean}> = [
	{stage: 'connect', mode: 'throw', portShut: false},
	{stage: 'connect', mode: 'stray', portShut: false},
	{stage: 'inventory', mode: 'reject', portShut: false},
	{stage: 'arm', mode: 'stray', portShut: false},
	{stage: 'capture', mode: 'stray', portShut: true},
	{stage: 'capture', mode: 'throw', portShut: true},
	{stage: 'timeline', mode: 'stray', portShut: true},
	{stage: 'timeline', mode: 'throw', portShut: true},
	{stage: 'collect', mode: 'reject', portShut: true},
	{stage: 'report', mode: 'stray', portShut: true},
];

for (const {stage, mode, portShut} of rows) {
	test(`${stage} fails (${mode}): orderly stop, exit 2, result.json, port up, lock released`, limited(async t => {
		const sim = await startSim(t);
		const result = await runWith(sim, {node: ['--import', injector], env: {RDMALAB_INJECT: `${stage}:${mode}`}});
		assertInfrastructureError(t, result);
		assertNoStackTrace(t, result.all);
		t.regex(JSON.stringify(result.json?.errors), new RegExp(`injected ${stage} failure \\(${mode}\\)`));
		assertLockReleased(t, result.stateDir);
		if (portShut) {
			t.regex(result.stderr, /shut tor-a Ethernet1\/1/);
			await assertPortUp(t, sim);
		} else {
			assertNoSwitchCommand(t, sim.commands());
		}
	}));
}
