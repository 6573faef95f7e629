// A Windows Server node as the harness drives it: PowerShell queries, its clock, and native tools (diskspd,
// typeperf) whose start is stamped by the node itself so their output can be put on the orchestrator's timeline.
import {HarnessError} from '../errors.js';
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
}

export type NativeOptions = Pick<ExecOptions, 'signal' | 'timeoutMs' | 'onStdout' | 'onStderr' | 'collect'> & {
	/**
	 * Armed start: the node starts PowerShell now, says it is armed, and waits for stdin to close (when `gate`
	 * settles) before it stamps its start and runs the program. Launch cost and PowerShell start-up, which vary
	 * by hundreds of ms between nodes, are then paid before the instant that matters.
	 */
	armed?: {gate: Promise<void>; onArmed: () => void};
};

const startMarker = 'rdmalab-start ';
const armedMarker = 'rdmalab-armed';

/** Parses .NET round-trip ('o') timestamps, which carry 7 fractional digits. */
export const parseRoundTrip = (text: string): number => {
	const match = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d+))?(Z|[+-]\d\d:\d\d)$/.exec(text.trim());
	if (!match) {
		return Number.NaN;
	}

	const fraction = (match[2] ?? '').padEnd(3, '0').slice(0, 3);
	return Date.parse(`${match[1]!}.${fraction}${match[3]!}`);
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
		const result = await this.powershell(batchScript(queries), {...options, label: `query ${Object.keys(queries).join(', ')}`});
		assertPowerShellOk(result, this.name, `query ${Object.keys(queries).join(', ')}`);
		return parseBatch(result.stdout, queries, this.name);
	}

	/**
	 * Reads the node clock several times. Each line is stamped on arrival: a line can only arrive late, never
	 * early, so the largest (node − arrival) is the best estimate of the skew; process start-up does not matter.
	 */
	async readClock(signal?: AbortSignal): Promise<ClockReading> {
		const samples = 5;
		const lines = Array.from({length: samples}, () => '[Console]::Out.WriteLine(\'rdmalab-clock \' + [DateTime]::UtcNow.ToString(\'o\'))\nStart-Sleep -Milliseconds 25');
		lines.push('[Console]::Out.WriteLine(\'rdmalab-zone \' + [TimeZoneInfo]::Local.GetUtcOffset([DateTime]::UtcNow).TotalMinutes + \' \' + [TimeZoneInfo]::Local.Id)');
		const offsets: number[] = [];
		let buffered = '';
		const result = await this.powershell(lines.join('\n'), {
			label: 'read clock',
			timeoutMs: 30_000,
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
	 * stamps the start; the marker line is consumed here and the program's own output passed on.
	 */
	async runNative(program: string, args: readonly string[], options: NativeOptions & {label: string}): Promise<NativeRun> {
		const {onStdout, armed, ...rest} = options;
		const script = [
			// Native stderr must not turn into terminating errors.
			'$ErrorActionPreference = \'Continue\'',
			...(armed === undefined ? [] : [`[Console]::Out.WriteLine('${armedMarker}')`, '$null = [Console]::In.ReadToEnd()']),
			`[Console]::Out.WriteLine('${startMarker}' + [DateTime]::UtcNow.ToString('o'))`,
			`& ${psString(program)} ${args.map(psString).join(' ')}`,
			'exit $LASTEXITCODE',
		].join('\n');
		if (armed !== undefined && powershellCommand(`${preamble}\n${script}`, this.node.powershell).stdin !== undefined) {
			// The script itself would travel on stdin, which the armed start keeps open.
			throw new HarnessError('INTERNAL', `${options.label}: command line too long for an armed start`, {target: this.name});
		}

		let startedAtNode: number | undefined;
		let head = '';
		const result = await this.powershell(script, {
			...rest,
			...(armed === undefined ? {} : {stdinHeldUntil: armed.gate}),
			onStdout(chunk) {
				if (startedAtNode !== undefined) {
					onStdout?.(chunk);
					return;
				}

				head += chunk;
				for (;;) {
					const newline = head.indexOf('\n');
					if (newline === -1) {
						return;
					}

					const line = head.slice(0, newline).trim();
					head = head.slice(newline + 1);
					if (line === armedMarker) {
						armed?.onArmed();
						continue;
					}

					startedAtNode = line.startsWith(startMarker) ? parseRoundTrip(line.slice(startMarker.length)) : Number.NaN;
					if (head !== '') {
						onStdout?.(head);
					}

					return;
				}
			},
		});
		const stdout = result.stdout.replace(/^rdmalab-armed\r?\n/, '').replace(/^rdmalab-start [^\n]*\n/, '');
		return {exitCode: result.exitCode, stdout, stderr: result.stderr, ...(startedAtNode !== undefined && Number.isFinite(startedAtNode) ? {startedAtNode} : {})};
	}
}
