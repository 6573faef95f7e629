// One error type for the whole harness. It carries a stable code (so callers branch on codes, not on
// message text), the target it concerns, and a hint that tells the operator what to do next.

export type ErrorCode =
	| 'USAGE' // bad command line
	| 'RIG_INVALID' // rig file failed validation
	| 'RIG_NOT_FOUND'
	| 'SSH_CONNECT' // could not reach or handshake with a node or switch
	| 'SSH_AUTH'
	| 'HOST_KEY_MISMATCH'
	| 'HOST_KEY_MISSING'
	| 'CONNECTION_LOST' // an established session dropped
	| 'COMMAND_TIMEOUT'
	| 'COMMAND_FAILED' // a remote command ran and reported failure
	| 'PARSE' // output did not have the expected format
	| 'COUNTER_MISSING'
	| 'WORKLOAD_FAILED' // the workload tool did not start or did not produce results
	| 'FAULT_NOT_CONFIRMED' // a fault or its restore did not take
	| 'FAULT_UNRESTORED' // the fault journal holds a fault nobody restored
	| 'RIG_BUSY' // another run holds the rig's lease
	| 'INTERLOCK' // a safety interlock refused a fault
	| 'SWITCH_REFUSED' // the switch CLI rejected a command
	| 'CANCELLED'
	| 'INCOMPLETE' // a certification stopped before every suite ran
	| 'IO' // local file system
	| 'HISTORY' // the run history (SQLite or PostgreSQL) could not be opened, read or written
	| 'INTERNAL';

export interface HarnessErrorOptions {
	/** The node, switch or file the error concerns. */
	target?: string;
	/** What the operator should do about it. */
	hint?: string;
	cause?: unknown;
	/** Structured context for reports (never secrets). */
	details?: Record<string, unknown>;
}

const brand = Symbol.for('rdmalab.HarnessError');

export class HarnessError extends Error {
	readonly code: ErrorCode;
	readonly target: string | undefined;
	readonly hint: string | undefined;
	readonly details: Record<string, unknown> | undefined;
	readonly [brand] = true;

	constructor(code: ErrorCode, message: string, options: HarnessErrorOptions = {}) {
		super(message, options.cause === undefined ? undefined : {cause: options.cause});
		this.name = 'HarnessError';
		this.code = code;
		this.target = options.target;
		this.hint = options.hint;
		this.details = options.details;
	}
}

// Unlike `instanceof`, this works when two copies of the module are loaded (tests, bundlers).
export const isHarnessError = (error: unknown): error is HarnessError =>
	typeof error === 'object' && error !== null && brand in error;

/** Wraps anything thrown into a HarnessError, keeping the original as `cause`. */
export const toHarnessError = (error: unknown, code: ErrorCode = 'INTERNAL', options: HarnessErrorOptions = {}): HarnessError => {
	if (isHarnessError(error)) {
		return error;
	}

	const message = error instanceof Error ? error.message : String(error);
	return new HarnessError(code, message, {...options, cause: error});
};

/** One line for people: `[target] message (hint: ...)`. */
export const formatError = (error: unknown): string => {
	if (!isHarnessError(error)) {
		return error instanceof Error ? error.message : String(error);
	}

	const where = error.target === undefined ? '' : `${error.target}: `;
	const hint = error.hint === undefined ? '' : `\n  hint: ${error.hint}`;
	return `${where}${error.message}${hint}`;
};

/** A plain, serializable record of an error for run data and reports. */
export interface ErrorRecord {
	code: string;
	message: string;
	target?: string;
	hint?: string;
}

export const errorRecord = (error: unknown): ErrorRecord => {
	const wrapped = toHarnessError(error);
	return {code: wrapped.code, message: wrapped.message, ...(wrapped.target ? {target: wrapped.target} : {}), ...(wrapped.hint ? {hint: wrapped.hint} : {})};
};
