// Checks on the YAML document itself, before its data is used: duplicate keys named by their path, and the alias
// that trips the yaml library's alias limit (a "billion laughs" file), found by position. Both walk the document
// once, without recursion, so a deeply nested or very long file costs time in proportion to its size.
import {isAlias, isMap, isScalar, isSeq, type Alias, type Document, type Node as YamlNode} from 'yaml';
import type {IssuePath} from './rules.js';

/** How often the data may repeat through aliases; the yaml library's default, spelled out because it is relied on. */
export const maxAliasCount = 100;

interface Visit {
	node: unknown;
	/** Where the node sits; for a map key, the path of the key's own entry. */
	path: IssuePath;
}

/** The name a map key has in an issue path: what toJS makes of it, a string. */
export const keyName = (key: unknown): string => String(isScalar(key) ? key.value : key);

/** Every node of the document in document order (the order toJS converts them in): keys before their values. */
function * walk(document: Document): Generator<Visit> {
	const stack: Visit[] = [{node: document.contents, path: []}];
	while (stack.length > 0) {
		const visit = stack.pop()!;
		yield visit;
		const {node, path} = visit;
		if (isMap(node)) {
			for (let index = node.items.length - 1; index >= 0; index--) {
				const pair = node.items[index]!;
				const entryPath = [...path, keyName(pair.key)];
				stack.push({node: pair.value, path: entryPath}, {node: pair.key, path: entryPath});
			}
		} else if (isSeq(node)) {
			for (let index = node.items.length - 1; index >= 0; index--) {
				stack.push({node: node.items[index], path: [...path, index]});
			}
		}
	}
}

export interface DuplicateKey {
	path: IssuePath;
	/** The repeated key and the first one, for their lines. */
	key: YamlNode;
	first: YamlNode;
	/** The repeated key's value when it is a scalar. */
	value?: unknown;
}

/**
 * Keys given twice in one mapping, with their paths. The parser's own check (uniqueKeys) only gives an offset, and
 * compares each key with every earlier one: quadratic, tens of seconds on a long mapping.
 */
export const duplicateKeys = (document: Document): DuplicateKey[] => {
	const found: DuplicateKey[] = [];
	for (const {node, path} of walk(document)) {
		if (!isMap(node)) {
			continue;
		}

		// Scalar keys are equal when their values are, as the parser compares them; other keys never are.
		const seen = new Map<unknown, YamlNode>();
		for (const pair of node.items) {
			if (!isScalar(pair.key)) {
				continue;
			}

			const first = seen.get(pair.key.value);
			if (first === undefined) {
				seen.set(pair.key.value, pair.key);
			} else {
				found.push({path: [...path, keyName(pair.key)], key: pair.key, first, ...(isScalar(pair.value) ? {value: pair.value.value} : {})});
			}
		}
	}

	return found;
};

/**
 * The alias at which the yaml library's alias limit trips, and its path. The library counts, per anchor, its uses
 * times the aliases nested in it, in document order, and throws without saying where; this replays that count.
 */
export const aliasOverLimit = (document: Document, limit = maxAliasCount): {alias: Alias; path: IssuePath} | undefined => {
	const anchored = new Map<string, YamlNode>();
	const uses = new Map<YamlNode, {count: number; aliasCount: number}>();
	const aliasCount = (node: unknown): number => {
		if (isAlias(node)) {
			const source = anchored.get(node.source);
			const data = source === undefined ? undefined : uses.get(source);
			return data === undefined ? 0 : data.count * data.aliasCount;
		}

		if (isMap(node)) {
			return node.items.reduce((most, pair) => Math.max(most, aliasCount(pair.key), aliasCount(pair.value)), 0);
		}

		return isSeq(node) ? node.items.reduce<number>((most, item) => Math.max(most, aliasCount(item)), 0) : 1;
	};

	for (const {node, path} of walk(document)) {
		if (isAlias(node)) {
			const source = anchored.get(node.source);
			const data = source === undefined ? undefined : uses.get(source);
			if (source === undefined || data === undefined) {
				continue;
			}

			data.count++;
			data.aliasCount ||= aliasCount(source);
			if (data.count * data.aliasCount > limit) {
				return {alias: node, path};
			}
		} else if ((isScalar(node) || isMap(node) || isSeq(node)) && node.anchor !== undefined) {
			anchored.set(node.anchor, node);
			uses.set(node, {count: 1, aliasCount: 0});
		}
	}

	return undefined;
};
