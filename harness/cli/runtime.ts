// Everything the CLI takes from the process, in one place, so commands never reach for globals.
import {HarnessError, toHarnessError} from '../errors.js';

export type StopSignal = 'SIGINT' | 'SIGTERM' | 'SIGHUP';

export interface Runtime {
	stdout: (text: string) => void;
	stderr: (text: string) => void;
	/** stderr's width when it is a terminal (progress is a live status line there), undefined otherwise (CI, a file). */
	terminalColumns: () => number | undefined;
	env: NodeJS.ProcessEnv;
	cwd: string;
	/** Subscribes to SIGINT, SIGTERM and SIGHUP; returns the unsubscribe function. */
	onSignal: (handler: (signal: StopSignal) => void) => () => void;
	/**
	 * Subscribes to errors nothing caught: uncaught exceptions and unhandled rejections, from any callback or
	 * promise of the process. The latest subscriber gets them; returns the unsubscribe function.
	 */
	onStray: (handler: (error: unknown) => void) => () => void;
	/** Leaves at once, skipping cleanup: only for a forced stop. */
	forceExit: (code: number) => never;
	now: () => number;
}

/** Exit code of a stop forced by a second signal: faults may still be in place. */
export const forcedExitCode = 3;

const strayHandlers: Array<(error: unknown) => void> = [];

// Installed once per process, before any command runs: with these listeners Node no longer dies on a stray error,
// so whoever subscribed (a run) must stop in order; with nobody subscribed, the error is printed and the process
// leaves with 2. A terminal that hung up makes writes to stdout / stderr fail (EIO, EPIPE): never a reason to die.
let processGuarded = false;
const guardProcess = () => {
	if (processGuarded) {
		return;
	}

	processGuarded = true;
	const onStray = (error: unknown) => {
		const handler = strayHandlers.at(-1);
		if (handler !== undefined) {
			handler(error);
			return;
		}

		writeQuietly(process.stderr, `rdmalab: internal error: ${toHarnessError(error).message}\n`);
		process.exit(2);
	};

	process.on('uncaughtException', onStray);
	process.on('unhandledRejection', onStray);
	process.stdout.on('error', () => undefined);
	process.stderr.on('error', () => undefined);
};

const writeQuietly = (stream: NodeJS.WriteStream, text: string) => {
	try {
		stream.write(text);
	} catch {
		// The terminal is gone; the run folder keeps what matters.
	}
};

export const processRuntime: Runtime = {
	stdout: text => writeQuietly(process.stdout, text),
	stderr: text => writeQuietly(process.stderr, text),
	terminalColumns: () => (process.stderr.isTTY ? process.stderr.columns : undefined),
	env: process.env,
	cwd: process.cwd(),
	onSignal(handler) {
		const listeners = (['SIGINT', 'SIGTERM', 'SIGHUP'] as const).map(name => [name, () => handler(name)] as const);
		for (const [name, listener] of listeners) {
			process.on(name, listener);
		}

		return () => {
			for (const [name, listener] of listeners) {
				process.off(name, listener);
			}
		};
	},
	onStray(handler) {
		guardProcess();
		strayHandlers.push(handler);
		return () => {
			const index = strayHandlers.lastIndexOf(handler);
			if (index !== -1) {
				strayHandlers.splice(index, 1);
			}
		};
	},
	forceExit: code => process.exit(code),
	now: () => Date.now(),
};

export interface OrderlyStop {
	/** Aborted on the first signal (reason: a CANCELLED error) or the first stray error (reason: that error). */
	signal: AbortSignal;
	/** Stray errors caught while subscribed, in order: each is an infrastructure error of the command. */
	strays: HarnessError[];
	dispose: () => void;
}

/**
 * Any of INT, TERM or HUP, or an error nothing caught, stops a command the same orderly way: the signal aborts,
 * faults are restored, the partial run is written. A second signal more than a second after the first forces the
 * exit (npm forwards Ctrl+C and TERM to its child as well, so a repeat within a second is the same request).
 */
export const orderlyStop = (runtime: Runtime, onFirst: (cause: string) => void): OrderlyStop => {
	const controller = new AbortController();
	const strays: HarnessError[] = [];
	let firstSignalAt: number | undefined;
	const stopOnce = (cause: string, reason: HarnessError) => {
		if (!controller.signal.aborted) {
			onFirst(cause);
			controller.abort(reason);
		}
	};

	const disposeSignals = runtime.onSignal(name => {
		if (firstSignalAt === undefined) {
			firstSignalAt = runtime.now();
			stopOnce(name, new HarnessError('CANCELLED', `stopped by ${name}`));
			return;
		}

		if (runtime.now() - firstSignalAt > 1000) {
			runtime.stderr(`second ${name}: exiting now (exit ${forcedExitCode}); faults may still be in place: rdmalab restore --rig <file> puts them back\n`);
			runtime.forceExit(forcedExitCode);
		}
	});
	const disposeStrays = runtime.onStray(error => {
		const stray = toHarnessError(error, 'INTERNAL', {hint: 'a defect of rdmalab: please report it with the run folder'});
		strays.push(stray);
		stopOnce(`internal error: ${stray.message}`, stray);
	});
	return {
		signal: controller.signal,
		strays,
		dispose() {
			disposeSignals();
			disposeStrays();
		},
	};
};
