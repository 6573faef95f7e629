// Parse failures from every format reader go through here so they share one code, one message shape
// (`<format>: <what was expected>, <what was found> <where>`) and a `details.format` callers can branch on.

import {HarnessError} from './errors.js';

const labels = {
	'diskspd-xml': 'diskspd XML',
	'ntttcp-xml': 'NTttcp XML',
	'pdh-csv': 'PDH-CSV',
	'counter-path': 'counter path',
	'ps-json': 'PowerShell JSON',
} as const;

export type ParsedFormat = keyof typeof labels;

export function parseError(format: ParsedFormat, message: string, hint: string, details: Record<string, unknown> = {}): HarnessError {
	return new HarnessError('PARSE', `${labels[format]}: ${message}`, {hint, details: {format, ...details}});
}

/** A short quoted excerpt of unexpected input for an error message. */
export function snippet(text: string, max = 60): string {
	const line = text.trimStart();
	return JSON.stringify(line.length > max ? `${line.slice(0, max)}…` : line);
}
