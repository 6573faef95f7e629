// One real SSH server (ssh2) per simulated device, on 127.0.0.1 at a port the OS picks, with its own host key.
// Clients authenticate with the simulator's ephemeral key. Each exec request runs like a process on the device:
// it gets stdin, streams stdout/stderr, exits with a code, and is stopped when the client closes the channel.
import {timingSafeEqual} from 'node:crypto';
import type {AddressInfo} from 'node:net';
import ssh2 from 'ssh2';
import type {Connection, ParsedKey, ServerChannel} from 'ssh2';

export interface SimProcess {
	command: string;
	stdin(): Promise<string>;
	stdout(text: string): void;
	stderr(text: string): void;
	/** Aborted when the client closes the channel or the connection drops. */
	signal: AbortSignal;
}

/** Runs one command; resolves to its exit code. */
export type ExecHandler = (process: SimProcess) => Promise<number>;

export interface CommandRecord {
	device: string;
	command: string;
	/** Orchestrator-independent wall time, ISO 8601. */
	at: string;
}

export interface DeviceServerOptions {
	device: string;
	hostKey: string;
	/** The only public key allowed to log in. */
	clientKey: ParsedKey;
	/** When given, this password logs in too. */
	password?: string;
	exec: ExecHandler;
	record: (entry: CommandRecord) => void;
}

export interface DeviceServer {
	device: string;
	port: number;
	close(): Promise<void>;
	/** Drops every open connection, as a device that reboots or a network that fails would. */
	dropConnections(): void;
}

const sameKey = (a: Buffer, b: Buffer) => a.length === b.length && timingSafeEqual(a, b);

export const startDeviceServer = async (options: DeviceServerOptions): Promise<DeviceServer> => {
	const connections = new Set<Connection>();
	const allowed = options.clientKey.getPublicSSH();
	const server = new ssh2.Server({hostKeys: [options.hostKey]}, client => {
		connections.add(client);
		client.on('close', () => connections.delete(client));
		client.on('error', () => {
			// A client that vanishes mid-handshake is not the simulator's problem.
		});
		const methods: Array<'publickey' | 'password'> = options.password === undefined ? ['publickey'] : ['publickey', 'password'];
		client.on('authentication', context => {
			if (context.method === 'password' && options.password !== undefined) {
				if (sameKey(Buffer.from(context.password), Buffer.from(options.password))) {
					context.accept();
				} else {
					context.reject(methods);
				}

				return;
			}

			if (context.method !== 'publickey' || !sameKey(context.key.data, allowed)) {
				context.reject(methods);
				return;
			}

			// Without a signature the client only asks whether the key would be accepted.
			if (context.signature === undefined || context.blob === undefined) {
				context.accept();
				return;
			}

			if (options.clientKey.verify(context.blob, context.signature, context.hashAlgo) === true) {
				context.accept();
			} else {
				context.reject(methods);
			}
		});
		client.on('ready', () => {
			client.on('session', accept => {
				const session = accept();
				session.on('exec', (acceptExec, _reject, info) => {
					const channel = acceptExec();
					options.record({device: options.device, command: info.command, at: new Date().toISOString()});
					void run(channel, info.command, options.exec);
				});
			});
		});
	});

	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			server.removeListener('error', reject);
			resolve();
		});
	});

	return {
		device: options.device,
		port: (server.address() as AddressInfo).port,
		async close() {
			for (const connection of connections) {
				connection.end();
			}

			await new Promise<void>(resolve => {
				server.close(() => {
					resolve();
				});
			});
		},
		dropConnections() {
			for (const connection of connections) {
				connection.end();
			}
		},
	};
};

const run = async (channel: ServerChannel, command: string, exec: ExecHandler): Promise<void> => {
	const controller = new AbortController();
	const chunks: Buffer[] = [];
	const stdin = new Promise<string>(resolve => {
		channel.on('data', (chunk: Buffer) => chunks.push(chunk));
		channel.on('end', () => {
			resolve(Buffer.concat(chunks).toString('utf8'));
		});
	});
	channel.on('close', () => {
		controller.abort();
	});
	const alive = () => !controller.signal.aborted && channel.writable;
	let code: number;
	try {
		code = await exec({
			command,
			stdin: async () => stdin,
			stdout(text) {
				if (alive()) {
					channel.write(text);
				}
			},
			stderr(text) {
				if (alive()) {
					channel.stderr.write(text);
				}
			},
			signal: controller.signal,
		});
	} catch (error) {
		// A bug in the simulator shows up as a failed command with its message, not as a hang.
		if (alive()) {
			channel.stderr.write(`simulator error: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
		}

		code = 255;
	}

	if (alive()) {
		channel.exit(code);
		channel.end();
	}
};
