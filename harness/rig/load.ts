// Loads a rig file: YAML → structure (zod) → design rules, and reports every problem at once with the file, the
// line, the path in the file, the rule and the value received. Secrets are never echoed back.
import {open, type FileHandle} from 'node:fs/promises';
import {homedir} from 'node:os';
import path from 'node:path';
import {isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node as YamlNode} from 'yaml';
import type {$ZodIssue} from 'zod/v4/core';
import {HarnessError, isHarnessError} from '../errors.js';
import {decodeRigText, maxRigFileBytes} from './rig-text.js';
import {checkRules, type CheckOptions, type IssuePath, type RuleIssue, type RuleName} from './rules.js';
import {rigSchema, type Rig} from './schema.js';
import {aliasOverLimit, duplicateKeys, maxAliasCount} from './yaml-guards.js';

export interface RigIssue extends RuleIssue {
	file: string;
	line?: number;
	column?: number;
}

const secretKey = /^(password|passwd|passphrase|secret|private[-_]?key|token|api[-_]?key)$/i;
const looksSecret = (value: unknown) => typeof value === 'string' && /PRIVATE KEY-----/.test(value);

export const formatPath = (issuePath: IssuePath): string =>
	issuePath.reduce<string>((text, part) => (typeof part === 'number' ? `${text}[${part}]` : text === '' ? part : `${text}.${part}`), '') || '(top level)';

const previewLength = 80;

/**
 * A short, secret-free rendering of a received value: JSON, except that .nan and .inf read as YAML writes them
 * (JSON would say null). It stops once it has a line's worth, so a huge (or aliased, or cyclic) value costs nothing.
 */
export const describeReceived = (value: unknown): string => {
	if (value === undefined) {
		return 'nothing';
	}

	const full = Symbol('full');
	let text = '';
	const write = (part: string) => {
		text += part;
		if (text.length > previewLength) {
			throw full;
		}
	};

	const render = (item: unknown): void => {
		if (typeof item === 'number') {
			write(Number.isNaN(item) ? '.nan' : item === Infinity ? '.inf' : item === -Infinity ? '-.inf' : JSON.stringify(item));
		} else if (typeof item === 'string') {
			write(JSON.stringify(looksSecret(item) ? '<redacted>' : item.slice(0, previewLength + 1)));
		} else if (item === null || typeof item !== 'object') {
			write(String(item));
		} else if (ArrayBuffer.isView(item)) {
			write(`<${item.byteLength} bytes of binary>`);
		} else if (Array.isArray(item)) {
			write('[');
			for (let index = 0; index < item.length; index++) {
				write(index === 0 ? '' : ',');
				const inner: unknown = item[index];
				render(inner === undefined || typeof inner === 'function' || typeof inner === 'symbol' ? null : inner);
			}

			write(']');
		} else {
			write('{');
			let first = true;
			for (const key of Object.keys(item)) {
				const inner: unknown = (item as Record<string, unknown>)[key];
				if (inner === undefined || typeof inner === 'function' || typeof inner === 'symbol') {
					continue;
				}

				write(`${first ? '' : ','}${JSON.stringify(key)}:`);
				first = false;
				render(secretKey.test(key) ? '<redacted>' : inner);
			}

			write('}');
		}
	};

	try {
		render(value);
	} catch (error) {
		if (error !== full) {
			throw error;
		}
	}

	return text.length > previewLength ? `${text.slice(0, previewLength - 3)}...` : text;
};

export const formatIssue = (issue: RigIssue): string => {
	const where = issue.line === undefined ? issue.file : `${issue.file}:${issue.line}:${issue.column ?? 1}`;
	const received = issue.received === undefined ? '' : `; received: ${describeReceived(issue.received)}`;
	return `${where}: ${formatPath(issue.path)}: ${issue.message} [rule: ${issue.rule}${received}]`;
};

/** Problems listed at most; a file with more has its first ones listed and the rest counted. */
export const maxListedIssues = 100;

export class RigFileError extends HarnessError {
	readonly issues: RigIssue[];

