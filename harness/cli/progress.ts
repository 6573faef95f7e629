// Progress of a run for the person (or the CI log) watching it: the stage, elapsed and remaining time of the
// timeline, and each host's throughput from the counters as they stream in. On a terminal it is one status line,
// redrawn every second under the run's log lines; elsewhere (CI, a file) every line, log and progress alike, is
// plain text with a UTC timestamp, and a progress line comes at each stage and every few seconds of the timeline.
import {rnicThroughput} from '../counters/rnic-counters.js';
import type {Rig} from '../rig/schema.js';
import type {RunPhase} from '../run/runner.js';
import type {RunData} from '../run/run-data.js';

const phaseWords: Record<RunPhase, string> = {
	connect: 'connecting',
	inventory: 'reading the nodes',
	prepare: 'preparing workloads',
	capture: 'starting captures',
	timeline: 'timeline',
	collect: 'collecting results',
	teardown: 'restoring and stopping',
};

export interface ProgressState {
	phase: RunPhase;
	/** When the run began (orchestrator epoch ms). */
	startedMs: number;
	/** Planned length of the timeline, s. */
	durationS: number;
	data?: RunData;
}

const clock = (seconds: number): string => {
	const whole = Math.max(0, Math.round(seconds));
	const [hours, minutes, rest] = [Math.floor(whole / 3600), Math.floor((whole % 3600) / 60), whole % 60];
	return `${hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}` : String(minutes)}:${String(rest).padStart(2, '0')}`;
};

/**
 * Each host's throughput through its rNICs (RDMA and TCP, MB/s) in its latest counter sample; `—` when the sample
 * left a counter blank. Hosts without a capture are not listed.
 */
export const hostThroughput = (rig: Rig, data: RunData): Array<{node: string; mbps: number | null}> => rig.nodes.flatMap(node => {
	const capture = data.captures.find(candidate => candidate.node === node.name && (candidate.kind ?? 'typeperf') === 'typeperf');
	const latest = capture?.samples.at(-1);
	if (capture === undefined || latest === undefined || node.rnics.length === 0) {
		return [];
	}

	// Only the latest sample: an eight-hour soak's capture is long.
	// An rNIC the capture has no counter for adds nothing; one whose counter was left blank makes the sum unknown.
	const points = node.rnics.flatMap(rnic => rnicThroughput({...capture, samples: [latest]}, rnic));
	if (points.length === 0) {
		return [];
	}

	return [{node: node.name, mbps: points.some(point => point.v === null) ? null : points.reduce((sum, point) => sum + point.v!, 0)}];
});

/**
 * The status in one line: `timeline 0:23 of 1:05, 0:42 left · 0:29 elapsed · hv01 2180 MB/s · hv02 —`. The timeline
 * view holds until the timeline's planned end, also while the run already waits for its workloads' results.
 */
export const progressLine = (rig: Rig, state: ProgressState, nowMs: number): string => {
	const elapsed = `${clock((nowMs - state.startedMs) / 1000)} elapsed`;
	const inTimeline = state.data === undefined ? 0 : (nowMs - state.data.originEpochMs) / 1000;
	if (state.data === undefined || (state.phase !== 'timeline' && state.phase !== 'collect') || inTimeline >= state.durationS) {
		return `${phaseWords[state.phase]} · ${elapsed} · timeline of ${clock(state.durationS)} ${state.phase === 'collect' || state.phase === 'teardown' ? 'done' : 'to come'}`;
	}

	const hosts = hostThroughput(rig, state.data).map(({node, mbps}) => `${node} ${mbps === null ? '—' : `${Math.round(mbps)} MB/s`}`);
	return [`timeline ${clock(inTimeline)} of ${clock(state.durationS)}, ${clock(state.durationS - inTimeline)} left`, elapsed, ...hosts].join(' · ');
};

export interface ProgressOptions {
	rig: Rig;
	durationS: number;
	/** The terminal's width; undefined off a terminal. */
	columns: () => number | undefined;
	write: (text: string) => void;
	now: () => number;
}

/** Seconds between progress lines off a terminal: about twenty over the timeline, between 5 s and a minute. */
export const plainIntervalS = (durationS: number): number => Math.min(60, Math.max(5, Math.round(durationS / 20)));

export class RunProgress {
	private readonly state: ProgressState;
	private timer: NodeJS.Timeout | undefined;
	private statusShown = false;

	private readonly tty: boolean;

	constructor(private readonly options: ProgressOptions) {
		this.state = {phase: 'connect', startedMs: options.now(), durationS: options.durationS};
		this.tty = options.columns() !== undefined;
	}

	/** A line of the run's log: above the status line on a terminal, timestamped elsewhere. */
	log(line: string): void {
		if (this.tty) {
			this.clearStatus();
			this.options.write(`${line}\n`);
			this.drawStatus();
		} else {
			this.options.write(`${this.stamp()} ${line}\n`);
		}
	}

	phase(phase: RunPhase, data: RunData): void {
		this.state.phase = phase;
		this.state.data = data;
		clearInterval(this.timer);
		const tick = () => (this.tty ? this.drawStatus() : this.options.write(`${this.stamp()} progress: ${this.line()}\n`));
		tick();
		// Live updates while the timeline runs, until its results are in (on a terminal, through every stage).
		if (this.tty || phase === 'timeline' || phase === 'collect') {
			this.timer = setInterval(tick, (this.tty ? 1 : plainIntervalS(this.options.durationS)) * 1000);
			this.timer.unref();
		}
	}

	/** Stops the updates and leaves the terminal as it was. */
	stop(): void {
		clearInterval(this.timer);
		this.timer = undefined;
		this.clearStatus();
	}

	private line(): string {
		return progressLine(this.options.rig, this.state, this.options.now());
	}

	private stamp(): string {
		return new Date(this.options.now()).toISOString().replace(/\.\d+Z$/, 'Z');
	}

	private drawStatus(): void {
		if (this.state.data === undefined) {
			return;
		}

		// Carriage return and erase line: the status line is redrawn in place, never scrolled; cut to the terminal's
		// width, since a wrapped line could not be erased.
		const width = Math.max(20, (this.options.columns() ?? 80) - 1);
		const line = this.line();
		this.options.write(`\r\u001B[2K${line.length > width ? `${line.slice(0, width - 1)}…` : line}`);
		this.statusShown = true;
	}

	private clearStatus(): void {
		if (this.statusShown) {
			this.options.write('\r\u001B[2K');
			this.statusShown = false;
		}
	}
}
