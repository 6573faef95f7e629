// The SSH transport (ssh2): one pinned, kept-alive connection per device, one channel per command. Every command
// has a timeout and can be cancelled; a dropped connection fails every command in flight with CONNECTION_LOST.
import {StringDecoder} from 'node:string_decoder';
import ssh2 from 'ssh2';
import type {ClientChannel, ConnectConfig} from 'ssh2';
import {HarnessError, type ErrorCode} from '../errors.js';
import type {SshAuth} from './credentials.js';
import {hostKeyMismatch, type PinnedKey} from './host-keys.js';
import {timeouts} from './timeouts.js';
import type {ExecOptions, ExecResult, Transport} from './types.js';

export interface SshOptions {
	target: string;
	host: string;
	port: number;
	auth: SshAuth;
	hostKeys: PinnedKey[];
	connectTimeoutMs?: number;
	/** Keepalive probe interval; the connection counts as lost after `timeouts.keepaliveCountMax` unanswered probes. */
	keepaliveMs?: number;
	/** Default per-command timeout when a call gives none. */
	commandTimeoutMs?: number;
}

interface Pending {
	fail: (error: HarnessError) => void;
}

const connectErrorCode = (error: Error & {level?: string}): ErrorCode =>
	error.level === 'client-authentication' ? 'SSH_AUTH' : 'SSH_CONNECT';

interface CommandContext {
	target: string;
	label: string;
	options: ExecOptions;
	timeoutMs: number;
	/** performance.now() when exec was called. */
	started: number;
	resolve: (result: ExecResult) => void;
	reject: (error: HarnessError) => void;
	/** Called once, when the command settles either way. */
	onSettled: () => void;
}

/**
 * One command on its own channel: its output, its deadline, its silence watchdog and its cancellation. It settles
 * once: with the result when the channel closes, or with the first error (timeout, cancel, lost connection), which
 * closes the channel.
 */
class ChannelCommand implements Pending {
	private readonly context: CommandContext;
	private channel: ClientChannel | undefined;
	private settled = false;
	private exitCode: number | null = null;
	private exitSignal: string | undefined;
	private readonly stdout: string[] = [];
	private readonly stderr: string[] = [];
	private readonly outDecoder = new StringDecoder('utf8');
	private readonly errDecoder = new StringDecoder('utf8');
	private readonly timer: NodeJS.Timeout;
	private idleTimer: NodeJS.Timeout | undefined;

	constructor(context: CommandContext) {
		this.context = context;
		const {target, label, timeoutMs} = context;
		this.timer = setTimeout(() => {
			this.finish(new HarnessError('COMMAND_TIMEOUT', `${label}: no result after ${timeoutMs} ms`, {
				target, hint: 'the device may be hung or overloaded; the command was stopped', details: {timeoutMs},
			}));
		}, timeoutMs);
		this.idle();
		context.options.signal?.addEventListener('abort', this.onAbort, {once: true});
	}

	readonly fail = (error: HarnessError): void => {
		this.finish(error);
	};

	private readonly onAbort = (): void => {
		this.finish(new HarnessError('CANCELLED', `${this.context.label}: cancelled`, {target: this.context.target}));
	};

	/** The channel ssh2 opened for the command, or why it could not. */
	opened(error: Error | undefined, channel: ClientChannel): void {
		if (error) {
			this.finish(new HarnessError('COMMAND_FAILED', `${this.context.label}: cannot open a channel: ${error.message}`, {target: this.context.target, cause: error}));
			return;
		}

		this.channel = channel;
		if (this.settled) {
			channel.close();
			return;
		}

		this.collect(channel);
		this.feedStdin(channel);
	}

	/** Restarts the silence watchdog, when the command has one. */
	private idle(): void {
		const {idleTimeoutMs} = this.context.options;
		if (idleTimeoutMs === undefined) {
			return;
		}

		clearTimeout(this.idleTimer);
		this.idleTimer = setTimeout(() => {
			this.finish(new HarnessError('COMMAND_TIMEOUT', `${this.context.label}: no output for ${idleTimeoutMs} ms`, {
				target: this.context.target, hint: 'the tool stopped answering on the device; it was stopped', details: {idleTimeoutMs},
			}));
		}, idleTimeoutMs);
	}

	private collect(channel: ClientChannel): void {
		const {options} = this.context;
		channel.on('data', (chunk: Buffer) => {
			this.idle();
			const text = this.outDecoder.write(chunk);
			options.onStdout?.(text);
			if (options.collect !== false) {
				this.stdout.push(text);
			}
		});
		channel.stderr.on('data', (chunk: Buffer) => {
			this.idle();
			const text = this.errDecoder.write(chunk);
			options.onStderr?.(text);
			this.stderr.push(text);
		});
		channel.on('exit', (code: number | null, signalName?: string) => {
			this.exitCode = code;
			this.exitSignal = signalName;
		});
		channel.on('close', () => {
			this.finish();
		});
	}

	private feedStdin(channel: ClientChannel): void {
		const {stdin, stdinHeldUntil} = this.context.options;
		if (stdinHeldUntil === undefined) {
			channel.end(stdin ?? '');
			return;
		}

		channel.write(stdin ?? '');
		const release = () => {
			if (!this.settled) {
				channel.end();
			}
		};

		stdinHeldUntil.then(release, release);
	}

