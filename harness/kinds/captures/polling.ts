// A capture that polls its device at an interval onto the run's one timeline: each sample stamped at the middle of
// its read on the orchestrator's clock, written to its CSV as it arrives. A read that fails ends the capture with
// that error (the run stops early on it); stopping it, or the run stopping, is not a failure.
import {stringify} from 'csv-stringify';
import {errorRecord, HarnessError} from '../../errors.js';
import {sleep} from '../../run/clock.js';
import type {CounterCapture} from '../../run/run-data.js';
import {firstSampleSignal, stampSample, type CaptureRun, type RunningCapture} from '../capture-kind.js';

export interface PollingCapture {
	/** The device read, the capture's kind, its CSV in the run folder and its columns. */
	data: CounterCapture;
	intervalS: number;
	samples: number;
	/** One reading: a value per column, null where there is none. */
	read(signal: AbortSignal): Promise<Array<number | null>>;
}

export const startPolling = (run: CaptureRun, capture: PollingCapture): RunningCapture => {
	const {data} = capture;
	const csv = stringify();
	csv.pipe(run.recorder.stream(data.file!));
	csv.write(['time_utc', 't_s', ...data.columns]);
	const stopper = new AbortController();
	const signal = AbortSignal.any([run.signal, stopper.signal]);
	const {promise: firstSample, resolve: resolveFirst, reject: rejectFirst} = firstSampleSignal();
	const done = (async () => {
		try {
			const startedAt = run.now();
			for (let sample = 0; sample < capture.samples && !signal.aborted; sample++) {
				await sleep(startedAt + (sample * capture.intervalS * 1000) - run.now(), signal);
				const before = run.now();
				const values = await capture.read(signal);
				// Whole milliseconds, as every other stamp of the run: the CSV keeps them exactly.
				stampSample(run.recorder, data, csv, Math.round((before + run.now()) / 2), values);
				resolveFirst();
			}
		} catch (error) {
			if (!signal.aborted) {
				data.error = errorRecord(error);
			}
		} finally {
			await new Promise<void>(resolve => {
				csv.end(resolve);
			});
			rejectFirst(new HarnessError('COUNTER_MISSING', data.error?.message ?? `${data.node}: the ${data.kind ?? ''} capture ended before its first sample`, {target: data.node}));
		}
	})();

	return {data, firstSample, done, stop: () => stopper.abort()};
};
