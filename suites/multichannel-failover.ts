// SMB Multichannel link failover: one Hyper-V host reads from its SOFS share with diskspd while the switch port
// cabled to one of its rNICs (the first by default) is shut, held down, and brought back. SMB must keep the I/O
// going on the other rNIC with a short stall and no errors, then use the restored rNIC again and rebalance.
import {z} from 'zod';
import {hostCpuCounter} from '../harness/counters/catalogue.js';
import {formatCounterPath} from '../harness/counters/counter-path.js';
import {rnicCounterPaths, rnicThroughput} from '../harness/counters/rnic-counters.js';
import {HarnessError} from '../harness/errors.js';
import type {SwitchCountersStep} from '../harness/kinds/captures/switch-counters.js';
import type {NicDisableStep} from '../harness/kinds/faults/nic-disable.js';
import {portDownOf} from '../harness/kinds/faults/port-down.js';
import {faultKindOf} from '../harness/kinds/index.js';
import type {Plan} from '../harness/plan/plan.js';
import {payloadCeilingMBps} from '../harness/rig/line-rate.js';
import type {Rig, RigNode} from '../harness/rig/schema.js';
import {isDiskspdRun, type RunRecord} from '../harness/record/record.js';
import {clockMisalignment, timelineToleranceMs} from '../harness/run/clock-drift.js';
import {defineSuite} from '../harness/suite.js';
import {failoverVerdicts, restoredAt, type FailoverMeasurements} from '../harness/verdicts/failover.js';
import {diskspdIo} from '../harness/verdicts/io-samples.js';
import type {Verdict} from '../harness/verdicts/verdict.js';
import {parseSize} from '../harness/workloads/diskspd/args.js';
import {failoverChart, failoverMeansTable, switchQueueChart} from './multichannel-failover-report.js';

const params = z.strictObject({
	/** Hyper-V host under test; the first one in the rig file by default. */
	host: z.string().optional(),
	/**
	 * How the rNIC's link is pulled: `port-down` shuts its switch port, `nic-disable` disables the adapter on
	 * the host (for labs where the harness may not touch the switches).
	 */
	fault: z.enum(['port-down', 'nic-disable']).default('port-down'),
	/** Which rNIC's link is pulled, counting from 1 in the rig file's order: each is on its own storage network. */
	rnic: z.number().int().min(1).max(8).default(1),
	/** SOFS share the workload reads; the first one by default. */
	share: z.string().optional(),
	warmupS: z.number().int().min(0).max(600).default(5),
	/** Measured seconds before the port is shut (the baseline). */
	preFaultS: z.number().int().min(3).max(3600).default(10),
	/** Seconds the port stays shut. */
	holdS: z.number().int().min(2).max(3600).default(10),
	/** Measured seconds after no-shut: recovery and rebalance. */
	postFaultS: z.number().int().min(5).max(3600).default(30),
	blockSize: z.string().regex(/^\d+[KMG]?$/i).default('4K'),
	threads: z.number().int().min(1).max(64).default(4),
	outstanding: z.number().int().min(1).max(256).default(16),
	/** diskspd -D bucket width: the resolution of stall measurement. */
	bucketMs: z.number().int().min(10).max(1000).default(100),
	fileSize: z.string().regex(/^\d+[KMG]?$/i).default('2G'),
	sampleIntervalS: z.number().int().min(1).max(60).default(1),
	thresholds: z.strictObject({
		maxStallMs: z.number().positive().default(5000),
		minFaultThroughputPct: z.number().min(0).max(100).default(80),
		restoreWithinS: z.number().positive().default(20),
		balanceWithinPct: z.number().min(0).max(100).default(20),
		settleS: z.number().min(0).default(3),
	}).prefault({}),
}).superRefine((value, context) => {
	if (value.holdS * 1000 < value.thresholds.maxStallMs + 2000) {
		context.addIssue({code: 'custom', path: ['holdS'], message: `must be at least thresholds.maxStallMs + 2 s = ${(value.thresholds.maxStallMs + 2000) / 1000} s, or throughput during the fault cannot be judged`});
	}

	const needed = value.thresholds.restoreWithinS + value.thresholds.settleS + (3 * value.sampleIntervalS);
	if (value.postFaultS < needed) {
		context.addIssue({code: 'custom', path: ['postFaultS'], message: `must be at least restoreWithinS + settleS + 3 samples = ${needed} s, or balance cannot be judged`});
	}
});

export type FailoverParams = z.output<typeof params>;

