// Verdicts of a QoS-shares run: one storage egress port congested by SMB Direct from several hosts and a competing
// TCP flow, judged from the switch's own counters of that port (bytes and drops per queue) and of the ports feeding
// it (PFC pause frames per priority), cross-checked with the receiving node's counters. Pure: measurements on the
// run's timeline in, verdicts with their evidence out.
import {figure, round, type Metric, type Verdict} from './verdict.js';

/** A sample of a cumulative counter; null when the switch gave no value. */
export interface CounterPoint {
	t: number;
	v: number | null;
	/** How far the stamp may be from the instant the switch read its counters, s (half the time the poll took). */
	uncertaintyS?: number;
}

/** A sample of a rate counter (perfmon), covering the interval that ends at t. */
export interface RatePoint {
	t: number;
	v: number | null;
}

export interface Window {
	fromS: number;
	toS: number;
}

/** A traffic class of the rig's QoS policy as the congested port's counters show it. */
export interface ClassCounters {
	label: string;
	priority: number;
	/** The switch queue the port's scheduler gives the priority; undefined when none carries it. */
	queue?: number;
	/** ETS reservation in the rig file, %. */
	reservedPct: number;
	/** Cumulative bytes the queue transmitted, and packets it dropped; empty when the switch reports no such queue. */
	txBytes: CounterPoint[];
	drops: CounterPoint[];
}

export interface QosMeasurements {
	/** The congested egress port, for people: `tor-a Ethernet1/11 (sofs01 Storage A)`. */
	port: string;
	/** What the port's link can carry, MB/s (payload). */
	ceilingMBps: number;
	smb: ClassCounters;
	cluster: ClassCounters;
	fallback: ClassCounters;
	/** Every queue of the port together, cumulative bytes. */
	totalTxBytes: CounterPoint[];
	/** Pause frames received and sent, summed over the captured ports, per priority ('all': per port only). */
	pauses: Array<{priority: number | 'all'; frames: CounterPoint[]}>;
	/** The ports whose pause frames are counted: the congested port and those of the senders feeding it. */
	pausePorts: string[];
	/** The receiving rNIC's own counters, MB/s: RDMA received, and bytes received through the network stack. */
	host?: {rdmaInMBps: RatePoint[]; tcpInMBps: RatePoint[]; intervalS: number};
	/** Why the host counters cannot be used. */
	hostUnavailable?: string;
	/** While the competing flow ran (after settling), and after it stopped (after settling) until the SMB load ended. */
	contention: Window;
	alone: Window;
	/** The whole measured time of the SMB load: drops and stray pauses count anywhere in it. */
	measured: Window;
}

export interface QosThresholds {
	/** A backlogged class may fall this many percentage points below its reservation. */
	shareTolerancePct: number;
	/** The port must carry at least this share of its capacity under contention, or the shares were not tested. */
	congestedPct: number;
	/** With the competing flow gone, the SMB class must carry at least this share of the port's capacity. */
	takesLinkPct: number;
	/** The switch's and the receiving node's byte rates of a class may differ by at most this much of the larger. */
	agreementPct: number;
}

export const qosVerdictIds = ['smb-ets-share', 'default-ets-share', 'heartbeat-not-starved', 'pfc-pauses-smb', 'pfc-only-smb', 'lossless-no-drops', 'smb-takes-link', 'host-switch-agree'] as const;

const titles: Record<typeof qosVerdictIds[number], string> = {
	'smb-ets-share': 'SMB class gets its ETS share under contention',
	'default-ets-share': 'Default class gets its ETS share under contention',
	'heartbeat-not-starved': 'Cluster heartbeat class not starved',
	'pfc-pauses-smb': 'PFC pauses the SMB senders',
	'pfc-only-smb': 'No pause frames on other priorities',
	'lossless-no-drops': 'No drops in the lossless SMB queue',
	'smb-takes-link': 'SMB takes the link when the competing flow stops',
	'host-switch-agree': 'Switch queues agree with the receiving node',
};

const window = (w: Window) => ({fromS: round(w.fromS, 2), toS: round(w.toS, 2)});

