// Loads a rig file: YAML → structure (zod) → design rules, and reports every problem at once with the file, the
// line, the path in the file, the rule and the value received. Secrets are never echoed back.
import {readFile} from 'node:fs/promises';
import {homedir} from 'node:os';
import path from 'node:path';
import {isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node as YamlNode} from 'yaml';
import type {$ZodIssue} from 'zod/v4/core';
import {HarnessError} from '../errors.js';
import {checkRules, type IssuePath, type RuleIssue} from './rules.js';
import {rigSchema, type Rig} from './schema.js';

export interface RigIssue extends RuleIssue {
	file: string;
	line?: number;
	column?: number;
}

const secretKey = /^(password|passwd|passphrase|secret|private[-_]?key|token|api[-_]?key)$/i;
const looksSecret = (value: unknown) => typeof value === 'string' && /PRIVATE KEY-----/.test(value);

export const formatPath = (issuePath: IssuePath): string =>
	issuePath.reduce<string>((text, part) => (typeof part === 'number' ? `${text}[${part}]` : text === '' ? part : `${text}.${part}`), '') || '(top level)';

/** A short, secret-free rendering of a received value. */
export const describeReceived = (value: unknown): string => {
	const redact = (item: unknown): unknown => {
		if (looksSecret(item)) {
			return '<redacted>';
		}

		if (Array.isArray(item)) {
			return item.map(redact);
		}

		if (typeof item === 'object' && item !== null) {
			return Object.fromEntries(Object.entries(item).map(([key, inner]) => [key, secretKey.test(key) ? '<redacted>' : redact(inner)]));
		}

		return item;
	};

	const text = value === undefined ? 'nothing' : JSON.stringify(redact(value)) ?? String(value);
	return text.length > 80 ? `${text.slice(0, 77)}...` : text;
};

export const formatIssue = (issue: RigIssue): string => {
	const where = issue.line === undefined ? issue.file : `${issue.file}:${issue.line}:${issue.column ?? 1}`;
	const received = issue.received === undefined ? '' : `; received: ${describeReceived(issue.received)}`;
	return `${where}: ${formatPath(issue.path)}: ${issue.message} [rule: ${issue.rule}${received}]`;
};

export class RigFileError extends HarnessError {
	readonly issues: RigIssue[];

	constructor(file: string, issues: RigIssue[]) {
		const count = issues.length === 1 ? '1 problem' : `${issues.length} problems`;
		super('RIG_INVALID', `rig file ${file} has ${count}:\n${issues.map(issue => `  ${formatIssue(issue)}`).join('\n')}`, {
			target: file,
			hint: 'fix the lines above; lab-configs/rig.schema.json describes every key, and lab-configs/sim-rig.yaml is a complete example',
			details: {issues},
		});
		this.name = 'RigFileError';
		this.issues = issues;
	}
}

/** Rig issues for a zod issue: path, rule, readable message and the value received. */
export const fromZod = (issue: $ZodIssue): RuleIssue[] => {
	const base = issue.path.map(part => (typeof part === 'symbol' ? String(part) : part));
	switch (issue.code) {
		case 'unrecognized_keys': {
			return issue.keys.map(key => ({path: [...base, key], rule: 'known keys', message: `unknown key "${key}"; check the spelling against lab-configs/rig.schema.json`}));
		}

		case 'invalid_type': {
			const message = issue.input === undefined ? `required (${issue.expected})` : `expected ${issue.expected}`;
			return [{path: base, rule: 'type', message, received: issue.input}];
		}

		case 'invalid_value': {
			return [{path: base, rule: 'allowed values', message: `must be one of: ${issue.values.map(String).join(', ')}`, received: issue.input}];
		}

		case 'invalid_union': {
			const options = 'options' in issue ? issue.options?.map(String).join(', ') : undefined;
			const message = issue.discriminator === undefined ? 'matches none of the allowed forms' : `${issue.discriminator} must be one of: ${options}`;
			return [{path: base, rule: 'allowed forms', message, received: issue.input}];
		}

		case 'too_small':
		case 'too_big': {
			const bound = issue.code === 'too_small' ? 'at least' : 'at most';
			const limit = issue.code === 'too_small' ? issue.minimum : issue.maximum;
			const what = issue.origin === 'array' ? ` ${String(limit)} item(s)` : issue.origin === 'string' ? ` ${String(limit)} character(s)` : ` ${String(limit)}`;
			return [{path: base, rule: 'range', message: `must have${issue.origin === 'number' || issue.origin === 'int' ? ' a value of' : ''} ${bound}${what}`, received: issue.input}];
		}

		default: {
			return [{path: base, rule: 'format', message: issue.message, received: issue.input}];
		}
	}
};

const inlineSecrets = (document: Document): RuleIssue[] => {
	const found: RuleIssue[] = [];
	const visit = (node: unknown, at: IssuePath) => {
		if (isMap(node)) {
			for (const pair of node.items) {
				const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
				const value = pair.value;
				if ((secretKey.test(key) && isScalar(value) && value.value !== null && value.value !== '') || (isScalar(value) && looksSecret(value.value))) {
					found.push({path: [...at, key], rule: 'no inline secrets', message: 'secrets must not be written in a rig file; reference one: auth: {type: password-env, env: VAR}, {type: key-file, path: ...} or {type: agent}', received: '<redacted>'});
				} else {
					visit(value, [...at, key]);
				}
			}
		} else if (isSeq(node)) {
			for (const [index, item] of node.items.entries()) {
				visit(item, [...at, index]);
			}
		}
	};

	visit(document.contents, []);
	return found;
};

