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
			let channel: ClientChannel | undefined;
			let settled = false;
			let exitCode: number | null = null;
			let exitSignal: string | undefined;
			const stdout: string[] = [];
			const stderr: string[] = [];
			const outDecoder = new StringDecoder('utf8');
			const errDecoder = new StringDecoder('utf8');
			const timeoutMs = options.timeoutMs ?? this.commandTimeoutMs;

			const finish = (error?: HarnessError) => {
				if (settled) {
					return;
				}

				settled = true;
				clearTimeout(timer);
				clearTimeout(idleTimer);
				options.signal?.removeEventListener('abort', onAbort);
				this.pending.delete(pending);
				if (error) {
					// Closing the channel is how a remote process is stopped: Windows OpenSSH ignores signals.
					channel?.close();
					reject(error);
					return;
				}

				const tail = outDecoder.end();
				if (tail) {
					options.onStdout?.(tail);
					stdout.push(tail);
				}

				stderr.push(errDecoder.end());
				resolve({exitCode, ...(exitSignal ? {signal: exitSignal} : {}), stdout: stdout.join(''), stderr: stderr.join(''), durationMs: performance.now() - started});
			};

			const pending: Pending = {fail: finish};
			const onAbort = () => {
				finish(new HarnessError('CANCELLED', `${label}: cancelled`, {target: this.target}));
			};

			const timer = setTimeout(() => {
				finish(new HarnessError('COMMAND_TIMEOUT', `${label}: no result after ${timeoutMs} ms`, {
					target: this.target, hint: 'the device may be hung or overloaded; the command was stopped', details: {timeoutMs},
				}));
			}, timeoutMs);
			let idleTimer: NodeJS.Timeout | undefined;
			const idle = () => {
				if (options.idleTimeoutMs === undefined) {
					return;
				}

				clearTimeout(idleTimer);
				idleTimer = setTimeout(() => {
					finish(new HarnessError('COMMAND_TIMEOUT', `${label}: no output for ${options.idleTimeoutMs!} ms`, {
						target: this.target, hint: 'the tool stopped answering on the device; it was stopped', details: {idleTimeoutMs: options.idleTimeoutMs},
					}));
				}, options.idleTimeoutMs);
			};

			idle();
			this.pending.add(pending);
			options.signal?.addEventListener('abort', onAbort, {once: true});

			this.client.exec(command, (error, opened) => {
				if (error) {
					finish(new HarnessError('COMMAND_FAILED', `${label}: cannot open a channel: ${error.message}`, {target: this.target, cause: error}));
					return;
				}

				channel = opened;
				if (settled) {
					opened.close();
					return;
				}

				opened.on('data', (chunk: Buffer) => {
					idle();
					const text = outDecoder.write(chunk);
					options.onStdout?.(text);
					if (options.collect !== false) {
						stdout.push(text);
					}
				});
				opened.stderr.on('data', (chunk: Buffer) => {
					idle();
					const text = errDecoder.write(chunk);
					options.onStderr?.(text);
					stderr.push(text);
				});
				opened.on('exit', (code: number | null, signalName?: string) => {
					exitCode = code;
					exitSignal = signalName;
				});
				opened.on('close', () => {
					finish();
				});
				if (options.stdinHeldUntil === undefined) {
					opened.end(options.stdin ?? '');
				} else {
					opened.write(options.stdin ?? '');
					const release = () => {
						if (!settled) {
							opened.end();
						}
					};

					options.stdinHeldUntil.then(release, release);
				}
			});
		});
	}

	async close(): Promise<void> {
		this.lost ??= new HarnessError('CANCELLED', 'connection closed by the harness', {target: this.target});
		this.client.end();
	}
}
