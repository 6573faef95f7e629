// What the harness needs from a way of running commands on a node or switch: run one command, stream its output,
// give up on time or on request, and say clearly which of those happened.

export interface ExecOptions {
	/** Cancels the command (Ctrl+C, the run ending); the promise rejects with code CANCELLED. */
	signal?: AbortSignal;
	/** Gives up after this long; the promise rejects with code COMMAND_TIMEOUT. */
	timeoutMs?: number;
	/** Gives up when nothing arrives on stdout or stderr for this long (a tool that streams, then hangs). */
	idleTimeoutMs?: number;
	/**
	 * The command only reads state, so running it twice is harmless: if the connection is lost under it, it may be
	 * sent once more on a fresh connection. Never set for faults or workloads.
	 */
	idempotent?: boolean;
	/** Written to the command's stdin, then stdin is closed. Stdin is always closed so nothing waits on it. */
	stdin?: string;
	/**
	 * Holds stdin open until this settles, then closes it: a command that reads stdin to its end waits there, so
	 * many commands launched ahead of time can be released at one instant (an armed start).
	 */
	stdinHeldUntil?: Promise<void>;
	onStdout?: (chunk: string) => void;
	onStderr?: (chunk: string) => void;
	/** Keep stdout in the result (default true). Long captures stream to disk instead and set this false. */
	collect?: boolean;
	/** Names the command in errors and logs; commands may embed encoded scripts that mean nothing to people. */
	label?: string;
}

export interface ExecResult {
	exitCode: number | null;
	/** Signal name when the remote process was killed by one. */
	signal?: string;
	stdout: string;
	stderr: string;
	durationMs: number;
}

export interface Transport {
	/** The node or switch this transport reaches, for errors. */
	readonly target: string;
	exec(command: string, options?: ExecOptions): Promise<ExecResult>;
	close(): Promise<void>;
}