/** A source line shown in a syntax error, with the value of a secret-looking key hidden. */
const redactLine = (line: string): string => {
	const shown = line.replace(/^(-?\s*([\w-]+)\s*:\s*)(.+)$/, (whole, key: string, name: string) => (secretKey.test(name) ? `${key}<redacted>` : whole));
	return looksSecret(shown) ? '<redacted>' : shown.length > 80 ? `${shown.slice(0, 77)}...` : shown;
};

const startsWith = (longer: IssuePath, prefix: IssuePath) => prefix.every((part, index) => longer[index] === part);

const locate = (document: Document, lineCounter: LineCounter, issuePath: IssuePath): {line?: number; column?: number} => {
	// Point at the key when the path ends in a map key, else at the deepest node that exists.
	for (let depth = issuePath.length; depth >= 0; depth--) {
		const parentPath = issuePath.slice(0, Math.max(0, depth - 1));
		const last = issuePath[depth - 1];
		const parent = depth === 0 ? document.contents : document.getIn(parentPath, true);
		if (depth > 0 && isMap(parent) && typeof last === 'string') {
			const pair = parent.items.find(item => isScalar(item.key) && item.key.value === last);
			const keyNode = pair?.key as YamlNode | undefined;
			if (keyNode?.range) {
				const {line, col} = lineCounter.linePos(keyNode.range[0]);
				return {line, column: col};
			}

			continue;
		}

		const node = (depth === 0 ? document.contents : document.getIn(issuePath.slice(0, depth), true)) as YamlNode | null | undefined;
		if (node?.range) {
			const {line, col} = lineCounter.linePos(node.range[0]);
			return {line, column: col};
		}
	}

	return {};
};

const expandHome = (file: string) => (file === '~' || file.startsWith('~/') ? path.join(homedir(), file.slice(1)) : file);

/** Rig file paths (key files, known_hosts) are relative to the rig file; `~` is the home directory. */
const resolvePaths = (rig: Rig, baseDir: string): Rig => {
	const resolve = (file: string) => path.resolve(baseDir, expandHome(file));
	for (const credential of Object.values(rig.credentials)) {
		if (credential.auth.type === 'key-file') {
			credential.auth.path = resolve(credential.auth.path);
		}
	}

	if (rig.knownHosts !== undefined) {
		rig.knownHosts = resolve(rig.knownHosts);
	}

	return rig;
};

/** Validates rig file text; `file` names it in errors. Throws RigFileError listing every problem. */
export const parseRig = (text: string, file: string): Rig => {
	const lineCounter = new LineCounter();
	const document = parseDocument(text, {lineCounter, prettyErrors: false, uniqueKeys: true});
	if (document.errors.length > 0) {
		// Only the first syntax error: the parser's later ones are mostly echoes of it.
		const error = document.errors[0]!;
		const {line, col} = lineCounter.linePos(error.pos[0]);
		const source = text.split(/\r?\n/)[line - 1]?.trim() ?? '';
		throw new RigFileError(file, [{
			file, line, column: col, path: [], rule: 'YAML syntax',
			message: `${error.message.split('\n')[0] ?? error.message}${source === '' ? '' : ` (at: ${redactLine(source)})`}`,
		}]);
	}

	const data: unknown = document.toJS();
	if (data === null || data === undefined) {
		throw new RigFileError(file, [{file, line: 1, column: 1, path: [], rule: 'type', message: 'the file holds no rig; a rig file is a YAML mapping that starts with `rdmalab: 1` (see lab-configs/sim-rig.yaml)', received: data ?? null}]);
	}

	const secrets = inlineSecrets(document);
	const structure = rigSchema.safeParse(data, {reportInput: true});
	const structural = structure.success ? [] : structure.error.issues.flatMap(fromZod)
		.filter(issue => !secrets.some(secret => startsWith(issue.path, secret.path) || startsWith(secret.path, issue.path)));
	// Rules run on the parsed rig when the structure is sound, else on the raw data; a structural error wins at its path.
	const ruled = typeof data === 'object' && data !== null ? checkRules((structure.success ? structure.data : data) as Rig) : [];
	const semantic = ruled.filter(issue => ![...secrets, ...structural].some(other => startsWith(issue.path, other.path) || startsWith(other.path, issue.path)));
	const issues = [...secrets, ...structural, ...semantic];
	if (issues.length > 0 || !structure.success) {
		throw new RigFileError(file, issues.map(issue => ({file, ...locate(document, lineCounter, issue.path), ...issue})));
	}

	return resolvePaths(structure.data, path.dirname(path.resolve(file)));
};

export const loadRig = async (file: string): Promise<Rig> => {
	let text: string;
	try {
		text = await readFile(file, 'utf8');
	} catch (error) {
		throw new HarnessError('RIG_NOT_FOUND', `cannot read rig file ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, {
			target: file, cause: error, hint: 'pass --rig with the path of a rig file, e.g. lab-configs/sim-rig.yaml',
		});
	}

	return parseRig(text, file);
};
