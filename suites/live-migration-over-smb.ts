// Live migration over SMB: a Hyper-V host's test VM (the rig file's testVm) is live-migrated to another host and back
// while a host reads the share with diskspd. The memory must cross the rNICs over SMB Direct, not the management
// path; it must stay within the SMB bandwidth limit for live migration; the storage workload must keep what that
// limit leaves it; and each migration must take about what the VM's memory and the limit say.
import {z} from 'zod';
import {formatCounterPath} from '../harness/counters/counter-path.js';
import {columnOf, rnicCounterPaths, rnicCounters} from '../harness/counters/rnic-counters.js';
import {HarnessError} from '../harness/errors.js';
import {hostColumn, type HostStateStep} from '../harness/kinds/captures/host-state.js';
import type {VmLiveMigrationStep} from '../harness/kinds/faults/vm-live-migration.js';
import {isDiskspdStep, type Plan} from '../harness/plan/plan.js';
import {isDiskspdRun, type RunRecord} from '../harness/record/record.js';
import {payloadCeilingMBps} from '../harness/rig/line-rate.js';
import type {Rig, RigNode} from '../harness/rig/schema.js';
import {clockMisalignment, timelineToleranceMs} from '../harness/run/clock-drift.js';
import type {CounterCapture} from '../harness/run/run-data.js';
import {defineSuite} from '../harness/suite.js';
import {clusterSeries} from '../harness/verdicts/cluster-state.js';
import type {TimePoint} from '../harness/verdicts/failover.js';
import {diskspdIo} from '../harness/verdicts/io-samples.js';
import {liveMigrationVerdicts, type LiveMigrationMeasurements, type MigrationLeg} from '../harness/verdicts/live-migration.js';
import {parseSize} from '../harness/workloads/diskspd/args.js';
import type {ReportSection} from '../reports/model.js';

const params = z.strictObject({
	/** The host whose test VM migrates; the first Hyper-V host with a testVm by default. */
	host: z.string().optional(),
	/** Where it migrates to; the next Hyper-V host by default. */
	to: z.string().optional(),
	/** The host that runs diskspd meanwhile; the destination by default (its links carry both). */
	loadHost: z.string().optional(),
	share: z.string().optional(),
	warmupS: z.number().int().min(0).max(600).default(3),
	/** Measured seconds before the first migration: the storage workload's baseline. */
	preS: z.number().int().min(3).max(3600).default(5),
	/** Seconds from the migration out to the migration back. */
	holdS: z.number().int().min(3).max(3600).default(30),
	/** Seconds after the migration back is sent: it must end within them. */
	recoverS: z.number().int().min(3).max(3600).default(30),
	/** Large sequential reads: the storage workload fills the links the migration crosses. */
	blockSize: z.string().regex(/^\d+[KMG]?$/i).default('512K'),
	threads: z.number().int().min(1).max(64).default(4),
	outstanding: z.number().int().min(1).max(256).default(8),
	bucketMs: z.number().int().min(10).max(1000).default(100),
	fileSize: z.string().regex(/^\d+[KMG]?$/i).default('8G'),
	sampleIntervalS: z.number().int().min(1).max(60).default(1),
	thresholds: z.strictObject({
		minRdmaPct: z.number().min(0).max(200).default(90),
		maxManagementPct: z.number().min(0).max(100).default(5),
		limitTolerancePct: z.number().min(0).max(100).default(10),
		minStoragePct: z.number().min(0).max(100).default(90),
		timeSlackPct: z.number().min(0).max(1000).default(25),
		timeOverheadS: z.number().min(0).max(600).default(5),
	}).prefault({}),
});

export type LiveMigrationParams = z.output<typeof params>;

const hyperv = (rig: Rig, name: string | undefined, fallback: () => RigNode | undefined, what: string): RigNode => {
	const node = name === undefined ? fallback() : rig.nodes.find(candidate => candidate.name === name);
	if (node === undefined || node.role !== 'hyperv-host') {
		throw new HarnessError('USAGE', `${name ?? 'the rig'} has no Hyper-V host to use as ${what}`, {hint: `Hyper-V hosts: ${rig.nodes.filter(candidate => candidate.role === 'hyperv-host').map(candidate => `${candidate.name}${candidate.testVm === undefined ? '' : ` (testVm ${candidate.testVm})`}`).join(', ')}`});
	}

	return node;
};

