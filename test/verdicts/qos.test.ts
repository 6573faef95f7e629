// The QoS verdicts on measurements built by the test: each passes on what a healthy port shows, fails on what the
// fault it guards against shows, and is an error (never a pass) when the counters cannot answer it.
import test from 'ava';
import {qosVerdicts, type ClassCounters, type CounterPoint, type QosMeasurements, type QosThresholds} from '../../harness/verdicts/qos.js';

const thresholds: QosThresholds = {shareTolerancePct: 5, congestedPct: 90, takesLinkPct: 90, agreementPct: 15};
const times = Array.from({length: 31}, (_, index) => index);
/** A cumulative counter growing at `during` per second while the flow runs (5..20 s) and `after` from 20 s on. */
const counter = (during: number, after = during): CounterPoint[] => times.map(t => ({t, v: (Math.min(t, 20) * during) + (Math.max(0, t - 20) * after)}));
const rates = (mbps: number) => times.map(t => ({t, v: mbps}));
const flat = (value = 0): CounterPoint[] => times.map(t => ({t, v: value}));

const cls = (label: string, priority: number, reservedPct: number, tx: CounterPoint[], drops = flat()): ClassCounters => ({label, priority, queue: priority, reservedPct, txBytes: tx, drops});

const healthy = (): QosMeasurements => ({
	port: 'tor-a Ethernet1/11 (sofs01 Storage A)',
	ceilingMBps: 3059,
	smb: cls('SMB', 3, 50, counter(1545e6, 3059e6)),
	cluster: cls('cluster', 7, 1, counter(2000, 2000)),
	fallback: cls('default', 0, 49, counter(1514e6, 0)),
	totalTxBytes: counter(3059e6, 3059e6),
	pauses: [0, 1, 2, 3, 4, 5, 6, 7].map(priority => ({priority, frames: priority === 3 ? counter(2200, 1500) : flat()})),
	pausePorts: ['tor-a Ethernet1/11', 'tor-a Ethernet1/1', 'tor-a Ethernet1/2'],
	host: {rdmaInMBps: rates(1545), tcpInMBps: rates(1500), intervalS: 1},
	contention: {fromS: 7, toS: 20},
	alone: {fromS: 22, toS: 30},
	measured: {fromS: 3, toS: 30},
});

const statuses = (m: QosMeasurements) => Object.fromEntries(qosVerdicts(m, thresholds).map(verdict => [verdict.id, verdict.status]));
const allPass = {'smb-ets-share': 'pass', 'default-ets-share': 'pass', 'heartbeat-not-starved': 'pass', 'pfc-pauses-smb': 'pass', 'pfc-only-smb': 'pass', 'lossless-no-drops': 'pass', 'smb-takes-link': 'pass', 'host-switch-agree': 'pass'};

test('a healthy congested port passes every verdict, with its evidence', t => {
	const verdicts = qosVerdicts(healthy(), thresholds);
	t.deepEqual(statuses(healthy()), allPass);
	const smb = verdicts.find(verdict => verdict.id === 'smb-ets-share')!;
	t.like(smb.evidence, {queue: 3, reservedPct: 50, classMBps: 1545, portMBps: 3059});
	t.is(smb.metric?.unit, '%');
	t.regex(smb.summary, /carried 50\.5 % of tor-a Ethernet1\/11/);
});

test('SMB below its reservation fails the SMB share, and only it', t => {
	const m = healthy();
	m.smb.txBytes = counter(927e6, 3059e6);
	m.fallback.txBytes = counter(2132e6, 0);
	m.host!.rdmaInMBps = rates(927);
	m.host!.tcpInMBps = rates(2100);
	t.deepEqual(statuses(m), {...allPass, 'smb-ets-share': 'fail'});
});

test('no pauses and drops in the SMB queue fail the PFC and lossless verdicts', t => {
	const m = healthy();
	m.pauses = m.pauses.map(entry => ({...entry, frames: flat()}));
	m.smb.drops = counter(1e6, 7e5);
	t.deepEqual(statuses(m), {...allPass, 'pfc-pauses-smb': 'fail', 'lossless-no-drops': 'fail'});
});

test('pause frames on another priority fail pfc-only-smb, naming the priority', t => {
	const m = healthy();
	m.pauses[4] = {priority: 4, frames: counter(1400)};
	const verdict = qosVerdicts(m, thresholds).find(candidate => candidate.id === 'pfc-only-smb')!;
	t.is(verdict.status, 'fail');
	t.regex(verdict.summary, /pause frames on priority 4/);
});

