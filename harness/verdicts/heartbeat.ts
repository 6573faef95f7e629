// Verdicts of pulling one storage link of a cluster node past the heartbeat threshold (suites/heartbeat-resilience.ts).
// Pure: the pulls' times, the cluster-state capture's readings and the FailoverClustering events in, verdicts out.
//
// Events (Microsoft-Windows-FailoverClustering, System log): 1135 a node removed from membership; 1126 an interface
// unreachable, 1127 an interface failed, 1129 a network partitioned, 1130 a network down. A pull of node N's link on
// network X may cause 1126/1127 naming N's interface on X and 1129/1130 naming X, while it is pulled and until the
// cluster has seen it back; anything else of those is a partition the design should not have.
import type {CapturedEvent, CounterCapture} from '../run/run-data.js';
import {between, clusterColumn, clusterSeries, networkStates} from './cluster-state.js';
import {round, type Verdict} from './verdict.js';

export interface LinkPull {
	id: string;
	node: string;
	/** The rig network of the pulled link. */
	network: string;
	/** The pulled adapter's name (the second half of the interface's name in the events: `<node> - <adapter>`). */
	adapter: string;
	sentS?: number;
	confirmedS?: number;
	restoreSentS?: number;
	restoreConfirmedS?: number;
	/** Until when the pull's aftermath is its own: the next pull, or the end of the readings. */
	untilS: number;
}

export interface HeartbeatMeasurements {
	pulls: LinkPull[];
	cluster?: CounterCapture;
	members: string[];
	misaligned?: string;
}

export const membershipEvent = 1135;
export const partitionEvents = [1126, 1127, 1129, 1130] as const;

const first = (capture: CounterCapture, column: string) => (clusterSeries(capture, column) ?? []).find(point => point.v !== null)?.v ?? undefined;

/** SameSubnetDelay × SameSubnetThreshold as the cluster reported them, ms. */
export const heartbeatThresholdMs = (capture: CounterCapture): number | undefined => {
	const delay = first(capture, clusterColumn.heartbeatDelayMs);
	const threshold = first(capture, clusterColumn.heartbeatThreshold);
	return delay === undefined || threshold === undefined ? undefined : delay * threshold;
};

const error = (id: string, title: string, threshold: string, reason: string, target?: string): Verdict => ({
	id, title, ...(target === undefined ? {} : {target}), status: 'error', summary: `could not be judged: ${reason}`, threshold, measured: 'not measured', evidence: {reason},
});

/** Why nothing can be judged: no readings, an unknown threshold, a pull not held past it. */
const unjudgeable = (m: HeartbeatMeasurements): string | undefined => {
	if (m.misaligned !== undefined) {
		return m.misaligned;
	}

	if (m.cluster === undefined) {
		return 'the cluster was not read (no cluster-state capture)';
	}

	if (m.cluster.events === undefined) {
		return 'the cluster\'s events were not read';
	}

	const thresholdMs = heartbeatThresholdMs(m.cluster);
	if (thresholdMs === undefined) {
		return 'Get-Cluster gave no SameSubnetDelay and SameSubnetThreshold';
	}

	const short = m.pulls.filter(pull => pull.confirmedS === undefined || pull.restoreSentS === undefined || (pull.restoreSentS - pull.confirmedS) * 1000 <= thresholdMs);
	return short.length === 0 ? undefined : `${short.map(pull => pull.id).join(', ')} ${short.length === 1 ? 'was' : 'were'} not held past the heartbeat threshold (SameSubnetDelay × SameSubnetThreshold = ${thresholdMs} ms): lengthen holdS`;
};

const eventText = (event: CapturedEvent) => `${event.id} on ${event.node} at ${round(event.t, 1)} s (${event.data.join(', ')})`;

/** Events seen on several nodes are one event: the same ID and insertion strings. */
const distinct = (events: readonly CapturedEvent[]) => {
	const seen = new Map<string, CapturedEvent>();
	for (const event of events) {
		const key = `${event.id}|${event.data.join('|')}|${Math.round(event.t)}`;
		if (!seen.has(key)) {
			seen.set(key, event);
		}
	}

	return [...seen.values()];
};

export const noNodeRemoved = (m: HeartbeatMeasurements): Verdict => {
	const id = 'no-node-removed';
	const title = 'No node leaves cluster membership';
	const threshold = `no event ${membershipEvent}, every node Up throughout`;
	const reason = unjudgeable(m);
	if (reason !== undefined) {
		return error(id, title, threshold, reason);
	}

	const removals = distinct(m.cluster!.events!.filter(event => event.id === membershipEvent));
	const down = m.members.flatMap(node => (clusterSeries(m.cluster!, clusterColumn.nodeState(node)) ?? []).filter(point => point.v !== null && point.v !== 0).map(point => `${node} ${({1: 'Down', 2: 'Paused', 3: 'Joining'} as Record<number, string>)[point.v!] ?? point.v} at ${round(point.t, 1)} s`));
	const passed = removals.length === 0 && down.length === 0;
	return {
		id, title, threshold, status: passed ? 'pass' : 'fail',
		measured: `${removals.length} event(s) ${membershipEvent}`,
		summary: passed
			? `no node was removed from membership while ${m.pulls.map(pull => `${pull.node}'s ${pull.network} link`).join(', then ')} was pulled`
			: [...removals.map(event => `node ${event.data[0] ?? '?'} removed from membership (${eventText(event)})`), ...(removals.length === 0 ? down.slice(0, 3) : [])].join('; '),
		evidence: {removals: removals.map(eventText), notUp: down.slice(0, 20)},
		metric: {name: 'membershipRemovals', value: removals.length, unit: 'events', better: 'lower'},
		...(passed ? {} : {hint: 'every storage network must carry cluster traffic (Get-ClusterNetwork Role Cluster or ClusterAndClient), so one pulled link leaves the heartbeat another path'}),
	};
};

