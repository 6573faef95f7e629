// SOFS node failover: every Hyper-V host reads its own file on the continuously available share with diskspd while
// the node that owns the file server role is taken away, planned (Suspend-ClusterNode -Drain) and unplanned
// (Stop-ClusterNode), each in turn, and brought back with the role moved home. The hosts' SMB clients must move to a
// surviving node in seconds (SMB Witness), with no I/O error, and the role must leave the node and come back.
import {z} from 'zod';
import {HarnessError} from '../harness/errors.js';
import {clusterStateStep, type ClusterStateStep} from '../harness/kinds/captures/cluster-state.js';
import {clusterNodeStepOf, type ClusterNodeKind} from '../harness/kinds/faults/cluster-node.js';
import {diskspdFleet} from '../harness/kinds/workloads/diskspd.js';
import {isDiskspdStep, type Plan} from '../harness/plan/plan.js';
import {isDiskspdRun, type RunRecord} from '../harness/record/record.js';
import type {Rig} from '../harness/rig/schema.js';
import {clockMisalignment, timelineToleranceMs} from '../harness/run/clock-drift.js';
import {defineSuite} from '../harness/suite.js';
import {diskspdIo} from '../harness/verdicts/io-samples.js';
import {ownerChanges, sofsFailoverVerdicts, type SofsFailoverMeasurements} from '../harness/verdicts/sofs-failover.js';
import {parseSize} from '../harness/workloads/diskspd/args.js';
import type {ReportSection} from '../reports/model.js';
import {nodeAndVia} from './cluster-nodes.js';

const kinds = {drain: 'cluster-node-drain', stop: 'cluster-node-stop'} as const satisfies Record<string, ClusterNodeKind>;

const params = z.strictObject({
	/** The SOFS node taken away: the one that owns the file server role (Get-ClusterGroup); the first SOFS node by default. */
	node: z.string().optional(),
	/** The member the cluster commands and reads go through; the next SOFS node by default. */
	via: z.string().optional(),
	/** Planned (drain), unplanned (stop), or both in turn. */
	variants: z.array(z.enum(['drain', 'stop'])).min(1).max(4).default(['drain', 'stop']),
	/** Share every host reads; the first one by default. */
	share: z.string().optional(),
	warmupS: z.number().int().min(0).max(600).default(5),
	/** Measured seconds before the first variant. */
	preFaultS: z.number().int().min(3).max(3600).default(10),
	/** Seconds each variant keeps the node away. */
	holdS: z.number().int().min(4).max(3600).default(20),
	/** Seconds after each restore: the node back, the role home, the clients rebalanced. */
	recoverS: z.number().int().min(4).max(3600).default(20),
	blockSize: z.string().regex(/^\d+[KMG]?$/i).default('4K'),
	threads: z.number().int().min(1).max(64).default(4),
	outstanding: z.number().int().min(1).max(256).default(16),
	/** diskspd -D bucket width: the resolution of the pause measurement. */
	bucketMs: z.number().int().min(10).max(1000).default(100),
	fileSize: z.string().regex(/^\d+[KMG]?$/i).default('2G'),
	sampleIntervalS: z.number().int().min(1).max(60).default(1),
	thresholds: z.strictObject({
		/** A continuously available share with SMB Witness moves in seconds, not SMB's 30-45 s time-outs. */
		maxPauseMs: z.number().positive().default(10_000),
		/** Seconds after a change is confirmed before the witness registrations are judged. */
		settleS: z.number().min(0).default(3),
	}).prefault({}),
}).superRefine((value, context) => {
	const needed = value.thresholds.settleS + (3 * value.sampleIntervalS);
	for (const key of ['holdS', 'recoverS'] as const) {
		if (value[key] < needed) {
			context.addIssue({code: 'custom', path: [key], message: `must be at least thresholds.settleS + 3 samples = ${needed} s, or the witness registrations cannot be judged`});
		}
	}
});

export type SofsFailoverParams = z.output<typeof params>;

const shareOf = (rig: Rig, p: SofsFailoverParams) => {
	const share = p.share === undefined ? rig.sofs.shares[0] : rig.sofs.shares.find(candidate => candidate.name.toLowerCase() === p.share!.toLowerCase());
	if (share === undefined) {
		throw new HarnessError('USAGE', `share ${p.share ?? ''} is not in the rig file`, {hint: `one of: ${rig.sofs.shares.map(candidate => candidate.name).join(', ')}`});
	}

	return share.name;
};

