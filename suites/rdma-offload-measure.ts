// The record of an RDMA offload run as its verdicts and charts see it: each node's counters as series (MB/s, %,
// counts), the phases where every host measured, the RDMA-off window and what the links can carry. Read from the
// record alone (the plan's ids, the rig, the samples), so a stored run is judged the same way again.
import {hostCpuCounter, smbClientShareCounters} from '../harness/counters/catalogue.js';
import {formatCounterPath, parseCounterPath, sameCounter, type CounterPath} from '../harness/counters/counter-path.js';
import {counterSeries, rnicCounters, rnicErrorCounters} from '../harness/counters/rnic-counters.js';
import {HarnessError} from '../harness/errors.js';
import {isDiskspdStep} from '../harness/plan/plan.js';
import {isDiskspdRun, planWindow, type RunRecord} from '../harness/record/record.js';
import {payloadCeilingMBps} from '../harness/rig/line-rate.js';
import type {Rig, RigNode} from '../harness/rig/schema.js';
import {clockMisalignment, timelineToleranceMs} from '../harness/run/clock-drift.js';
import type {CounterCapture, DiskspdRun} from '../harness/run/run-data.js';
import type {OffloadMeasurements, OffloadNode, Series, Window} from '../harness/verdicts/rdma-offload.js';
import {summarizeTimeSpan} from '../harness/workloads/diskspd/xml.js';

/** Workload ids of the two phases (each host's is `<phase>-<host>`), and the plan's windows of the same names. */
export const phaseIds = {a: 'phase-a', b: 'phase-b'} as const;

export const sofsNodesOf = (rig: Rig): RigNode[] => rig.nodes.filter(node => rig.sofs.nodes.includes(node.name));

/** The hosts that loaded the share and the share, as the plan in the record has them: never derived again. */
export const loadOf = (record: RunRecord): {hosts: RigNode[]; share: string} => {
	const {rig, plan} = record;
	const phaseA = plan.workloads.filter(isDiskspdStep).filter(step => step.id.startsWith(`${phaseIds.a}-`));
	const names = new Set(phaseA.map(step => step.node));
	const hosts = rig.nodes.filter(node => names.has(node.name));
	const share = /^\\\\[^\\]+\\([^\\]+)\\/.exec(phaseA[0]?.params.targets[0]?.path ?? '')?.[1];
	if (hosts.length === 0 || share === undefined) {
		throw new HarnessError('INTERNAL', 'the run record\'s plan has no phase A workload on a host of its rig');
	}

	return {hosts, share};
};

/** The phase's workloads in the record, by the ids the plan gave them. */
export const phaseRuns = (record: RunRecord, phase: 'a' | 'b'): DiskspdRun[] => record.data.workloads.filter(isDiskspdRun).filter(workload => workload.id.startsWith(`${phaseIds[phase]}-`));

/** Where every host measured, and the whole phase from the first start to the last end; or why it is not known. */
const phaseWindows = (runs: DiskspdRun[], planned: number): {measured: Window; span: Window} | string => {
	// A run that stopped on I/O errors measured: those errors fail the phase's throughput verdict.
	const started = runs.filter(run => run.startedAtS !== undefined && (run.result !== undefined || run.ioErrors.length > 0));
	if (started.length < planned) {
		const missing = runs.find(run => !started.includes(run));
		return missing?.error?.message ?? `${planned - started.length} of ${planned} hosts have no diskspd result`;
	}

	const from = started.map(run => run.startedAtS! + run.params.warmupS);
	const to = started.map(run => run.startedAtS! + run.params.warmupS + run.params.durationS);
	return {measured: {fromS: Math.max(...from), toS: Math.min(...to)}, span: {fromS: Math.min(...started.map(run => run.startedAtS!)), toS: Math.max(...to)}};
};

/** A counter's samples in a node's capture (scaled: bytes to MB), or why it has none: missing, never zero. */
const seriesOf = (capture: CounterCapture | undefined, node: string, path: CounterPath, scale = 1): Series => {
	if (capture === undefined) {
		return `no counter capture of ${node} in the run`;
	}

	const samples = counterSeries(capture, path, scale);
	if (samples !== undefined) {
		return samples;
	}

	// The capture lists what the node lacked by the paths the plan asked for; discovery says why.
	const asked = capture.missing.find(counter => {
		try {
			return sameCounter(parseCounterPath(counter), path);
		} catch {
			return false;
		}
	});
	return capture.unavailable?.find(entry => entry.counter === asked)?.reason ?? 'typeperf did not report it';
};

/** Sums two series sample by sample; null where either has no value. */
const addSeries = (a: Series, b: Series): Series => (typeof a === 'string' ? a : typeof b === 'string' ? b
	: a.map((sample, index) => {
		const other = b[index]?.v ?? null;
		return {t: sample.t, v: sample.v === null || other === null ? null : sample.v + other};
	}));