test('SMB in the default queue: its own queue and the heartbeat\'s stay empty, the node still receives RDMA', t => {
	const m = healthy();
	m.smb.txBytes = flat();
	m.cluster.txBytes = flat();
	m.fallback.txBytes = counter(3059e6, 3059e6);
	m.pauses = m.pauses.map(entry => ({...entry, frames: flat()}));
	m.host!.rdmaInMBps = rates(2040);
	m.host!.tcpInMBps = rates(1020);
	t.deepEqual(statuses(m), {
		'smb-ets-share': 'fail', 'default-ets-share': 'pass', 'heartbeat-not-starved': 'fail', 'pfc-pauses-smb': 'fail', 'pfc-only-smb': 'pass', 'lossless-no-drops': 'pass', 'smb-takes-link': 'fail', 'host-switch-agree': 'fail',
	});
});

test('host and switch disagreeing on SMB fails the cross-check only', t => {
	const m = healthy();
	m.host!.rdmaInMBps = rates(2300);
	const verdict = qosVerdicts(m, thresholds).find(candidate => candidate.id === 'host-switch-agree')!;
	t.deepEqual(statuses(m), {...allPass, 'host-switch-agree': 'fail'});
	t.regex(verdict.measured, /32\.8 % apart \(SMB/);
});

test('a port that was not congested cannot judge the shares: error, never a pass', t => {
	const m = healthy();
	m.totalTxBytes = counter(1500e6, 1500e6);
	const verdicts = qosVerdicts(m, thresholds);
	t.like(verdicts.find(verdict => verdict.id === 'smb-ets-share'), {status: 'error'});
	t.regex(verdicts.find(verdict => verdict.id === 'smb-ets-share')!.summary, /was not congested: it carried 49 % of its 3059 MB\/s \(at least 90 % needed\)/);
});

test('per-port pause counters (EOS) cannot tell priorities apart: both PFC verdicts are errors', t => {
	const m = healthy();
	m.pauses = [{priority: 'all', frames: counter(2200)}];
	const verdicts = qosVerdicts(m, thresholds);
	t.like(verdicts.find(verdict => verdict.id === 'pfc-pauses-smb'), {status: 'error'});
	t.like(verdicts.find(verdict => verdict.id === 'pfc-only-smb'), {status: 'error'});
});

test('a missing sample is missing, never zero: the verdicts that need it are errors', t => {
	const m = healthy();
	m.smb.drops = m.smb.drops.map(point => (point.t === 30 ? {t: 30, v: null} : point));
	m.host!.rdmaInMBps = m.host!.rdmaInMBps.map(point => (point.t === 10 ? {t: 10, v: null} : point));
	const verdicts = qosVerdicts(m, thresholds);
	t.like(verdicts.find(verdict => verdict.id === 'lossless-no-drops'), {status: 'error'});
	t.like(verdicts.find(verdict => verdict.id === 'host-switch-agree'), {status: 'error'});
	const noHost = healthy();
	delete noHost.host;
	noHost.hostUnavailable = 'sofs01 does not report RDMA Inbound Bytes/sec of Storage A';
	t.regex(qosVerdicts(noHost, thresholds).find(verdict => verdict.id === 'host-switch-agree')!.summary, /does not report RDMA Inbound/);
});

test('switch polls that took seconds cannot time a rate: the verdicts that need one are errors, the ratios still judged', t => {
	const m = healthy();
	const slow = (points: CounterPoint[]) => points.map(point => ({...point, uncertaintyS: 1.5}));
	for (const cls of [m.smb, m.cluster, m.fallback]) {
		cls.txBytes = slow(cls.txBytes);
	}

	m.totalTxBytes = slow(m.totalTxBytes);
	const verdicts = qosVerdicts(m, thresholds);
	for (const id of ['smb-ets-share', 'smb-takes-link', 'host-switch-agree']) {
		t.like(verdicts.find(verdict => verdict.id === id), {status: 'error'}, id);
	}

	t.regex(verdicts.find(verdict => verdict.id === 'smb-takes-link')!.summary, /stamped well enough to time a rate/);
	// One slow poll at an end is skipped for the next good one.
	const one = healthy();
	one.smb.txBytes = one.smb.txBytes.map(point => (point.t === 30 ? {...point, uncertaintyS: 2} : point));
	t.like(qosVerdicts(one, thresholds).find(verdict => verdict.id === 'smb-takes-link'), {status: 'pass'});
});