const faultId = 'migrate';
const workloadId = 'storage';

const plan = (rig: Rig, p: LiveMigrationParams): Plan => {
	const hosts = rig.nodes.filter(node => node.role === 'hyperv-host');
	const from = hyperv(rig, p.host, () => hosts.find(node => node.testVm !== undefined), 'the host whose VM migrates');
	if (from.testVm === undefined) {
		throw new HarnessError('USAGE', `${from.name} has no testVm in the rig file`, {target: from.name, hint: 'name a running VM the harness may migrate: nodes[].testVm'});
	}

	const to = hyperv(rig, p.to, () => hosts[(hosts.indexOf(from) + 1) % hosts.length], 'the destination');
	if (to.name === from.name) {
		throw new HarnessError('USAGE', `a live migration needs a second Hyper-V host (${from.name} has nowhere to go)`, {target: rig.name});
	}

	const load = hyperv(rig, p.loadHost, () => to, 'the host loading the storage');
	const share = p.share === undefined ? rig.sofs.shares[0]!.name : p.share;
	const atS = p.warmupS + p.preS;
	const durationS = atS + p.holdS + p.recoverS;
	const samples = Math.ceil((durationS + 6) / p.sampleIntervalS);
	const watched = [...new Set([from, to])];
	return {
		suite: 'live-migration-over-smb',
		rig: rig.name,
		durationS,
		captures: [
			...watched.map(node => ({kind: 'typeperf' as const, node: node.name, counters: node.rnics.flatMap(rnicCounterPaths), intervalS: p.sampleIntervalS, samples})),
			...watched.map(node => ({kind: 'host-state', node: node.name, vms: [from.testVm!], adapter: node.management.adapter, intervalS: p.sampleIntervalS, samples}) satisfies HostStateStep),
		],
		workloads: [{
			kind: 'diskspd', id: workloadId, node: load.name, atS: 0,
			params: {
				blockSize: parseSize(p.blockSize)!, threads: p.threads, outstanding: p.outstanding, writePercent: 0, pattern: 'sequential',
				durationS: durationS - p.warmupS, warmupS: p.warmupS, cooldownS: 0, caching: ['h'], bucketMs: p.bucketMs, latency: true,
				targets: [{path: `\\\\${rig.sofs.name}\\${share}\\rdmalab-${load.name}.dat`, size: parseSize(p.fileSize)!}],
			},
		}],
		faults: [{kind: 'vm-live-migration', id: faultId, vm: from.testVm, from: from.name, to: to.name, ...(rig.hyperv.cluster === undefined ? {} : {cluster: rig.hyperv.cluster}), atS, restoreAtS: atS + p.holdS} satisfies VmLiveMigrationStep],
		windows: [{name: 'baseline', fromS: p.warmupS, toS: atS}, {name: 'away', fromS: atS, toS: atS + p.holdS}, {name: 'back', fromS: atS + p.holdS, toS: durationS}],
		notes: [
			`${from.testVm} is live-migrated from ${from.name} to ${to.name} at ${atS} s and back at ${atS + p.holdS} s (${rig.hyperv.cluster === undefined ? 'Move-VM' : `Move-ClusterVirtualMachineRole in cluster ${rig.hyperv.cluster}`})`,
			`${load.name} reads ${p.blockSize} sequential blocks of \\\\${rig.sofs.name}\\${share} meanwhile, ${p.threads} threads × ${p.outstanding} outstanding`,
			rig.hyperv.liveMigrationLimitMBps === undefined ? 'the rig file sets no hyperv.liveMigrationLimitMBps: the limit, storage and time verdicts are not judged' : `the limit: ${rig.hyperv.liveMigrationLimitMBps} MB/s (× 1048576 bytes, as Set-SmbBandwidthLimit takes it)`,
		],
	};
};

const sumColumns = (capture: CounterCapture, columns: number[]): TimePoint[] => capture.samples.map(sample => ({
	t: sample.t,
	v: columns.reduce<number | null>((sum, index) => (sum === null || sample.values[index] === null || sample.values[index] === undefined ? null : sum + sample.values[index]!), 0),
}));

