// A device connection that survives losing its SSH session where that is safe. A command that was never sent
// (the connection was already gone) goes out on a fresh connection; a command lost in flight is sent again only
// when it is marked idempotent (a read, a restore). A fault or a workload start is never blindly sent twice: it
// fails with CONNECTION_LOST and the run decides.
import {HarnessError, isHarnessError} from '../errors.js';
import type {ExecOptions, ExecResult, Transport} from './types.js';

/** The connection as the reconnecting transport needs it: lost-ness is visible before a command is sent. */
export interface Connection extends Transport {
	readonly lostWith: HarnessError | undefined;
}

export interface ReconnectEvent {
	target: string;
	/** Why the old connection was given up. */
	reason: string;
	/** The command that needed the new connection. */
	label: string;
}

export class ReconnectingTransport implements Transport {
	readonly target: string;
	private connection: Connection;
	private reopening: Promise<Connection> | undefined;
	private closed = false;

	private constructor(first: Connection, private readonly open: () => Promise<Connection>, private readonly onReconnect: (event: ReconnectEvent) => void) {
		this.target = first.target;
		this.connection = first;
	}

	static async connect(open: () => Promise<Connection>, onReconnect: (event: ReconnectEvent) => void = () => undefined): Promise<ReconnectingTransport> {
		return new ReconnectingTransport(await open(), open, onReconnect);
	}

	private async fresh(stale: Connection, reason: string, label: string): Promise<Connection> {
		if (this.connection !== stale) {
			return this.connection;
		}

		// Several commands may notice the same loss at once; they share one new connection.
		this.reopening ??= this.open().then(opened => {
			this.connection = opened;
			this.onReconnect({target: this.target, reason, label});
			if (this.closed) {
				void opened.close();
			}

			return opened;
		}).finally(() => {
			this.reopening = undefined;
		});
		return this.reopening;
	}

	async exec(command: string, options: ExecOptions = {}): Promise<ExecResult> {
		if (this.closed) {
			throw new HarnessError('CANCELLED', 'connection closed by the harness', {target: this.target});
		}

		const label = options.label ?? command;
		let connection = this.reopening ? await this.reopening : this.connection;
		if (connection.lostWith?.code === 'CONNECTION_LOST') {
			connection = await this.reopen(connection, connection.lostWith, label);
		}

		try {
			return await connection.exec(command, options);
		} catch (error) {
			if (!(options.idempotent && isHarnessError(error) && error.code === 'CONNECTION_LOST') || options.signal?.aborted) {
				throw error;
			}

			const retry = await this.reopen(connection, error, label);
			return retry.exec(command, options);
		}
	}

	private async reopen(stale: Connection, lost: HarnessError, label: string): Promise<Connection> {
		try {
			return await this.fresh(stale, lost.message, label);
		} catch (error) {
			throw new HarnessError('CONNECTION_LOST', `${lost.message}; reconnecting for ${label} failed: ${error instanceof Error ? error.message : String(error)}`, {
				target: this.target, cause: error, hint: lost.hint ?? 'check the management network and the device',
			});
		}
	}

	async close(): Promise<void> {
		this.closed = true;
		await this.connection.close();
	}
}
