// Counter capture on a node: typeperf streams PDH-CSV over SSH for the whole run. Every chunk goes to the raw
// file as it arrives; every sample is parsed, put on the run timeline (the node prints local time: its measured
// time zone gives UTC, its measured skew gives orchestrator time) and appended to the normalized CSV.
import {stringify} from 'csv-stringify';
import {formatCounterPath, parseCounterPath} from '../counters/counter-path.js';
import type {CounterNames} from '../counters/localized-names.js';
import {counterMatches, type MissingCounter} from '../counters/discovery.js';
import {PdhCsvReader, type PdhCsvEvent} from '../counters/pdh-csv.js';
import {errorRecord, HarnessError, toHarnessError, type ErrorCode} from '../errors.js';
import {firstSampleSignal, stampSample, type RunningCapture} from '../kinds/capture-kind.js';
import type {CaptureStep} from '../plan/plan.js';
import type {ClockReading, WindowsNode} from '../targets/windows-node.js';
import {timeouts} from '../transport/timeouts.js';
import type {NodeLocale} from './counter-discovery.js';
import type {RunRecorder} from './recorder.js';
import type {CounterCapture} from './run-data.js';

export type {RunningCapture} from '../kinds/capture-kind.js';

/** typeperf's arguments for a capture step: the counters (those the node has), the interval, the sample count. */
export const typeperfArgs = (step: CaptureStep, counters: readonly string[] = step.counters): string[] => [...counters, '-si', String(step.intervalS), '-sc', String(step.samples)];

const statusMessages = /^(Exiting, please wait|The command completed successfully)/;

/** What counter discovery learnt of the node, for the capture. */
export interface CaptureDiscovery {
	/** Counters the node lacks; they are left out of typeperf's command line. */
	missing?: MissingCounter[];
	/** English path → the path in the node's language, given to typeperf instead. */
	localized?: Record<string, string>;
	/** Puts the node's printed names back into English for the run record. */
	names?: CounterNames;
	locale?: NodeLocale;
}

export const startCapture = (node: WindowsNode, step: CaptureStep, clock: ClockReading, recorder: RunRecorder, signal: AbortSignal, discovery: CaptureDiscovery = {}): RunningCapture => {
	const {missing: unavailable = [], localized = {}, names, locale} = discovery;
	const data: CounterCapture = {
		node: node.name, columns: [], samples: [], missing: unavailable.map(entry => entry.counter),
		...(unavailable.length > 0 ? {unavailable} : {}), ...(locale === undefined ? {} : {locale}),
	};
	const wanted = step.counters.filter(counter => !data.missing.includes(counter));
	if (wanted.length === 0) {
		// Nothing the node has is wanted: no typeperf (it would only say "No valid counters").
		return {data, firstSample: Promise.resolve(), done: Promise.resolve(), stop() {}};
	}

	const stopper = new AbortController();
	const combined = AbortSignal.any([signal, stopper.signal]);
	const raw = recorder.stream(`counters/${node.name}.typeperf.csv`);
	const csv = stringify();
	csv.pipe(recorder.stream(`counters/${node.name}.csv`));
	const {promise: firstSample, resolve: resolveFirst, reject: rejectFirst} = firstSampleSignal();

	const onEvent = (event: PdhCsvEvent) => {
		if (event.type === 'header') {
			// The run record keeps English names, which the suites look columns up by; the node's own beside them.
			const reported = event.header.columns.map(column => names?.englishPath(column.path) ?? column.path);
			data.columns = event.header.columns.map((column, index) => {
				const english = reported[index]!;
				return english.object === column.path.object && english.counter === column.path.counter ? column.raw : formatCounterPath(english);
			});
			if (data.columns.some((column, index) => column !== event.header.columns[index]!.raw)) {
				data.localizedColumns = event.header.columns.map(column => column.raw);
			}

			data.missing = [...unavailable.map(entry => entry.counter), ...wanted.filter(counter => !reported.some(path => counterMatches(parseCounterPath(counter), path)))];
			csv.write(['time_utc', 't_s', ...data.columns]);
		} else if (event.type === 'sample' && event.sample.timeMs !== undefined) {
			stampSample(recorder, data, csv, event.sample.timeMs - clock.skewMs, event.sample.values);
			resolveFirst();
		} else if (event.type === 'message' && !statusMessages.test(event.text)) {
			data.error ??= {code: 'COUNTER_MISSING', message: `typeperf: ${event.text}`, target: node.name};
		}
	};

	// Console typeperf prints local time without a zone; Windows' bias is UTC minus local.
	const reader = new PdhCsvReader({biasMinutes: -clock.utcOffsetMinutes}, onEvent);
	let unreadable = false;
	// A line the parser cannot read is an infrastructure error of this capture (named, with its line in the raw
	// file, which keeps everything), never a crash: the capture stops and the run stops early on it.
	const read = (feed: () => void) => {
		if (unreadable) {
			return;
		}

		try {
			feed();
		} catch (error) {
			unreadable = true;
			const parsed = toHarnessError(error, 'PARSE');
			data.error ??= errorRecord(new HarnessError(parsed.code, `typeperf: ${parsed.message} (counters/${node.name}.typeperf.csv keeps the raw output)`, {
				target: node.name, ...(parsed.hint === undefined ? {} : {hint: parsed.hint}), cause: error,
			}));
			stopper.abort();
		}
	};

	const done = (async () => {
		try {
			const result = await node.runNative('typeperf.exe', typeperfArgs(step, wanted.map(counter => localized[counter] ?? counter)), {
				label: 'typeperf',
				collect: false,
				signal: combined,
				timeoutMs: (step.samples * step.intervalS * 1000) + timeouts.typeperfGraceMs,
				// typeperf prints a row every interval; silence for several intervals means it hung.
				idleTimeoutMs: Math.max(timeouts.typeperfIdleMinMs, timeouts.typeperfIdleIntervals * step.intervalS * 1000),
				onStdout(chunk) {
					raw.write(chunk);
					read(() => reader.write(Buffer.from(chunk)));
				},
			});
			if (result.exitCode !== 0) {
				data.error ??= {code: 'COUNTER_MISSING', message: `typeperf exited with ${String(result.exitCode)}: ${result.stderr.trim().split(/\r?\n/)[0] ?? ''}`, target: node.name};
			}
		} catch (error) {
			// Stopping the capture on purpose, or because the run stops, is not a failure of the capture.
			if (!combined.aborted) {
				data.error ??= errorRecord(error);
			}
		} finally {
			read(() => reader.end());
			csv.end();
			raw.end();
			// The capture's own error, code and hint included: whoever waited for the first sample reports it as is.
			rejectFirst(new HarnessError((data.error?.code ?? 'COUNTER_MISSING') as ErrorCode, data.error?.message ?? 'typeperf ended before its first sample', {target: node.name, ...(data.error?.hint === undefined ? {} : {hint: data.error.hint})}));
		}
	})();

	return {data, firstSample, done, stop: () => stopper.abort()};
};