const metric = (name: string, value: number, unit: string, better: Metric['better']): {metric: Metric} => ({metric: {name, value, unit, better}});

const error = (id: typeof qosVerdictIds[number], threshold: string, reason: string, evidence: Record<string, unknown> = {}): Verdict => ({
	id, title: titles[id], status: 'error', summary: `could not be judged: ${reason}`, threshold, measured: 'not measured', evidence: {reason, ...evidence},
});

const judged = (id: typeof qosVerdictIds[number], ok: boolean, fields: Omit<Verdict, 'id' | 'title' | 'status'>): Verdict => ({id, title: titles[id], status: ok ? 'pass' : 'fail', ...fields});

// A rate over a window is only as good as the stamps at its ends: their uncertainty together may be at most this
// share of the time between them. Switch polls that take seconds (a busy switch or orchestrator) leave a window
// without such ends, and the rate is not measured rather than wrong.
const maxTimingError = 0.05;

export interface CounterDelta {
	value: number;
	seconds: number;
	fromS: number;
	toS: number;
	/** The rate's relative error from the ends' stamps. */
	timingError: number;
}

/**
 * The counter's growth over the window: from its first sample in it to its last. `timed`: the growth is made a rate,
 * so its ends must be stamped well enough: the two samples furthest apart that keep the error within bounds are used.
 */
export const counterDelta = (points: readonly CounterPoint[], w: Window, timed = false): CounterDelta | undefined => {
	const inside = points.filter(point => point.t >= w.fromS && point.t <= w.toS);
	if (inside.some(point => point.v === null)) {
		return undefined;
	}

	const errorOf = (first: CounterPoint, last: CounterPoint) => ((first.uncertaintyS ?? 0) + (last.uncertaintyS ?? 0)) / (last.t - first.t);
	// Untimed, the first and last samples; timed, the widest pair whose stamps are good enough.
	const pairs = inside.flatMap((first, index) => inside.slice(index + 1).map(last => ({first, last})))
		.filter(pair => !timed || errorOf(pair.first, pair.last) <= maxTimingError)
		.sort((a, b) => (b.last.t - b.first.t) - (a.last.t - a.first.t));
	const best = timed ? pairs[0] : (inside.length < 2 ? undefined : {first: inside[0]!, last: inside.at(-1)!});
	if (best === undefined) {
		return undefined;
	}

	const {first, last} = best;
	return {value: Math.max(0, last.v! - first.v!), seconds: last.t - first.t, fromS: first.t, toS: last.t, timingError: errorOf(first, last)};
};

/** MB/s a cumulative byte counter grew at over the window. */
const counterMBps = (points: readonly CounterPoint[], w: Window): number | undefined => {
	const delta = counterDelta(points, w, true);
	return delta === undefined ? undefined : delta.value / delta.seconds / 1e6;
};

const untimed = (w: Window) => `no switch samples in ${w.fromS.toFixed(1)}–${w.toS.toFixed(1)} s stamped well enough to time a rate (polls slower than ${maxTimingError * 100} % of the window allows, or fewer than two)`;

/** Mean of the rate samples whose whole interval lies in the window; undefined with none, or with one missing. */
const meanRate = (points: readonly RatePoint[], w: Window, intervalS: number): number | undefined => {
	const inside = points.filter(point => point.t - intervalS >= w.fromS - 1e-6 && point.t <= w.toS + 1e-6);
	if (inside.length === 0 || inside.some(point => point.v === null)) {
		return undefined;
	}

	return inside.reduce((sum, point) => sum + point.v!, 0) / inside.length;
};

const pct = (value: number) => `${figure(value, 1)} %`;
const mbps = (value: number) => `${figure(value, 0)} MB/s`;