const measurements = (record: RunRecord, p: LiveMigrationParams): LiveMigrationMeasurements => {
	const {data, plan: planned, rig} = record;
	const step = planned.faults.find(candidate => candidate.id === faultId) as VmLiveMigrationStep | undefined;
	const fault = data.faults.find(candidate => candidate.id === faultId);
	const legs: MigrationLeg[] = step === undefined ? [] : [
		{id: 'out', vm: step.vm, from: step.from, to: step.to, ...(fault?.injectSentAtS === undefined ? {} : {sentS: fault.injectSentAtS}), ...(fault?.injectedAtS === undefined ? {} : {doneS: fault.injectedAtS})},
		{id: 'back', vm: step.vm, from: step.to, to: step.from, ...(fault?.restoreSentAtS === undefined ? {} : {sentS: fault.restoreSentAtS}), ...(fault?.restoredAtS === undefined ? {} : {doneS: fault.restoredAtS})},
	];
	const hosts = [...new Set(legs.flatMap(leg => [leg.from, leg.to]))];
	const rdmaOut: LiveMigrationMeasurements['rdmaOut'] = {};
	const rdmaUnavailable: LiveMigrationMeasurements['rdmaUnavailable'] = {};
	const managementSent: LiveMigrationMeasurements['managementSent'] = {};
	let memoryBytes: number | undefined;
	for (const host of hosts) {
		const node = rig.nodes.find(candidate => candidate.name === host)!;
		const typeperf = data.captures.find(capture => capture.node === host && (capture.kind ?? 'typeperf') === 'typeperf');
		const paths = node.rnics.map(rnic => rnicCounters(rnic).rdmaOut);
		const missing = typeperf?.missing.filter(counter => paths.map(formatCounterPath).includes(counter)) ?? [];
		if (missing.length > 0) {
			rdmaUnavailable[host] = `${host} lacks ${missing.join(', ')}: ${typeperf?.unavailable?.find(entry => missing.includes(entry.counter))?.reason ?? 'typeperf did not report it'}`;
		}

		const columns = typeperf === undefined ? [] : paths.map(path => columnOf(typeperf, path)).filter(index => index !== -1);
		rdmaOut[host] = typeperf === undefined || columns.length === 0 ? undefined : sumColumns(typeperf, columns);
		const hostCapture = data.captures.find(capture => capture.node === host && capture.kind === 'host-state');
		managementSent[host] = hostCapture === undefined ? undefined : clusterSeries(hostCapture, hostColumn.sent(node.management.adapter));
		const memory = hostCapture === undefined || step === undefined ? undefined : (clusterSeries(hostCapture, hostColumn.memoryMB(step.vm)) ?? []).find(point => point.v !== null)?.v;
		memoryBytes ??= memory === undefined || memory === null ? undefined : memory * 1024 * 1024;
	}

	const load = planned.workloads.filter(isDiskspdStep).find(candidate => candidate.id === workloadId);
	const workload = data.workloads.filter(isDiskspdRun).find(candidate => candidate.id === workloadId);
	const io = workload === undefined ? undefined : diskspdIo(workload);
	const loadNode = rig.nodes.find(candidate => candidate.name === load?.node);
	const misaligned = hosts.map(host => clockMisalignment(host, data.nodes[host], timelineToleranceMs(p.sampleIntervalS))).find(reason => reason !== undefined);
	return {
		legs,
		...(memoryBytes === undefined ? {} : {memoryBytes}),
		...(rig.hyperv.liveMigrationLimitMBps === undefined ? {} : {limitBytesPerS: rig.hyperv.liveMigrationLimitMBps * 1024 * 1024}),
		rdmaOut, rdmaUnavailable, managementSent,
		storage: {
			host: load?.node ?? '', io: io?.io ?? [], bucketS: (load?.params.bucketMs ?? 100) / 1000, measured: io?.measured ?? {fromS: 0, toS: 0}, ioErrors: workload?.ioErrors ?? [],
			...(io === undefined || workload?.result === undefined ? {unmeasured: workload?.error?.message ?? 'diskspd produced no results'} : {}),
		},
		storageCeilingMBps: (loadNode?.rnics ?? []).reduce((sum, rnic) => sum + payloadCeilingMBps(rnic.linkGbps, rig.storage), 0),
		intervalS: p.sampleIntervalS,
		...(misaligned === undefined ? {} : {misaligned}),
	};
};

