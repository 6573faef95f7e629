// PDH counter paths, `\\Machine\Object(Parent/Instance#Index)\Counter` (formats.md §3.3). Instances are
// free text that may hold `\`, `(`, `)`, `,`, `#` and `/`, so the counter is what follows the last `\`
// and the instance runs from the object's first `(` to the last `)`.

import {parseError, snippet} from '../parse-error.js';

export interface CounterPath {
	machine?: string;
	object: string;
	parent?: string;
	instance?: string;
	index?: number;
	counter: string;
}

const hint = 'write counter paths as \\Object(Instance)\\Counter or \\\\Machine\\Object(Instance)\\Counter';

export function parseCounterPath(path: string): CounterPath {
	const fail = (problem: string) => parseError('counter-path', `${snippet(path, 120)} ${problem}`, hint, {path});
	let rest = path;
	let machine: string | undefined;
	if (rest.startsWith('\\\\')) {
		const end = rest.indexOf('\\', 2);
		if (end <= 2) {
			throw fail(end === 2 ? 'has an empty machine name' : 'has a machine name but no object or counter');
		}

		machine = rest.slice(2, end);
		rest = rest.slice(end);
	}

	if (!rest.startsWith('\\')) {
		throw fail('should start with "\\" or "\\\\Machine\\"');
	}

	const counterAt = rest.lastIndexOf('\\');
	const counter = rest.slice(counterAt + 1);
	const objectPart = rest.slice(1, counterAt);
	if (counterAt === 0 || counter === '') {
		throw fail('has no counter name after the object');
	}

	const open = objectPart.indexOf('(');
	const object = open < 0 ? objectPart : objectPart.slice(0, open);
	if (object === '' || /[\\()]/.test(object) || (open >= 0 && !objectPart.endsWith(')'))) {
		throw fail('should have one object name, optionally followed by "(instance)", between the first "\\" and the counter');
	}

	return {
		...machine !== undefined && {machine},
		object,
		...open >= 0 && splitInstance(objectPart.slice(open + 1, -1)),
		counter,
	};
}

// PDH's Parent/Instance#Index applies to bare names (`explorer/12#1`, `AnyDesk#1`). Instances with spaces are
// free text printed verbatim, like RDMA Activity's InterfaceDescription `HPE Ethernet 10/25Gb ... #2`.
function splitInstance(text: string): Pick<CounterPath, 'parent' | 'instance' | 'index'> {
	if (/\s/.test(text)) {
		return {instance: text};
	}

	const hash = /#(0|[1-9]\d*)$/.exec(text);
	const name = hash === null ? text : text.slice(0, hash.index);
	const slash = name.indexOf('/');
	const parented = slash > 0 && slash < name.length - 1 && slash === name.lastIndexOf('/');
	return {
		...parented && {parent: name.slice(0, slash)},
		instance: parented ? name.slice(slash + 1) : name,
		...hash !== null && {index: Number(hash[1])},
	};
}

/** The path as PDH prints it; without a machine, `\Object(Instance)\Counter`. */
export function formatCounterPath(p: CounterPath): string {
	const machine = p.machine === undefined ? '' : `\\\\${p.machine}`;
	const parent = p.parent === undefined ? '' : `${p.parent}/`;
	const index = p.index === undefined ? '' : `#${p.index}`;
	const instance = p.instance === undefined ? '' : `(${parent}${p.instance}${index})`;
	return `${machine}\\${p.object}${instance}\\${p.counter}`;
}

/** Network Adapter / Network Interface instance for an adapter's InterfaceDescription (formats.md §3.3). */
export function networkAdapterInstance(interfaceDescription: string): string {
	return interfaceDescription.replaceAll('(', '[').replaceAll(')', ']').replaceAll('#', '_').replaceAll('/', '_');
}

/** Same counter on any machine: names compare case-insensitively, as PDH does (Get-Counter even lower-cases them). */
export function sameCounter(a: CounterPath, b: CounterPath): boolean {
	const same = (x: string | undefined, y: string | undefined) => x?.toLowerCase() === y?.toLowerCase();
	return same(a.object, b.object) && same(a.counter, b.counter) && same(a.instance, b.instance)
		&& same(a.parent, b.parent) && a.index === b.index;
}
