// RDMA offload, A/B: every Hyper-V host reads its file on the SOFS share at once with diskspd, sized to load the
// storage links, first over SMB Direct (phase A), then with RDMA disabled on the hosts' rNICs so that SMB falls back
// to TCP (phase B). RDMA must carry the SMB bytes, on every rNIC, without errors, near the links' ceiling, and cost
// markedly less CPU per GB/s than TCP.
import {z} from 'zod';
import {hostCpuCounter, smbClientShareCounters} from '../harness/counters/catalogue.js';
import {formatCounterPath} from '../harness/counters/counter-path.js';
import {rnicCounterPaths, rnicErrorCounters} from '../harness/counters/rnic-counters.js';
import {HarnessError} from '../harness/errors.js';
import type {RdmaDisableStep} from '../harness/kinds/faults/rdma-disable.js';
import {diskspdFleet} from '../harness/kinds/workloads/diskspd.js';
import type {Plan} from '../harness/plan/plan.js';
import type {Rig, RigNode} from '../harness/rig/schema.js';
import {defineSuite} from '../harness/suite.js';
import {offloadVerdicts} from '../harness/verdicts/rdma-offload.js';
import type {Verdict} from '../harness/verdicts/verdict.js';
import {parseSize} from '../harness/workloads/diskspd/args.js';
import {offloadMeasurements, phaseIds, sofsNodesOf} from './rdma-offload-measure.js';
import {offloadSections} from './rdma-offload-report.js';

const size = z.string().regex(/^\d+[KMG]?$/i);

const params = z.strictObject({
	/** Hyper-V hosts that load the share (one, or a list); every one in the rig file by default. */
	hosts: z.union([z.string(), z.array(z.string()).min(1)]).transform(value => (typeof value === 'string' ? [value] : [...new Set(value)])).optional(),
	/** SOFS share the hosts read; the first one by default. */
	share: z.string().optional(),
	/** Seconds of capture before any load: each node's idle CPU, taken out of its CPU per GB/s. */
	idleS: z.number().int().min(3).max(600).default(5),
	warmupS: z.number().int().min(0).max(600).default(5),
	/** Measured seconds of each phase. */
	phaseS: z.number().int().min(4).max(3600).default(30),
	/** Seconds between disabling RDMA and starting phase B: SMB falls back to TCP meanwhile. */
	settleS: z.number().int().min(1).max(600).default(5),
	blockSize: size.default('64K'),
	threads: z.number().int().min(1).max(64).default(4),
	outstanding: z.number().int().min(1).max(256).default(8),
	writePercent: z.number().int().min(0).max(100).default(0),
	pattern: z.enum(['sequential', 'random']).default('sequential'),
	fileSize: size.default('4G'),
	sampleIntervalS: z.number().int().min(1).max(60).default(1),
	thresholds: z.strictObject({
		minRdmaSharePct: z.number().min(0).max(100).default(95),
		minRnicRdmaPctOfEven: z.number().min(0).max(100).default(25),
		minOffloadRatio: z.number().positive().default(2),
		// Test-NetStack passes an RDMA stress stage at 70 % of the link (reference/windows-tools.md §1).
		minThroughputPctOfCeiling: z.number().min(0).max(100).default(70),
	}).prefault({}),
}).superRefine((value, context) => {
	for (const [key, seconds, samples] of [['phaseS', value.phaseS, 3], ['idleS', value.idleS, 2]] as const) {
		// A window n intervals long holds n or n - 1 samples, as the samples fall: one interval more guarantees n.
		const needed = (samples + 1) * value.sampleIntervalS;
		if (seconds < needed) {
			context.addIssue({code: 'custom', path: [key], message: `must hold at least ${samples} counter samples (${needed} s at sampleIntervalS ${value.sampleIntervalS}), or its means cannot be judged`});
		}
	}
});

export type OffloadParams = z.output<typeof params>;

const hostsOf = (rig: Rig, p: OffloadParams): RigNode[] => {
	const all = rig.nodes.filter(node => node.role === 'hyperv-host');
	const chosen = p.hosts === undefined ? all : p.hosts.map(name => all.find(node => node.name === name));
	const unknown = p.hosts?.filter((_, index) => chosen[index] === undefined) ?? [];
	if (chosen.length === 0 || unknown.length > 0) {
		throw new HarnessError('USAGE', unknown.length > 0 ? `not a Hyper-V host of the rig: ${unknown.join(', ')}` : 'the rig has no Hyper-V host to load the share', {hint: `hosts: ${all.map(node => node.name).join(', ')}`});
	}

	return chosen as RigNode[];
};

const shareOf = (rig: Rig, p: OffloadParams): string => {
	const share = p.share === undefined ? rig.sofs.shares[0] : rig.sofs.shares.find(candidate => candidate.name.toLowerCase() === p.share!.toLowerCase());
	if (share === undefined) {
		throw new HarnessError('USAGE', `share ${p.share ?? ''} is not in the rig file`, {hint: `one of: ${rig.sofs.shares.map(candidate => candidate.name).join(', ')}`});
	}

	return share.name;
};

/** When each part of the run happens, s on the timeline, for a load from `hosts` hosts. */
const timeline = (p: OffloadParams, hosts: number) => {
	const aAtS = p.idleS;
	const aEndS = aAtS + p.warmupS + p.phaseS;
	// A second for diskspd to exit and hand over its result before RDMA goes off under it.
	const rdmaOffS = aEndS + 1;
	const bAtS = rdmaOffS + p.settleS;
	const bEndS = bAtS + p.warmupS + p.phaseS;
	// RDMA goes off and comes back one rNIC after the other, each confirmed (about half a second each): should that
	// outlast settleS, phase B starts late, and RDMA must stay off until it is over.
	const rdmaOnS = bEndS + 1 + hosts;
	// The capture sees RDMA back, and the restore is confirmed, before the run ends.
	return {aAtS, aEndS, rdmaOffS, bAtS, bEndS, rdmaOnS, durationS: rdmaOnS + 3};
};