const hostOf = (rig: Rig, p: FailoverParams): RigNode => {
	const host = p.host === undefined ? rig.nodes.find(node => node.role === 'hyperv-host') : rig.nodes.find(node => node.name === p.host);
	if (host === undefined || host.role !== 'hyperv-host') {
		throw new HarnessError('USAGE', `${p.host ?? 'the rig'} has no Hyper-V host to test`, {hint: `set host to one of: ${rig.nodes.filter(node => node.role === 'hyperv-host').map(node => node.name).join(', ')}`});
	}

	if (host.rnics.length < 2) {
		throw new HarnessError('USAGE', `${host.name} has ${host.rnics.length} rNIC; failover needs two`, {target: host.name});
	}

	if (p.rnic > host.rnics.length) {
		throw new HarnessError('USAGE', `rnic=${p.rnic}: ${host.name} has ${host.rnics.length} rNICs`, {target: host.name, hint: `set rnic to 1…${host.rnics.length}`});
	}

	return host;
};

const shareOf = (rig: Rig, p: FailoverParams) => {
	const share = p.share === undefined ? rig.sofs.shares[0] : rig.sofs.shares.find(candidate => candidate.name.toLowerCase() === p.share!.toLowerCase());
	if (share === undefined) {
		throw new HarnessError('USAGE', `share ${p.share ?? ''} is not in the rig file`, {hint: `one of: ${rig.sofs.shares.map(candidate => candidate.name).join(', ')}`});
	}

	return share.name;
};

const measuredS = (p: FailoverParams) => p.preFaultS + p.holdS + p.postFaultS;

const plan = (rig: Rig, p: FailoverParams): Plan => {
	const host = hostOf(rig, p);
	const share = shareOf(rig, p);
	const faulted = host.rnics[p.rnic - 1]!;
	const survivors = host.rnics.filter(rnic => rnic !== faulted);
	const faultId = faultIdOf(p);
	const shutS = p.warmupS + p.preFaultS;
	const target = `\\\\${rig.sofs.name}\\${share}\\rdmalab-${host.name}.dat`;
	const durationS = p.warmupS + measuredS(p);
	// One extra sample either side so the capture brackets the workload.
	const samples = Math.ceil((durationS + 6) / p.sampleIntervalS);
	const sofsNodes = rig.nodes.filter(node => rig.sofs.nodes.includes(node.name));
	return {
		suite: 'multichannel-failover',
		rig: rig.name,
		durationS,
		captures: [
			...[host, ...sofsNodes].map(node => ({
				kind: 'typeperf' as const,
				node: node.name,
				// A Hyper-V host's physical CPU is the hypervisor's; Processor Information shows only its root partition.
				counters: [...node.rnics.flatMap(rnicCounterPaths), formatCounterPath(hostCpuCounter(node))],
				intervalS: p.sampleIntervalS,
				samples,
			})),
			// The switch side of both paths (queues and pause frames): the surviving port's SMB queue must carry the
			// traffic during the fault. Not where the harness may not touch the switches (the host-side fault).
			...(p.fault === 'port-down' ? [...new Set(host.rnics.map(rnic => rnic.cable.switch))].map(device => ({
				kind: 'switch-counters' as const,
				switch: device,
				ports: host.rnics.filter(rnic => rnic.cable.switch === device).map(rnic => rnic.cable.port),
				intervalS: p.sampleIntervalS,
				samples,
			}) satisfies SwitchCountersStep) : []),
		],
		workloads: [{
			kind: 'diskspd',
			id: workloadId,
			node: host.name,
			atS: 0,
			params: {
				blockSize: parseSize(p.blockSize)!, threads: p.threads, outstanding: p.outstanding, writePercent: 0, pattern: 'random',
				durationS: measuredS(p), warmupS: p.warmupS, cooldownS: 0, caching: ['h'], bucketMs: p.bucketMs, latency: true,
				targets: [{path: target, size: parseSize(p.fileSize)!}],
			},
		}],
		faults: [p.fault === 'port-down'
			? portDownOf(rig, host.name, faulted.name, faultId, shutS, shutS + p.holdS)
			: {kind: 'nic-disable', id: faultId, node: host.name, rnic: faulted.name, atS: shutS, restoreAtS: shutS + p.holdS} satisfies NicDisableStep],
		windows: [
			{name: 'baseline', fromS: p.warmupS, toS: shutS},
			{name: 'fault', fromS: shutS, toS: shutS + p.holdS},
			{name: 'recovery', fromS: shutS + p.holdS, toS: durationS},
		],
		notes: [
			`${host.name} reads 4K-aligned random ${p.blockSize} blocks from ${target} (${p.fileSize}), ${p.threads} threads × ${p.outstanding} outstanding, buckets of ${p.bucketMs} ms`,
			`the target file is written in full before timing starts`,
			`${p.fault === 'port-down' ? `${faulted.cable.switch} ${faulted.cable.port} (${host.name} ${faulted.name}) is shut` : `${host.name} ${faulted.name} is disabled on the host`} for ${p.holdS} s; ${survivors.map(rnic => rnic.name).join(', ')} must carry the I/O meanwhile`,
		],
	};
};

