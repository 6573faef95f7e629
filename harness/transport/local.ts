// Runs commands on the orchestrator's own machine (when it is itself a rig node), with the same contract as SSH:
// the command line goes to the system shell, as Windows OpenSSH hands it to cmd.exe.
import {execa} from 'execa';
import {HarnessError} from '../errors.js';
import type {ExecOptions, ExecResult, Transport} from './types.js';

export class LocalTransport implements Transport {
	readonly target: string;
	private readonly commandTimeoutMs: number;

	constructor(target = 'localhost', commandTimeoutMs = 120_000) {
		this.target = target;
		this.commandTimeoutMs = commandTimeoutMs;
	}

	async exec(command: string, options: ExecOptions = {}): Promise<ExecResult> {
		const label = options.label ?? command;
		const timeoutMs = options.timeoutMs ?? this.commandTimeoutMs;
		const started = performance.now();
		const subprocess = execa(command, {
			shell: true,
			reject: false,
			...(options.stdinHeldUntil === undefined ? {input: options.stdin ?? ''} : {stdin: 'pipe' as const}),
			timeout: timeoutMs,
			...(options.signal ? {cancelSignal: options.signal} : {}),
			forceKillAfterDelay: 2000,
			buffer: {stdout: options.collect !== false, stderr: true},
			encoding: 'utf8',
			stripFinalNewline: false,
		});
		if (options.stdinHeldUntil !== undefined) {
			subprocess.stdin?.write(options.stdin ?? '');
			const release = () => subprocess.stdin?.end();
			options.stdinHeldUntil.then(release, release);
		}

		subprocess.stdout.setEncoding('utf8').on('data', (chunk: string) => options.onStdout?.(chunk));
		subprocess.stderr.setEncoding('utf8').on('data', (chunk: string) => options.onStderr?.(chunk));
		const result = await subprocess;
		if (result.isCanceled) {
			throw new HarnessError('CANCELLED', `${label}: cancelled`, {target: this.target});
		}

		if (result.timedOut) {
			throw new HarnessError('COMMAND_TIMEOUT', `${label}: no result after ${timeoutMs} ms`, {target: this.target, details: {timeoutMs}});
		}

		return {
			exitCode: result.exitCode ?? null,
			...(result.signal ? {signal: result.signal} : {}),
			stdout: typeof result.stdout === 'string' ? result.stdout : '',
			stderr: typeof result.stderr === 'string' ? result.stderr : '',
			durationMs: performance.now() - started,
		};
	}

	async close(): Promise<void> {}
}
