// A Windows Server node as the harness drives it: PowerShell queries, its clock, and native tools (diskspd,
// typeperf) whose start is stamped by the node itself so their output can be put on the orchestrator's timeline.
import {HarnessError, isHarnessError} from '../errors.js';
import {timeouts} from '../transport/timeouts.js';
import type {RigNode} from '../rig/schema.js';
import type {ExecOptions, Transport} from '../transport/types.js';
import {assertPowerShellOk, powershellCommand, preamble, psString, runPowerShell, type PowerShellResult} from '../windows/powershell.js';
import {batchScript, parseBatch, type BatchResult, type PsQuery} from '../windows/query.js';

export interface ClockReading {
	/** Node clock minus orchestrator clock, ms: a node timestamp minus this is orchestrator time. */
	skewMs: number;
	/** Spread of the samples behind skewMs, ms. */
	spreadMs: number;
	/** Minutes the node's local time is ahead of UTC (UTC+1 is 60); console typeperf prints local time. */
	utcOffsetMinutes: number;
	zoneId: string;
	/** Orchestrator time of the reading, epoch ms. */
	at: number;
}

export interface NativeRun {
	exitCode: number | null;
	stdout: string;
	stderr: string;
	/** When the tool was started, on the node's clock (epoch ms), from the marker line. */
	startedAtNode?: number;
	/** Process id of the PowerShell that started the tool (the tool is its child), from the marker line. */
	pid?: number;
}

export type NativeOptions = Pick<ExecOptions, 'signal' | 'timeoutMs' | 'idleTimeoutMs' | 'onStdout' | 'onStderr' | 'collect'> & {
	/**
	 * Armed start: the node starts PowerShell now, says it is armed, and waits for stdin to close (when `gate`
	 * settles) before it stamps its start and runs the program. Launch cost and PowerShell start-up, which vary
	 * by hundreds of ms between nodes, are then paid before the instant that matters.
	 */
	armed?: {gate: Promise<void>; onArmed: () => void};
};

const startMarker = 'rdmalab-start ';
const armedMarker = 'rdmalab-armed';

const aborted = async (signal: AbortSignal): Promise<void> => new Promise(resolve => {
	if (signal.aborted) {
		resolve();
		return;
	}

	signal.addEventListener('abort', () => {
		resolve();
	}, {once: true});
});

/**
 * The script that runs a native program with its arguments as PowerShell string literals (never through cmd.exe)
 * and stamps its start on the node's clock, with the process id to kill it by. Also what `rdmalab plan` prints.
 */
export const nativeScript = (program: string, args: readonly string[], armed = false): string => [
	// Native stderr must not turn into terminating errors.
	'$ErrorActionPreference = \'Continue\'',
	// Armed: say so (with the PID, so a run stopped before the release can kill it: closing the channel would
	// end stdin and so release it), then wait for stdin to close.
	...(armed ? [`[Console]::Out.WriteLine('${armedMarker} ' + $PID)`, '$null = [Console]::In.ReadToEnd()'] : []),
	// The PowerShell's own PID: the tool is its child, so `taskkill /PID <it> /T` ends the tool too.
	`[Console]::Out.WriteLine('${startMarker}' + [DateTime]::UtcNow.ToString('o') + ' ' + $PID)`,
	`& ${psString(program)} ${args.map(psString).join(' ')}`,
	'exit $LASTEXITCODE',
].join('\n');

/** Ends a process and its children on the node: `taskkill /PID <pid> /T /F`. */
export const killScript = (pid: number): string => `& 'taskkill.exe' '/PID' ${psString(String(pid))} '/T' '/F'\nexit $LASTEXITCODE`;

/** Prints the node's UTC clock `samples` times, 25 ms apart, then its UTC offset and time zone id. */
export const clockScript = (samples: number): string => [
	...Array.from({length: samples}, () => '[Console]::Out.WriteLine(\'rdmalab-clock \' + [DateTime]::UtcNow.ToString(\'o\'))\nStart-Sleep -Milliseconds 25'),
	'[Console]::Out.WriteLine(\'rdmalab-zone \' + [TimeZoneInfo]::Local.GetUtcOffset([DateTime]::UtcNow).TotalMinutes + \' \' + [TimeZoneInfo]::Local.Id)',
].join('\n');

