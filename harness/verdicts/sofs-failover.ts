// Verdicts of taking the file server's node away under fleet load (suites/sofs-node-failover.ts). Pure: the hosts'
// diskspd buckets, the faults' times and the cluster-state capture's samples in, verdicts with evidence out.
import type {CounterCapture} from '../run/run-data.js';
import {between, clusterColumn, clusterSeries, ownerSeries} from './cluster-state.js';
import {measureStall, type IoSample} from './failover.js';
import {figure, round, type Verdict} from './verdict.js';

export interface HostIo {
	host: string;
	io: IoSample[];
	bucketS: number;
	measured: {fromS: number; toS: number};
	ioErrors: string[];
	/** Why the host's I/O cannot be judged (diskspd did not start, no result). */
	unmeasured?: string;
}

export interface NodeAway {
	id: string;
	/** `drain` or `stop`. */
	how: string;
	node: string;
	group: string;
	sentS?: number;
	confirmedS?: number;
	/** When the undo was sent: from here the node is coming back. */
	restoreSentS?: number;
	restoredS?: number;
	restoreConfirmedS?: number;
}

export interface SofsFailoverMeasurements {
	hosts: HostIo[];
	faults: NodeAway[];
	/** The cluster-state capture; undefined when the run has none (it stopped before). */
	cluster?: CounterCapture;
	members: string[];
	/** Why the timeline cannot be trusted (a clock that moved): nothing timed is judged. */
	misaligned?: string;
	/** The end of the readings: the last restore is judged up to here, s. */
	endS: number;
}

export interface SofsFailoverThresholds {
	/** Longest a host's I/O may pause, ms. */
	maxPauseMs: number;
	/** Seconds after a change is confirmed before the witness registrations are read. */
	settleS: number;
}

const error = (id: string, title: string, threshold: string, reason: string, target?: string): Verdict => ({
	id, title, ...(target === undefined ? {} : {target}), status: 'error', summary: `could not be judged: ${reason}`, threshold, measured: 'not measured', evidence: {reason},
});

export const noIoErrors = (m: SofsFailoverMeasurements): Verdict => {
	const failing = m.hosts.filter(host => host.ioErrors.length > 0);
	return {
		id: 'io-errors', title: 'No I/O errors on any host', threshold: 'none', status: failing.length === 0 ? 'pass' : 'fail',
		measured: `${m.hosts.reduce((sum, host) => sum + host.ioErrors.length, 0)} error line(s)`,
		summary: failing.length === 0 ? `diskspd completed every I/O it issued on ${m.hosts.map(host => host.host).join(', ')}` : failing.map(host => `${host.host}: ${host.ioErrors[0]!}`).join('; '),
		evidence: Object.fromEntries(m.hosts.map(host => [host.host, host.ioErrors.slice(0, 10)])),
		metric: {name: 'ioErrorLines', value: failing.reduce((sum, host) => sum + host.ioErrors.length, 0), unit: 'lines', better: 'lower'},
		...(failing.length === 0 ? {} : {hint: 'the share must be continuously available (Set-SmbShare -ContinuouslyAvailable $true on a Scale-Out File Server) for its handles to survive a node'}),
	};
};

/** The longest pause of each host's I/O over the measured run. */
export const longestPause = (m: SofsFailoverMeasurements, t: SofsFailoverThresholds): Verdict[] => m.hosts.map(host => {
	const id = 'longest-pause';
	const title = `Longest I/O pause of ${host.host}`;
	const threshold = `≤ ${t.maxPauseMs} ms`;
	if (host.unmeasured !== undefined || m.misaligned !== undefined) {
		return error(id, title, threshold, host.unmeasured ?? m.misaligned!, host.host);
	}

	const io = host.io.filter(sample => sample.t > host.measured.fromS && sample.t <= host.measured.toS);
	if (io.length === 0) {
		return error(id, title, threshold, 'diskspd produced no IOPS buckets', host.host);
	}

	const stall = measureStall(io, host.bucketS);
	return {
		id, title, target: host.host, threshold,
		status: stall.stallMs <= t.maxPauseMs ? 'pass' : 'fail',
		measured: `${figure(stall.stallMs, 0, t.maxPauseMs)} ms`,
		summary: stall.zeroMs >= (stall.slowest?.maxLatencyMs ?? 0) && stall.zeroMs > 0
			? `${host.host}: no I/O completed for ${round(stall.zeroMs)} ms (until ${round(stall.zeroUntilS, 1)} s)`
			: `${host.host}: the slowest I/O took ${round(stall.slowest?.maxLatencyMs ?? 0)} ms (bucket ending ${round(stall.slowest?.t ?? 0, 1)} s)`,
		evidence: {pauseMs: round(stall.stallMs, 1), longestZeroIopsMs: round(stall.zeroMs), zeroIopsUntilS: round(stall.zeroUntilS, 2), slowestIoMs: round(stall.slowest?.maxLatencyMs ?? 0, 1), bucketS: host.bucketS},
		metric: {name: 'pauseMs', value: stall.stallMs, unit: 'ms', better: 'lower'},
		...(stall.stallMs <= t.maxPauseMs ? {} : {hint: 'a continuously available share whose clients are registered with the SMB Witness moves in seconds; a pause of 30-45 s is SMB noticing by its time-outs (Get-SmbWitnessClient)'}),
	};
});