/** Whether an event is what pulling this link is expected to cause. */
const expectedOf = (pull: LinkPull, event: CapturedEvent): boolean => {
	if (event.t < (pull.sentS ?? Infinity) || event.t > pull.untilS || event.network !== pull.network) {
		return false;
	}

	// 1126 / 1127: `<node> - <adapter>`, node, network; 1129 / 1130: network.
	return event.id === 1129 || event.id === 1130 || (event.data[1]?.toLowerCase() === pull.node.toLowerCase());
};

export const noPartition = (m: HeartbeatMeasurements): Verdict => {
	const id = 'no-unexpected-partition';
	const title = 'No network partition beyond the pulled link';
	const threshold = `events ${partitionEvents.join(', ')} only for the pulled interface and its network`;
	const reason = unjudgeable(m);
	if (reason !== undefined) {
		return error(id, title, threshold, reason);
	}

	const events = distinct(m.cluster!.events!.filter(event => (partitionEvents as readonly number[]).includes(event.id)));
	const unexpected = events.filter(event => !m.pulls.some(pull => expectedOf(pull, event)));
	return {
		id, title, threshold, status: unexpected.length === 0 ? 'pass' : 'fail',
		measured: `${unexpected.length} unexpected of ${events.length} event(s)`,
		summary: unexpected.length === 0
			? `${events.length} event(s) ${partitionEvents.join('/')}, all for the pulled link${events.length === 1 ? '' : 's'} and ${events.length === 1 ? 'its' : 'their'} network${events.length === 1 ? '' : 's'}`
			: unexpected.slice(0, 5).map(eventText).join('; '),
		evidence: {expected: events.filter(event => !unexpected.includes(event)).map(eventText), unexpected: unexpected.map(eventText)},
		metric: {name: 'unexpectedPartitionEvents', value: unexpected.length, unit: 'events', better: 'lower'},
	};
};

/** The pulled link's cluster network reads Down or Partitioned while it is pulled, and Up once it is back. */
export const pulledNetworkDownAndUp = (m: HeartbeatMeasurements): Verdict[] => m.pulls.map(pull => {
	const id = 'pulled-network-down-and-up';
	const title = `Cluster network ${pull.network} goes down and comes back (${pull.node})`;
	const threshold = 'Down or Partitioned while pulled, Up after';
	const reason = unjudgeable(m);
	if (reason !== undefined) {
		return error(id, title, threshold, reason, pull.id);
	}

	const series = clusterSeries(m.cluster!, clusterColumn.networkState(pull.network));
	if (series === undefined) {
		return error(id, title, threshold, `the capture has no column for ${pull.network}`, pull.id);
	}

	const during = between(series, pull.confirmedS!, pull.restoreSentS!);
	const after = between(series, pull.restoreConfirmedS ?? Infinity, pull.untilS);
	if (during.length === 0 || after.length === 0 || [...during, ...after].some(point => point.v === null)) {
		return error(id, title, threshold, `${during.length === 0 || after.length === 0 ? 'no reading' : 'a reading without a value'} of ${pull.network}'s state ${during.length === 0 ? 'while pulled' : 'after'}`, pull.id);
	}

	const name = (value: number | null) => (value === null ? 'missing' : networkStates[value] ?? `Unknown(${value})`);
	const wentDown = during.some(point => point.v === 1 || point.v === 2);
	const backUp = after.at(-1)!.v === 3;
	const downAt = during.find(point => point.v === 1 || point.v === 2)?.t;
	return {
		id, title, target: pull.id, threshold, status: wentDown && backUp ? 'pass' : 'fail',
		measured: `${[...new Set(during.map(point => name(point.v)))].join('/')} → ${name(after.at(-1)!.v)}`,
		summary: !wentDown
			? `the cluster never saw ${pull.network} go down while ${pull.node}'s link was pulled (${[...new Set(during.map(point => name(point.v)))].join(', ')}): it does not watch that network`
			: backUp ? `${pull.network} read ${name(during.find(point => point.v !== 3)!.v)} from ${round(downAt!, 1)} s and Up again after the link came back` : `${pull.network} was still ${name(after.at(-1)!.v)} at the end`,
		evidence: {during: during.map(point => [round(point.t, 2), name(point.v)]), after: after.map(point => [round(point.t, 2), name(point.v)])},
		...(wentDown ? {} : {hint: 'a storage network whose cluster role is None is neither watched nor used for heartbeats (Get-ClusterNetwork Role)'}),
	};
});

export const heartbeatVerdicts = (m: HeartbeatMeasurements): Verdict[] => [noNodeRemoved(m), noPartition(m), ...pulledNetworkDownAndUp(m)];