/** Share of the port each backlogged class got, with the congestion that makes the shares mean anything. */
const shareVerdict = (id: 'smb-ets-share' | 'default-ets-share', m: QosMeasurements, cls: ClassCounters, t: QosThresholds): Verdict => {
	const floor = cls.reservedPct - t.shareTolerancePct;
	const threshold = `≥ ${floor} % of the port (${cls.reservedPct} % reserved − ${t.shareTolerancePct})`;
	if (cls.queue === undefined || cls.txBytes.length === 0) {
		return error(id, threshold, cls.queue === undefined ? `no queue of ${m.port} carries priority ${cls.priority}` : `the switch reports no queue ${cls.queue} on ${m.port}`);
	}

	// The share is a ratio of counters read in the same polls, whatever their stamps; the congestion needs a time.
	const [total, carried] = [counterDelta(m.totalTxBytes, m.contention), counterDelta(cls.txBytes, m.contention)];
	const busy = counterMBps(m.totalTxBytes, m.contention);
	if (total === undefined || carried === undefined || busy === undefined) {
		return error(id, threshold, total === undefined || carried === undefined ? `fewer than two switch samples of ${m.port} while the competing flow ran` : untimed(m.contention), {contention: window(m.contention)});
	}

	const utilization = busy / m.ceilingMBps * 100;
	const classMBps = carried.value / carried.seconds / 1e6;
	const evidence = {port: m.port, queue: cls.queue, priority: cls.priority, window: window(m.contention), classMBps: round(classMBps, 1), portMBps: round(busy, 1), ceilingMBps: round(m.ceilingMBps, 1), reservedPct: cls.reservedPct};
	if (utilization < t.congestedPct) {
		return error(id, threshold, `${m.port} was not congested: it carried ${pct(utilization)} of its ${mbps(m.ceilingMBps)} (at least ${t.congestedPct} % needed), so ETS had nothing to arbitrate`, evidence);
	}

	const share = total.value === 0 ? 0 : carried.value / total.value * 100;
	return judged(id, share >= floor, {
		summary: `${cls.label} (priority ${cls.priority}, queue ${cls.queue}) carried ${pct(share)} of ${m.port} under contention (${mbps(classMBps)} of ${mbps(busy)}); reserved ${cls.reservedPct} %`,
		threshold, measured: pct(share), evidence: {...evidence, sharePct: round(share, 2)}, ...metric(`${cls.label} share`, share, '%', 'higher'),
		hint: `check the switch's ETS bandwidth for the queue of priority ${cls.priority} and that the port trusts CoS (rdmalab validate)`,
	});
};

const heartbeat = (m: QosMeasurements): Verdict => {
	const {cluster} = m;
	const threshold = 'transmits while the port is congested, drops nothing';
	if (cluster.queue === undefined || cluster.txBytes.length === 0) {
		return judged('heartbeat-not-starved', false, {
			summary: cluster.queue === undefined ? `no queue of ${m.port} carries the cluster priority ${cluster.priority}` : `the switch counts nothing in queue ${cluster.queue}, the cluster class's`,
			threshold, measured: 'no cluster queue', evidence: {port: m.port, priority: cluster.priority, queue: cluster.queue ?? null},
		});
	}

	const sent = counterDelta(cluster.txBytes, m.contention);
	const dropped = counterDelta(cluster.drops, m.measured);
	if (sent === undefined || dropped === undefined) {
		return error('heartbeat-not-starved', threshold, `fewer than two switch samples of ${m.port} queue ${cluster.queue}`);
	}

	return judged('heartbeat-not-starved', sent.value > 0 && dropped.value === 0, {
		summary: `queue ${cluster.queue} (cluster, priority ${cluster.priority}) sent ${figure(sent.value, 0)} bytes under contention and dropped ${figure(dropped.value, 0)} packets`,
		threshold, measured: `${figure(sent.value / sent.seconds, 0)} B/s, ${figure(dropped.value, 0)} dropped`,
		evidence: {port: m.port, queue: cluster.queue, bytesSent: sent.value, dropped: dropped.value, contention: window(m.contention)},
		hint: 'give the cluster priority its own ETS class (or strict priority) on every storage port, and make the port trust CoS',
	});
};

