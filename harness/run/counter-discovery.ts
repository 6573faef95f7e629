// Asks a node which of the counters a capture wants it really has, in two round trips. First its display language:
// the English and the localized counter name lists (Perflib\009 and Perflib\CurrentLanguage) and its culture, so
// that the English paths the suites use can be given to typeperf in the node's own names. Then `typeperf -qx` per
// counter set (in those names), each listing behind a marker line. Run before the capture starts, so a missing or
// renamed set is reported as missing and typeperf is only given counters that exist.
import {z} from 'zod';
import {counterAvailability, counterSetsOf, parseDiscovery, setMarker, type CounterAvailability, type DiscoveredSet} from '../counters/discovery.js';
import {CounterNames, perflibKey, perflibNames} from '../counters/localized-names.js';
import {HarnessError} from '../errors.js';
import type {WindowsNode} from '../targets/windows-node.js';
import {psString} from '../windows/powershell.js';
import {psQuery} from '../windows/query.js';

export const discoveryScript = (sets: readonly string[]): string => [
	// typeperf's non-zero exit for a set the node lacks must not stop the listing of the others.
	'$ErrorActionPreference = \'Continue\'',
	...sets.flatMap(set => [
		`[Console]::Out.WriteLine(${psString(setMarker + set)})`,
		`& 'typeperf.exe' '-qx' ${psString(set)}`,
	]),
	'exit 0',
].join('\n');

/** The node's culture and counter name lists; each list item is one string of the alternating index/name array. */
export const localeQueries = {
	culture: psQuery('culture', '$c = Get-Culture; [pscustomobject]@{ Name = $c.Name; DecimalSeparator = $c.NumberFormat.NumberDecimalSeparator; AnsiCodePage = $c.TextInfo.ANSICodePage }',
		z.object({Name: z.string(), DecimalSeparator: z.string(), AnsiCodePage: z.number().int()})),
	english: psQuery('english', `(Get-ItemProperty -LiteralPath ${psString(perflibKey('009'))} -Name 'Counter').Counter`, z.string()),
	local: psQuery('local', `(Get-ItemProperty -LiteralPath ${psString(perflibKey('CurrentLanguage'))} -Name 'Counter').Counter`, z.string()),
};

export interface NodeLocale {
	/** e.g. de-DE. */
	culture: string;
	decimalSeparator: string;
	/** The code page perfmon and logman write their CSV in on this node. */
	ansiCodePage: number;
}

export interface Discovery extends CounterAvailability {
	locale: NodeLocale;
	/** Available counter (English, as requested) → the path typeperf is given on this node, where they differ. */
	localized: Record<string, string>;
	names: CounterNames;
}

export const discoverCounters = async (node: WindowsNode, counters: readonly string[], signal: AbortSignal): Promise<Discovery> => {
	const {data, errors} = await node.query(localeQueries, {signal});
	const failed = Object.entries(errors)[0];
	if (failed !== undefined || data.culture?.[0] === undefined) {
		throw new HarnessError('COUNTER_MISSING', `cannot read the node's counter names (Perflib): ${failed?.[1] ?? 'no culture'}`, {
			target: node.name, hint: 'the harness reads HKLM:\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Perflib\\009 and \\CurrentLanguage to map English counter names to the node\'s language',
		});
	}

	const names = new CounterNames(perflibNames(data.english ?? [], '009'), perflibNames(data.local ?? [], 'CurrentLanguage'));
	const culture = data.culture[0];
	const englishSets = counterSetsOf(counters);
	const localSets = englishSets.map(set => names.toLocal(set));
	const result = await node.powershell(discoveryScript(localSets), {label: `typeperf -qx ${localSets.join(', ')}`, signal, timeoutMs: 120_000});
	const discovered = parseDiscovery(result.stdout);
	if (discovered.length !== localSets.length) {
		throw new HarnessError('COUNTER_MISSING', `counter discovery listed ${discovered.length} of ${localSets.length} counter sets`, {
			target: node.name, hint: 'check that typeperf.exe runs on the node', details: {stdout: result.stdout.slice(0, 300), stderr: result.stderr.slice(0, 300)},
		});
	}

	// Judged in English: the listings are put back into the names the suites use.
	const english: DiscoveredSet[] = discovered.map((set, index) => ({...set, set: englishSets[index]!, paths: set.paths.map(path => names.englishPath(path))}));
	const availability = counterAvailability(counters, english);
	const localized = Object.fromEntries(availability.available.flatMap(counter => {
		const local = names.localPath(counter);
		return local === counter ? [] : [[counter, local]];
	}));
	return {...availability, locale: {culture: culture.Name, decimalSeparator: culture.DecimalSeparator, ansiCodePage: culture.AnsiCodePage}, localized, names};
};
