// The record of an RDMA offload run as its verdicts and charts see it: each node's counters as series (MB/s, %,
// counts), the phases where every host measured, the RDMA-off window and what the links can carry. Read from the
// record alone (the plan's ids, the rig, the samples), so a stored run is judged the same way again.
import {hostCpuCounter, smbClientShareCounters} from '../harness/counters/catalogue.js';
import {formatCounterPath, type CounterPath} from '../harness/counters/counter-path.js';
import {counterSeries, rnicCounters, rnicErrorCounters} from '../harness/counters/rnic-counters.js';
import {HarnessError} from '../harness/errors.js';
import {planWindow, type RunRecord} from '../harness/record/record.js';
import {payloadCeilingMBps} from '../harness/rig/line-rate.js';
import type {Rig, RigNode} from '../harness/rig/schema.js';
import {clockMisalignment, timelineToleranceMs} from '../harness/run/clock-drift.js';
import type {CounterCapture, WorkloadRun} from '../harness/run/run-data.js';
import {rdmaErrorCounterNames, type OffloadMeasurements, type OffloadNode, type Sample, type Window} from '../harness/verdicts/rdma-offload.js';
import {summarizeTimeSpan} from '../harness/workloads/diskspd/xml.js';

/** Workload ids of the two phases (each host's is `<phase>-<host>`), and the plan's windows of the same names. */
export const phaseIds = {a: 'phase-a', b: 'phase-b'} as const;

export const sofsNodesOf = (rig: Rig): RigNode[] => rig.nodes.filter(node => rig.sofs.nodes.includes(node.name));

/** The hosts that loaded the share and the share, as the plan in the record has them: never derived again. */
export const loadOf = (record: RunRecord): {hosts: RigNode[]; share: string} => {
	const {rig, plan} = record;
	const names = new Set(plan.workloads.filter(step => step.id.startsWith(`${phaseIds.a}-`)).map(step => step.node));
	const hosts = rig.nodes.filter(node => names.has(node.name));
	const share = /^\\\\[^\\]+\\([^\\]+)\\/.exec(plan.workloads[0]?.params.targets[0]?.path ?? '')?.[1];
	if (hosts.length === 0 || share === undefined) {
		throw new HarnessError('INTERNAL', 'the run record\'s plan has no phase A workload on a host of its rig');
	}

	return {hosts, share};
};

/** The phase's workloads in the record, by the ids the plan gave them. */
export const phaseRuns = (record: RunRecord, phase: 'a' | 'b'): WorkloadRun[] => record.data.workloads.filter(workload => workload.id.startsWith(`${phaseIds[phase]}-`));

/** Where every host measured, and the whole phase from the first start to the last end; or why it is not known. */
const phaseWindows = (runs: WorkloadRun[], planned: number): {measured: Window; span: Window} | string => {
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

const seriesOf = (capture: CounterCapture | undefined, path: CounterPath, scale = 1): Sample[] | undefined => (capture === undefined ? undefined : counterSeries(capture, path, scale));

/** Sums two series sample by sample; null when either has no value. */
const addSeries = (a: Sample[] | undefined, b: Sample[] | undefined): Sample[] | undefined => (a === undefined || b === undefined ? undefined
	: a.map((sample, index) => ({t: sample.t, v: sample.v === null || b[index]?.v === null || b[index] === undefined ? null : sample.v + b[index]!.v!})));

/** One node's counters as series; those it lacks are absent, with why. */
export const nodeOf = (record: RunRecord, node: RigNode, share: string, sampleIntervalS: number): OffloadNode => {
	const capture = record.data.captures.find(candidate => candidate.node === node.name && (candidate.kind ?? 'typeperf') === 'typeperf');
	const unavailable = new Map((capture?.unavailable ?? []).map(entry => [entry.counter, entry.reason]));
	const missing = Object.fromEntries((capture?.missing ?? []).map(counter => [counter, unavailable.get(counter) ?? 'typeperf did not report it']));
	const smb = smbClientShareCounters(record.rig.sofs.name, share);
	const misaligned = clockMisalignment(node.name, record.data.nodes[node.name], timelineToleranceMs(sampleIntervalS));
	const cpu = hostCpuCounter(node);
	return {
		node: node.name,
		role: node.role === 'hyperv-host' ? 'hyperv-host' : 'sofs-node',
		cpu: {counter: formatCounterPath(cpu), ...(capture === undefined ? {} : {samples: seriesOf(capture, cpu)})},
		rnics: node.rnics.map(rnic => {
			const traffic = rnicCounters(rnic);
			const errors = rnicErrorCounters(rnic);
			const byName = {'RDMA Failed Connection Attempts': errors.failedConnectionAttempts, 'RDMA Connection Errors': errors.connectionErrors, 'RDMA Completion Queue Errors': errors.completionQueueErrors};
			return {
				node: node.name,
				rnic: rnic.name,
				rdma: addSeries(seriesOf(capture, traffic.rdmaIn, 1e-6), seriesOf(capture, traffic.rdmaOut, 1e-6)),
				tcp: seriesOf(capture, traffic.tcp, 1e-6),
				errors: Object.fromEntries(rdmaErrorCounterNames.flatMap(name => {
					const samples = seriesOf(capture, byName[name]);
					return samples === undefined ? [] : [[name, samples]];
				})),
			};
		}),
		...(node.role === 'hyperv-host' ? {smb: {
			data: seriesOf(capture, smb.data, 1e-6), read: seriesOf(capture, smb.read, 1e-6), write: seriesOf(capture, smb.write, 1e-6),
			directRead: seriesOf(capture, smb.directRead, 1e-6), directWrite: seriesOf(capture, smb.directWrite, 1e-6),
		}} : {}),
		missing: capture === undefined ? {'*': `no counter capture of ${node.name} in the run`} : missing,
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
		return typeof a === 'string' ? `phase A: ${a}` : `phase B: ${b as string}`;
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