const rnicLabel = (node: RigNode, index: number) => {
	const rnic = node.rnics[index]!;
	return `rNIC ${index + 1} · ${rnic.name} → ${rnic.cable.switch}`;
};

const workloadId = 'diskspd';
/** `pull-rnic-1` for the first rNIC, as runs recorded before `rnic` existed name it. */
const faultIdOf = (p: FailoverParams) => `pull-rnic-${p.rnic}`;

/** The host the plan loaded and faulted: read from the plan in the record, never re-derived. */
const hostIn = (record: RunRecord): RigNode => {
	const node = record.plan.workloads.find(step => step.id === workloadId)?.node;
	const host = record.rig.nodes.find(candidate => candidate.name === node);
	if (host === undefined) {
		throw new HarnessError('INTERNAL', `the run record's plan has no ${workloadId} workload on a node of its rig`);
	}

	return host;
};

/** The run's data as the failover verdicts see it, or the reason it cannot be judged. */
const measurements = (record: RunRecord, p: FailoverParams): FailoverMeasurements | string => {
	const {data, rig} = record;
	const host = hostIn(record);
	const faulted = host.rnics[p.rnic - 1];
	const workload = data.workloads.filter(isDiskspdRun).find(candidate => candidate.id === workloadId && candidate.node === host.name);
	const fault = data.faults.find(candidate => candidate.id === faultIdOf(p));
	if (workload?.startedAtS === undefined) {
		return workload?.error?.message ?? 'diskspd did not start';
	}

	if (workload.result === undefined && workload.ioErrors.length === 0) {
		return workload.error?.message ?? 'diskspd produced no results';
	}

	if (fault?.injectedAtS === undefined || fault.restoredAtS === undefined) {
		return 'the port was not shut and restored as planned';
	}

	const {io, measured, bucketS} = diskspdIo(workload)!;
	const capture = data.captures.find(candidate => candidate.node === host.name);
	// Throughput per rNIC read from a counter the node lacks would be a zero, not a measurement: the verdicts that
	// need it are not judged; those that diskspd alone decides still are.
	const lacking = capture?.missing.filter(counter => host.rnics.flatMap(rnicCounterPaths).includes(counter)) ?? [];
	const reasons = [...new Set(lacking.map(counter => capture?.unavailable?.find(entry => entry.counter === counter)?.reason ?? 'typeperf did not report it'))];
	const rnicsUnavailable = lacking.length === 0 ? undefined : `${host.name} lacks ${lacking.length} rNIC counter${lacking.length === 1 ? '' : 's'} (${lacking[0]!}${lacking.length > 1 ? ', …' : ''}): ${reasons.join('; ')}`;
	const misaligned = clockMisalignment(host.name, data.nodes[host.name], timelineToleranceMs(p.sampleIntervalS));
	return {
		...(rnicsUnavailable === undefined ? {} : {rnicsUnavailable}),
		...(misaligned === undefined ? {} : {misaligned}),
		io,
		bucketS,
		measured,
		ioErrors: workload.ioErrors,
		// The faulted rNIC first, as the verdicts read them; each keeps its rig-file number in its label.
		rnics: host.rnics.map((rnic, index) => ({rnic, label: rnicLabel(host, index)}))
			.sort((a, b) => Number(b.rnic === faulted) - Number(a.rnic === faulted))
			.map(({rnic, label}) => ({label, series: capture && rnicsUnavailable === undefined ? rnicThroughput(capture, rnic) : []})),
		fault: {shutS: fault.injectedAtS, noShutS: fault.restoredAtS},
		survivingCeilingMBps: host.rnics.filter(rnic => rnic !== faulted).reduce((sum, rnic) => sum + payloadCeilingMBps(rnic.linkGbps, rig.storage), 0),
	};
};

const verdictIds = ['io-errors', 'longest-stall', 'fault-throughput', 'restored-rnic-carries-traffic', 'balanced-after-recovery'];

