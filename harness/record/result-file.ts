// Reading result.json back (the history, `rdmalab nightly`, a lab's tools, the tests): parsed and checked against its
// published JSON Schema, so a file of another version or a hand-edited one is refused naming the path, the rule and
// the value instead of being misread.
import {readFileSync} from 'node:fs';
import {readFile} from 'node:fs/promises';
import {Ajv2020, type ErrorObject, type ValidateFunction} from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import {HarnessError} from '../errors.js';
import {resultVersion, type Result} from './result.js';

/** The published schema, in the repository's docs/ (this module runs from dist/harness/record/). */
export const resultSchemaFile = new URL(`../../../docs/result-${resultVersion}.schema.json`, import.meta.url);

// ajv-formats is CommonJS whose types declare an ES default export; at run time the default is the function itself.
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

let compiled: ValidateFunction | undefined;
const validator = (): ValidateFunction => {
	if (compiled === undefined) {
		const ajv = new Ajv2020({allErrors: true, strict: true});
		addFormats(ajv);
		compiled = ajv.compile(JSON.parse(readFileSync(resultSchemaFile, 'utf8')) as object);
	}

	return compiled;
};

const describe = (error: ErrorObject): string => {
	const where = error.instancePath === '' ? '(top)' : error.instancePath;
	const extra = error.keyword === 'additionalProperties' ? ` (${String((error.params as {additionalProperty?: string}).additionalProperty)})` : '';
	return `${where}: ${error.message ?? error.keyword}${extra} [${error.keyword}]`;
};

/** The schema's complaints about a value, one line each; empty when it is a valid result. */
export const resultProblems = (value: unknown): string[] => {
	const validate = validator();
	return validate(value) ? [] : (validate.errors ?? []).map(error => describe(error));
};

export const readResult = async (file: string): Promise<Result> => {
	let value: unknown;
	try {
		value = JSON.parse(await readFile(file, 'utf8'));
	} catch (error) {
		throw new HarnessError('IO', `cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`, {target: file, hint: 'result.json is written at the end of every run, also one that stopped early'});
	}

	const version = (value as {rdmalabResult?: unknown} | null)?.rdmalabResult;
	if (version !== resultVersion) {
		throw new HarnessError('PARSE', `${file} is a result of version ${JSON.stringify(version)}; this rdmalab reads version ${resultVersion}`, {target: file, hint: 'rejudge the run folder (rdmalab rejudge) to write a result of this version'});
	}

	const problems = resultProblems(value);
	if (problems.length > 0) {
		throw new HarnessError('PARSE', `${file} does not match the result schema (docs/result-${resultVersion}.schema.json):\n  ${problems.join('\n  ')}`, {target: file});
	}

	return value as Result;
};