/** The windows of each fault: before it, away (settled), and back (settled), as the record timed them. */
const windows = (m: SofsFailoverMeasurements, t: SofsFailoverThresholds) => m.faults.map((fault, index) => {
	const next = m.faults[index + 1]?.sentS ?? m.endS;
	return {
		fault,
		away: fault.confirmedS === undefined || fault.restoreSentS === undefined ? undefined : {fromS: fault.confirmedS + t.settleS, toS: fault.restoreSentS},
		back: fault.restoreConfirmedS === undefined ? undefined : {fromS: fault.restoreConfirmedS + t.settleS, toS: next},
	};
});

/**
 * Every host is registered with the SMB Witness before the node goes; while it is away no registration names it
 * (with a third node left, every host is registered on the survivors); once it is back every host is registered.
 */
export const witnessMoves = (m: SofsFailoverMeasurements, t: SofsFailoverThresholds): Verdict => {
	const id = 'witness-moves';
	const title = 'SMB Witness registrations move to surviving nodes';
	const threshold = 'every host registered before; none naming the node while it is away; every host registered after';
	const capture = m.cluster;
	if (capture === undefined || m.misaligned !== undefined) {
		return error(id, title, threshold, m.misaligned ?? 'the cluster was not read (no cluster-state capture)');
	}

	const first = m.faults[0]?.sentS;
	if (first === undefined) {
		return error(id, title, threshold, 'no node was taken away');
	}

	const problems: string[] = [];
	const unjudged: string[] = [];
	const evidence: Record<string, unknown> = {};
	const last = (column: string, fromS: number, toS: number) => {
		const points = between(clusterSeries(capture, column) ?? [], fromS, toS);
		return {points, value: points.at(-1)?.v};
	};

	for (const {host} of m.hosts) {
		const before = last(clusterColumn.registrations(host), -Infinity, first);
		evidence[`${host} before`] = before.value ?? null;
		if (before.value === undefined || before.value === null) {
			unjudged.push(`no reading of ${host}'s registrations before ${round(first, 1)} s`);
			continue;
		}

		if (before.value === 0) {
			// Never registered: there is no registration to move.
			problems.push(`${host} had no SMB Witness registration before ${m.faults[0]!.node} was taken away`);
			continue;
		}

		for (const {fault, away, back} of windows(m, t)) {
			if (away === undefined || back === undefined) {
				unjudged.push(`${fault.id} was not away and back as planned`);
				continue;
			}

			const naming = last(clusterColumn.witnessNames(host, fault.node), away.fromS, away.toS);
			const registered = last(clusterColumn.registrations(host), away.fromS, away.toS);
			const after = last(clusterColumn.registrations(host), back.fromS, back.toS);
			evidence[`${host} while ${fault.id}`] = {names: naming.points.map(point => point.v), registrations: registered.points.map(point => point.v)};
			evidence[`${host} after ${fault.id}`] = after.value ?? null;
			if (naming.points.length === 0 || after.points.length === 0) {
				unjudged.push(`no reading of ${host}'s registrations ${naming.points.length === 0 ? `between ${round(away.fromS, 1)} and ${round(away.toS, 1)} s` : `after ${round(back.fromS, 1)} s`} (${fault.id})`);
			} else if (naming.points.some(point => point.v === null) || after.value === null) {
				unjudged.push(`readings of ${host}'s registrations without a value (${fault.id}): missing, not zero`);
			} else if (naming.points.some(point => point.v === 1)) {
				problems.push(`${host} stayed registered with ${fault.node} while it was away (${fault.id})`);
			} else if (m.members.length > 2 && registered.value === 0) {
				problems.push(`${host} was not registered on a surviving node while ${fault.node} was away (${fault.id})`);
			} else if (after.value === 0) {
				problems.push(`${host} did not register again after ${fault.node} came back (${fault.id})`);
			}
		}
	}

	if (problems.length === 0 && unjudged.length > 0) {
		return {...error(id, title, threshold, unjudged.join('; ')), evidence: {reasons: unjudged, ...evidence}};
	}

	return {
		id, title, threshold,
		status: problems.length === 0 ? 'pass' : 'fail',
		measured: problems.length === 0 ? 'moved and back' : `${problems.length} problem(s)`,
		summary: problems.length === 0
			? `every host was registered before, none named ${[...new Set(m.faults.map(fault => fault.node))].join(', ')} while away${m.members.length === 2 ? ' (two nodes: with one away no other node can be a witness)' : ''}, and every host registered again after`
			: problems.join('; '),
		evidence: {problems, ...evidence},
		...(problems.length === 0 ? {} : {hint: 'Get-SmbWitnessClient on a SOFS node lists the hosts registered; a host must reach the file server through its cluster name (\\\\sofs\\share, a continuously available share) to register'}),
	};
};

