// The cluster suites' verdicts on measurements made up here: what each passes, fails, and (a reading missing, a hold
// too short, no limit to judge against) refuses to judge. Pure: no rig, no clock.
import test from 'ava';
import type {CapturedEvent, CounterCapture} from '../../harness/run/run-data.js';
import {clusterColumn} from '../../harness/verdicts/cluster-state.js';
import {heartbeatVerdicts, type HeartbeatMeasurements} from '../../harness/verdicts/heartbeat.js';
import {liveMigrationVerdicts, type LiveMigrationMeasurements, type LiveMigrationThresholds} from '../../harness/verdicts/live-migration.js';
import {sofsFailoverVerdicts, witnessMoves, type SofsFailoverMeasurements} from '../../harness/verdicts/sofs-failover.js';

/** A cluster-state capture: one sample per second from 0 to `toS`, each column's value from its function. */
const capture = (columns: Record<string, (t: number) => number | null>, toS: number, events?: CapturedEvent[]): CounterCapture => ({
	node: 'sofs02', kind: 'cluster-state', columns: Object.keys(columns), missing: [], ...(events === undefined ? {} : {events}),
	samples: Array.from({length: toS + 1}, (_, t) => ({t, values: Object.values(columns).map(value => value(t))})),
});

const away = (t: number) => t > 10 && t <= 20;

const sofs = (columns: Record<string, (t: number) => number | null>, io: Array<{t: number; iops: number}> = []): SofsFailoverMeasurements => ({
	hosts: [{host: 'hv01', io: io.map(sample => ({...sample, mbps: sample.iops * 4096 / 1e6, maxLatencyMs: 2})), bucketS: 1, measured: {fromS: 0, toS: 30}, ioErrors: []}],
	faults: [{id: 'stop-1', how: 'stop', node: 'sofs01', group: 'sofs', sentS: 10, confirmedS: 11, restoreSentS: 20, restoredS: 20.5, restoreConfirmedS: 22}],
	cluster: capture(columns, 30),
	members: ['sofs01', 'sofs02'],
	endS: 30,
});

const healthyWitness = {
	[clusterColumn.registrations('hv01')]: (t: number) => (away(t) ? 0 : 2),
	[clusterColumn.witnessNames('hv01', 'sofs01')]: (t: number) => (away(t) ? 0 : 1),
	[clusterColumn.groupOn('sofs', 'sofs01')]: (t: number) => (t > 11 && t <= 21 ? 0 : 1),
	[clusterColumn.groupOn('sofs', 'sofs02')]: (t: number) => (t > 11 && t <= 21 ? 1 : 0),
};

test('sofs-node-failover: a registration that stays on the node away fails; a missing reading is not judged', t => {
	const io = Array.from({length: 30}, (_, index) => ({t: index + 1, iops: index === 11 ? 0 : 1000}));
	t.deepEqual(sofsFailoverVerdicts(sofs(healthyWitness, io), {maxPauseMs: 5000, settleS: 2}).map(verdict => verdict.status), ['pass', 'pass', 'pass', 'pass']);
	const stuck = witnessMoves(sofs({...healthyWitness, [clusterColumn.witnessNames('hv01', 'sofs01')]: () => 1}), {maxPauseMs: 5000, settleS: 2});
	t.is(stuck.status, 'fail');
	t.regex(stuck.summary, /hv01 stayed registered with sofs01 while it was away \(stop-1\)/);
	const blank = witnessMoves(sofs({...healthyWitness, [clusterColumn.witnessNames('hv01', 'sofs01')]: t => (t === 15 ? null : 0)}), {maxPauseMs: 5000, settleS: 2});
	t.is(blank.status, 'error');
	t.regex(blank.summary, /without a value .*missing, not zero/);
	const noCapture = witnessMoves({...sofs(healthyWitness), cluster: undefined} as unknown as SofsFailoverMeasurements, {maxPauseMs: 5000, settleS: 2});
	t.is(noCapture.status, 'error');
});

