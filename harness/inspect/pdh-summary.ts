// The summary `rdmalab inspect` prints for a PDH-CSV log: its time zone and range, the sampling, and each
// counter's min / mean / max. Built from parser events, so a multi-gigabyte log streams through in constant memory.
import {pdhLocalToUtcMs, type PdhCsvEvent, type PdhCsvHeader} from '../counters/pdh-csv.js';

export interface PdhCounterSummary {
	path: string;
	/** Samples with a value (blanks are not zeros and are not counted). */
	samples: number;
	min?: number;
	mean?: number;
	max?: number;
}

export interface PdhSummary {
	kind: 'pdh-csv';
	/** Zone name from the header; undefined in console form (typeperf without -o), which has none. */
	timeZone?: string;
	biasMinutes?: number;
	/** The header names a zone but was cut short: zone and bias unknown. */
	headerTruncated?: true;
	/** First and last timestamps as printed (local time of the machine). */
	first?: string;
	last?: string;
	/** The same in UTC, when the header gives the bias. */
	firstUtc?: string;
	lastUtc?: string;
	sampleCount: number;
	/** Median spacing of the samples, s. */
	intervalS?: number;
	counters: PdhCounterSummary[];
	/** Lines that were not CSV: the tool's status and error messages. */
	messages: string[];
}

interface Running {
	count: number;
	sum: number;
	min: number;
	max: number;
}

export class PdhSummaryBuilder {
	private header: PdhCsvHeader | undefined;
	private stats: Running[] = [];
	private first: string | undefined;
	private last: string | undefined;
	private previousMs: number | undefined;
	private readonly gaps = new Map<number, number>();
	private samples = 0;
	private readonly messages: string[] = [];

	add(event: PdhCsvEvent): void {
		if (event.type === 'header') {
			this.header = event.header;
			this.stats = event.header.columns.map(() => ({count: 0, sum: 0, min: Infinity, max: -Infinity}));
		} else if (event.type === 'message') {
			this.messages.push(event.text);
		} else {
			const {sample} = event;
			this.samples++;
			this.first ??= sample.local;
			this.last = sample.local;
			// Spacing is the same in local time and UTC (bias 0 here) except across a DST change.
			const ms = pdhLocalToUtcMs(sample.local, 0);
			if (this.previousMs !== undefined) {
				const gap = ms - this.previousMs;
				this.gaps.set(gap, (this.gaps.get(gap) ?? 0) + 1);
			}

			this.previousMs = ms;
			for (const [index, value] of sample.values.entries()) {
				const stat = this.stats[index];
				if (value === null || stat === undefined) {
					continue;
				}

				stat.count++;
				stat.sum += value;
				stat.min = Math.min(stat.min, value);
				stat.max = Math.max(stat.max, value);
			}
		}
	}

	result(): PdhSummary {
		const bias = this.header?.biasMinutes;
		const utc = (local: string | undefined) => (local === undefined || bias === undefined ? undefined : new Date(pdhLocalToUtcMs(local, bias)).toISOString());
		const firstUtc = utc(this.first);
		const lastUtc = utc(this.last);
		const interval = medianOfCounts(this.gaps);
		return {
			kind: 'pdh-csv',
			...(this.header?.timeZoneName === undefined ? {} : {timeZone: this.header.timeZoneName}),
			...(bias === undefined ? {} : {biasMinutes: bias}),
			...(this.header?.truncated ? {headerTruncated: true as const} : {}),
			...(this.first === undefined ? {} : {first: this.first, last: this.last!}),
			...(firstUtc === undefined ? {} : {firstUtc, lastUtc: lastUtc!}),
			sampleCount: this.samples,
			...(interval === undefined ? {} : {intervalS: interval / 1000}),
			counters: (this.header?.columns ?? []).map((column, index) => {
				const stat = this.stats[index]!;
				return {path: column.raw, samples: stat.count, ...(stat.count === 0 ? {} : {min: stat.min, mean: stat.sum / stat.count, max: stat.max})};
			}),
			messages: this.messages,
		};
	}
}

const medianOfCounts = (counts: Map<number, number>): number | undefined => {
	const total = [...counts.values()].reduce((sum, count) => sum + count, 0);
	if (total === 0) {
		return undefined;
	}

	let seen = 0;
	for (const [value, count] of [...counts].sort((a, b) => a[0] - b[0])) {
		seen += count;
		if (seen * 2 >= total) {
			return value;
		}
	}

	return undefined;
};

const number = (value: number | undefined) => (value === undefined ? '—' : Number.isInteger(value) || Math.abs(value) >= 1e6 ? value.toFixed(0) : value.toPrecision(6));

export const formatPdhSummary = (summary: PdhSummary): string => {
	const zone = summary.headerTruncated
		? 'header truncated, time zone unknown: times are the machine\'s local time'
		: summary.timeZone === undefined
		? (summary.biasMinutes === undefined ? 'none in the file (console form): times are the machine\'s local time' : `unnamed, bias ${summary.biasMinutes} min`)
		: `${summary.timeZone} (bias ${summary.biasMinutes ?? '?'} min)`;
	const lines = [
		'PDH-CSV counter log',
		`  time zone   ${zone}`,
		`  from        ${summary.first ?? '—'}${summary.firstUtc === undefined ? '' : ` (${summary.firstUtc})`}`,
		`  to          ${summary.last ?? '—'}${summary.lastUtc === undefined ? '' : ` (${summary.lastUtc})`}`,
		`  samples     ${summary.sampleCount}${summary.intervalS === undefined ? '' : `, every ${summary.intervalS} s`}`,
		`  counters    ${summary.counters.length}            samples          min         mean          max`,
		...(summary.messages.length > 0 ? [`  messages    ${summary.messages.join(' | ')}`] : []),
		...summary.counters.map(counter => `    ${counter.path}\n      ${' '.repeat(22)}${String(counter.samples).padStart(8)} ${number(counter.min).padStart(12)} ${number(counter.mean).padStart(12)} ${number(counter.max).padStart(12)}`),
	];
	return `${lines.join('\n')}\n`;
};
