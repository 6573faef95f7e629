// typeperf's console output (no -o), as the simulated rig prints it (formats.md §3.2): an empty line, the
// "(PDH-CSV 4.0)" header with no time zone, one row per sample with six decimals, and two status lines
// when it exits. Windows line ends throughout.

import {fixed} from './c-format.js';

export interface LocalTimeParts {
	year: number;
	month: number;
	day: number;
	hour: number;
	minute: number;
	second: number;
	ms: number;
}

const crlf = '\r\n';
const cell = (text: string) => `"${text}"`;

/**
 * The leading empty line and the header. Paths without a machine get `\\machine`, printed as given: PDH
 * keeps the host name's case (the logman samples show `\\IMPC3116`, the typeperf sample `\\ns-g2`).
 */
export function typeperfHeader(machine: string, paths: string[]): string {
	const full = paths.map(path => path.startsWith('\\\\') ? path : `\\\\${machine}${path}`);
	return crlf + ['(PDH-CSV 4.0)', ...full].map(cell).join(',') + crlf;
}

/** One sample: `MM/dd/yyyy HH:mm:ss.fff` local time, then values with six decimals; null (no value) is `" "`. */
export function typeperfRow(local: LocalTimeParts, values: (number | null)[]): string {
	const two = (value: number) => String(value).padStart(2, '0');
	const timestamp = `${two(local.month)}/${two(local.day)}/${String(local.year).padStart(4, '0')} `
		+ `${two(local.hour)}:${two(local.minute)}:${two(local.second)}.${String(local.ms).padStart(3, '0')}`;
	return [timestamp, ...values.map(value => value === null ? ' ' : fixed(value, 6))].map(cell).join(',') + crlf;
}

/** What typeperf prints when -sc runs out or it is stopped. */
export function typeperfTrailer(): string {
	return `Exiting, please wait...${crlf}The command completed successfully.${crlf}`;
}

/** Local wall-clock parts of a UTC instant; `utcOffsetMinutes` is local minus UTC (EDT -240), the opposite of the PDH bias. */
export function localParts(utcMs: number, utcOffsetMinutes: number): LocalTimeParts {
	const date = new Date(utcMs + (utcOffsetMinutes * 60_000));
	return {
		year: date.getUTCFullYear(),
		month: date.getUTCMonth() + 1,
		day: date.getUTCDate(),
		hour: date.getUTCHours(),
		minute: date.getUTCMinutes(),
		second: date.getUTCSeconds(),
		ms: date.getUTCMilliseconds(),
	};
}