/** Parses .NET round-trip ('o') timestamps, which carry 7 fractional digits. */
export const parseRoundTrip = (text: string): number => {
	const match = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d+))?(Z|[+-]\d\d:\d\d)$/.exec(text.trim());
	if (!match) {
		return Number.NaN;
	}

	const fraction = (match[2] ?? '').padEnd(3, '0').slice(0, 3);
	return Date.parse(`${match[1]!}.${fraction}${match[3]!}`);
};

/**
 * Reads the marker lines the node prints before the program's own output (nativeScript): `rdmalab-armed <pid>` for
 * an armed start, then `rdmalab-start <node time> <pid>`. Everything after the start marker is the program's and is
 * passed on.
 */
class MarkerReader {
	/** The start stamp on the node's clock (NaN when the line was not a start marker); set once the line is read. */
	startedAtNode: number | undefined;
	pid: number | undefined;
	private head = '';
	private readonly onArmed: (() => void) | undefined;
	private readonly onOutput: ((chunk: string) => void) | undefined;

	constructor(onArmed: (() => void) | undefined, onOutput: ((chunk: string) => void) | undefined) {
		this.onArmed = onArmed;
		this.onOutput = onOutput;
	}

	push(chunk: string): void {
		if (this.startedAtNode !== undefined) {
			this.onOutput?.(chunk);
			return;
		}

		this.head += chunk;
		for (;;) {
			const newline = this.head.indexOf('\n');
			if (newline === -1) {
				return;
			}

			const line = this.head.slice(0, newline).trim();
			this.head = this.head.slice(newline + 1);
			if (line.startsWith(armedMarker)) {
				const armedPid = line.slice(armedMarker.length).trim();
				this.pid = /^\d+$/.test(armedPid) ? Number(armedPid) : undefined;
				this.onArmed?.();
				continue;
			}

			const [stamp, processId] = line.startsWith(startMarker) ? line.slice(startMarker.length).split(' ') : [];
			this.startedAtNode = stamp === undefined ? Number.NaN : parseRoundTrip(stamp);
			this.pid = /^\d+$/.test(processId ?? '') ? Number(processId) : undefined;
			if (this.head !== '') {
				this.onOutput?.(this.head);
			}

			return;
		}
	}
}

interface WatchdogOptions {
	label: string;
	target: string;
	/** The command's deadline, ms. */
	deadline: number;
	/** Longest silence on stdout and stderr, ms. */
	idleTimeoutMs?: number;
	/** The caller's cancellation. */
	signal?: AbortSignal;
	/** The tool's process id on the node, once known. */
	pid: () => number | undefined;
	kill: (pid: number) => Promise<string>;
}

/**
 * The deadline, the silence watchdog and the caller's signal of one native run. They are handled here rather than
 * by the transport, so the tool is killed on the node BEFORE its channel is closed: `stop` kills the process (when
 * its pid is known), then aborts `signal`, which ends the command.
 */
class NativeWatchdog {
	/** Why the run was stopped; once the kill is done, with what the kill did. */
	stopped: HarnessError | undefined;
	private readonly options: WatchdogOptions;
	private readonly controller = new AbortController();
	private readonly deadlineTimer: NodeJS.Timeout;
	private idleTimer: NodeJS.Timeout | undefined;

	constructor(options: WatchdogOptions) {
		this.options = options;
		const {label, target, deadline} = options;
		this.deadlineTimer = setTimeout(() => {
			this.stop(new HarnessError('COMMAND_TIMEOUT', `${label}: no result after ${deadline} ms`, {target, hint: 'the device may be hung or overloaded; the command was stopped', details: {timeoutMs: deadline}}));
		}, deadline);
		options.signal?.addEventListener('abort', this.onAbort, {once: true});
		this.idle();
	}

	/** Aborted once the tool is stopped and killed: the command's own signal. */
	get signal(): AbortSignal {
		return this.controller.signal;
	}