	/** `total`: how many problems the file has when `issues` lists only the first of them. */
	constructor(file: string, issues: RigIssue[], total = issues.length) {
		const count = total === 1 ? '1 problem' : `${total} problems`;
		const more = total > issues.length ? `\n  ... and ${total - issues.length} more; fix these first` : '';
		super('RIG_INVALID', `rig file ${file} has ${count}:\n${issues.map(issue => `  ${formatIssue(issue)}`).join('\n')}${more}`, {
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
			const nonFinite = issue.expected === 'number' && typeof issue.input === 'number';
			const message = issue.input === undefined ? `required (${issue.expected})` : nonFinite ? 'expected a finite number' : `expected ${issue.expected}`;
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
			const number = issue.origin === 'number' || issue.origin === 'int';
			if (number && issue.inclusive === false) {
				// positive(), negative(), gt(), lt(): the bound itself is not allowed, so "at least 0" would be wrong.
				const limit = issue.code === 'too_small' ? issue.minimum : issue.maximum;
				const message = Number(limit) === 0 ? (issue.code === 'too_small' ? 'must be positive' : 'must be negative') : `must have a value ${issue.code === 'too_small' ? 'greater' : 'less'} than ${String(limit)}`;
				return [{path: base, rule: 'range', message, received: issue.input}];
			}

			const bound = issue.code === 'too_small' ? 'at least' : 'at most';
			const limit = issue.code === 'too_small' ? issue.minimum : issue.maximum;
			const what = issue.origin === 'array' ? ` ${String(limit)} item(s)` : issue.origin === 'string' ? ` ${String(limit)} character(s)` : ` ${String(limit)}`;
			return [{path: base, rule: 'range', message: `must have${number ? ' a value of' : ''} ${bound}${what}`, received: issue.input}];
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

/**
 * Whether a path overlaps (is a prefix of, or starts with) the path of one of `issues`. Indexed, as a broken file
 * can have many thousands of issues and comparing every pair took minutes.
 */
const overlapsAny = (issues: RuleIssue[]): ((issuePath: IssuePath) => boolean) => {
	const key = (issuePath: IssuePath) => JSON.stringify(issuePath);
	const whole = new Set<string>();
	const prefixes = new Set<string>();
	for (const issue of issues) {
		whole.add(key(issue.path));
		for (let depth = 0; depth <= issue.path.length; depth++) {
			prefixes.add(key(issue.path.slice(0, depth)));
		}
	}

	return issuePath => prefixes.has(key(issuePath)) || issuePath.some((_part, depth) => whole.has(key(issuePath.slice(0, depth)))) || whole.has(key(issuePath));
};

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

const positionOf = (lineCounter: LineCounter, offset: number) => {
	const {line, col} = lineCounter.linePos(offset);
	return {line, column: col};
};

// A rig file marked `simulated: true` names devices the embedded simulator serves: it replaces each one's ssh
// endpoint with its own on loopback and pins the host key it generates for it (harness/sim/index.ts), so the
// endpoints the file writes are never dialled and the file pins no keys. Any truthy value of the flag counts, so that
// a malformed one is reported once, by the schema.
const servedBySimulator = new Set<RuleName>(['pinnedHostKeys']);
const checkRuleSet = (rig: Rig, options: CheckOptions) => checkRules(rig, options, rig.simulated ? servedBySimulator : undefined);

const parseRigText = (text: string, file: string, options: CheckOptions): Rig => {
	const lineCounter = new LineCounter();
	// Duplicate keys are found by duplicateKeys, with their paths, in linear time (uniqueKeys is quadratic).
	const document = parseDocument(text, {lineCounter, prettyErrors: false, uniqueKeys: false});
	if (document.errors.length > 0) {
		// Only the first syntax error: the parser's later ones are mostly echoes of it.
		const error = document.errors[0]!;
		const {line, column} = positionOf(lineCounter, error.pos[0]);
		const source = text.split(/\r?\n/)[line - 1]?.trim() ?? '';
		const message = /call stack/i.test(error.message) ? 'the YAML nests too deeply to read' : error.message.split('\n')[0] ?? error.message;
		throw new RigFileError(file, [{
			file, line, column, path: [], rule: 'YAML syntax',
			message: `${message}${source === '' ? '' : ` (at: ${redactLine(source)})`}`,
		}]);
	}

	const duplicates = duplicateKeys(document);
	if (duplicates.length > 0) {
		const listed = duplicates.slice(0, maxListedIssues);
		throw new RigFileError(file, listed.map(duplicate => ({
			file, ...positionOf(lineCounter, duplicate.key.range?.[0] ?? 0), path: duplicate.path, rule: 'unique keys',
			message: `given twice in one mapping (first on line ${positionOf(lineCounter, duplicate.first.range?.[0] ?? 0).line}); YAML keeps only one of them, so write it once`,
			...('value' in duplicate ? {received: secretKey.test(String(duplicate.path.at(-1))) ? '<redacted>' : duplicate.value} : {}),
		})), duplicates.length);
	}

	let data: unknown;
	try {
		data = document.toJS({maxAliasCount});
	} catch (error) {
		// The library's limit on alias expansion ("billion laughs"): it says neither where nor which alias.
		const culprit = aliasOverLimit(document);
		if (culprit === undefined) {
			throw error;
		}

		throw new RigFileError(file, [{
			file, ...positionOf(lineCounter, culprit.alias.range?.[0] ?? 0), path: culprit.path, rule: 'YAML aliases',
			message: `the aliases expand the data past ${maxAliasCount} copies (anchors repeated inside anchors: a "billion laughs" file); write the values out or use fewer aliases`,
			received: `*${culprit.alias.source}`,
		}]);
	}

	if (data === null || data === undefined) {
		throw new RigFileError(file, [{file, line: 1, column: 1, path: [], rule: 'type', message: 'the file holds no rig; a rig file is a YAML mapping that starts with `rdmalab: 1` (see lab-configs/sim-rig.yaml)', received: data ?? null}]);
	}

	const secrets = inlineSecrets(document);
	const structure = rigSchema.safeParse(data, {reportInput: true});
	const bySecret = overlapsAny(secrets);
	const structural = structure.success ? [] : structure.error.issues.flatMap(fromZod).filter(issue => !bySecret(issue.path));
	// Rules run on the parsed rig when the structure is sound, else on the raw data; a structural error wins at its path.
	const ruled = typeof data === 'object' ? checkRuleSet((structure.success ? structure.data : data) as Rig, options) : [];
	const byEarlier = overlapsAny([...secrets, ...structural]);
	const semantic = ruled.filter(issue => !byEarlier(issue.path));
	const issues = [...secrets, ...structural, ...semantic];
	if (issues.length > 0 || !structure.success) {
		const listed = issues.slice(0, maxListedIssues);
		throw new RigFileError(file, listed.map(issue => ({file, ...locate(document, lineCounter, issue.path), ...issue})), issues.length);
	}

	return resolvePaths(structure.data, path.dirname(path.resolve(file)));
};

/**
 * Validates rig file text; `file` names it in errors. Throws RigFileError listing every problem (the first
 * maxListedIssues of them). Whatever the text holds, what comes out is a rig or a HarnessError, never a crash.
 */
export const parseRig = (text: string, file: string, options: CheckOptions = {}): Rig => {
	try {
		return parseRigText(text, file, options);
	} catch (error) {
		if (isHarnessError(error)) {
			throw error;
		}

		const reason = error instanceof RangeError && /call stack/i.test(error.message) ? 'the YAML nests too deeply to read' : `it could not be read as a rig: ${error instanceof Error ? error.message : String(error)}`;
		throw new RigFileError(file, [{file, path: [], rule: 'readable rig', message: reason}]);
	}
};

const mebibytes = (bytes: number) => `${Number((bytes / (1024 * 1024)).toFixed(1))} MiB`;

/**
 * Reads at most maxRigFileBytes (+1, to know it is more): a pipe or device has no size to check first, and a rig
 * file bigger than that is a wrong path, not a rig.
 */
const readRigBytes = async (file: string): Promise<Buffer> => {
	const unreadable = (error: unknown) => new HarnessError('RIG_NOT_FOUND', `cannot read rig file ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, {
		target: file, cause: error, hint: 'pass --rig with the path of a rig file, e.g. lab-configs/sim-rig.yaml',
	});
	const tooBig = (size: number | undefined) => new RigFileError(file, [{
		file, path: [], rule: 'file size',
		message: `the file is ${size === undefined ? `longer than ${maxRigFileBytes} bytes` : `${size} bytes (${mebibytes(size)})`}; a rig file may be at most ${maxRigFileBytes} bytes (${mebibytes(maxRigFileBytes)}), so this is not one (check the path)`,
	}]);
	let handle: FileHandle;
	try {
		handle = await open(file, 'r');
	} catch (error) {
		throw unreadable(error);
	}

	try {
		const stat = await handle.stat();
		if (stat.isFile() && stat.size > maxRigFileBytes) {
			throw tooBig(stat.size);
		}

		const buffer = Buffer.alloc(maxRigFileBytes + 1);
		let length = 0;
		while (length < buffer.length) {
			const {bytesRead} = await handle.read(buffer, length, buffer.length - length, null);
			if (bytesRead === 0) {
				break;
			}

			length += bytesRead;
		}

		if (length > maxRigFileBytes) {
			throw tooBig(stat.isFile() ? Math.max(stat.size, length) : undefined);
		}

		return buffer.subarray(0, length);
	} catch (error) {
		throw isHarnessError(error) ? error : unreadable(error);
	} finally {
		await handle.close();
	}
};

export const loadRig = async (file: string, options: CheckOptions = {}): Promise<Rig> => {
	const decoded = decodeRigText(await readRigBytes(file));
	if (decoded.problem !== undefined) {
		throw new RigFileError(file, [{file, path: [], rule: 'text encoding', ...decoded.problem}]);
	}

	return parseRig(decoded.text, file, options);
};