/** The counters each node's capture reads: its rNICs' traffic and error counters, its CPU, and on a host the share's SMB client counters. */
const countersOf = (rig: Rig, node: RigNode, share: string): string[] => [
	...node.rnics.flatMap(rnic => [...rnicCounterPaths(rnic), ...Object.values(rnicErrorCounters(rnic)).map(formatCounterPath)]),
	...(node.role === 'hyperv-host' ? Object.values(smbClientShareCounters(rig.sofs.name, share)).map(formatCounterPath) : []),
	formatCounterPath(hostCpuCounter(node)),
];

const plan = (rig: Rig, p: OffloadParams): Plan => {
	const hosts = hostsOf(rig, p);
	const share = shareOf(rig, p);
	const sofsNodes = sofsNodesOf(rig);
	const at = timeline(p, hosts.length);
	// The restores take their second per host too, and the capture must outlast them.
	const samples = Math.ceil((at.durationS + 5 + hosts.length) / p.sampleIntervalS);
	const load = (phase: 'a' | 'b', atS: number) => diskspdFleet(rig, {
		id: phaseIds[phase],
		hosts: hosts.map(host => host.name),
		atS,
		params: host => ({
			blockSize: parseSize(p.blockSize)!, threads: p.threads, outstanding: p.outstanding, writePercent: p.writePercent, pattern: p.pattern,
			durationS: p.phaseS, warmupS: p.warmupS, cooldownS: 0, caching: ['h'], bucketMs: 1000, latency: true,
			// One file per phase: both are written before timing starts, side by side, and must not be the same file.
			targets: [{path: `\\\\${rig.sofs.name}\\${share}\\rdmalab-${host}-${phaseIds[phase]}.dat`, size: parseSize(p.fileSize)!}],
		}),
	});
	return {
		suite: 'rdma-offload',
		rig: rig.name,
		durationS: at.durationS,
		captures: [...hosts, ...sofsNodes].map(node => ({kind: 'typeperf' as const, node: node.name, counters: countersOf(rig, node, share), intervalS: p.sampleIntervalS, samples})),
		workloads: [...load('a', at.aAtS), ...load('b', at.bAtS)],
		// One step per rNIC: one whose RDMA is off already is left so (its kind's choice) while the others go off.
		faults: hosts.flatMap(host => host.rnics.map((rnic, index) => ({
			kind: 'rdma-disable', id: `rdma-off-${host.name}-${index + 1}`, node: host.name, rnics: [rnic.name], atS: at.rdmaOffS, restoreAtS: at.rdmaOnS,
		}) satisfies RdmaDisableStep)),
		windows: [
			{name: 'idle', fromS: 0, toS: at.aAtS},
			{name: phaseIds.a, fromS: at.aAtS + p.warmupS, toS: at.aEndS},
			{name: 'rdma-off', fromS: at.rdmaOffS, toS: at.rdmaOnS},
			{name: phaseIds.b, fromS: at.bAtS + p.warmupS, toS: at.bEndS},
		],
		notes: [
			`${hosts.map(host => host.name).join(', ')} ${p.writePercent === 0 ? 'read' : p.writePercent === 100 ? 'write' : `read and write (${p.writePercent} % writes)`} ${p.pattern} ${p.blockSize} blocks on \\\\${rig.sofs.name}\\${share}, ${p.threads} threads × ${p.outstanding} outstanding each, together`,
			`phase A over SMB Direct; then RDMA is disabled on every rNIC of ${hosts.map(host => host.name).join(', ')} and phase B runs the same load over TCP; RDMA is enabled again and confirmed before the run ends`,
			`${p.idleS} s without load first: each node's idle CPU is taken out of its CPU per GB/s`,
		],
	};
};

const verdictIds = ['rdma-share', 'rdma-errors', 'every-rnic-rdma', 'offload-ratio', 'phase-a-throughput'];

export default defineSuite({
	name: 'rdma-offload',
	title: 'RDMA offload: SMB Direct against TCP',
	description: 'Every Hyper-V host loads the SOFS share over SMB Direct, then over TCP with RDMA disabled on its rNICs; RDMA must carry the bytes on every rNIC without errors, near the links\' ceiling, and save CPU.',
	params,
	plan,
	// Quick: the default reads, phases just long enough for every mean. Full: the default timings, reads and then
	// writes (SMB Direct carries each the other way: RDMA writes from the server for reads, reads for writes).
	certify: (_rig, profile) => (profile === 'quick'
		? [{label: 'read-64k', settings: {idleS: 3, warmupS: 2, phaseS: 6, settleS: 3, fileSize: '1G'}}]
		: [{label: 'read-64k', settings: {}}, {label: 'write-64k', settings: {writePercent: 100}}]),
	judge(record, p): Verdict[] {
		const m = offloadMeasurements(record, p.sampleIntervalS);
		if (typeof m === 'string') {
			return verdictIds.map(id => ({id, title: id, status: 'error', summary: `could not be judged: ${m}`, threshold: '', measured: 'not measured', evidence: {reason: m}}));
		}

		return offloadVerdicts(m, p.thresholds);
	},
	report(record, verdicts, p) {
		return offloadSections(record, offloadMeasurements(record, p.sampleIntervalS), verdicts, p);
	},
});