export default defineSuite({
	name: 'multichannel-failover',
	title: 'SMB Multichannel link failover',
	description: 'Shut the switch port of one of a host\'s rNICs under diskspd load; SMB must fail over to the other rNIC, then use the restored one again.',
	params,
	plan,
	// Quick: the first rNIC's switch port, holds just long enough for every threshold to be judged, and the link's
	// channels back within 10 s rather than 20 (SMB's re-add interval is undocumented, dcb-facts.md §3: a rig whose
	// client takes longer than 10 s fails quick and needs the full profile to be judged). Full: both ways of pulling a
	// link, on each storage network (each rNIC is on its own), with the suite's default holds and thresholds.
	certify(rig, profile) {
		const host = rig.nodes.find(node => node.role === 'hyperv-host');
		const rnics = host?.rnics.length ?? 0;
		if (profile === 'quick') {
			return [{label: 'port-down-rnic1', settings: {fault: 'port-down', rnic: 1, warmupS: 2, preFaultS: 3, holdS: 7, postFaultS: 16, fileSize: '1G', thresholds: {restoreWithinS: 10}}}];
		}

		return (['port-down', 'nic-disable'] as const).flatMap(fault => Array.from({length: rnics}, (_, index) => ({label: `${fault}-rnic${index + 1}`, settings: {fault, rnic: index + 1}})));
	},
	judge(record, p): Verdict[] {
		const m = measurements(record, p);
		if (typeof m === 'string') {
			return verdictIds.map(id => ({id, title: id, status: 'error', summary: `could not be judged: ${m}`, threshold: '', measured: 'not measured', evidence: {reason: m}}));
		}

		return failoverVerdicts(m, p.thresholds);
	},
	report(record, _verdicts, p) {
		const {data, rig} = record;
		const m = measurements(record, p);
		const host = hostIn(record);
		const fault = data.faults.find(candidate => candidate.id === faultIdOf(p));
		// The kind's own words for its commands; the place, short, from the step this suite planned.
		const where = fault?.kind === 'nic-disable' ? `${String(fault.step['node'])} ${String(fault.step['rnic'])}` : `${String(fault?.step['switch'])} ${String(fault?.step['port'])}`;
		const verbs = fault === undefined ? undefined : faultKindOf(fault.step).kind.verbs;
		const marks = fault?.injectedAtS === undefined || verbs === undefined ? undefined : {where, inject: verbs.inject, restore: verbs.restore, shutS: fault.injectedAtS, ...(fault.restoredAtS === undefined ? {} : {noShutS: fault.restoredAtS})};
		const xMaxS = Math.ceil(Math.max(data.durationS, ...data.captures.flatMap(capture => capture.samples.map(sample => sample.t))) / 5) * 5;
		const chart = failoverChart({
			title: `SMB Multichannel failover: ${host.name} → \\\\${rig.sofs.name}`,
			subtitle: `diskspd ${p.blockSize} random read, ${p.threads} threads × ${p.outstanding} outstanding · ${fault ? `link pulled: ${fault.kind} ${where}` : 'no fault injected'}`,
			rnics: typeof m === 'string' ? [] : m.rnics.map(rnic => ({label: rnic.label, points: rnic.series.flatMap(point => (point.v === null ? [] : [{t: point.t, v: point.v}]))})),
			iops: typeof m === 'string' ? [] : m.io.map(sample => ({t: sample.t, v: sample.iops})),
			...(marks === undefined ? {} : {fault: marks}),
			...(typeof m === 'string' || restoredAt(m).t === undefined ? {} : {restoredS: restoredAt(m).t!}),
			endS: data.durationS,
			xMaxS,
		});
		const queues = data.captures.filter(capture => capture.kind === 'switch-counters').flatMap(capture => capture.columns.flatMap((column, index) => {
			const match = /^(.*) queue (\d+) tx bytes$/.exec(column);
			return match === null ? [] : [{label: `${capture.node} ${match[1]!} queue ${match[2]!}`, points: capture.samples.flatMap(sample => (sample.values[index] === null || sample.values[index] === undefined ? [] : [{t: sample.t, v: sample.values[index]!}]))}];
		}));
		return [
			{kind: 'chart', file: 'failover.png', caption: `Per-rNIC throughput of ${host.name} (RDMA + TCP, from perfmon) and total IOPS (from diskspd), with the fault window shaded`, chart},
			...(queues.length === 0 ? [] : [{
				kind: 'chart' as const, file: 'switch-queues.png',
				caption: 'Transmitted MB/s per queue of the switch ports on both of the host\'s paths (the switches\' own counters): the surviving port\'s SMB queue carries the traffic while the other path is down',
				chart: switchQueueChart({title: `Switch queues on ${host.name}'s paths`, queues, ...(marks === undefined ? {} : {fault: marks}), endS: data.durationS, xMaxS}),
			}]),
			...(typeof m === 'string' ? [] : [failoverMeansTable(m)]),
		];
	},
});
