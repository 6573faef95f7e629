// The runner's checks of its own timeline: the start skew of workloads started together, and each node's clock
// read again at the end of the run. Kept out of runner.ts so the runner stays a sequence of steps.
import type pLimit from 'p-limit';
import {HarnessError, errorRecord} from '../errors.js';
import type {WindowsNode} from '../targets/windows-node.js';
import {clockDrift, describeDrift} from './clock-drift.js';
import type {RunData} from './run-data.js';
import {startSkews} from './start-skew.js';

export const defaultStartSkewBoundMs = 200;

/** Records the start skew of each group; a group beyond the bound was not started together: an infrastructure error. */
export const recordStartSkew = (data: RunData, boundMs: number, log: (line: string) => void): void => {
	data.startSkew = startSkews(data.workloads, boundMs);
	for (const group of data.startSkew) {
		log(`synchronized start at ${group.atS} s: ${Object.keys(group.startedAtS).length} hosts within ${group.skewMs.toFixed(1)} ms (bound ${boundMs} ms)`);
		if (!group.withinBound) {
			data.errors.push(errorRecord(new HarnessError('WORKLOAD_FAILED', `workloads planned together at ${group.atS} s started ${group.skewMs.toFixed(1)} ms apart, more than the ${boundMs} ms bound`, {
				hint: 'the hosts did not load the storage at the same time; check the management network and the nodes\' load',
				details: {startedAtS: group.startedAtS},
			})));
		}
	}
};

/** Reads every node's clock again and records how far it moved since the start. */
export const readEndClocks = async (nodes: Map<string, WindowsNode>, data: RunData, limit: ReturnType<typeof pLimit>, log: (line: string) => void, signal: AbortSignal): Promise<void> => {
	await Promise.all([...nodes.values()].map(async node => limit(async () => {
		const facts = data.nodes[node.name];
		const start = facts?.clocks[0];
		if (facts === undefined || start === undefined) {
			return;
		}

		const end = await node.readClock(signal);
		facts.clocks.push(end);
		facts.clockDrift = clockDrift(start, end);
		if (facts.clockDrift.significant) {
			const line = describeDrift(node.name, facts.clockDrift, start, end);
			data.warnings.push(line);
			log(`warning: ${line}`);
		}
	})));
};