	private finish(error?: HarnessError): void {
		if (this.settled) {
			return;
		}

		this.settled = true;
		clearTimeout(this.timer);
		clearTimeout(this.idleTimer);
		this.context.options.signal?.removeEventListener('abort', this.onAbort);
		this.context.onSettled();
		if (error) {
			// Closing the channel is how a remote process is stopped: Windows OpenSSH ignores signals.
			this.channel?.close();
			this.context.reject(error);
			return;
		}

		this.context.resolve(this.result());
	}

	private result(): ExecResult {
		const tail = this.outDecoder.end();
		if (tail) {
			this.context.options.onStdout?.(tail);
			this.stdout.push(tail);
		}

		this.stderr.push(this.errDecoder.end());
		return {
			exitCode: this.exitCode, ...(this.exitSignal ? {signal: this.exitSignal} : {}), stdout: this.stdout.join(''), stderr: this.stderr.join(''),
			durationMs: performance.now() - this.context.started,
		};
	}
}

export class SshTransport implements Transport {
	readonly target: string;
	private readonly client = new ssh2.Client();
	private readonly pending = new Set<Pending>();
	private readonly commandTimeoutMs: number;
	private lost: HarnessError | undefined;

	private constructor(options: SshOptions) {
		this.target = options.target;
		this.commandTimeoutMs = options.commandTimeoutMs ?? timeouts.commandMs;
	}

	static async connect(options: SshOptions): Promise<SshTransport> {
		const transport = new SshTransport(options);
		await transport.open(options);
		return transport;
	}

	private async open(options: SshOptions): Promise<void> {
		let rejected: HarnessError | undefined;
		const config: ConnectConfig = {
			host: options.host,
			port: options.port,
			username: options.auth.username,
			...(options.auth.privateKey ? {privateKey: options.auth.privateKey} : {}),
			...(options.auth.passphrase ? {passphrase: options.auth.passphrase} : {}),
			...(options.auth.agent ? {agent: options.auth.agent} : {}),
			...(options.auth.password ? {password: options.auth.password} : {}),
			readyTimeout: options.connectTimeoutMs ?? timeouts.connectMs,
			keepaliveInterval: options.keepaliveMs ?? timeouts.keepaliveIntervalMs,
			keepaliveCountMax: timeouts.keepaliveCountMax,
			hostVerifier: (key: Buffer) => {
				const presented = key.toString('base64');
				if (options.hostKeys.some(pinned => pinned.blob === presented)) {
					return true;
				}

				rejected = hostKeyMismatch(options.target, key, options.hostKeys);
				return false;
			},
		};

		await new Promise<void>((resolve, reject) => {
			const onError = (error: Error & {level?: string}) => {
				this.client.removeListener('ready', onReady);
				const code = connectErrorCode(error);
				reject(rejected ?? new HarnessError(code, `cannot ${code === 'SSH_AUTH' ? 'log in to' : 'connect to'} ${options.host}:${options.port}: ${error.message}`, {
					target: options.target,
					cause: error,
					hint: code === 'SSH_AUTH' ? 'check the credential the rig file names for this device' : 'check that the device is up and its management address and SSH port in the rig file are right',
				}));
			};

			const onReady = () => {
				this.client.removeListener('error', onError);
				resolve();
			};

			this.client.once('ready', onReady);
			this.client.once('error', onError);
			this.client.connect(config);
		});

		// After the handshake, a closed or failed connection fails every command still in flight.
		const onLost = (error?: Error) => {
			this.lost ??= new HarnessError('CONNECTION_LOST', `SSH connection to ${options.host}:${options.port} lost${error ? `: ${error.message}` : ''}`, {
				target: this.target, cause: error, hint: 'check the management network and the device; captured data so far is kept',
			});
			for (const pending of this.pending) {
				pending.fail(this.lost);
			}
		};

		this.client.on('error', onLost);
		this.client.on('close', () => {
			onLost();
		});
	}

	/** Set once the connection is gone; every later command fails with it. */
	get lostWith(): HarnessError | undefined {
		return this.lost;
	}

	async exec(command: string, options: ExecOptions = {}): Promise<ExecResult> {
		if (this.lost) {
			throw this.lost;
		}

		const label = options.label ?? command;
		if (options.signal?.aborted) {
			throw new HarnessError('CANCELLED', `${label}: cancelled before it started`, {target: this.target});
		}

		const started = performance.now();
		return new Promise<ExecResult>((resolve, reject) => {
			const running = new ChannelCommand({
				target: this.target, label, options, timeoutMs: options.timeoutMs ?? this.commandTimeoutMs, started, resolve, reject,
				onSettled: () => this.pending.delete(running),
			});
			this.pending.add(running);
			this.client.exec(command, (error, opened) => {
				running.opened(error, opened);
			});
		});
	}

	async close(): Promise<void> {
		this.lost ??= new HarnessError('CANCELLED', 'connection closed by the harness', {target: this.target});
		this.client.end();
	}
}
