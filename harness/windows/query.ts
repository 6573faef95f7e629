// Batched, typed PowerShell queries: many cmdlets in one script and one round trip, answered as one JSON document.
// Each query selects explicit properties (CIM objects serialized whole are huge and depth-truncated), is wrapped in
// try/catch so one failing cmdlet does not hide the others, and is validated with its own schema.
import type {z} from 'zod';
import {HarnessError, isHarnessError} from '../errors.js';
import {parsePsJson, psArray} from './ps-json.js';
import {snippet} from '../parse-error.js';

export interface PsQuery<T> {
	/** Key in the result document; also names the query in errors. */
	key: string;
	/** A PowerShell pipeline that outputs the objects, ending in Select-Object with explicit properties. */
	pipeline: string;
	/** Schema for one output object. */
	item: z.ZodType<T>;
}

export const psQuery = <T>(key: string, pipeline: string, item: z.ZodType<T>): PsQuery<T> => ({key, pipeline, item});

export type QueryResults<Q extends Record<string, PsQuery<unknown>>> = {
	[K in keyof Q]: Q[K] extends PsQuery<infer T> ? T[] : never;
};

export interface BatchResult<Q extends Record<string, PsQuery<unknown>>> {
	data: Partial<QueryResults<Q>>;
	/** Query key → the cmdlet's own error text. */
	errors: Partial<Record<keyof Q, string>>;
}

const keyPattern = /^[A-Za-z][A-Za-z0-9]*$/;

export const batchScript = (queries: Record<string, PsQuery<unknown>>): string => {
	const lines = ['$data = [ordered]@{}', '$errors = [ordered]@{}'];
	for (const [key, query] of Object.entries(queries)) {
		if (!keyPattern.test(key)) {
			throw new HarnessError('INTERNAL', `query key ${key} must be alphanumeric`);
		}

		lines.push(`try { $data['${key}'] = @(${query.pipeline}) } catch { $errors['${key}'] = $_.Exception.Message }`);
	}

	// -Depth: the default of 2 silently turns nested values into type names in 5.1.
	lines.push('ConvertTo-Json -InputObject ([ordered]@{ data = $data; errors = $errors }) -Depth 8 -Compress');
	return lines.join('\n');
};

const describeIssues = (issues: z.core.$ZodIssue[]) => issues.slice(0, 3).map(issue => `${issue.path.join('.') || '(object)'}: ${issue.message}`).join('; ');

export const parseBatch = <Q extends Record<string, PsQuery<unknown>>>(stdout: string, queries: Q, target: string): BatchResult<Q> => {
	let document: unknown;
	try {
		document = parsePsJson(stdout);
	} catch (error) {
		// The parser does not know which node printed it; the person reading the error needs that first.
		throw isHarnessError(error) && error.target === undefined ? new HarnessError(error.code, error.message, {target, cause: error, ...(error.hint ? {hint: error.hint} : {}), ...(error.details ? {details: error.details} : {})}) : error;
	}

	if (typeof document !== 'object' || document === null || !('data' in document)) {
		throw new HarnessError('PARSE', 'query output is not the expected {data, errors} document', {target, details: {snippet: stdout.slice(0, 200)}});
	}

	const {data = {}, errors = {}} = document as {data?: unknown; errors?: unknown};
	const isMap = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
	if (!isMap(data) || !isMap(errors)) {
		throw new HarnessError('PARSE', `query output has ${isMap(data) ? 'errors' : 'data'} of the wrong shape: ${snippet(JSON.stringify(isMap(data) ? errors : data) ?? 'undefined')}`, {target, details: {snippet: stdout.slice(0, 200)}});
	}

	const result: BatchResult<Q> = {data: {}, errors: {}};
	for (const [key, query] of Object.entries(queries) as Array<[keyof Q & string, PsQuery<unknown>]>) {
		if (key in errors) {
			result.errors[key] = String(errors[key]);
			continue;
		}

		const items = psArray(data[key]).map((item, index) => {
			const parsed = query.item.safeParse(item);
			if (!parsed.success) {
				throw new HarnessError('PARSE', `${key}[${index}] does not have the expected properties: ${describeIssues(parsed.error.issues)}`, {
					target, hint: 'the node may run a Windows build whose cmdlet output differs; see the raw output in the run folder', details: {query: key, item},
				});
			}

			return parsed.data;
		});
		(result.data as Record<string, unknown>)[key] = items;
	}

	return result;
};
