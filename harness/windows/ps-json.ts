// Reading what remote PowerShell prints: ConvertTo-Json from Windows PowerShell 5.1 and PowerShell 7
// (formats.md §5.1), and the CLIXML that error, warning and progress streams turn into on redirected stderr.

import {z} from 'zod';
import {parseError, snippet} from '../parse-error.js';

const jsonHint = 'run the cmdlet through "| ConvertTo-Json -Depth 4" with $ProgressPreference = \'SilentlyContinue\' and nothing else written to stdout';

/**
 * The JSON value on stdout. '' or whitespace is null: ConvertTo-Json prints nothing for zero results.
 * Lines before the first line that opens an object or array are skipped (7.1+ can print
 * `WARNING: Resulting JSON is truncated ...` there). Integers beyond 2^53 come back as their exact digit
 * strings, which psUInt64 turns into bigint.
 */
export function parsePsJson(stdout: string): unknown {
	const text = stdout.startsWith('\uFEFF') ? stdout.slice(1) : stdout;
	if (text.trim() === '') {
		return null;
	}

	const opening = /^[ \t]*[{[]/m.exec(text);
	const json = opening === null ? text : text.slice(opening.index);
	try {
		return JSON.parse(json.replace(jsonToken, keepExactInteger));
	} catch (error) {
		const reason = error instanceof Error ? error.message : String(error);
		throw parseError('ps-json', `expected ConvertTo-Json output, found ${snippet(json, 80)} (${reason})`, jsonHint, {cause: reason});
	}
}

// A string literal or a number; strings are matched so digits inside them are left alone.
const jsonToken = /"(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/g;

function keepExactInteger(token: string): string {
	const integer = /^-?\d+$/.test(token);
	return integer && !Number.isSafeInteger(Number(token)) ? `"${token}"` : token;
}

/** One result prints as an object and several as an array; 5.1 can also wrap arrays as {"value": [...], "Count": n}. */
export function psArray(value: unknown): unknown[] {
	if (value === null || value === undefined) {
		return [];
	}

	if (Array.isArray(value)) {
		return value;
	}

	if (isRecord(value) && Array.isArray(value['value']) && 'Count' in value && Object.keys(value).length === 2) {
		return value['value'] as unknown[];
	}

	return [value];
}

const msDate = /^\/Date\((-?\d+)(?:[+-]\d{4})?\)\/$/;
const isoDate = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/;

/**
 * A DateTime as either PowerShell serializes it: 5.1 `/Date(ms)/` (the optional `-0700` suffix is informational:
 * ms is already UTC), its ETS wrapper `{"value": "/Date(..)/", "DisplayHint": 2, "DateTime": "..."}`, or 7's
 * ISO 8601 with an offset or Z. An ISO string without an offset is the remote host's local time, which
 * cannot be placed, so it is undefined like anything else that is not a date.
 */
export function psDate(value: unknown): Date | undefined {
	if (value instanceof Date) {
		return Number.isNaN(value.getTime()) ? undefined : value;
	}

	if (isRecord(value) && 'value' in value) {
		return psDate(value['value']);
	}

	if (typeof value !== 'string') {
		return undefined;
	}

	const ms = msDate.exec(value);
	if (ms !== null) {
		return new Date(Number(ms[1]));
	}

	if (!isoDate.test(value)) {
		return undefined;
	}

	const date = new Date(value);
	return Number.isNaN(date.getTime()) ? undefined : date;
}

const streamPrefix: Record<string, string> = {warning: 'WARNING: ', verbose: 'VERBOSE: ', debug: 'DEBUG: '};

/**
 * Plain text from stderr that powershell.exe wrote as CLIXML (`#< CLIXML` then `<Objs>`): the text of each
 * `<S S="Error">` record, warnings and verbose lines prefixed as the console shows them, progress records
 * dropped. Anything that is not CLIXML passes through unchanged.
 */
export function decodeClixml(stderr: string): string {
	const marker = stderr.indexOf('#< CLIXML');
	if (marker < 0) {
		return stderr;
	}

	let text = '';
	// Progress records are <Obj S="progress"> and hold no <S S=...>, so this skips them.
	for (const [, stream = '', content = ''] of stderr.slice(marker).matchAll(/<S S="([^"]*)">([\s\S]*?)<\/S>/g)) {
		const decoded = decodeXmlText(content);
		const prefix = streamPrefix[stream.toLowerCase()];
		text += prefix === undefined ? decoded : `${prefix}${decoded}${decoded.endsWith('\n') ? '' : '\r\n'}`;
	}

	return stderr.slice(0, marker) + text.replaceAll('\r\n', '\n').trimEnd();
}

const entities: Record<string, string> = {lt: '<', gt: '>', amp: '&', quot: '"', apos: '\''};

// XML entities first, then PowerShell's _xHHHH_ escapes for characters XML cannot carry (CR, LF, ...).
function decodeXmlText(content: string): string {
	return content
		.replace(/&(lt|gt|amp|quot|apos|#\d+|#x[\dA-Fa-f]+);/g, (_entity, name: string) => entities[name]
			?? String.fromCodePoint(name.startsWith('#x') ? Number.parseInt(name.slice(2), 16) : Number(name.slice(1))))
		.replace(/_x([\dA-Fa-f]{4})_/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
}

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A cmdlet boolean: JSON true/false, or 'True'/'False' where a script stringified it. */
export const psBool = z.union([z.boolean(), z.enum(['True', 'False', 'true', 'false'])])
	.transform(value => value === true || value === 'True' || value === 'true');

/** A number, or its decimal text. */
export const psNumber = z.union([z.number(), z.string().regex(/^-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?$/)])
	.transform(Number);

/** A UInt64 such as a byte counter or NetLuid: a non-negative integer or its digit string, as bigint. */
export const psUInt64 = z.union([z.number().int().nonnegative(), z.string().regex(/^\d+$/)])
	.transform(value => BigInt(value));

/** A DateTime in any form psDate reads. */
export const psDateSchema = z.unknown().transform((value, context) => {
	const date = psDate(value);
	if (date === undefined) {
		context.addIssue({code: 'custom', message: 'expected a PowerShell DateTime: "/Date(ms)/", ISO 8601 with an offset, or {value, DisplayHint, DateTime}'});
		return z.NEVER;
	}

	return date;
});
