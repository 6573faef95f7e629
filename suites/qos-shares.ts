// QoS shares under contention: several Hyper-V hosts write to one SOFS node with SMB Direct (incast: N hosts into one
// port, as Test-NetStack's N:1 stage), while ntttcp from one host sends TCP on the default priority into the same
// switch port. The switch's own counters of that port and of the ports feeding it must show DCB doing what the rig
// file says: each class its ETS share, PFC pausing the SMB senders and nothing else, no drops in the lossless queue,
// the cluster heartbeat alive, and SMB taking the whole link once the competing flow stops.
import {z} from 'zod';
import {hostCpuCounter, networkAdapterCounter} from '../harness/counters/catalogue.js';
import {formatCounterPath, networkAdapterInstance} from '../harness/counters/counter-path.js';
import {columnOf, rnicCounterPaths} from '../harness/counters/rnic-counters.js';
import {HarnessError} from '../harness/errors.js';
import {pollReadColumn, type SwitchCountersStep} from '../harness/kinds/captures/switch-counters.js';
import {diskspdFleet} from '../harness/kinds/workloads/diskspd.js';
import type {NtttcpStep, Plan} from '../harness/plan/plan.js';
import {isDiskspdRun, isNtttcpRun, type RunRecord} from '../harness/record/record.js';
import {payloadCeilingMBps} from '../harness/rig/line-rate.js';
import type {Rig, RigNode, RigRnic} from '../harness/rig/schema.js';
import type {CounterCapture} from '../harness/run/run-data.js';
import {defineSuite} from '../harness/suite.js';
import {qosVerdicts, unjudgedQosVerdicts, type ClassCounters, type CounterPoint, type QosMeasurements} from '../harness/verdicts/qos.js';
import type {Verdict} from '../harness/verdicts/verdict.js';
import {parseSize} from '../harness/workloads/diskspd/args.js';
import {qosMeansTable, qosPauseChart, qosSharesChart} from './qos-shares-report.js';

const size = z.string().regex(/^\d+[KMG]?$/i);

const params = z.strictObject({
	/** The SOFS node whose rNIC port is congested; the first SOFS node by default. */
	sofsNode: z.string().optional(),
	/** The storage network of the congested port; the SOFS node's first rNIC's by default. */
	network: z.string().optional(),
	/** Hyper-V hosts writing to the SOFS node: every one by default; at least two (N:1). */
	hosts: z.array(z.string()).min(2).optional(),
	/** The host that sends the competing TCP flow; the first writing host by default. */
	tcpHost: z.string().optional(),
	/** Folder on the SOFS node for the target files, reached through its administrative share (\\node\C$\...). */
	targetFolder: z.string().regex(/^[A-Za-z]:\\/, {message: 'must be a local path on the SOFS node, e.g. C:\\ClusterStorage\\Volume1\\rdmalab'}).optional(),
	warmupS: z.number().int().min(0).max(600).default(3),
	/** Seconds the competing TCP flow runs. */
	contentionS: z.number().int().min(3).max(3600).default(20),
	/** Seconds SMB runs alone after the competing flow stops. */
	aloneS: z.number().int().min(3).max(3600).default(10),
	/** Seconds after the competing flow starts or stops before the shares are judged. */
	settleS: z.number().int().min(0).max(60).default(2),
	blockSize: size.default('64K'),
	threads: z.number().int().min(1).max(64).default(4),
	outstanding: z.number().int().min(1).max(256).default(16),
	fileSize: size.default('1G'),
	tcpThreads: z.number().int().min(1).max(999).default(16),
	tcpOutstanding: z.number().int().min(1).max(63).default(16),
	sampleIntervalS: z.number().int().min(1).max(60).default(1),
	thresholds: z.strictObject({
		shareTolerancePct: z.number().min(0).max(100).default(5),
		congestedPct: z.number().min(0).max(100).default(90),
		takesLinkPct: z.number().min(0).max(100).default(90),
		agreementPct: z.number().min(0).max(100).default(10),
	}).prefault({}),
}).superRefine((value, context) => {
	for (const phase of ['contentionS', 'aloneS'] as const) {
		const needed = value.settleS + (3 * value.sampleIntervalS);
		if (value[phase] < needed) {
			context.addIssue({code: 'custom', path: [phase], message: `must be at least settleS + 3 samples = ${needed} s, or the phase has too few switch samples to judge`});
		}
	}
});

