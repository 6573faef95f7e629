// `rdmalab suites [--json]`: every suite `run` knows, with its parameters (what `--set` takes), their types, ranges
// and defaults, read from the suite's own schema so the list can never disagree with what `run` accepts.
import {z} from 'zod';
import {suites} from '../../suites/index.js';
import type {Suite} from '../suite.js';
import type {Runtime} from './runtime.js';

export interface ParamRow {
	/** As `--set` takes it: `thresholds.maxStallMs`. */
	name: string;
	/** `integer 0..600`, `port-down | nic-disable`, `string matching ^\d+[KMG]?$`. */
	type: string;
	/** The value the suite runs with when it is not set; absent when it has none (optional, or required). */
	default?: unknown;
	required: boolean;
}

interface JsonSchemaNode {
	type?: string | string[];
	enum?: unknown[];
	properties?: Record<string, JsonSchemaNode>;
	required?: string[];
	default?: unknown;
	minimum?: number;
	maximum?: number;
	exclusiveMinimum?: number;
	exclusiveMaximum?: number;
	pattern?: string;
	anyOf?: JsonSchemaNode[];
	items?: JsonSchemaNode;
}

// zod writes an unbounded integer's range as ±MAX_SAFE_INTEGER; that says nothing to a reader.
const bound = (value: number | undefined) => (value === undefined || Math.abs(value) >= Number.MAX_SAFE_INTEGER ? undefined : value);

const typeOf = (node: JsonSchemaNode): string => {
	if (node.enum !== undefined) {
		return node.enum.map(value => String(value)).join(' | ');
	}

	if (node.anyOf !== undefined) {
		return node.anyOf.map(option => typeOf(option)).join(' or ');
	}

	const type = Array.isArray(node.type) ? node.type.join(' or ') : node.type ?? 'any';
	if (type === 'array') {
		return `list of ${node.items === undefined ? 'any' : typeOf(node.items)}`;
	}

	const [low, high] = [bound(node.minimum), bound(node.maximum)];
	const range = [
		low !== undefined && high !== undefined ? `${low}..${high}` : '',
		low !== undefined && high === undefined ? `≥ ${low}` : '',
		high !== undefined && low === undefined ? `≤ ${high}` : '',
		bound(node.exclusiveMinimum) === undefined ? '' : `> ${node.exclusiveMinimum}`,
		bound(node.exclusiveMaximum) === undefined ? '' : `< ${node.exclusiveMaximum}`,
		node.pattern === undefined ? '' : `matching ${node.pattern}`,
	].filter(part => part !== '');
	return [type, ...range].join(' ');
};

const rows = (node: JsonSchemaNode, defaults: unknown, prefix = ''): ParamRow[] => Object.entries(node.properties ?? {}).flatMap(([key, child]) => {
	const name = `${prefix}${key}`;
	const value = typeof defaults === 'object' && defaults !== null ? (defaults as Record<string, unknown>)[key] : undefined;
	if (child.type === 'object' && child.properties !== undefined) {
		return rows(child, value ?? child.default, `${name}.`);
	}

	const fallback = value ?? child.default;
	return [{name, type: typeOf(child), ...(fallback === undefined ? {} : {default: fallback}), required: (node.required ?? []).includes(key) && fallback === undefined}];
});

/** A suite's parameters, flattened to what `--set` takes. */
export const suiteParamRows = (suite: Suite<unknown>): ParamRow[] => {
	const schema = z.toJSONSchema(suite.params as z.ZodType, {io: 'input', unrepresentable: 'any'}) as JsonSchemaNode;
	// The defaults as the suite resolves them (nested defaults included), when it runs with nothing set.
	const parsed = (suite.params as z.ZodType).safeParse({});
	return rows(schema, parsed.success ? parsed.data : undefined);
};

const shown = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value));

const formatSuite = (suite: Suite<unknown>): string => {
	const params = suiteParamRows(suite);
	const nameWidth = Math.max(...params.map(row => row.name.length), 4);
	const typeWidth = Math.max(...params.map(row => row.type.length), 4);
	const lines = params.map(row => `    ${row.name.padEnd(nameWidth)}  ${row.type.padEnd(typeWidth)}  ${row.default === undefined ? (row.required ? 'required' : 'optional') : `default ${shown(row.default)}`}`);
	return [`${suite.name}: ${suite.title}`, `  ${suite.description}`, '  parameters (--set name=value):', ...(lines.length === 0 ? ['    none'] : lines)].join('\n');
};

export const suitesCommand = async (args: {json: boolean}, runtime: Runtime): Promise<number> => {
	const all = Object.values(suites);
	runtime.stdout(args.json
		? `${JSON.stringify(all.map(suite => ({name: suite.name, title: suite.title, description: suite.description, params: suiteParamRows(suite)})), null, 2)}\n`
		: `${all.map(suite => formatSuite(suite)).join('\n\n')}\n\nA suite module outside the tree runs by its path: rdmalab run ./my-suite.js --rig <file>\n`);
	return 0;
};