/** One node's counters as series, each with why it is missing when the node lacks it. */
export const nodeOf = (record: RunRecord, node: RigNode, share: string, sampleIntervalS: number): OffloadNode => {
	const capture = record.data.captures.find(candidate => candidate.node === node.name && (candidate.kind ?? 'typeperf') === 'typeperf');
	const series = (path: CounterPath, scale = 1) => seriesOf(capture, node.name, path, scale);
	const smb = smbClientShareCounters(record.rig.sofs.name, share);
	const misaligned = clockMisalignment(node.name, record.data.nodes[node.name], timelineToleranceMs(sampleIntervalS));
	const cpu = hostCpuCounter(node);
	return {
		node: node.name,
		role: node.role === 'hyperv-host' ? 'hyperv-host' : 'sofs-node',
		cpu: {counter: formatCounterPath(cpu), samples: series(cpu)},
		rnics: node.rnics.map(rnic => {
			const traffic = rnicCounters(rnic);
			const errors = rnicErrorCounters(rnic);
			return {
				node: node.name,
				rnic: rnic.name,
				rdma: addSeries(series(traffic.rdmaIn, 1e-6), series(traffic.rdmaOut, 1e-6)),
				tcp: series(traffic.tcp, 1e-6),
				errors: {
					'RDMA Failed Connection Attempts': series(errors.failedConnectionAttempts),
					'RDMA Connection Errors': series(errors.connectionErrors),
					'RDMA Completion Queue Errors': series(errors.completionQueueErrors),
				},
			};
		}),
		...(node.role === 'hyperv-host' ? {smb: {
			data: series(smb.data, 1e-6), read: series(smb.read, 1e-6), write: series(smb.write, 1e-6),
			directRead: series(smb.directRead, 1e-6), directWrite: series(smb.directWrite, 1e-6),
		}} : {}),
		...(misaligned === undefined ? {} : {misaligned}),
	};
};

/** What the storage links can carry one way: the hosts' rNICs together, or the SOFS nodes', whichever is less. */
const ceilingOf = (rig: Rig, hosts: RigNode[]): OffloadMeasurements['ceiling'] => {
	const side = (nodes: RigNode[]) => nodes.reduce((sum, node) => sum + node.rnics.reduce((rnics, rnic) => rnics + payloadCeilingMBps(rnic.linkGbps, rig.storage), 0), 0);
	const sofsNodes = sofsNodesOf(rig);
	const [hostSide, sofsSide] = [side(hosts), side(sofsNodes)];
	const rnics = (nodes: RigNode[]) => nodes.reduce((sum, node) => sum + node.rnics.length, 0);
	return {
		mbps: Math.min(hostSide, sofsSide),
		detail: `payload ceiling of ${hostSide <= sofsSide ? `the ${rnics(hosts)} rNICs of ${hosts.length} host(s)` : `the ${rnics(sofsNodes)} rNICs of ${sofsNodes.length} SOFS node(s)`}, ${rig.storage.transport}, ${rig.storage.jumboPacket >= 9000 ? 'jumbo frames' : 'standard frames'}`,
	};
};

/** The run's data as the offload verdicts see it, or why it cannot be judged. */
export const offloadMeasurements = (record: RunRecord, sampleIntervalS: number): OffloadMeasurements | string => {
	const {rig, data} = record;
	const {hosts, share} = loadOf(record);
	const [a, b] = [phaseWindows(phaseRuns(record, 'a'), hosts.length), phaseWindows(phaseRuns(record, 'b'), hosts.length)];
	if (typeof a === 'string' || typeof b === 'string') {
		return typeof a === 'string' ? `phase A: ${a}` : `phase B: ${String(b)}`;
	}

	// RDMA found off before the run stayed off throughout: phase A's verdicts see it; phase B is TCP there anyway.
	const faults = data.faults.filter(fault => fault.kind === 'rdma-disable');
	const injected = faults.filter(fault => fault.foundInPlace !== true);
	const unconfirmed = injected.find(fault => fault.confirmedAtS === undefined || fault.restoredAtS === undefined);
	if (faults.length < record.plan.faults.length || unconfirmed !== undefined) {
		return `RDMA was not disabled and enabled again as planned${unconfirmed === undefined ? '' : ` on ${unconfirmed.target}`}: phase B did not measure TCP`;
	}

	const off = {fromS: Math.max(-Infinity, ...injected.map(fault => fault.confirmedAtS!)), toS: Math.min(Infinity, ...injected.map(fault => fault.restoredAtS!))};
	if (off.fromS > b.span.fromS || off.toS < b.measured.toS || Math.min(Infinity, ...injected.map(fault => fault.injectedAtS!)) < a.span.toS) {
		return `RDMA was off from ${off.fromS.toFixed(1)} to ${off.toS.toFixed(1)} s, not through phase B alone (${b.span.fromS.toFixed(1)}–${b.measured.toS.toFixed(1)} s, after phase A ended at ${a.span.toS.toFixed(1)} s)`;
	}

	const idle = planWindow(record, 'idle');
	const throughput = phaseRuns(record, 'a').map(run => {
		const span = run.result?.timeSpans[0];
		return run.ioErrors.length > 0 ? {node: run.node, ioErrors: run.ioErrors}
			: span === undefined ? {node: run.node, reason: run.error?.message ?? 'diskspd produced no result'} : {node: run.node, mbps: summarizeTimeSpan(span).mbPerSec};
	});
	return {
		sampleIntervalS,
		idle: {fromS: idle?.fromS ?? 0, toS: Math.min(idle?.toS ?? a.span.fromS, a.span.fromS)},
		a: a.measured,
		b: b.measured,
		aSpan: a.span,
		nodes: [...hosts, ...sofsNodesOf(rig)].map(node => nodeOf(record, node, share, sampleIntervalS)),
		hostThroughput: throughput,
		ceiling: ceilingOf(rig, hosts),
	};
};