export type QosParams = z.output<typeof params>;

const smbId = 'smb';
const tcpId = 'tcp';

const usage = (message: string, hint: string) => new HarnessError('USAGE', message, {hint});

/** Who takes part: the SOFS node, its congested rNIC, the writing hosts and the TCP sender's rNIC. */
const cast = (rig: Rig, p: QosParams) => {
	const sofsNodes = rig.nodes.filter(node => rig.sofs.nodes.includes(node.name));
	const sofs = p.sofsNode === undefined ? sofsNodes[0] : sofsNodes.find(node => node.name === p.sofsNode);
	if (sofs === undefined) {
		throw usage(`${p.sofsNode ?? 'the rig'} has no SOFS node to congest`, `set sofsNode to one of: ${sofsNodes.map(node => node.name).join(', ')}`);
	}

	const congested = p.network === undefined ? sofs.rnics[0] : sofs.rnics.find(rnic => rnic.network === p.network);
	if (congested === undefined) {
		throw usage(`${sofs.name} has no rNIC on ${p.network ?? 'a storage network'}`, `set network to one of: ${sofs.rnics.map(rnic => rnic.network).join(', ')}`);
	}

	const allHosts = rig.nodes.filter(node => node.role === 'hyperv-host');
	const hosts = p.hosts === undefined ? allHosts : p.hosts.map(name => allHosts.find(node => node.name === name) ?? name);
	const unknown = hosts.filter((host): host is string => typeof host === 'string');
	if (unknown.length > 0 || hosts.length < 2) {
		throw usage(unknown.length > 0 ? `not Hyper-V hosts of the rig: ${unknown.join(', ')}` : `incast needs at least two Hyper-V hosts; the rig has ${hosts.length}`, `hosts: ${allHosts.map(node => node.name).join(', ')}`);
	}

	const writers = hosts as RigNode[];
	const tcpHost = p.tcpHost === undefined ? writers[0]! : writers.find(node => node.name === p.tcpHost);
	const tcpRnic = tcpHost?.rnics.find(rnic => rnic.network === congested.network);
	if (tcpHost === undefined || tcpRnic === undefined) {
		throw usage(`${p.tcpHost ?? writers[0]!.name} cannot send the competing flow: it is not a writing host with an rNIC on ${congested.network}`, `set tcpHost to one of: ${writers.filter(node => node.rnics.some(rnic => rnic.network === congested.network)).map(node => node.name).join(', ')}`);
	}

	return {sofs, congested, writers, tcpHost, tcpRnic};
};

/** `C:\ClusterStorage\x` on node sofs01 as its administrative share: `\\sofs01\C$\ClusterStorage\x`. */
const adminPath = (node: string, folder: string) => `\\\\${node}\\${folder[0]!.toUpperCase()}$${folder.slice(2)}`;

