// Verdicts of a live migration over SMB beside a storage workload (suites/live-migration-over-smb.ts), per leg (out
// to the other host, back home). Pure: the legs' times, the hosts' RDMA and management counters, the VM's memory,
// the load host's diskspd buckets and the rig's limit in, verdicts out.
//
// A leg's migration traffic is what the source host's rNICs send over RDMA above what they sent just before it;
// bytes on the management adapter are what the migration must not use. The SMB bandwidth limit
// (Set-SmbBandwidthLimit -Category LiveMigration) is in bytes per second of 2^20 (750MB = 750 × 1048576), as the
// rig file's hyperv.liveMigrationLimitMBps is.
import type {TimePoint} from './failover.js';
import type {HostIo} from './sofs-failover.js';
import {figure, round, type Verdict} from './verdict.js';

export interface MigrationLeg {
	/** `out` to the other host, `back` home. */
	id: string;
	vm: string;
	from: string;
	to: string;
	sentS?: number;
	doneS?: number;
}

export interface LiveMigrationMeasurements {
	legs: MigrationLeg[];
	/** The VM's memory as Get-VM reports it (MemoryAssigned), bytes. */
	memoryBytes?: number;
	/** The rig file's limit, bytes per second; undefined when it sets none. */
	limitBytesPerS?: number;
	/** Per host: RDMA Outbound Bytes/sec over its rNICs (null: a sample without a value); undefined when not captured. */
	rdmaOut: Record<string, TimePoint[] | undefined>;
	/** Why a host's RDMA counters cannot be used (missing counters). */
	rdmaUnavailable: Record<string, string | undefined>;
	/** Per host: its management adapter's cumulative bytes sent. */
	managementSent: Record<string, TimePoint[] | undefined>;
	storage: HostIo;
	/** What the load host's rNICs can carry together, MB/s. */
	storageCeilingMBps: number;
	intervalS: number;
	misaligned?: string;
}

export interface LiveMigrationThresholds {
	/** Of the VM's memory, at least this share must cross the rNICs over RDMA. */
	minRdmaPct: number;
	/** Of the VM's memory, at most this share may cross the management adapter. */
	maxManagementPct: number;
	/** The migration may exceed the limit by this much in a sample. */
	limitTolerancePct: number;
	/** The storage workload keeps at least this share of what the limit leaves it. */
	minStoragePct: number;
	/** The migration may take this much longer than memory / limit, plus overheadS. */
	timeSlackPct: number;
	timeOverheadS: number;
}

const mib = 1024 * 1024;
const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;

const error = (id: string, title: string, threshold: string, reason: string, target: string): Verdict => ({
	id, title, target, status: 'error', summary: `could not be judged: ${reason}`, threshold, measured: 'not measured', evidence: {reason},
});

const skipped = (id: string, title: string, threshold: string, reason: string, target: string): Verdict => ({
	id, title, target, status: 'skipped', summary: `not judged: ${reason}`, threshold, measured: 'not measured', evidence: {reason},
});

const legName = (leg: MigrationLeg) => `${leg.vm} ${leg.from} → ${leg.to}`;

/** Why a leg cannot be judged at all. */
const legProblem = (m: LiveMigrationMeasurements, leg: MigrationLeg): string | undefined => {
	if (m.misaligned !== undefined) {
		return m.misaligned;
	}

	return leg.sentS === undefined || leg.doneS === undefined ? `the migration ${legName(leg)} did not run to its end` : undefined;
};

/** The source's RDMA sending over the leg above its rate just before it: the samples, and that rate. */
const rdmaAboveBaseline = (m: LiveMigrationMeasurements, leg: MigrationLeg): {points: Array<{t: number; v: number}>; baseline: number} | string => {
	const series = m.rdmaOut[leg.from];
	if (series === undefined || m.rdmaUnavailable[leg.from] !== undefined) {
		return m.rdmaUnavailable[leg.from] ?? `${leg.from}'s RDMA counters were not captured`;
	}

	const before = series.filter(point => point.t <= leg.sentS! && point.t > leg.sentS! - (3 * m.intervalS));
	const during = series.filter(point => point.t > leg.sentS! && point.t <= leg.doneS! + m.intervalS);
	const blank = [...before, ...during].filter(point => point.v === null);
	if (before.length === 0 || during.length === 0 || blank.length > 0) {
		return blank.length > 0 ? `${blank.length} of ${leg.from}'s RDMA samples around the migration have no value: missing, not zero` : `no RDMA samples of ${leg.from} ${before.length === 0 ? 'before' : 'during'} the migration`;
	}

	const baseline = mean(before.map(point => point.v!));
	return {points: during.map(point => ({t: point.t, v: Math.max(0, point.v! - baseline)})), baseline};
};