	/** Restarts the silence watchdog, when there is one. */
	idle(): void {
		const {idleTimeoutMs, label, target} = this.options;
		if (idleTimeoutMs === undefined) {
			return;
		}

		clearTimeout(this.idleTimer);
		this.idleTimer = setTimeout(() => {
			this.stop(new HarnessError('COMMAND_TIMEOUT', `${label}: no output for ${idleTimeoutMs} ms`, {target, hint: 'the tool stopped answering on the node; it was stopped', details: {idleTimeoutMs}}));
		}, idleTimeoutMs);
	}

	/** Stops the run (the first reason wins): kills the tool when its pid is known, then ends the command. */
	stop(error: HarnessError): void {
		if (this.stopped !== undefined) {
			return;
		}

		this.stopped = error;
		const pid = this.options.pid();
		void (pid === undefined ? Promise.resolve(undefined) : this.options.kill(pid)).then(outcome => {
			if (outcome !== undefined) {
				this.stopped = new HarnessError(error.code, `${error.message}; ${outcome}`, {
					...(error.target ? {target: error.target} : {}), ...(error.hint ? {hint: error.hint} : {}), details: {...error.details, pid},
				});
			}

			this.controller.abort();
		});
	}

	/** Settles once the kill is done and the command told to end. */
	async killed(): Promise<void> {
		return aborted(this.controller.signal);
	}

	dispose(): void {
		clearTimeout(this.deadlineTimer);
		clearTimeout(this.idleTimer);
		this.options.signal?.removeEventListener('abort', this.onAbort);
	}

	private readonly onAbort = (): void => {
		this.stop(new HarnessError('CANCELLED', `${this.options.label}: cancelled`, {target: this.options.target}));
	};
}

/** The run's result without the marker lines, with the start stamp and pid they gave. */
const nativeRun = (result: PowerShellResult, markers: MarkerReader): NativeRun => {
	const {startedAtNode, pid} = markers;
	const stdout = result.stdout.replace(/^rdmalab-armed[^\n]*\n/, '').replace(/^rdmalab-start [^\n]*\n/, '');
	return {
		exitCode: result.exitCode, stdout, stderr: result.stderr,
		...(startedAtNode !== undefined && Number.isFinite(startedAtNode) ? {startedAtNode} : {}),
		...(pid === undefined ? {} : {pid}),
	};
};

export class WindowsNode {
	constructor(readonly node: RigNode, readonly transport: Transport, private readonly now: () => number = Date.now) {}

	get name(): string {
		return this.node.name;
	}

	async powershell(script: string, options: Omit<ExecOptions, 'stdin'> = {}): Promise<PowerShellResult> {
		return runPowerShell(this.transport, script, {...options, version: this.node.powershell});
	}

	async query<Q extends Record<string, PsQuery<unknown>>>(queries: Q, options: {signal?: AbortSignal; timeoutMs?: number} = {}): Promise<BatchResult<Q>> {
		const result = await this.powershell(batchScript(queries), {timeoutMs: timeouts.queryMs, ...options, label: `query ${Object.keys(queries).join(', ')}`, idempotent: true});
		assertPowerShellOk(result, this.name, `query ${Object.keys(queries).join(', ')}`);
		return parseBatch(result.stdout, queries, this.name);
	}

	/**
	 * Reads the node clock several times. Each line is stamped on arrival: a line can only arrive late, never
	 * early, so the largest (node − arrival) is the best estimate of the skew; process start-up does not matter.
	 */
	async readClock(signal?: AbortSignal): Promise<ClockReading> {
		const samples = 5;
		const offsets: number[] = [];
		let buffered = '';
		const result = await this.powershell(clockScript(samples), {
			label: 'read clock',
			timeoutMs: timeouts.clockReadMs,
			idempotent: true,
			...(signal ? {signal} : {}),
			onStdout: chunk => {
				const arrival = this.now();
				buffered += chunk;
				const complete = buffered.split(/\r?\n/);
				buffered = complete.pop() ?? '';
				for (const line of complete) {
					if (line.startsWith('rdmalab-clock ')) {
						offsets.push(parseRoundTrip(line.slice('rdmalab-clock '.length)) - arrival);
					}
				}
			},
		});
		assertPowerShellOk(result, this.name, 'read clock');
		const zone = /rdmalab-zone (-?[\d.]+) (.+)/.exec(result.stdout);
		const valid = offsets.filter(Number.isFinite);
		if (zone === null || valid.length === 0) {
			throw new HarnessError('PARSE', 'clock reading: no timestamps in the output', {target: this.name, details: {stdout: result.stdout.slice(0, 300)}});
		}

		return {
			skewMs: Math.max(...valid),
			spreadMs: Math.max(...valid) - Math.min(...valid),
			utcOffsetMinutes: Number(zone[1]),
			zoneId: zone[2]!.trim(),
			at: this.now(),
		};
	}