const plan = (rig: Rig, p: QosParams): Plan => {
	const {sofs, congested, writers, tcpHost, tcpRnic} = cast(rig, p);
	const measuredS = p.contentionS + p.aloneS;
	const durationS = p.warmupS + measuredS;
	const samples = Math.ceil((durationS + 6) / p.sampleIntervalS);
	const folder = adminPath(sofs.name, p.targetFolder ?? sofs.tools.workDir);
	// The congested port first, then the ports of the senders feeding it: where PFC pauses them.
	const feeding = writers.flatMap(host => host.rnics.filter(rnic => rnic.network === congested.network)).map(rnic => rnic.cable);
	const ports = [congested.cable, ...feeding];
	const switches = [...new Set(ports.map(cable => cable.switch))];
	const tcp: NtttcpStep = {
		kind: 'ntttcp', id: tcpId, node: tcpHost.name, receiver: sofs.name, atS: p.warmupS,
		params: {
			receiverAddress: congested.address, senderAddress: tcpRnic.address, threads: p.tcpThreads,
			// Test-NetStack's buffer: 64 KiB per Gb/s of the link.
			bufferBytes: 65_536 * Math.round(congested.linkGbps), outstanding: p.tcpOutstanding, durationS: p.contentionS, warmupS: 0, cooldownS: 0, port: 5001,
		},
	};
	return {
		suite: 'qos-shares',
		rig: rig.name,
		durationS,
		captures: [
			...[...writers, sofs].map(node => ({
				kind: 'typeperf' as const,
				node: node.name,
				// The receiving rNIC also by bytes received: what the switch's queues sent it.
				counters: [...node.rnics.flatMap(rnicCounterPaths), ...(node === sofs ? [networkAdapterCounter(congested.interfaceDescription, 'Bytes Received/sec')] : []), formatCounterPath(hostCpuCounter(node))],
				intervalS: p.sampleIntervalS,
				samples,
			})),
			...switches.map(device => ({
				kind: 'switch-counters' as const, switch: device, ports: ports.filter(cable => cable.switch === device).map(cable => cable.port), intervalS: p.sampleIntervalS, samples,
				...(device === congested.cable.switch ? {readEts: true} : {}),
			}) satisfies SwitchCountersStep),
		],
		workloads: [
			...diskspdFleet(rig, {
				id: smbId, hosts: writers.map(node => node.name), atS: 0,
				params: host => ({
					blockSize: parseSize(p.blockSize)!, threads: p.threads, outstanding: p.outstanding, writePercent: 100, pattern: 'random',
					durationS: measuredS, warmupS: p.warmupS, cooldownS: 0, caching: ['h'], bucketMs: 1000, latency: true,
					targets: [{path: `${folder}\\rdmalab-qos-${host}.dat`, size: parseSize(p.fileSize)!}],
				}),
			}),
			tcp,
		],
		faults: [],
		windows: [
			{name: 'contention', fromS: p.warmupS + p.settleS, toS: p.warmupS + p.contentionS},
			{name: 'smb-alone', fromS: p.warmupS + p.contentionS + p.settleS, toS: durationS},
		],
		notes: [
			`${writers.map(node => node.name).join(', ')} write ${p.blockSize} blocks to ${folder} on ${sofs.name} over SMB Direct, ${p.threads} threads × ${p.outstanding} outstanding each: ${writers.length} hosts into one port`,
			`from ${p.warmupS} s for ${p.contentionS} s, ntttcp sends TCP from ${tcpHost.name} (${tcpRnic.address}) to ${sofs.name} (${congested.address}) on the default priority, through the same egress port`,
			`the congested port is ${congested.cable.switch} ${congested.cable.port} (${sofs.name} ${congested.name}); ${p.aloneS} s of SMB alone follow`,
			`the target folder must absorb ${writers.length} hosts' writes at line rate (a CSV on real rigs: set targetFolder)`,
		],
	};
};

/** Cumulative values of a named column of a switch capture, one point per sample, each with its stamp's uncertainty. */
const columnPoints = (capture: CounterCapture, column: string): CounterPoint[] => {
	const index = capture.columns.indexOf(column);
	const read = capture.columns.indexOf(pollReadColumn);
	return index === -1 ? [] : capture.samples.map(sample => ({
		t: sample.t, v: sample.values[index] ?? null, ...(read === -1 || sample.values[read] === null ? {} : {uncertaintyS: sample.values[read]! / 2000}),
	}));
};

/** Point-wise sum of cumulative series sampled together; null where any is. */
const sumPoints = (series: CounterPoint[][]): CounterPoint[] => (series[0] ?? []).map((point, index) => ({
	...point,
	v: series.reduce<number | null>((sum, points) => (sum === null || points[index]?.v === null || points[index]?.v === undefined ? null : sum + points[index]!.v!), 0),
}));

interface Cast {
	sofs: RigNode;
	congested: RigRnic;
	switchCapture?: CounterCapture;
	pauseCaptures: CounterCapture[];
}

/** The plan's cast, read from the plan in the record (never re-derived from parameters). */
const castIn = (record: RunRecord): Cast | string => {
	const tcp = record.plan.workloads.find(step => step.id === tcpId);
	const sofs = record.rig.nodes.find(node => node.name === (tcp?.kind === 'ntttcp' ? tcp.receiver : undefined));
	const receiverAddress = tcp?.kind === 'ntttcp' ? tcp.params.receiverAddress : undefined;
	const congested = sofs?.rnics.find(rnic => rnic.address === receiverAddress);
	if (sofs === undefined || congested === undefined) {
		return 'the run record\'s plan has no ntttcp flow to a SOFS node of its rig';
	}

	const switchCaptures = record.data.captures.filter(capture => capture.kind === 'switch-counters');
	return {sofs, congested, switchCapture: switchCaptures.find(capture => capture.node === congested.cable.switch), pauseCaptures: switchCaptures};
};