test('sofs-node-failover: a role that never left is a failure; a pause longer than the threshold fails that host', t => {
	const [, pause, , owner] = sofsFailoverVerdicts(sofs({...healthyWitness, [clusterColumn.groupOn('sofs', 'sofs01')]: () => 1, [clusterColumn.groupOn('sofs', 'sofs02')]: () => 0}, Array.from({length: 30}, (_, index) => ({t: index + 1, iops: index >= 11 && index < 19 ? 0 : 1000}))), {maxPauseMs: 5000, settleS: 2});
	t.like(pause, {id: 'longest-pause', target: 'hv01', status: 'fail', measured: '8000 ms'});
	t.like(owner, {id: 'role-owner-moved-and-back', status: 'fail'});
});

const event = (id: number, data: string[], t: number, network?: string): CapturedEvent => ({t, node: 'sofs02', provider: 'Microsoft-Windows-FailoverClustering', id, recordId: Math.round(t * 10), level: 'Error', data, message: null, ...(network === undefined ? {} : {network})});

const heartbeat = (events: CapturedEvent[], state: (t: number) => number | null, hold = {confirmedS: 3, restoreSentS: 15}): HeartbeatMeasurements => ({
	pulls: [{id: 'pull-storage-a', node: 'sofs01', network: 'storage-a', adapter: 'Storage A', sentS: 3, ...hold, restoreConfirmedS: 16, untilS: 30}],
	cluster: capture({
		[clusterColumn.heartbeatDelayMs]: () => 1000, [clusterColumn.heartbeatThreshold]: () => 10,
		[clusterColumn.nodeState('sofs01')]: () => 0, [clusterColumn.nodeState('sofs02')]: () => 0,
		[clusterColumn.networkState('storage-a')]: state,
	}, 30, events),
	members: ['sofs01', 'sofs02'],
});

const expectedEvents = [event(1127, ['sofs01 - Storage A', 'sofs01', 'Cluster Network 2'], 13, 'storage-a'), event(1130, ['Cluster Network 2'], 13, 'storage-a')];
const downWhilePulled = (t: number) => (t > 13 && t <= 16 ? 1 : 3);

test('heartbeat-resilience: the pulled interface and its network may fail; another interface, or a removal, fails', t => {
	t.deepEqual(heartbeatVerdicts(heartbeat(expectedEvents, downWhilePulled)).map(verdict => verdict.status), ['pass', 'pass', 'pass']);
	const other = heartbeatVerdicts(heartbeat([...expectedEvents, event(1126, ['sofs02 - Storage B', 'sofs02', 'Cluster Network 3'], 14, 'storage-b'), event(1135, ['sofs02'], 14)], downWhilePulled));
	t.deepEqual(other.map(verdict => verdict.status), ['fail', 'fail', 'pass']);
	t.regex(other[1]!.summary, /^1126 on sofs02 at 14 s \(sofs02 - Storage B, sofs02, Cluster Network 3\)/);
	const neverDown = heartbeatVerdicts(heartbeat(expectedEvents, () => 3))[2]!;
	t.is(neverDown.status, 'fail');
	t.regex(neverDown.summary, /never saw storage-a go down/);
});

test('heartbeat-resilience: a hold within the threshold, or a reading without a value, is not judged', t => {
	const short = heartbeatVerdicts(heartbeat(expectedEvents, downWhilePulled, {confirmedS: 3, restoreSentS: 12}));
	t.true(short.every(verdict => verdict.status === 'error'));
	t.regex(short[0]!.summary, /pull-storage-a was not held past the heartbeat threshold \(SameSubnetDelay × SameSubnetThreshold = 10000 ms\)/);
	t.is(heartbeatVerdicts(heartbeat(expectedEvents, t => (t === 14 ? null : downWhilePulled(t))))[2]!.status, 'error');
});