const pauseVerdicts = (m: QosMeasurements): Verdict[] => {
	const perPort = m.pauses.some(entry => entry.priority === 'all');
	const smbThreshold = `> 0 on priority ${m.smb.priority} while the port is congested`;
	const otherThreshold = `0 on every priority but ${m.smb.priority}`;
	if (perPort) {
		const reason = `the switch counts pause frames per port, not per priority (${m.pausePorts.join(', ')})`;
		return [error('pfc-pauses-smb', smbThreshold, reason), error('pfc-only-smb', otherThreshold, reason)];
	}

	const frames = (priority: number, w: Window) => counterDelta(m.pauses.find(entry => entry.priority === priority)?.frames ?? [], w);
	const smb = frames(m.smb.priority, m.contention);
	const others = m.pauses.filter(entry => entry.priority !== m.smb.priority).map(entry => ({priority: entry.priority as number, delta: counterDelta(entry.frames, m.measured)}));
	const verdicts: Verdict[] = [];
	verdicts.push(smb === undefined
		? error('pfc-pauses-smb', smbThreshold, `no pause counters of priority ${m.smb.priority} on ${m.pausePorts.join(', ')}`)
		: judged('pfc-pauses-smb', smb.value > 0, {
			summary: `${figure(smb.value, 0)} pause frames on priority ${m.smb.priority} across ${m.pausePorts.join(', ')} while the port was congested`,
			threshold: smbThreshold, measured: `${figure(smb.value / smb.seconds, 0)} frames/s`,
			evidence: {ports: m.pausePorts, priority: m.smb.priority, frames: smb.value, window: window(m.contention)}, ...metric('SMB pause frames per second', smb.value / smb.seconds, 'frames/s', 'higher'),
			hint: `force PFC on for priority ${m.smb.priority} on every storage port (NX-OS: priority-flow-control mode on); left to DCBX it stays off, since Windows sends no DCB TLVs`,
		}));
	const unknown = others.filter(entry => entry.delta === undefined);
	const stray = others.filter(entry => (entry.delta?.value ?? 0) > 0);
	verdicts.push(unknown.length > 0
		? error('pfc-only-smb', otherThreshold, `no whole pause counters of priority ${unknown.map(entry => entry.priority).join(', ')}`)
		: judged('pfc-only-smb', stray.length === 0, {
			summary: stray.length === 0 ? `no pause frames on priorities other than ${m.smb.priority} across ${m.pausePorts.join(', ')}` : stray.map(entry => `${figure(entry.delta!.value, 0)} pause frames on priority ${entry.priority}`).join(', '),
			threshold: otherThreshold, measured: `${stray.reduce((sum, entry) => sum + entry.delta!.value, 0)} frames`,
			evidence: {ports: m.pausePorts, framesByPriority: Object.fromEntries(others.map(entry => [entry.priority, entry.delta!.value])), window: window(m.measured)},
			hint: 'only the SMB priority may be lossless, on the switches and the hosts alike; a host tagging SMB with another priority is paused on it (Get-NetQosPolicy)',
		}));
	return verdicts;
};

const drops = (m: QosMeasurements): Verdict => {
	const threshold = '0 packets';
	if (m.smb.queue === undefined || m.smb.drops.length === 0) {
		return error('lossless-no-drops', threshold, `no drop counter of the SMB queue on ${m.port}`);
	}

	const dropped = counterDelta(m.smb.drops, m.measured);
	if (dropped === undefined) {
		return error('lossless-no-drops', threshold, `fewer than two switch samples of ${m.port} queue ${m.smb.queue}`);
	}

	return judged('lossless-no-drops', dropped.value === 0, {
		summary: `queue ${m.smb.queue} (SMB, priority ${m.smb.priority}) of ${m.port} dropped ${figure(dropped.value, 0)} packets over the run`,
		threshold, measured: `${figure(dropped.value, 0)} packets`, evidence: {port: m.port, queue: m.smb.queue, dropped: dropped.value, window: window(m.measured)},
		...metric('SMB queue drops', dropped.value, 'packets', 'lower'),
		hint: 'the SMB queue must be no-drop: PFC forced on for its priority on every port of the path, and the hosts honouring it (Enable-NetQosFlowControl)',
	});
};