const classCounters = (capture: CounterCapture, port: string, label: string, priority: number, reservedPct: number): ClassCounters => {
	const queue = capture.ets?.[port]?.find(entry => entry.priorities.includes(priority))?.trafficClass;
	return {
		label, priority, reservedPct, ...(queue === undefined ? {} : {queue}),
		txBytes: queue === undefined ? [] : columnPoints(capture, `${port} queue ${queue} tx bytes`),
		drops: queue === undefined ? [] : columnPoints(capture, `${port} queue ${queue} drops`),
	};
};

/** The run's data as the QoS verdicts see it, or the reason it cannot be judged. */
const measurements = (record: RunRecord, p: QosParams): QosMeasurements | string => {
	const {data, rig} = record;
	const who = castIn(record);
	if (typeof who === 'string') {
		return who;
	}

	const {sofs, congested, switchCapture, pauseCaptures} = who;
	const qos = rig.qos;
	if (qos === undefined) {
		return `rig ${rig.name} has no qos block: there are no ETS shares to judge`;
	}

	const tcp = data.workloads.filter(isNtttcpRun).find(run => run.id === tcpId);
	const smb = data.workloads.filter(isDiskspdRun).filter(run => run.id.startsWith(`${smbId}-`));
	if (tcp?.startedAtS === undefined || tcp.result === undefined) {
		return tcp?.error?.message ?? 'ntttcp did not run';
	}

	const smbEnd = Math.min(...smb.map(run => (run.startedAtS ?? Number.NaN) + run.params.warmupS + run.params.durationS));
	if (smb.length === 0 || !Number.isFinite(smbEnd)) {
		return smb.find(run => run.error !== undefined)?.error?.message ?? 'diskspd did not run on the hosts';
	}

	if (switchCapture?.ets?.[congested.cable.port] === undefined) {
		return `the ETS classes of ${congested.cable.switch} ${congested.cable.port} were not read`;
	}

	const port = congested.cable.port;
	const reserved = qos.smb.bandwidthPercent + qos.cluster.bandwidthPercent + (qos.backup?.bandwidthPercent ?? 0);
	const queueColumns = switchCapture.columns.filter(column => column.startsWith(`${port} queue `) && column.endsWith(' tx bytes'));
	const pauseColumns = pauseCaptures.flatMap(capture => capture.columns.map(column => ({capture, column, match: /^(.*) pfc (\d|all) (rx|tx) pause$/.exec(column)})).filter(entry => entry.match !== null));
	const priorities = [...new Set(pauseColumns.map(entry => entry.match![2]!))];
	const host = data.captures.find(capture => capture.node === sofs.name && (capture.kind ?? 'typeperf') === 'typeperf');
	const rdmaIn = host === undefined ? -1 : columnOf(host, {object: 'RDMA Activity', instance: congested.interfaceDescription, counter: 'RDMA Inbound Bytes/sec'});
	const tcpIn = host === undefined ? -1 : columnOf(host, {object: 'Network Adapter', instance: networkAdapterInstance(congested.interfaceDescription), counter: 'Bytes Received/sec'});
	const rate = (index: number) => host!.samples.map(sample => ({t: sample.t, v: sample.values[index] === null || sample.values[index] === undefined ? null : sample.values[index]! / 1e6}));
	const tcpEndS = tcp.startedAtS + tcp.params.warmupS + tcp.params.durationS;
	return {
		port: `${congested.cable.switch} ${port} (${sofs.name} ${congested.name})`,
		ceilingMBps: payloadCeilingMBps(congested.linkGbps, rig.storage),
		smb: classCounters(switchCapture, port, 'SMB', qos.smb.priority, qos.smb.bandwidthPercent),
		cluster: classCounters(switchCapture, port, 'cluster', qos.cluster.priority, qos.cluster.bandwidthPercent),
		fallback: classCounters(switchCapture, port, 'default', qos.default.priority, 100 - reserved),
		totalTxBytes: sumPoints(queueColumns.map(column => columnPoints(switchCapture, column))),
		pauses: priorities.map(priority => ({
			priority: priority === 'all' ? 'all' as const : Number(priority),
			frames: sumPoints(pauseColumns.filter(entry => entry.match![2] === priority).map(entry => columnPoints(entry.capture, entry.column))),
		})),
		pausePorts: pauseCaptures.flatMap(capture => [...new Set(capture.columns.map(column => /^(.*) (pfc|queue) /.exec(column)?.[1]).filter((name): name is string => name !== undefined))].map(name => `${capture.node} ${name}`)),
		...(rdmaIn === -1 || tcpIn === -1
			? {hostUnavailable: `${sofs.name} does not report ${rdmaIn === -1 ? 'RDMA Inbound Bytes/sec' : 'Bytes Received/sec'} of ${congested.name}${host?.missing.length ? ` (${host.missing.length} counters missing)` : ''}`}
			: {host: {rdmaInMBps: rate(rdmaIn), tcpInMBps: rate(tcpIn), intervalS: p.sampleIntervalS}}),
		contention: {fromS: tcp.startedAtS + tcp.params.warmupS + p.settleS, toS: tcpEndS},
		alone: {fromS: tcpEndS + p.settleS, toS: smbEnd},
		measured: {fromS: Math.max(...smb.map(run => run.startedAtS! + run.params.warmupS)), toS: smbEnd},
	};
};