const report = (record: RunRecord, p: LiveMigrationParams): ReportSection[] => {
	const m = measurements(record, p);
	const mbps = (points: TimePoint[] | undefined) => (points ?? []).flatMap(point => (point.v === null ? [] : [{t: point.t, v: point.v / 1e6}]));
	// The management adapter's cumulative bytes as a rate over each interval.
	const rate = (points: TimePoint[] | undefined) => (points ?? []).slice(1).flatMap((point, index) => {
		const previous = points![index]!;
		return point.v === null || previous.v === null ? [] : [{t: point.t, v: Math.max(0, point.v - previous.v) / (point.t - previous.t) / 1e6}];
	});
	const hosts = Object.keys(m.rdmaOut);
	const xMaxS = Math.ceil(Math.max(record.data.durationS, ...hosts.flatMap(host => (m.rdmaOut[host] ?? []).map(point => point.t))) / 5) * 5;
	return [{
		kind: 'chart',
		file: 'live-migration.png',
		caption: 'What each host sends over RDMA on its rNICs and over its management adapter (MB/s), the SMB bandwidth limit for live migration, and the storage workload\'s throughput (diskspd) beside them; each migration shaded',
		chart: {
			title: `Live migration over SMB: ${m.legs[0]?.vm ?? ''} ${m.legs[0]?.from ?? ''} ⇄ ${m.legs[0]?.to ?? ''}`,
			subtitle: `storage: diskspd ${p.blockSize} sequential read on ${m.storage.host}`,
			axes: [{id: 'left', label: 'Throughput', unit: 'MB/s'}],
			series: [
				...hosts.map((host, index) => ({id: `rdma${index + 1}`, label: `${host} RDMA sent`, unit: 'MB/s', axis: 'left' as const, points: mbps(m.rdmaOut[host]), style: 'step' as const})),
				...hosts.map((host, index) => ({id: `mgmt${index + 1}`, label: `${host} management sent`, unit: 'MB/s', axis: 'left' as const, points: rate(m.managementSent[host]), style: 'step' as const})),
				{id: 'storage', label: `storage read by ${m.storage.host}`, unit: 'MB/s', axis: 'left', points: m.storage.io.map(sample => ({t: sample.t, v: sample.mbps})), style: 'dashed'},
				...(m.limitBytesPerS === undefined ? [] : [{id: 'limit', label: 'live migration limit', unit: 'MB/s', axis: 'left' as const, points: [{t: 0, v: m.limitBytesPerS / 1e6}, {t: xMaxS, v: m.limitBytesPerS / 1e6}], style: 'dashed' as const, color: '#dc2626'}]),
			],
			bands: m.legs.flatMap(leg => (leg.sentS === undefined ? [] : [{startS: leg.sentS, endS: leg.doneS ?? record.data.durationS, label: `${leg.from} → ${leg.to}`}])),
			markers: [],
			xMaxS,
		},
	}];
};

export default defineSuite({
	name: 'live-migration-over-smb',
	title: 'Live migration over SMB beside storage',
	description: 'Live-migrate a test VM to another host and back while a host reads the share; the memory must go over SMB Direct within its bandwidth limit and leave storage its share.',
	params,
	plan,
	// Quick: out, and back 8 s later, 8 s to finish: enough for a test VM of about 4 GiB at the usual limits (4 GiB at
	// 750 MiB/s moves in under 7 s; the verdict bounds the time from the VM's memory and the limit, so a larger VM
	// needs the full profile), and a smaller diskspd file to write before the timeline; full: the default holds.
	certify: (_rig, profile) => [{label: 'out-and-back', settings: profile === 'quick' ? {warmupS: 2, preS: 3, holdS: 8, recoverS: 8, fileSize: '1G'} : {}}],
	judge: (record, p) => liveMigrationVerdicts(measurements(record, p), p.thresholds),
	report: (record, _verdicts, p) => report(record, p),
});
