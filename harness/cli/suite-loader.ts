// Which suite a command means: a name `rdmalab` knows (suites/), or the path of a suite module outside the tree
// (`./my-suite/index.js`, default export made with defineSuite), so a lab can keep its own suites. Its parameters
// come from `--set`, validated by the suite's own schema.
import path from 'node:path';
import {pathToFileURL} from 'node:url';
import type {z} from 'zod';
import {suites} from '../../suites/index.js';
import {HarnessError} from '../errors.js';
import {fromZod, formatPath} from '../rig/load.js';
import type {Suite} from '../suite.js';

const looksLikePath = (name: string) => name.includes('/') || name.includes(path.sep) || /\.[cm]?js$/.test(name);

/** The suite, and the absolute file it came from when it is not one of rdmalab's own. */
export const loadSuite = async (name: string, cwd: string): Promise<{suite: Suite<unknown>; file?: string}> => {
	if (!looksLikePath(name)) {
		const suite = suites[name];
		if (suite === undefined) {
			throw new HarnessError('USAGE', `unknown suite "${name}"`, {hint: `suites: ${Object.keys(suites).join(', ')}, or the path of a suite module (./my-suite/index.js)`});
		}

		return {suite};
	}

	const file = path.resolve(cwd, name);
	let module: {default?: Partial<Suite<unknown>>};
	try {
		module = await import(pathToFileURL(file).href) as {default?: Partial<Suite<unknown>>};
	} catch (error) {
		throw new HarnessError('USAGE', `cannot load suite module ${file}: ${error instanceof Error ? error.message : String(error)}`, {target: file, hint: 'a suite module is JavaScript (ESM) whose default export is made with defineSuite'});
	}

	const suite = module.default;
	const missing = (['name', 'title', 'params', 'plan', 'judge', 'report'] as const).filter(key => suite?.[key] === undefined);
	if (suite === undefined || missing.length > 0) {
		throw new HarnessError('USAGE', `${file} is not a suite: its default export lacks ${missing.join(', ')}`, {target: file, hint: 'export default defineSuite({name, title, description, params, plan, judge, report})'});
	}

	return {suite: suite as Suite<unknown>, file};
};

/** Parameters from `--set` settings over `base` (defaults filled in by the suite's schema). */
export const suiteParams = (suite: Suite<unknown>, settings: Record<string, unknown>, base: unknown = {}): unknown => {
	const parsed = (suite.params as z.ZodType).safeParse(merge(base, settings), {reportInput: true});
	if (!parsed.success) {
		const issues = parsed.error.issues.flatMap(fromZod).map(issue => `  --set ${formatPath(issue.path)}: ${issue.message}`);
		throw new HarnessError('USAGE', `invalid parameters for ${suite.name}:\n${issues.join('\n')}`);
	}

	return parsed.data;
};

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

const merge = (base: unknown, over: Record<string, unknown>): unknown => {
	if (!isObject(base)) {
		return over;
	}

	const merged: Record<string, unknown> = {...base};
	for (const [key, value] of Object.entries(over)) {
		merged[key] = isObject(value) && isObject(merged[key]) ? merge(merged[key], value) : value;
	}

	return merged;
};