export default defineSuite({
	name: 'qos-shares',
	title: 'QoS shares under contention',
	description: 'Congest one storage egress port with SMB Direct from several hosts and a competing TCP flow; the switch\'s counters must show ETS shares, PFC on the SMB priority only, no drops in the lossless queue, a live heartbeat class, and SMB taking the link when TCP stops.',
	params,
	plan,
	// Quick: one congested port, phases just long enough to time every rate. Full: the first SOFS node's port on each
	// storage network (each its own switch in this design), with the suite's default phases.
	certify(rig, profile) {
		if (profile === 'quick') {
			return [{label: 'incast', settings: {warmupS: 2, contentionS: 8, aloneS: 6, settleS: 1, fileSize: '256M'}}];
		}

		const sofs = rig.nodes.find(node => rig.sofs.nodes.includes(node.name));
		return (sofs?.rnics ?? []).map(rnic => ({label: `incast-${rnic.network}`, settings: {network: rnic.network}}));
	},
	judge(record, p): Verdict[] {
		const m = measurements(record, p);
		return typeof m === 'string' ? unjudgedQosVerdicts(m) : qosVerdicts(m, p.thresholds);
	},
	report(record, _verdicts, p) {
		const m = measurements(record, p);
		if (typeof m === 'string') {
			return [];
		}

		const xMaxS = Math.ceil(Math.max(record.data.durationS, ...record.data.captures.flatMap(capture => capture.samples.map(sample => sample.t))) / 5) * 5;
		const tcp = record.data.workloads.filter(isNtttcpRun).find(run => run.id === tcpId);
		const flow = tcp?.startedAtS === undefined ? undefined : {fromS: tcp.startedAtS, toS: tcp.startedAtS + tcp.params.warmupS + tcp.params.durationS, label: `ntttcp ${tcp.node} → ${tcp.receiver}`};
		return [
			{kind: 'chart', file: 'qos-shares.png', caption: `Transmitted MB/s per traffic class on ${m.port}, stacked, from the switch's own queue counters; each dotted line is where the top of that class's layer sits when every class gets exactly its ETS reservation (rig file). The shaded window is the competing TCP flow.`, chart: qosSharesChart(m, {xMaxS, ...(flow === undefined ? {} : {flow})})},
			{kind: 'chart', file: 'qos-pfc.png', caption: `PFC pause frames per second per priority, received and sent, summed over ${m.pausePorts.join(', ')}: the switch pausing the SMB senders while the port is congested.`, chart: qosPauseChart(m, {xMaxS, ...(flow === undefined ? {} : {flow})})},
			qosMeansTable(m),
		];
	},
});
