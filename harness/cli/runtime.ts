// Everything the CLI takes from the process, in one place, so commands never reach for globals.

export interface Runtime {
	stdout: (text: string) => void;
	stderr: (text: string) => void;
	env: NodeJS.ProcessEnv;
	cwd: string;
	/** Subscribes to SIGINT/SIGTERM; returns the unsubscribe function. */
	onSignal: (handler: (signal: 'SIGINT' | 'SIGTERM') => void) => () => void;
	/** Leaves at once, skipping cleanup: only for a second Ctrl+C. */
	forceExit: (code: number) => never;
	now: () => number;
}

export const processRuntime: Runtime = {
	stdout: text => process.stdout.write(text),
	stderr: text => process.stderr.write(text),
	env: process.env,
	cwd: process.cwd(),
	onSignal(handler) {
		const onInt = () => handler('SIGINT');
		const onTerm = () => handler('SIGTERM');
		process.on('SIGINT', onInt);
		process.on('SIGTERM', onTerm);
		return () => {
			process.off('SIGINT', onInt);
			process.off('SIGTERM', onTerm);
		};
	},
	forceExit: code => process.exit(code),
	now: () => Date.now(),
};

/**
 * Two-stage stop: the first SIGINT or SIGTERM aborts gracefully (faults restored, partial run written), a second
 * SIGINT forces exit. npm forwards Ctrl+C to its child as well, so a repeat within a second counts as one.
 */
export const gracefulStop = (runtime: Runtime, onFirst: () => void): {signal: AbortSignal; dispose: () => void} => {
	const controller = new AbortController();
	let firstAt: number | undefined;
	const dispose = runtime.onSignal(name => {
		if (firstAt === undefined) {
			firstAt = runtime.now();
			onFirst();
			controller.abort();
			return;
		}

		if (name === 'SIGINT' && runtime.now() - firstAt > 1000) {
			runtime.stderr('second interrupt: exiting now; faults may still be in place (rdmalab restore puts them back)\n');
			runtime.forceExit(130);
		}
	});
	return {signal: controller.signal, dispose};
};