export const overSmbDirect = (m: LiveMigrationMeasurements, leg: MigrationLeg, t: LiveMigrationThresholds): Verdict => {
	const id = 'over-smb-direct';
	const title = `Migration over SMB Direct on the rNICs (${legName(leg)})`;
	const threshold = `≥ ${t.minRdmaPct} % of the VM's memory over RDMA, ≤ ${t.maxManagementPct} % on the management adapter`;
	const problem = legProblem(m, leg) ?? (m.memoryBytes === undefined ? `Get-VM gave no memory size of ${leg.vm}` : undefined);
	if (problem !== undefined) {
		return error(id, title, threshold, problem, leg.id);
	}

	const rdma = rdmaAboveBaseline(m, leg);
	if (typeof rdma === 'string') {
		return error(id, title, threshold, rdma, leg.id);
	}

	const sent = m.managementSent[leg.from] ?? [];
	const before = sent.findLast(point => point.t <= leg.sentS!);
	const after = sent.find(point => point.t >= leg.doneS!);
	if (before?.v === null || before === undefined || after?.v === null || after === undefined) {
		return error(id, title, threshold, `no reading of ${leg.from}'s management adapter ${before?.v === undefined || before === undefined ? 'before' : 'after'} the migration`, leg.id);
	}

	const rdmaBytes = rdma.points.reduce((sum, point) => sum + (point.v * m.intervalS), 0);
	const managementBytes = after.v - before.v;
	const rdmaPct = rdmaBytes / m.memoryBytes! * 100;
	const managementPct = managementBytes / m.memoryBytes! * 100;
	const passed = rdmaPct >= t.minRdmaPct && managementPct <= t.maxManagementPct;
	return {
		id, title, target: leg.id, threshold, status: passed ? 'pass' : 'fail',
		measured: `${figure(rdmaPct, 0, t.minRdmaPct)} % over RDMA, ${figure(managementPct, 1, t.maxManagementPct)} % on management`,
		summary: `${round(rdmaBytes / mib)} MiB left ${leg.from}'s rNICs over RDMA and ${round(managementBytes / mib, 1)} MiB its management adapter while ${leg.vm} (${round(m.memoryBytes! / mib)} MiB) migrated`,
		evidence: {rdmaMiB: round(rdmaBytes / mib, 1), managementMiB: round(managementBytes / mib, 2), memoryMiB: round(m.memoryBytes! / mib), rdmaBaselineMBps: round(rdma.baseline / 1e6, 1), window: {fromS: round(leg.sentS!, 2), toS: round(leg.doneS!, 2)}},
		metric: {name: 'rdmaSharePct', value: rdmaPct, unit: '%', better: 'higher'},
		...(passed ? {} : {hint: 'Set-VMHost -VirtualMachineMigrationPerformanceOption SMB on both hosts; the SMB Multichannel constraint keeps SMB on the rNICs'}),
	};
};

export const withinLimit = (m: LiveMigrationMeasurements, leg: MigrationLeg, t: LiveMigrationThresholds): Verdict => {
	const id = 'within-migration-limit';
	const title = `Migration within the SMB bandwidth limit (${legName(leg)})`;
	const threshold = m.limitBytesPerS === undefined ? 'the rig file\'s hyperv.liveMigrationLimitMBps' : `≤ ${round(m.limitBytesPerS / mib)} MiB/s + ${t.limitTolerancePct} % in every sample`;
	if (m.limitBytesPerS === undefined) {
		return skipped(id, title, threshold, 'the rig file sets no hyperv.liveMigrationLimitMBps', leg.id);
	}

	const problem = legProblem(m, leg);
	const rdma = problem ?? rdmaAboveBaseline(m, leg);
	if (typeof rdma === 'string') {
		return error(id, title, threshold, rdma, leg.id);
	}

	// Only samples that lie wholly inside the migration measure its rate.
	const inside = rdma.points.filter(point => point.t - m.intervalS >= leg.sentS! && point.t <= leg.doneS!);
	if (inside.length === 0) {
		return error(id, title, threshold, `the migration took ${round(leg.doneS! - leg.sentS!, 1)} s, no sample of ${m.intervalS} s lies inside it; migrate a VM with more memory`, leg.id);
	}

	const peak = Math.max(...inside.map(point => point.v));
	const allowed = m.limitBytesPerS * (1 + (t.limitTolerancePct / 100));
	return {
		id, title, target: leg.id, threshold, status: peak <= allowed ? 'pass' : 'fail',
		measured: `${figure(peak / mib, 0, round(allowed / mib))} MiB/s at most`,
		summary: `the migration sent at most ${round(peak / mib)} MiB/s over RDMA (${inside.length} sample${inside.length === 1 ? '' : 's'}) against a limit of ${round(m.limitBytesPerS / mib)} MiB/s`,
		evidence: {peakMiBps: round(peak / mib, 1), meanMiBps: round(mean(inside.map(point => point.v)) / mib, 1), limitMiBps: round(m.limitBytesPerS / mib), samples: inside.map(point => [round(point.t, 2), round(point.v / mib, 1)])},
		metric: {name: 'migrationPeakMiBps', value: peak / mib, unit: 'MiB/s', better: 'lower'},
		...(peak <= allowed ? {} : {hint: 'Set-SmbBandwidthLimit -Category LiveMigration -BytesPerSecond <limit> on the source host (Install-WindowsFeature FS-SMBBW)'}),
	};
};

