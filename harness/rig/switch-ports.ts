// Switch vendors the harness drives and the canonical port names each CLI uses. Port names from the rig file are
// spliced into switch CLI commands, so they are checked against these patterns first: nothing else can reach the CLI.

export const switchVendors = ['nxos', 'eos', 'nvue', 'sonic', 'onyx', 'os10'] as const;
export type SwitchVendor = (typeof switchVendors)[number];

interface PortFormat {
	pattern: RegExp;
	example: string;
}

export const portFormats: Record<SwitchVendor, PortFormat> = {
	nxos: {pattern: /^Ethernet\d{1,2}\/\d{1,3}(\/\d{1,2})?$/, example: 'Ethernet1/5'},
	eos: {pattern: /^Ethernet\d{1,3}(\/\d{1,2}){0,2}$/, example: 'Ethernet5/1'},
	nvue: {pattern: /^swp\d{1,3}(s\d{1,2})?$/, example: 'swp5'},
	sonic: {pattern: /^Ethernet\d{1,4}$/, example: 'Ethernet16'},
	onyx: {pattern: /^Eth\d{1,2}\/\d{1,3}(\/\d{1,2})?$/, example: 'Eth1/5'},
	os10: {pattern: /^ethernet\d{1,2}\/\d{1,2}\/\d{1,3}(:\d)?$/, example: 'ethernet1/1/5'},
};

export const isValidPortName = (vendor: SwitchVendor, port: string): boolean => portFormats[vendor].pattern.test(port);

/**
 * More ports than any switch has. A longer `ports` list is a slip (Ethernet1/1-5400) or hostile, and is refused
 * before anything is built from it.
 */
export const maxPortsPerSwitch = 4096;

/** A valid port name is short; longer list entries are never ports and are not taken apart. */
const maxEntryLength = 64;

/** The ports a switch's `ports` list stands for, answered without expanding its ranges. */
export interface PortIndex {
	/** How many ports the list stands for, counted up to the entry that made it refused. */
	count: number;
	has(port: string): boolean;
	/** Why the list is refused: the entry (its index in the list) and what is wrong with it. */
	problem?: {index: number; entry: string; message: string};
}

const isDigit = (text: string, at: number) => text.charCodeAt(at) >= 48 && text.charCodeAt(at) <= 57;

/** Where the run of digits that ends just before `end` starts. */
const digitsFrom = (text: string, end: number) => {
	let start = end;
	while (start > 0 && isDigit(text, start - 1)) {
		start--;
	}

	return start;
};

/** `Ethernet1/1-54` → `ethernet1/`, 1, 54. Scanned by hand: a backtracking regex is quadratic on long digit runs. */
const splitRange = (entry: string): {prefix: string; from: number; to: number} | undefined => {
	const dash = digitsFrom(entry, entry.length) - 1;
	const start = digitsFrom(entry, dash);
	if (dash === entry.length - 1 || entry[dash] !== '-' || start === dash) {
		return undefined;
	}

	return {prefix: entry.slice(0, start).toLowerCase(), from: Number(entry.slice(start, dash)), to: Number(entry.slice(dash + 1))};
};

/** `Ethernet1/7` → `ethernet1/`, 7; undefined unless the name ends in a number written without leading zeros. */
const splitPort = (port: string): {prefix: string; number: number} | undefined => {
	const start = digitsFrom(port, port.length);
	const digits = port.slice(start);
	return digits === '' || (digits.length > 1 && digits.startsWith('0')) ? undefined : {prefix: port.slice(0, start).toLowerCase(), number: Number(digits)};
};

/**
 * Indexes a switch's `ports` list: a name stands for itself, a name ending in a range (`Ethernet1/1-54`) for every
 * port in it. Names are compared case-insensitively, as switch CLIs accept them. Ranges are kept as ranges, so the
 * work and memory follow the length of the list, not the numbers written in it; a list standing for more than
 * maxPortsPerSwitch ports, or a range that runs backwards, is refused at the entry that does it.
 */
export const portIndex = (entries: readonly string[]): PortIndex => {
	const names = new Set<string>();
	const ranges = new Map<string, Array<[number, number]>>();
	let count = 0;
	let problem: PortIndex['problem'];
	for (const [index, entry] of entries.entries()) {
		if (typeof entry !== 'string') {
			continue;
		}

		const range = entry.length > maxEntryLength ? undefined : splitRange(entry);
		if (range !== undefined && range.to < range.from) {
			problem = {index, entry, message: `the range runs backwards (${range.from} down to ${range.to}); write the lower port number first`};
			break;
		}

		const size = range === undefined ? 1 : range.to - range.from + 1;
		if (count + size > maxPortsPerSwitch) {
			problem = {
				index, entry,
				message: `${size > 1 ? `this range stands for ${size} ports, so ` : ''}the list would stand for more than ${maxPortsPerSwitch} ports (a switch has far fewer); list the front-panel ports the switch has`,
			};
			break;
		}

		count += size;
		if (range === undefined) {
			names.add(entry.toLowerCase());
		} else {
			const list = ranges.get(range.prefix) ?? [];
			list.push([range.from, range.to]);
			ranges.set(range.prefix, list);
		}
	}

	const has = (port: string): boolean => {
		if (names.has(port.toLowerCase())) {
			return true;
		}

		const split = splitPort(port);
		return split !== undefined && (ranges.get(split.prefix) ?? []).some(([from, to]) => split.number >= from && split.number <= to);
	};

	return {count, has, ...(problem === undefined ? {} : {problem})};
};