/** The role left the node while it was away and was on it again after. */
export const ownerChangedAndBack = (m: SofsFailoverMeasurements, t: SofsFailoverThresholds): Verdict[] => windows(m, t).map(({fault, away, back}) => {
	const id = 'role-owner-moved-and-back';
	const title = `${fault.group} moved off ${fault.node} and back (${fault.how})`;
	const threshold = `on another node while ${fault.node} is away; on ${fault.node} after`;
	if (m.cluster === undefined || away === undefined || back === undefined || m.misaligned !== undefined) {
		return error(id, title, threshold, m.misaligned ?? (m.cluster === undefined ? 'the cluster was not read' : `${fault.id} was not away and back as planned`), fault.id);
	}

	const owners = ownerSeries(m.cluster, fault.group, m.members);
	const during = owners.filter(point => point.t > away.fromS && point.t <= away.toS);
	const after = owners.filter(point => point.t > back.fromS && point.t <= back.toS);
	if (during.length === 0 || after.length === 0) {
		return error(id, title, threshold, `no reading of ${fault.group}'s owner ${during.length === 0 ? 'while the node was away' : 'after it came back'}`, fault.id);
	}

	const awayOwners = [...new Set(during.map(point => point.owner ?? 'no node'))];
	const moved = during.every(point => point.owner !== null && point.owner !== fault.node);
	const home = after.at(-1)!.owner === fault.node;
	const movedAt = owners.find(point => point.t > (fault.sentS ?? 0) && point.owner !== fault.node)?.t;
	const backAt = owners.find(point => point.t > (fault.restoredS ?? Infinity) && point.owner === fault.node)?.t;
	return {
		id, title, target: fault.id, threshold,
		status: moved && home ? 'pass' : 'fail',
		measured: `${awayOwners.join(', ')} → ${after.at(-1)!.owner ?? 'no node'}`,
		summary: moved && home
			? `${fault.group} ran on ${awayOwners.join(', ')} while ${fault.node} was away (seen at ${round(movedAt ?? 0, 1)} s) and on ${fault.node} again after (seen at ${round(backAt ?? 0, 1)} s)`
			: !moved ? `${fault.group} did not stay on another node while ${fault.node} was away: ${awayOwners.join(', ')}` : `${fault.group} was on ${after.at(-1)!.owner ?? 'no node'} after ${fault.node} came back`,
		evidence: {awayOwners, afterOwner: after.at(-1)!.owner, movedAtS: movedAt === undefined ? null : round(movedAt, 2), backAtS: backAt === undefined ? null : round(backAt, 2), away, back},
	};
});

/** Every verdict; after I/O errors the pauses would measure a run that ended early, so they are skipped. */
export const sofsFailoverVerdicts = (m: SofsFailoverMeasurements, t: SofsFailoverThresholds): Verdict[] => {
	const errors = noIoErrors(m);
	const skip = ({metric: _metric, ...verdict}: Verdict): Verdict => ({...verdict, status: 'skipped', summary: 'not judged: diskspd stopped on I/O errors', measured: 'not measured'});
	const pauses = longestPause(m, t).map(verdict => (errors.status === 'fail' ? skip(verdict) : verdict));
	return [errors, ...pauses, witnessMoves(m, t), ...ownerChangedAndBack(m, t)];
};

/** When each role change was first seen: for the chart's marks. */
export const ownerChanges = (m: SofsFailoverMeasurements): Array<{t: number; label: string}> => {
	if (m.cluster === undefined) {
		return [];
	}

	return [...new Set(m.faults.map(fault => fault.group))].flatMap(group => {
		const owners = ownerSeries(m.cluster!, group, m.members);
		return owners.slice(1).flatMap((point, index) => (point.owner !== null && point.owner !== owners[index]!.owner ? [{t: point.t, label: `${group} → ${point.owner}`}] : []));
	});
};
