// AVA starts every test of a file at once. In the end-to-end files each test is a simulated run (a CLI process, often
// a simulator process too, 25 s of timeline): ten at once on a 2-core machine starve each other and their timings.
// Wrapped in `limited`, a test waits for one of a few slots per file before it starts its rig and run.
import type {ExecutionContext} from 'ava';
import pLimit from 'p-limit';

const fromEnv = Number(process.env['RDMALAB_TEST_RUNS']);

/** Simulated runs one test file runs at once: 3, or RDMALAB_TEST_RUNS on a machine with cores to spare. */
export const runsAtOnce = Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : 3;

const slots = pLimit(runsAtOnce);

/**
 * A test implementation (or macro) that runs in one of the file's slots. Teardowns (stopping a simulator) run
 * after the slot is given back: they only stop what the test started.
 */
export const limited = <Args extends unknown[]>(implementation: (t: ExecutionContext, ...args: Args) => Promise<void>) =>
	async (t: ExecutionContext, ...args: Args): Promise<void> => slots(async () => implementation(t, ...args));
