// Switch counters of the ports a suite names, polled at an interval onto the run's one timeline: per-priority PFC
// pause frames received and sent, and per-queue transmitted bytes and drops, as the switch's driver reads them
// (cumulative counters, as the switch keeps them; a chart or verdict takes differences). Each sample is stamped at
// the middle of its reads on the orchestrator's clock, and says how long the reads took (the `poll read ms` column):
// a switch (or an orchestrator) slow to answer makes the stamp uncertain by half of that, which rates over short
// windows must allow for. Written to counters/<switch>.switch.csv as it arrives. With
// `readEts` each port's egress scheduler (which priorities each queue carries, its share) is read first, so the
// queues can be told apart by traffic class whatever numbering the switch uses.
import {stringify} from 'csv-stringify';
import {z} from 'zod';
import {errorRecord, HarnessError} from '../../errors.js';
import type {EtsClass} from '../../targets/switch.js';
import {sleep} from '../../run/clock.js';
import type {CounterCapture} from '../../run/run-data.js';
import {defineCaptureKind, firstSampleSignal, stampSample, type RunningCapture} from '../capture-kind.js';

export const switchCountersStep = z.strictObject({
	kind: z.literal('switch-counters'),
	switch: z.string(),
	ports: z.array(z.string()).min(1),
	intervalS: z.number().int().positive(),
	samples: z.number().int().positive(),
	readEts: z.boolean().optional(),
});

export type SwitchCountersStep = z.output<typeof switchCountersStep>;

/** The first column of every sample: how long its reads took, ms. */
export const pollReadColumn = 'poll read ms';

/** Column names of one port's reading, in a stable order. */
const columnsOf = (port: string, reading: PortReading): string[] => [
	...reading.pfc.flatMap(entry => [`${port} pfc ${entry.priority} rx pause`, `${port} pfc ${entry.priority} tx pause`]),
	...reading.queues.flatMap(queue => [`${port} queue ${queue.queue} tx bytes`, `${port} queue ${queue.queue} drops`]),
];

const valuesOf = (reading: PortReading): number[] => [
	...reading.pfc.flatMap(entry => [entry.rxPause, entry.txPause]),
	...reading.queues.flatMap(queue => [queue.txBytes, queue.drops]),
];

interface PortReading {
	pfc: Array<{priority: number | 'all'; rxPause: number; txPause: number}>;
	queues: Array<{queue: number; txBytes: number; drops: number}>;
}

export const switchCounters = defineCaptureKind({
	kind: 'switch-counters',
	step: switchCountersStep,
	devices: step => ({nodes: [], switches: [step.switch]}),
	describe: step => `switch counters of ${step.ports.join(', ')} every ${step.intervalS} s, ${step.samples} samples`,
	planSteps: step => [...(step.readEts === true ? [{
		phase: 'prepare' as const,
		target: step.switch,
		action: `read the ETS classes of ${step.ports.join(', ')} (priority → queue, share): the driver's read-only scheduler commands`,
	}] : []), {
		phase: 'start' as const,
		target: step.switch,
		action: `poll PFC pause frames per priority and queue tx bytes / drops of ${step.ports.join(', ')} every ${step.intervalS} s, ${step.samples} samples (the driver's read-only counter commands)`,
	}],
	async prepare(run, step): Promise<Record<string, EtsClass[]> | undefined> {
		if (step.readEts !== true) {
			return undefined;
		}

		const driver = await run.devices.switchDriver(step.switch);
		return Object.fromEntries(await Promise.all(step.ports.map(async port => [port, await driver.ets(port, run.signal)] as const)));
	},
	async start(run, step, ets): Promise<RunningCapture> {
		const driver = await run.devices.switchDriver(step.switch);
		const file = `counters/${step.switch}.switch.csv`;
		const data: CounterCapture = {node: step.switch, kind: 'switch-counters', file, columns: [], samples: [], missing: [], ...(ets === undefined ? {} : {ets})};
		const csv = stringify();
		csv.pipe(run.recorder.stream(file));
		const stopper = new AbortController();
		const signal = AbortSignal.any([run.signal, stopper.signal]);
		const {promise: firstSample, resolve: resolveFirst, reject: rejectFirst} = firstSampleSignal();
		const read = async (port: string): Promise<PortReading> => {
			const [pfc, queues] = await Promise.all([driver.pfcCounters(port, signal), driver.queueCounters(port, signal)]);
			return {pfc: [...pfc].sort((a, b) => String(a.priority).localeCompare(String(b.priority))), queues: [...queues].sort((a, b) => a.queue - b.queue)};
		};

		const done = (async () => {
			try {
				const startedAt = run.now();
				for (let sample = 0; sample < step.samples && !signal.aborted; sample++) {
					await sleep(startedAt + (sample * step.intervalS * 1000) - run.now(), signal);
					const before = run.now();
					const readings = await Promise.all(step.ports.map(read));
					const after = run.now();
					const columns = [pollReadColumn, ...readings.flatMap((reading, index) => columnsOf(step.ports[index]!, reading))];
					if (data.columns.length === 0) {
						data.columns = columns;
						csv.write(['time_utc', 't_s', ...columns]);
					} else if (columns.join('\n') !== data.columns.join('\n')) {
						throw new HarnessError('PARSE', `${step.switch}: the counters changed shape during the run (${columns.length} columns, ${data.columns.length} at first)`, {target: step.switch});
					}

					const values = [Math.round(after - before), ...readings.flatMap(valuesOf)];
					// Stamped at the middle of the read, in whole milliseconds as every other stamp of the run.
					stampSample(run.recorder, data, csv, Math.round((before + after) / 2), values);
					resolveFirst();
				}
			} catch (error) {
				// Stopping the capture on purpose, or because the run stops, is not a failure of the capture.
				if (!signal.aborted) {
					data.error = errorRecord(error);
				}
			} finally {
				await new Promise<void>(resolve => {
					csv.end(resolve);
				});
				rejectFirst(new HarnessError('COUNTER_MISSING', data.error?.message ?? `${step.switch}: the counter capture ended before its first sample`, {target: step.switch}));
			}
		})();

		return {data, firstSample, done, stop: () => stopper.abort()};
	},
});
