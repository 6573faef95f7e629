// Asks a node which of the counters a capture wants it really has, in one round trip: `typeperf -qx` per
// counter set, each listing behind a marker line. Run before the capture starts, so a missing or renamed set is
// reported as missing and typeperf is only given counters that exist.
import {counterAvailability, counterSetsOf, parseDiscovery, setMarker, type CounterAvailability} from '../counters/discovery.js';
import {HarnessError} from '../errors.js';
import type {WindowsNode} from '../targets/windows-node.js';
import {psString} from '../windows/powershell.js';

export const discoveryScript = (sets: readonly string[]): string => [
	// typeperf's non-zero exit for a set the node lacks must not stop the listing of the others.
	'$ErrorActionPreference = \'Continue\'',
	...sets.flatMap(set => [
		`[Console]::Out.WriteLine(${psString(setMarker + set)})`,
		`& 'typeperf.exe' '-qx' ${psString(set)}`,
	]),
	'exit 0',
].join('\n');

export const discoverCounters = async (node: WindowsNode, counters: readonly string[], signal: AbortSignal): Promise<CounterAvailability> => {
	const sets = counterSetsOf(counters);
	const result = await node.powershell(discoveryScript(sets), {label: `typeperf -qx ${sets.join(', ')}`, signal, timeoutMs: 120_000});
	const discovered = parseDiscovery(result.stdout);
	if (discovered.length !== sets.length) {
		throw new HarnessError('COUNTER_MISSING', `counter discovery listed ${discovered.length} of ${sets.length} counter sets`, {
			target: node.name, hint: 'check that typeperf.exe runs on the node', details: {stdout: result.stdout.slice(0, 300), stderr: result.stderr.slice(0, 300)},
		});
	}

	return counterAvailability(counters, discovered);
};