const takesLink = (m: QosMeasurements, t: QosThresholds): Verdict => {
	const threshold = `≥ ${t.takesLinkPct} % of ${mbps(m.ceilingMBps)}`;
	if (m.smb.queue === undefined || m.smb.txBytes.length === 0) {
		return error('smb-takes-link', threshold, `no queue of ${m.port} counts the SMB priority ${m.smb.priority}`);
	}

	const carried = counterMBps(m.smb.txBytes, m.alone);
	if (carried === undefined) {
		return error('smb-takes-link', threshold, `after the competing flow stopped, ${untimed(m.alone)}`, {window: window(m.alone)});
	}

	const share = carried / m.ceilingMBps * 100;
	return judged('smb-takes-link', share >= t.takesLinkPct, {
		summary: `with the competing flow gone, queue ${m.smb.queue} (SMB) carried ${mbps(carried)}, ${pct(share)} of what ${m.port} can carry`,
		threshold, measured: pct(share), evidence: {port: m.port, queue: m.smb.queue, classMBps: round(carried, 1), ceilingMBps: round(m.ceilingMBps, 1), window: window(m.alone)},
		...metric('SMB share alone', share, '%', 'higher'),
		hint: 'ETS reservations are minimums, not caps: look for a shaper or a bandwidth limit on the SMB queue, and for SMB traffic landing in another class',
	});
};

const agreement = (m: QosMeasurements, t: QosThresholds): Verdict => {
	const threshold = `within ${t.agreementPct} % of each other`;
	if (m.host === undefined) {
		return error('host-switch-agree', threshold, m.hostUnavailable ?? 'no counters of the receiving rNIC');
	}

	const pairs = [
		{label: 'SMB (RDMA received)', cls: m.smb, host: meanRate(m.host.rdmaInMBps, m.contention, m.host.intervalS)},
		{label: 'default (TCP received)', cls: m.fallback, host: meanRate(m.host.tcpInMBps, m.contention, m.host.intervalS)},
	].map(pair => ({...pair, switchMBps: pair.cls.queue === undefined || pair.cls.txBytes.length === 0 ? undefined : counterMBps(pair.cls.txBytes, m.contention)}));
	const missing = pairs.find(pair => pair.host === undefined || pair.switchMBps === undefined);
	if (missing !== undefined) {
		return error('host-switch-agree', threshold, missing.host === undefined ? `the receiving node's counters for ${missing.label} do not cover the contention window` : `for ${missing.label}, ${untimed(m.contention)}`, {window: window(m.contention)});
	}

	const compared = pairs.map(pair => {
		const larger = Math.max(pair.host!, pair.switchMBps!);
		const offPct = larger === 0 ? 0 : Math.abs(pair.host! - pair.switchMBps!) / larger * 100;
		return {label: pair.label, queue: pair.cls.queue, switchMBps: round(pair.switchMBps!, 1), hostMBps: round(pair.host!, 1), offPct: round(offPct, 1)};
	});
	const worst = compared.reduce((a, b) => (b.offPct > a.offPct ? b : a));
	return judged('host-switch-agree', compared.every(pair => pair.offPct <= t.agreementPct), {
		summary: compared.map(pair => `${pair.label}: queue ${pair.queue} ${mbps(pair.switchMBps)}, node ${mbps(pair.hostMBps)}`).join('; '),
		threshold, measured: `${figure(worst.offPct, 1)} % apart (${worst.label})`, evidence: {port: m.port, window: window(m.contention), classes: compared},
		hint: 'traffic the node receives over RDMA must be in the switch\'s SMB queue: every host must tag SMB Direct with the rig\'s priority (Get-NetQosPolicy) and the switch must trust CoS',
	});
};

export const qosVerdicts = (m: QosMeasurements, t: QosThresholds): Verdict[] => [
	shareVerdict('smb-ets-share', m, m.smb, t),
	shareVerdict('default-ets-share', m, m.fallback, t),
	heartbeat(m),
	...pauseVerdicts(m),
	drops(m),
	takesLink(m, t),
	agreement(m, t),
];

/** Every verdict as an error: the run cannot be judged at all. */
export const unjudgedQosVerdicts = (reason: string): Verdict[] => qosVerdictIds.map(id => error(id, '', reason));
