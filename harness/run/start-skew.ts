// Synchronized start: workloads planned for the same instant are launched together, and each node stamps when it
// started its tool (the `rdmalab-start` marker, put on the orchestrator timeline with the node's measured clock
// skew). The spread of those stamps is the start skew of the group; it is recorded for every run.
import type {WorkloadRun} from './run-data.js';

export interface StartSkew {
	/** Planned start, s on the run timeline. */
	atS: number;
	/** Measured start per node, s on the run timeline. */
	startedAtS: Record<string, number>;
	/** Latest minus earliest start, ms. */
	skewMs: number;
	boundMs: number;
	withinBound: boolean;
}

/** One entry per group of workloads that were planned to start together and of which more than one started. */
export const startSkews = (workloads: readonly WorkloadRun[], boundMs: number): StartSkew[] => {
	const groups = new Map<number, WorkloadRun[]>();
	for (const workload of workloads) {
		groups.set(workload.atS ?? 0, [...(groups.get(workload.atS ?? 0) ?? []), workload]);
	}

	return [...groups].flatMap(([atS, group]) => {
		const started = group.filter((workload): workload is typeof workload & {startedAtS: number} => workload.startedAtS !== undefined);
		if (started.length < 2) {
			return [];
		}

		const times = started.map(workload => workload.startedAtS);
		const skewMs = (Math.max(...times) - Math.min(...times)) * 1000;
		return [{atS, startedAtS: Object.fromEntries(started.map(workload => [workload.node, workload.startedAtS])), skewMs, boundMs, withinBound: skewMs <= boundMs}];
	});
};