const workloadId = 'load';
const faultId = (variant: string, index: number) => `${variant}-${index + 1}`;

const plan = (rig: Rig, p: SofsFailoverParams): Plan => {
	if (rig.sofs.nodes.length < 2) {
		throw new HarnessError('USAGE', `${rig.sofs.name} has ${rig.sofs.nodes.length} node; taking one away needs two`, {target: rig.name});
	}

	const {node, via} = nodeAndVia(rig, p, 'the node taken away');
	const share = shareOf(rig, p);
	const firstS = p.warmupS + p.preFaultS;
	const cycleS = p.holdS + p.recoverS;
	const measuredS = p.preFaultS + (p.variants.length * cycleS);
	const durationS = p.warmupS + measuredS;
	const samples = Math.ceil((durationS + 6) / p.sampleIntervalS);
	const workloads = diskspdFleet(rig, {
		id: workloadId, hosts: 'all', atS: 0,
		params: host => ({
			blockSize: parseSize(p.blockSize)!, threads: p.threads, outstanding: p.outstanding, writePercent: 0, pattern: 'random',
			durationS: measuredS, warmupS: p.warmupS, cooldownS: 0, caching: ['h'], bucketMs: p.bucketMs, latency: true,
			targets: [{path: `\\\\${rig.sofs.name}\\${share}\\rdmalab-${host}.dat`, size: parseSize(p.fileSize)!}],
		}),
	});
	const faults = p.variants.map((variant, index) => {
		const atS = firstS + (index * cycleS);
		return clusterNodeStepOf(rig, kinds[variant], faultId(variant, index), node, via, atS, atS + p.holdS);
	});
	const capture: ClusterStateStep = clusterStateStep.parse({
		kind: 'cluster-state', node: via, members: rig.sofs.nodes, groups: [rig.sofs.name],
		networks: rig.networks.map(network => ({name: network.name, address: network.cidr.split('/')[0]!})),
		clients: workloads.map(step => step.node), intervalS: p.sampleIntervalS, samples,
	});
	return {
		suite: 'sofs-node-failover',
		rig: rig.name,
		durationS,
		captures: [capture],
		workloads,
		faults,
		windows: [
			{name: 'baseline', fromS: p.warmupS, toS: firstS},
			...faults.flatMap(step => [{name: step.id, fromS: step.atS, toS: step.restoreAtS}, {name: `${step.id}-recovery`, fromS: step.restoreAtS, toS: step.restoreAtS + p.recoverS}]),
		],
		notes: [
			`${workloads.map(step => step.node).join(', ')} read ${p.blockSize} random blocks of their own file on \\\\${rig.sofs.name}\\${share} (${p.fileSize}), ${p.threads} threads × ${p.outstanding} outstanding, buckets of ${p.bucketMs} ms`,
			`${node} is ${p.variants.map(variant => (variant === 'drain' ? 'drained' : 'stopped')).join(', then ')} for ${p.holdS} s each, through ${via}; ${node} should own the ${rig.sofs.name} role (Get-ClusterGroup), or the run refuses at the first fault`,
			`the cluster is read through ${via} every ${p.sampleIntervalS} s: node states, the ${rig.sofs.name} role's owner, the hosts' SMB Witness registrations`,
		],
	};
};