const thresholds: LiveMigrationThresholds = {minRdmaPct: 90, maxManagementPct: 5, limitTolerancePct: 10, minStoragePct: 90, timeSlackPct: 25, timeOverheadS: 5};
const mib = 1024 * 1024;

const migration = (rdma: (t: number) => number | null, overrides: Partial<LiveMigrationMeasurements> = {}): LiveMigrationMeasurements => ({
	legs: [{id: 'out', vm: 'vm1', from: 'hv01', to: 'hv02', sentS: 10, doneS: 16}],
	memoryBytes: 4096 * mib,
	limitBytesPerS: 750 * mib,
	rdmaOut: {hv01: Array.from({length: 30}, (_, t) => ({t, v: rdma(t)}))},
	rdmaUnavailable: {},
	managementSent: {hv01: Array.from({length: 30}, (_, t) => ({t, v: 1e9 + (t * 20_000)}))},
	storage: {host: 'hv02', io: Array.from({length: 300}, (_, index) => ({t: index / 10, iops: 1000, mbps: index / 10 > 10 && index / 10 <= 16 ? 5300 : 6100})), bucketS: 0.1, measured: {fromS: 2, toS: 30}, ioErrors: []},
	storageCeilingMBps: 6119,
	intervalS: 1,
	...overrides,
});

// 4096 MiB × 1.05 at 750 MiB/s: 5.7 s of 750 MiB/s, over the samples ending at 11 to 16.
const atLimit = (t: number) => (t > 10 && t <= 16 ? 750 * mib * 0.96 : 1000);

test('live-migration-over-smb: at the limit over RDMA it passes; over the management path, past the limit, or late it fails', t => {
	t.deepEqual(liveMigrationVerdicts(migration(atLimit), thresholds).map(verdict => verdict.status), ['pass', 'pass', 'pass', 'pass']);
	const tcp = liveMigrationVerdicts(migration(() => 1000, {managementSent: {hv01: Array.from({length: 30}, (_, t) => ({t, v: 1e9 + (t > 10 ? Math.min(t - 10, 6) * 750 * mib : 0)}))}}), thresholds);
	t.like(tcp[0], {status: 'fail', measured: '0 % over RDMA, 109.9 % on management'});
	t.is(liveMigrationVerdicts(migration(t => (t > 10 && t <= 12 ? 2900 * mib : 1000)), thresholds)[1]!.status, 'fail');
	t.is(liveMigrationVerdicts(migration(atLimit, {legs: [{id: 'out', vm: 'vm1', from: 'hv01', to: 'hv02', sentS: 10, doneS: 40}]}), thresholds)[3]!.status, 'fail');
});

test('live-migration-over-smb: blank RDMA samples, a migration shorter than a sample, no limit, a workload that ended: not judged', t => {
	t.is(liveMigrationVerdicts(migration(t => (t === 12 ? null : atLimit(t))), thresholds)[0]!.status, 'error');
	const short = liveMigrationVerdicts(migration(atLimit, {legs: [{id: 'out', vm: 'vm1', from: 'hv01', to: 'hv02', sentS: 10.2, doneS: 10.9}]}), thresholds);
	t.is(short[1]!.status, 'error');
	t.regex(short[1]!.summary, /no sample of 1 s lies inside it/);
	const {limitBytesPerS: _limit, ...noLimit} = migration(atLimit);
	t.deepEqual(liveMigrationVerdicts(noLimit, thresholds).map(verdict => verdict.status), ['pass', 'skipped', 'skipped', 'skipped']);
	const late = liveMigrationVerdicts(migration(atLimit, {legs: [{id: 'out', vm: 'vm1', from: 'hv01', to: 'hv02', sentS: 25, doneS: 31}]}), thresholds)[2]!;
	t.is(late.status, 'error');
	t.regex(late.summary, /ended after the storage workload/);
});