export const storageKeepsShare = (m: LiveMigrationMeasurements, leg: MigrationLeg, t: LiveMigrationThresholds, firstSentS: number): Verdict => {
	const id = 'storage-keeps-share';
	const title = `Storage on ${m.storage.host} keeps its share (${legName(leg)})`;
	const threshold = `≥ ${t.minStoragePct} % of min(its throughput before, its links less the migration limit)`;
	if (m.limitBytesPerS === undefined) {
		return skipped(id, title, threshold, 'the rig file sets no hyperv.liveMigrationLimitMBps: nothing says what storage keeps', leg.id);
	}

	const problem = legProblem(m, leg) ?? m.storage.unmeasured;
	if (problem !== undefined) {
		return error(id, title, threshold, problem, leg.id);
	}

	const baseline = m.storage.io.filter(sample => sample.t > m.storage.measured.fromS && sample.t <= firstSentS).map(sample => sample.mbps);
	const during = m.storage.io.filter(sample => sample.t > leg.sentS! && sample.t <= leg.doneS!).map(sample => sample.mbps);
	if (baseline.length < 2 || during.length < 2 || leg.doneS! > m.storage.measured.toS) {
		return error(id, title, threshold, leg.doneS! > m.storage.measured.toS ? 'the migration ended after the storage workload: lengthen recoverS' : `fewer than two diskspd buckets ${baseline.length < 2 ? 'before the first migration' : 'during the migration'}`, leg.id);
	}

	const available = m.storageCeilingMBps - (m.limitBytesPerS / 1e6);
	const expected = Math.min(mean(baseline), available);
	const measured = mean(during);
	const pct = measured / expected * 100;
	return {
		id, title, target: leg.id, threshold, status: pct >= t.minStoragePct ? 'pass' : 'fail',
		measured: `${figure(pct, 0, t.minStoragePct)} % (${round(measured)} MB/s)`,
		summary: `${m.storage.host} read ${round(measured)} MB/s during the migration against ${round(expected)} MB/s expected (before ${round(mean(baseline))} MB/s; its links ${round(m.storageCeilingMBps)} MB/s less the ${round(m.limitBytesPerS / 1e6)} MB/s limit)`,
		evidence: {duringMBps: round(measured, 1), baselineMBps: round(mean(baseline), 1), availableMBps: round(available, 1), expectedMBps: round(expected, 1), buckets: during.length},
		metric: {name: 'storageSharePct', value: pct, unit: '%', better: 'higher'},
		...(pct >= t.minStoragePct ? {} : {hint: 'a live migration over SMB shares the storage traffic\'s class: only the SMB bandwidth limit keeps it from taking the links'}),
	};
};

export const migrationTime = (m: LiveMigrationMeasurements, leg: MigrationLeg, t: LiveMigrationThresholds): Verdict => {
	const id = 'migration-time';
	const title = `Migration completes in time (${legName(leg)})`;
	if (m.limitBytesPerS === undefined || m.memoryBytes === undefined) {
		const threshold = `≤ memory / limit × ${1 + (t.timeSlackPct / 100)} + ${t.timeOverheadS} s`;
		return m.limitBytesPerS === undefined
			? skipped(id, title, threshold, 'the rig file sets no hyperv.liveMigrationLimitMBps to derive the time from', leg.id)
			: error(id, title, threshold, `Get-VM gave no memory size of ${leg.vm}`, leg.id);
	}

	const boundS = (m.memoryBytes / m.limitBytesPerS * (1 + (t.timeSlackPct / 100))) + t.timeOverheadS;
	const threshold = `≤ ${round(boundS, 1)} s (${round(m.memoryBytes / mib)} MiB at ${round(m.limitBytesPerS / mib)} MiB/s + ${t.timeSlackPct} % + ${t.timeOverheadS} s)`;
	const problem = legProblem(m, leg);
	if (problem !== undefined) {
		return error(id, title, threshold, problem, leg.id);
	}

	const tookS = leg.doneS! - leg.sentS!;
	return {
		id, title, target: leg.id, threshold, status: tookS <= boundS ? 'pass' : 'fail',
		measured: `${figure(tookS, 1, round(boundS, 1))} s`,
		summary: `${legName(leg)} took ${round(tookS, 1)} s from the command to the switch-over`,
		evidence: {tookS: round(tookS, 2), boundS: round(boundS, 2), memoryMiB: round(m.memoryBytes / mib), limitMiBps: round(m.limitBytesPerS / mib)},
		metric: {name: 'migrationS', value: tookS, unit: 's', better: 'lower'},
	};
};

export const liveMigrationVerdicts = (m: LiveMigrationMeasurements, t: LiveMigrationThresholds): Verdict[] => {
	const firstSentS = m.legs[0]?.sentS ?? Infinity;
	return m.legs.flatMap(leg => [overSmbDirect(m, leg, t), withinLimit(m, leg, t), storageKeepsShare(m, leg, t, firstSentS), migrationTime(m, leg, t)]);
};
