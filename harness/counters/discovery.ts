// Counter discovery: what `typeperf -qx "<set>"` says a node has, checked against what a capture asks for. A
// counter the node does not have is reported missing with the reason (set absent, set renamed, counter or
// instance absent) so it is never captured, and never read as zero. typeperf -qx prints one
// `\Object(Instance)\Counter` per line (`\Object\Counter` for single-instance sets), then a status line; for a set
// the node does not have it prints an error line instead.
import {catalogueEntry} from './catalogue.js';
import {parseCounterPath, sameCounter, type CounterPath} from './counter-path.js';

/** Marker the discovery script prints before each set's listing. */
export const setMarker = 'rdmalab-set ';

export interface DiscoveredSet {
	set: string;
	/** Every path the node listed for the set; empty when it does not have it. */
	paths: CounterPath[];
	/** typeperf's own lines that are not paths (status, errors). */
	messages: string[];
}

export interface MissingCounter {
	counter: string;
	reason: string;
}

export interface CounterAvailability {
	/** Requested paths the node has (wildcards kept when at least one path matches). */
	available: string[];
	missing: MissingCounter[];
}

/** Unique counter sets (PDH objects) of some counter paths, in first-seen order. */
export const counterSetsOf = (paths: readonly string[]): string[] => {
	const sets = new Map<string, string>();
	for (const path of paths) {
		const {object} = parseCounterPath(path);
		if (!sets.has(object.toLowerCase())) {
			sets.set(object.toLowerCase(), object);
		}
	}

	return [...sets.values()];
};

/** Splits the discovery script's output into one listing per set. */
export const parseDiscovery = (text: string): DiscoveredSet[] => {
	const sets: DiscoveredSet[] = [];
	for (const raw of text.split(/\r?\n/)) {
		const line = raw.trim();
		if (line.startsWith(setMarker)) {
			sets.push({set: line.slice(setMarker.length), paths: [], messages: []});
			continue;
		}

		const current = sets.at(-1);
		if (current === undefined || line === '') {
			continue;
		}

		if (line.startsWith('\\')) {
			try {
				current.paths.push(parseCounterPath(line));
				continue;
			} catch {
				// Not a path after all: keep it as typeperf's message.
			}
		}

		current.messages.push(line);
	}

	return sets;
};

/** Whether a listed (or reported) path is one a requested path asks for; `*` instance or counter match any. */
export const counterMatches = (wanted: CounterPath, listed: CounterPath): boolean => {
	const same = (a: string | undefined, b: string | undefined) => a?.toLowerCase() === b?.toLowerCase();
	if (!same(wanted.object, listed.object)) {
		return false;
	}

	if (wanted.counter !== '*' && !same(wanted.counter, listed.counter)) {
		return false;
	}

	if (wanted.instance === '*') {
		return true;
	}

	return sameCounter({...wanted, counter: listed.counter, machine: undefined}, {...listed, machine: undefined});
};

/** Which requested counters a node has, given its discovered sets; the others with why they are missing. */
export const counterAvailability = (requested: readonly string[], discovered: readonly DiscoveredSet[]): CounterAvailability => {
	const available: string[] = [];
	const missing: MissingCounter[] = [];
	for (const counter of requested) {
		const wanted = parseCounterPath(counter);
		const listing = discovered.find(set => set.set.toLowerCase() === wanted.object.toLowerCase());
		if (listing === undefined || listing.paths.length === 0) {
			const renamed = (catalogueEntry(wanted.object)?.renamedAs ?? [])
				.find(other => discovered.some(set => set.set.toLowerCase() === other.toLowerCase() && set.paths.length > 0));
			const said = listing?.messages.find(message => /error/i.test(message));
			missing.push({counter, reason: renamed === undefined
				? `the node has no "${wanted.object}" counter set${said === undefined ? '' : ` (typeperf: ${said})`}`
				: `the node has no "${wanted.object}" counter set; this build names it "${renamed}"`});
			continue;
		}

		if (listing.paths.some(path => counterMatches(wanted, path))) {
			available.push(counter);
		} else if (wanted.counter !== '*' && !listing.paths.some(path => path.counter.toLowerCase() === wanted.counter.toLowerCase())) {
			missing.push({counter, reason: `"${wanted.object}" has no counter "${wanted.counter}"`});
		} else {
			const instances = [...new Set(listing.paths.map(path => path.instance ?? ''))].slice(0, 8);
			missing.push({counter, reason: `"${wanted.object}" has no instance "${wanted.instance ?? ''}" (it has: ${instances.join(', ')})`});
		}
	}

	return {available, missing};
};