const measurements = (record: RunRecord, p: SofsFailoverParams): SofsFailoverMeasurements => {
	const {data, plan: planned} = record;
	const hosts = planned.workloads.filter(isDiskspdStep).filter(step => step.id.startsWith(`${workloadId}-`)).map(step => {
		const workload = data.workloads.filter(isDiskspdRun).find(candidate => candidate.id === step.id);
		const io = workload === undefined ? undefined : diskspdIo(workload);
		const unmeasured = workload === undefined || io === undefined ? (workload?.error?.message ?? 'diskspd did not start')
			: workload.result === undefined && workload.ioErrors.length === 0 ? (workload.error?.message ?? 'diskspd produced no results') : undefined;
		return {
			host: step.node, io: io?.io ?? [], bucketS: step.params.bucketMs / 1000, measured: io?.measured ?? {fromS: 0, toS: 0}, ioErrors: workload?.ioErrors ?? [],
			...(unmeasured === undefined ? {} : {unmeasured}),
		};
	});
	const capture = planned.captures.find(step => step.kind === 'cluster-state');
	const cluster = data.captures.find(candidate => candidate.kind === 'cluster-state' && candidate.node === capture?.['node']);
	const misaligned = [...new Set(hosts.map(host => host.host))].map(host => clockMisalignment(host, data.nodes[host], timelineToleranceMs(p.sampleIntervalS))).find(reason => reason !== undefined);
	return {
		hosts,
		faults: planned.faults.map(step => {
			const fault = data.faults.find(candidate => candidate.id === step.id);
			return {
				id: step.id, how: step.kind === 'cluster-node-drain' ? 'drain' : 'stop', node: String(step['node']), group: String(step['group']),
				...(fault?.injectSentAtS === undefined ? {} : {sentS: fault.injectSentAtS}),
				...(fault?.confirmedAtS === undefined ? {} : {confirmedS: fault.confirmedAtS}),
				...(fault?.restoreSentAtS === undefined ? {} : {restoreSentS: fault.restoreSentAtS}),
				...(fault?.restoredAtS === undefined ? {} : {restoredS: fault.restoredAtS}),
				...(fault?.restoreConfirmedAtS === undefined ? {} : {restoreConfirmedS: fault.restoreConfirmedAtS}),
			};
		}),
		...(cluster === undefined || cluster.samples.length === 0 ? {} : {cluster}),
		members: (capture?.['members'] as string[] | undefined) ?? record.rig.sofs.nodes,
		...(misaligned === undefined ? {} : {misaligned}),
		// The cluster is read a little past the timeline: the last restore is judged on those readings.
		endS: Math.max(data.durationS, cluster?.samples.at(-1)?.t ?? 0),
	};
};

const report = (record: RunRecord, p: SofsFailoverParams): ReportSection[] => {
	const m = measurements(record, p);
	const xMaxS = Math.ceil(Math.max(record.data.durationS, ...m.hosts.flatMap(host => host.io.map(sample => sample.t))) / 5) * 5;
	const words = {drain: {inject: 'drain', restore: 'resume'}, stop: {inject: 'stop', restore: 'start'}} as Record<string, {inject: string; restore: string}>;
	return [{
		kind: 'chart',
		file: 'sofs-failover.png',
		caption: 'IOPS of every host (diskspd buckets) while the file server\'s node is away, shaded; its commands and each change of the role\'s owner (read from the cluster) are marked',
		chart: {
			title: `SOFS node failover: ${m.faults[0]?.node ?? ''} away under fleet load`,
			subtitle: `diskspd ${p.blockSize} random read on ${m.hosts.map(host => host.host).join(', ')} · ${m.faults.map(fault => fault.how).join(', then ')}`,
			axes: [{id: 'left', label: 'IOPS per host', unit: 'IOPS', integer: true}],
			series: m.hosts.map((host, index) => ({id: `host${index + 1}`, label: host.host, unit: 'IOPS', axis: 'left' as const, points: host.io.map(sample => ({t: sample.t, v: sample.iops})), style: 'step' as const})),
			bands: m.faults.flatMap(fault => (fault.sentS === undefined ? [] : [{startS: fault.sentS, endS: fault.restoreConfirmedS ?? fault.restoredS ?? record.data.durationS, label: `${fault.node} ${fault.how === 'drain' ? 'drained' : 'stopped'}`}])),
			markers: [
				...m.faults.flatMap(fault => [
					...(fault.sentS === undefined ? [] : [{t: fault.sentS, label: `${words[fault.how]!.inject} ${fault.node}`}]),
					...(fault.restoredS === undefined ? [] : [{t: fault.restoredS, label: `${words[fault.how]!.restore} ${fault.node}`}]),
				]),
				...ownerChanges(m),
			],
			xMaxS,
		},
	}];
};

export default defineSuite({
	name: 'sofs-node-failover',
	title: 'SOFS node failover under fleet load',
	description: 'Drain and stop the node that owns the file server role while every host reads the share; clients must move in seconds with no I/O error, and the role must come home.',
	params,
	plan,
	// Quick: the unplanned loss (Stop-ClusterNode), the one SMB Witness must cover, with holds just past the
	// pause threshold. Full: planned and unplanned in turn, with the suite's default holds.
	certify: (_rig, profile) => (profile === 'quick'
		? [{label: 'stop', settings: {variants: ['stop'], warmupS: 2, preFaultS: 3, holdS: 8, recoverS: 10, fileSize: '1G'}}]
		: [{label: 'drain-and-stop', settings: {}}]),
	judge: (record, p) => sofsFailoverVerdicts(measurements(record, p), p.thresholds),
	report: (record, _verdicts, p) => report(record, p),
});