	/**
	 * Runs a native program with its arguments as PowerShell string literals (never through cmd.exe). The node
	 * stamps the start and its process id; the marker line is consumed here and the program's own output passed on.
	 * When the command ends without a result (deadline, no output, the run stopping, a lost connection), the tool
	 * is killed on the node with its process tree: closing the SSH channel does not end a process on Windows.
	 */
	async runNative(program: string, args: readonly string[], options: NativeOptions & {label: string}): Promise<NativeRun> {
		const {onStdout, signal, timeoutMs, idleTimeoutMs, armed, ...rest} = options;
		const script = nativeScript(program, args, armed !== undefined);
		if (armed !== undefined && powershellCommand(`${preamble}\n${script}`, this.node.powershell).stdin !== undefined) {
			// The script itself would travel on stdin, which the armed start keeps open.
			throw new HarnessError('INTERNAL', `${options.label}: command line too long for an armed start`, {target: this.name});
		}

		if (signal?.aborted) {
			throw new HarnessError('CANCELLED', `${options.label}: cancelled before it started`, {target: this.name});
		}

		const markers = new MarkerReader(armed?.onArmed, onStdout);
		const deadline = timeoutMs ?? timeouts.commandMs;
		const watchdog = new NativeWatchdog({
			label: options.label, target: this.name, deadline, ...(idleTimeoutMs === undefined ? {} : {idleTimeoutMs}), ...(signal === undefined ? {} : {signal}),
			pid: () => markers.pid,
			kill: async pid => this.kill(pid),
		});
		let result: PowerShellResult;
		try {
			result = await this.powershell(script, {
				...rest,
				...(armed === undefined ? {} : {stdinHeldUntil: armed.gate}),
				signal: watchdog.signal,
				// A backstop only: the kill normally ends the command first.
				timeoutMs: deadline + timeouts.killMs,
				onStderr(chunk) {
					watchdog.idle();
					options.onStderr?.(chunk);
				},
				onStdout(chunk) {
					watchdog.idle();
					markers.push(chunk);
				},
			});
		} catch (error) {
			if (watchdog.stopped === undefined && markers.pid !== undefined && isHarnessError(error)) {
				// The connection went (or the backstop fired): the tool may still run on the node.
				watchdog.stop(error);
			}

			if (watchdog.stopped !== undefined) {
				await watchdog.killed();
			}

			throw watchdog.stopped ?? error;
		} finally {
			watchdog.dispose();
		}

		if (watchdog.stopped !== undefined) {
			// The kill ended the tool before the channel was closed: its exit is not a result.
			await watchdog.killed();
			throw watchdog.stopped;
		}

		return nativeRun(result, markers);
	}

	/** Ends a process and every process it started; says what happened, never throws. */
	async kill(pid: number): Promise<string> {
		try {
			const result = await this.powershell(killScript(pid), {label: `taskkill /PID ${pid}`, timeoutMs: timeouts.killMs, idempotent: true});
			// taskkill exits 128 when the process is already gone: the channel closing ended it, or it finished.
			return result.exitCode === 0 ? `killed on the node (taskkill /PID ${pid} /T /F)` : result.exitCode === 128 ? `process ${pid} had already ended on the node` : `taskkill /PID ${pid} failed: ${result.stderr.trim().split(/\r?\n/)[0] ?? ''}`;
		} catch (error) {
			return `could not kill process ${pid} on the node: ${error instanceof Error ? error.message : String(error)}`;
		}
	}
}
