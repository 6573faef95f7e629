// The cluster-state capture's columns as series on the run timeline (harness/kinds/captures/cluster-state.ts names
// them): node and role states, where a role runs, network states, witness registrations. Pure.
import type {CounterCapture} from '../run/run-data.js';
import type {TimePoint} from './failover.js';

export const clusterColumn = {
	heartbeatDelayMs: 'cluster SameSubnetDelay ms',
	heartbeatThreshold: 'cluster SameSubnetThreshold',
	nodeState: (node: string) => `node ${node} state`,
	groupOn: (group: string, node: string) => `group ${group} on ${node}`,
	networkState: (network: string) => `network ${network} state`,
	registrations: (client: string) => `witness ${client} registrations`,
	witnessNames: (client: string, node: string) => `witness ${client} names ${node}`,
} as const;

/** ClusterNetworkState values as Get-ClusterNetwork prints them. */
export const networkStates: Record<number, string> = {0: 'Unavailable', 1: 'Down', 2: 'Partitioned', 3: 'Up'};

/** A column's samples; undefined when the capture has no such column. */
export const clusterSeries = (capture: CounterCapture, column: string): TimePoint[] | undefined => {
	const index = capture.columns.indexOf(column);
	return index === -1 ? undefined : capture.samples.map(sample => ({t: sample.t, v: sample.values[index] ?? null}));
};

/** Samples stamped after `fromS` up to `toS`. */
export const between = (points: readonly TimePoint[], fromS: number, toS: number): TimePoint[] => points.filter(point => point.t > fromS && point.t <= toS);

/** The node a role runs on in each sample (null where no column says 1). */
export const ownerSeries = (capture: CounterCapture, group: string, members: readonly string[]): Array<{t: number; owner: string | null}> => {
	const columns = members.map(member => ({member, index: capture.columns.indexOf(clusterColumn.groupOn(group, member))}));
	return capture.samples.map(sample => ({t: sample.t, owner: columns.find(column => column.index !== -1 && sample.values[column.index] === 1)?.member ?? null}));
};
