// A kind of capture says everything about itself: the schema of its step, the devices it reads, the commands it
// sends (for `rdmalab plan`), and its lifecycle: an optional preparation before the timeline's origin is fixed
// (what the device really has), then a start that streams samples onto the run's one timeline and to a CSV in the
// run folder. The runner and the plan report go through this interface and never name a concrete kind.
import type {Stringifier} from 'csv-stringify';
import type {z} from 'zod';
import type {PlanCommand} from '../plan/command.js';
import type {Rig} from '../rig/schema.js';
import type {RunRecorder} from '../run/recorder.js';
import type {CounterCapture} from '../run/run-data.js';
import type {ClockReading} from '../targets/windows-node.js';
import type {FaultDevices} from './fault-kind.js';

export interface CaptureStepBase {
	kind: string;
	/** Seconds between samples. */
	intervalS: number;
	/** How many samples: the capture brackets the timeline. */
	samples: number;
}

export interface RunningCapture {
	data: CounterCapture;
	/** Resolves with the first sample; rejects if the capture ends before it. */
	firstSample: Promise<void>;
	/** Resolves when the capture has ended and everything is on disk; never rejects (its error is in `data`). */
	done: Promise<void>;
	stop(): void;
}

export interface CaptureRun {
	devices: FaultDevices;
	/** The clock reading of a node, taken at the start of the run (samples a node stamps are placed with it). */
	clockOf(node: string): ClockReading | undefined;
	recorder: RunRecorder;
	signal: AbortSignal;
	now: () => number;
}

export interface CaptureKind<S extends CaptureStepBase = CaptureStepBase, Prepared = unknown> {
	readonly kind: string;
	readonly step: z.ZodType<S>;
	devices(step: S): {nodes: string[]; switches: string[]};
	/** What it reads, for the plan: `typeperf: 7 counters every 1 s, 61 samples`. */
	describe(step: S): string;
	/** The setup lines of `rdmalab plan`, with the exact commands: its preparation, then its start. */
	planSteps(step: S, rig: Rig): Array<{phase: 'prepare' | 'start'; target: string; action: string; command?: PlanCommand}>;
	/** Before the origin is fixed: ask the devices what they have. */
	prepare(run: CaptureRun, step: S): Promise<Prepared>;
	start(run: CaptureRun, step: S, prepared: Prepared): Promise<RunningCapture>;
}

/**
 * The first-sample promise of a capture: settled by the capture, and never an unhandled rejection (nobody may be
 * waiting for it any more when the capture fails).
 */
export const firstSampleSignal = (): {promise: Promise<void>; resolve: () => void; reject: (error: unknown) => void} => {
	let resolve!: () => void;
	let reject!: (error: unknown) => void;
	const promise = new Promise<void>((onResolve, onReject) => {
		resolve = onResolve;
		reject = onReject;
	});
	promise.catch(() => undefined);
	return {promise, resolve, reject};
};

export const defineCaptureKind = <S extends CaptureStepBase, Prepared>(kind: CaptureKind<S, Prepared>): CaptureKind<S, Prepared> => kind;

/**
 * One sample of a capture at `atMs` (orchestrator epoch ms), put on the run's timeline once its origin is fixed: in
 * the record and, while the capture's CSV is open, as a row of it (a missing value is an empty cell, never zero).
 */
export const stampSample = (recorder: RunRecorder, data: CounterCapture, csv: Stringifier, atMs: number, values: Array<number | null>): void => {
	recorder.atOrigin(() => {
		const t = recorder.toRunTime(atMs);
		data.samples.push({t, values});
		if (!csv.writableEnded) {
			csv.write([new Date(atMs).toISOString(), t.toFixed(3), ...values.map(value => (value === null ? '' : String(value)))]);
		}
	});
};
