// Verdicts of an RDMA offload run: the same load over SMB Direct (phase A) and, with RDMA disabled on the hosts,
// over TCP (phase B). Pure: they take the run's counter samples on one timeline, the phase windows and the
// thresholds, and return verdicts with their evidence. Every figure comes from a counter the nodes reported; a counter
// a node lacks, or left blank, makes the verdict an error for that node, never a zero.
import {figure, round, type Verdict, type VerdictStatus} from './verdict.js';

export interface Sample {
	/** End of the interval the sample measured, s on the run timeline. */
	t: number;
	/** null: the node printed no value (missing, never zero). */
	v: number | null;
}

export interface Window {
	fromS: number;
	toS: number;
}

/** A counter's samples, or why the node has none (a counter it lacks: missing, never zero). */
export type Series = Sample[] | string;

export const rdmaErrorCounterNames = ['RDMA Failed Connection Attempts', 'RDMA Connection Errors', 'RDMA Completion Queue Errors'] as const;
export type RdmaErrorCounter = typeof rdmaErrorCounterNames[number];

export interface OffloadRnic {
	node: string;
	rnic: string;
	/** RDMA Activity inbound + outbound, MB/s. */
	rdma: Series;
	/** Network Adapter Bytes Total/sec (SMB over TCP), MB/s. */
	tcp: Series;
	/** The cumulative error counters, by name. */
	errors: Record<RdmaErrorCounter, Series>;
}

export interface OffloadNode {
	node: string;
	role: 'hyperv-host' | 'sofs-node';
	/** The CPU counter read (its path, for people), and its samples: % of all logical processors. */
	cpu: {counter: string; samples: Series};
	rnics: OffloadRnic[];
	/** The loaded share's SMB Client Shares counters, MB/s (Hyper-V hosts only). */
	smb?: {data: Series; read: Series; write: Series; directRead: Series; directWrite: Series};
	/** Why this node's samples cannot be placed on the run's timeline (its clock moved). */
	misaligned?: string;
}

export interface OffloadMeasurements {
	sampleIntervalS: number;
	/** Before any load: the nodes' idle CPU. */
	idle: Window;
	/** Measured time of phase A (RDMA) and phase B (TCP), every host's diskspd measuring. */
	a: Window;
	b: Window;
	/** Phase A from the first diskspd start to the last end, warm-up included: the error counters must not move in it. */
	aSpan: Window;
	nodes: OffloadNode[];
	/**
	 * diskspd's own throughput of each Hyper-V host in phase A (its bytes over its measured time), MB/s; or the I/O
	 * errors it stopped on (a product failure), or why it has no result.
	 */
	hostThroughput: Array<{node: string; mbps?: number; ioErrors?: string[]; reason?: string}>;
	/** What the storage links can carry one way, MB/s, and how it was found. */
	ceiling: {mbps: number; detail: string};
}

export interface OffloadThresholds {
	/** Share of SMB bytes SMB Direct must carry in phase A, %. */
	minRdmaSharePct: number;
	/** Each host rNIC's RDMA traffic in phase A against an even split of its host's traffic, %. */
	minRnicRdmaPctOfEven: number;
	/** CPU per GB/s over TCP ÷ over RDMA, per node. */
	minOffloadRatio: number;
	/** Phase A throughput against the payload ceiling of the links, %. */
	minThroughputPctOfCeiling: number;
}

// Phase B measures TCP only if RDMA carried (nearly) nothing: more means RDMA was not disabled where it ran.
const maxPhaseBRdmaShare = 0.05;

/** A judgement of one node, rNIC or host within a verdict. */
type Item = {status: 'pass' | 'fail'; evidence: Record<string, unknown>} | {status: 'error'; reason: string};

const err = (reason: string): Item => ({status: 'error', reason});

/** A mean over a window, or why there is none. */
export type Mean = {value: number} | {reason: string};

const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;

/** Samples whose whole interval lies in the window (a sample covers the interval that ends at its stamp). */
const within = (samples: readonly Sample[], window: Window, intervalS: number) => samples.filter(sample => sample.t - intervalS >= window.fromS - 1e-6 && sample.t <= window.toS + 1e-6);

const meanIn = (label: string, samples: Series, window: Window, intervalS: number): Mean => {
	if (typeof samples === 'string') {
		return {reason: `${label}: ${samples}`};
	}

	const inside = within(samples, window, intervalS);
	const blank = inside.filter(sample => sample.v === null);
	if (blank.length > 0) {
		return {reason: `${label} has no value in ${blank.length} of ${inside.length} samples between ${round(window.fromS, 1)} and ${round(window.toS, 1)} s: missing, not zero`};
	}

	if (inside.length < 2) {
		return {reason: `${label}: ${inside.length} sample(s) between ${round(window.fromS, 1)} and ${round(window.toS, 1)} s; lengthen the phase`};
	}

	return {value: mean(inside.map(sample => sample.v!))};
};

/** Sums means; the first reason when one is missing. */
const sumOf = (means: Mean[]): Mean => {
	const missing = means.find((item): item is {reason: string} => 'reason' in item);
	return missing ?? {value: means.reduce((sum, item) => sum + (item as {value: number}).value, 0)};
};

const windowOf = (window: Window) => ({fromS: round(window.fromS, 2), toS: round(window.toS, 2)});

/**
 * One verdict from its items: a failed item fails it (the product failed even if something else could not be
 * measured), else an item that could not be measured makes it an error.
 */
const combine = (head: {id: string; title: string; threshold: string}, items: Array<{target: string; item: Item}>, describe: {pass: string; fail: (failed: string[]) => string; measured: string; metric?: Verdict['metric']; hint: string; evidence?: Record<string, unknown>}): Verdict => {
	const status: VerdictStatus = items.some(({item}) => item.status === 'fail') ? 'fail' : items.length === 0 || items.some(({item}) => item.status === 'error') ? 'error' : 'pass';
	const errors = items.flatMap(({target, item}) => (item.status === 'error' ? [`${target}: ${item.reason}`] : []));
	const evidence = {
		...describe.evidence,
		items: Object.fromEntries(items.map(({target, item}) => [target, item.status === 'error' ? {status: 'error', reason: item.reason} : {status: item.status, ...item.evidence}])),
	};
	if (status === 'error') {
		return {...head, status, summary: `could not be judged: ${errors[0] ?? 'nothing was measured'}${errors.length > 1 ? ` (and ${errors.length - 1} more)` : ''}`, measured: 'not measured', evidence};
	}

	const failed = items.filter(({item}) => item.status === 'fail').map(({target}) => target);
	return {
		...head, status, evidence,
		summary: status === 'pass' ? describe.pass : `${describe.fail(failed)}${errors.length > 0 ? `; not measured: ${errors.join('; ')}` : ''}`,
		measured: describe.measured,
		...(status === 'fail' ? {hint: describe.hint} : {}),
		...(describe.metric === undefined ? {} : {metric: describe.metric}),
	};
};

const hosts = (m: OffloadMeasurements) => m.nodes.filter(node => node.role === 'hyperv-host');

const rnicTarget = (rnic: OffloadRnic) => `${rnic.node}/${rnic.rnic}`;

/** Share of a host's SMB bytes that RDMA carried in phase A, by RDMA Activity and by SMB Direct's own counters. */
export const rdmaShare = (m: OffloadMeasurements, t: OffloadThresholds): Verdict => {
	const head = {id: 'rdma-share', title: 'SMB bytes carried by RDMA in phase A', threshold: `≥ ${t.minRdmaSharePct} % on every host`};
	const shares: number[] = [];
	const items = hosts(m).map(node => {
		const window = (label: string, samples: Series | undefined) => meanIn(label, samples ?? 'not captured on this node', m.a, m.sampleIntervalS);
		if (node.misaligned !== undefined) {
			return {target: node.node, item: err(node.misaligned)};
		}

		const rdma = sumOf(node.rnics.map(rnic => window(`${rnic.rnic} RDMA Activity bytes`, rnic.rdma)));
		const smb = window('SMB Client Shares Data Bytes/sec', node.smb?.data);
		if ('reason' in rdma || 'reason' in smb) {
			return {target: node.node, item: err('reason' in rdma ? rdma.reason : (smb as {reason: string}).reason)};
		}

		if (smb.value <= 0) {
			return {target: node.node, item: err('SMB Client Shares shows no data moved in phase A: the load did not reach the share')};
		}

		const activityPct = rdma.value / smb.value * 100;
		// SMB Direct's own count, where the node has it: what of the reads and writes went over RDMA.
		const direct = sumOf([window('Read Bytes transmitted via SMB Direct/sec', node.smb?.directRead), window('Write Bytes transmitted via SMB Direct/sec', node.smb?.directWrite)]);
		const total = sumOf([window('Read Bytes/sec', node.smb?.read), window('Write Bytes/sec', node.smb?.write)]);
		const directPct = 'value' in direct && 'value' in total && total.value > 0 ? direct.value / total.value * 100 : undefined;
		const lowest = Math.min(activityPct, directPct ?? Infinity);
		shares.push(lowest);
		return {target: node.node, item: {
			status: lowest >= t.minRdmaSharePct ? 'pass' as const : 'fail' as const,
			evidence: {
				rdmaActivityMBps: round(rdma.value, 1), smbDataMBps: round(smb.value, 1), rdmaActivitySharePct: round(activityPct, 1),
				smbDirectSharePct: directPct === undefined ? null : round(directPct, 1),
				...(directPct === undefined ? {smbDirectCounters: 'reason' in direct ? direct.reason : 'reason' in total ? total.reason : 'no reads or writes measured'} : {}),
			},
		}};
	});
	const low = shares.length === 0 ? Number.NaN : Math.min(...shares);
	return combine(head, items, {
		pass: `RDMA carried ≥ ${figure(low, 1, t.minRdmaSharePct)} % of every host's SMB bytes`,
		fail: failed => `SMB ran over TCP on ${failed.join(', ')}: RDMA carried as little as ${figure(low, 1, t.minRdmaSharePct)} % of its bytes`,
		measured: `${figure(low, 1, t.minRdmaSharePct)} % (lowest host)`,
		metric: Number.isNaN(low) ? undefined : {name: 'rdmaSharePct', value: low, unit: '%', better: 'higher'},
		hint: 'Get-SmbMultichannelConnection on the host shows which interface pairs run TCP; both ends need RDMA on (Get-NetAdapterRdma, Get-NetOffloadGlobalSetting NetworkDirect) and one RDMA technology (*NetworkDirectTechnology): rdmalab validate names the culprit',
		evidence: {window: windowOf(m.a)},
	});
};

/** How far a cumulative counter rose over a window: the last reading at its start to the first at its end. */
const rise = (label: string, samples: Series, window: Window): Mean => {
	if (typeof samples === 'string') {
		return {reason: `${label}: ${samples}`};
	}

	const before = samples.findLast(sample => sample.t <= window.fromS) ?? samples[0];
	const after = samples.find(sample => sample.t >= window.toS) ?? samples.at(-1);
	if (before === undefined || after === undefined || after.t <= before.t) {
		return {reason: `${label}: no samples around phase A`};
	}

	const span = samples.filter(sample => sample.t >= before.t && sample.t <= after.t);
	const blank = span.filter(sample => sample.v === null);
	if (blank.length > 0) {
		return {reason: `${label} has no value in ${blank.length} of ${span.length} samples of phase A: missing, not zero`};
	}

	// A raw counter only grows; one that drops was reset (driver reload, adapter restart) and its rise is unknown.
	const drop = span.findIndex((sample, index) => index > 0 && sample.v! < span[index - 1]!.v!);
	if (drop !== -1) {
		return {reason: `${label} went from ${span[drop - 1]!.v} down to ${span[drop]!.v} at ${round(span[drop]!.t, 1)} s: the counter was reset`};
	}

	return {value: after.v! - before.v!};
};

/** How far each RDMA error counter of an rNIC rose through phase A, or why that is not known. */
export const errorRises = (m: OffloadMeasurements, rnic: OffloadRnic): Record<RdmaErrorCounter, number> | {reason: string} => {
	const rises = rdmaErrorCounterNames.map(name => ({name, rise: rise(name, rnic.errors[name], m.aSpan)}));
	const unmeasured = rises.find((entry): entry is {name: RdmaErrorCounter; rise: {reason: string}} => 'reason' in entry.rise);
	return unmeasured === undefined ? Object.fromEntries(rises.map(entry => [entry.name, (entry.rise as {value: number}).value])) as Record<RdmaErrorCounter, number> : unmeasured.rise;
};

/** The RDMA error counters of every rNIC stay flat through phase A. */
export const rdmaErrors = (m: OffloadMeasurements): Verdict => {
	const head = {id: 'rdma-errors', title: 'No RDMA errors in phase A', threshold: 'no rise'};
	let total = 0;
	const items = m.nodes.flatMap(node => node.rnics.map(rnic => {
		if (node.misaligned !== undefined) {
			return {target: rnicTarget(rnic), item: err(node.misaligned)};
		}

		const counts = errorRises(m, rnic);
		if ('reason' in counts) {
			return {target: rnicTarget(rnic), item: err(counts.reason)};
		}

		const sum = Object.values(counts).reduce((acc, value) => acc + value, 0);
		total += sum;
		return {target: rnicTarget(rnic), item: {status: sum === 0 ? 'pass' as const : 'fail' as const, evidence: {rise: counts}}};
	}));
	return combine(head, items, {
		pass: `the RDMA error counters of all ${items.length} rNICs stayed flat`,
		fail: failed => `RDMA errors in phase A on ${failed.join(', ')} (${total} in all)`,
		measured: `${total} error(s)`,
		metric: {name: 'rdmaErrors', value: total, unit: 'errors', better: 'lower'},
		hint: 'on RoCE, SMB Direct needs PFC on its priority at every hop: Get-NetQosFlowControl and Get-NetAdapterQos on the hosts, priority-flow-control on the switch ports (rdmalab validate: qos-pfc, switch-pfc-forced); failed connection attempts point at an RDMA technology mismatch (rdma-technology)',
		evidence: {window: windowOf(m.aSpan)},
	});
};

/** An rNIC's mean RDMA and TCP throughput over a window, MB/s, or why either is not known. */
export const rnicMeans = (m: OffloadMeasurements, rnic: OffloadRnic, window: Window): {rdma: Mean; tcp: Mean} => ({
	rdma: meanIn(`${rnic.rnic} RDMA Activity bytes`, rnic.rdma, window, m.sampleIntervalS),
	tcp: meanIn(`${rnic.rnic} Network Adapter bytes`, rnic.tcp, window, m.sampleIntervalS),
});

/** Every rNIC of every Hyper-V host carries RDMA traffic in phase A, near its even share of the host's traffic. */
export const everyRnicCarriesRdma = (m: OffloadMeasurements, t: OffloadThresholds): Verdict => {
	const head = {id: 'every-rnic-rdma', title: 'Every host rNIC carries RDMA traffic in phase A', threshold: `RDMA ≥ ${t.minRnicRdmaPctOfEven} % of an even split, each`};
	const levels: number[] = [];
	const items = hosts(m).flatMap(node => {
		if (node.misaligned !== undefined) {
			return node.rnics.map(rnic => ({target: rnicTarget(rnic), item: err(node.misaligned!)}));
		}

		const means = node.rnics.map(rnic => ({rnic, ...rnicMeans(m, rnic, m.a)}));
		const total = sumOf(means.flatMap(entry => [entry.rdma, entry.tcp]));
		return means.map(({rnic, rdma, tcp}) => {
			if ('reason' in total || 'reason' in rdma || 'reason' in tcp) {
				return {target: rnicTarget(rnic), item: err('reason' in rdma ? rdma.reason : 'reason' in tcp ? tcp.reason : (total as {reason: string}).reason)};
			}

			if (total.value <= 0) {
				return {target: rnicTarget(rnic), item: err(`${node.node}'s rNICs carried nothing in phase A`)};
			}

			const even = total.value / node.rnics.length;
			const pct = rdma.value / even * 100;
			levels.push(pct);
			return {target: rnicTarget(rnic), item: {
				status: pct >= t.minRnicRdmaPctOfEven ? 'pass' as const : 'fail' as const,
				evidence: {rdmaMBps: round(rdma.value, 1), tcpMBps: round(tcp.value, 1), evenShareMBps: round(even, 1), rdmaPctOfEven: round(pct, 1)},
			}};
		});
	});
	const low = levels.length === 0 ? Number.NaN : Math.min(...levels);
	return combine(head, items, {
		pass: `every host rNIC carried ≥ ${figure(low, 0, t.minRnicRdmaPctOfEven)} % of an even share over RDMA`,
		fail: failed => `too little RDMA traffic on ${failed.join(', ')} (lowest ${figure(low, 1, t.minRnicRdmaPctOfEven)} % of an even share)`,
		measured: `${figure(low, 1, t.minRnicRdmaPctOfEven)} % of even (lowest rNIC)`,
		metric: Number.isNaN(low) ? undefined : {name: 'minRnicRdmaPctOfEven', value: low, unit: '%', better: 'higher'},
		hint: 'Get-SmbMultichannelConnection -IncludeNotSelected on the host; Get-NetAdapterRdma on the rNIC and on its SOFS peer, and *NetworkDirectTechnology on both ends (rdmalab validate)',
		evidence: {window: windowOf(m.a)},
	});
};

export interface PhaseCost {
	cpuPct: number;
	/** Above the idle CPU. */
	netCpuPct: number;
	/** Through the node's rNICs, RDMA and TCP. */
	gbps: number;
	rdmaShare: number;
	/** Net CPU % per GB/s. */
	perGBps: number;
}

/** CPU per GB/s of one node in a phase, the idle CPU taken out; or why it cannot be had. */
const phaseCost = (m: OffloadMeasurements, node: OffloadNode, window: Window, idle: number): PhaseCost | {reason: string} => {
	const cpu = meanIn(node.cpu.counter, node.cpu.samples, window, m.sampleIntervalS);
	const means = node.rnics.map(rnic => rnicMeans(m, rnic, window));
	const rdma = sumOf(means.map(entry => entry.rdma));
	const tcp = sumOf(means.map(entry => entry.tcp));
	if ('reason' in cpu || 'reason' in rdma || 'reason' in tcp) {
		return {reason: 'reason' in cpu ? cpu.reason : 'reason' in rdma ? rdma.reason : (tcp as {reason: string}).reason};
	}

	const gbps = (rdma.value + tcp.value) / 1000;
	if (gbps <= 0) {
		return {reason: 'its rNICs carried nothing'};
	}

	const netCpuPct = Math.max(0, cpu.value - idle);
	return {cpuPct: cpu.value, netCpuPct, gbps, rdmaShare: rdma.value / (rdma.value + tcp.value), perGBps: netCpuPct / gbps};
};

/** A node's idle CPU and what each GB/s cost it in phase A (RDMA) and phase B (TCP); or why that is not known. */
export const nodeCosts = (m: OffloadMeasurements, node: OffloadNode): {idle: number; a: PhaseCost; b: PhaseCost} | {reason: string} => {
	const idle = meanIn(`${node.cpu.counter} before the load`, node.cpu.samples, m.idle, m.sampleIntervalS);
	if ('reason' in idle) {
		return idle;
	}

	const [a, b] = [phaseCost(m, node, m.a, idle.value), phaseCost(m, node, m.b, idle.value)];
	if ('reason' in a || 'reason' in b) {
		return {reason: `${'reason' in a ? 'phase A' : 'phase B'}: ${'reason' in a ? a.reason : (b as {reason: string}).reason}`};
	}

	return {idle: idle.value, a, b};
};

/** Per node: the CPU each GB/s costs over TCP (phase B) against over RDMA (phase A). RDMA must save CPU. */
export const offloadRatio = (m: OffloadMeasurements, t: OffloadThresholds): Verdict => {
	const head = {id: 'offload-ratio', title: 'RDMA saves CPU: CPU per GB/s over TCP ÷ over RDMA', threshold: `≥ ${t.minOffloadRatio} on every node`};
	const ratios: number[] = [];
	const items = m.nodes.map(node => {
		if (node.misaligned !== undefined) {
			return {target: node.node, item: err(node.misaligned)};
		}

		const costs = nodeCosts(m, node);
		if ('reason' in costs) {
			return {target: node.node, item: err(costs.reason)};
		}

		const {idle, a, b} = costs;
		if (b.rdmaShare > maxPhaseBRdmaShare) {
			return {target: node.node, item: err(`phase B did not run over TCP: RDMA still carried ${round(b.rdmaShare * 100, 1)} % of its bytes, so RDMA was not off where this node's traffic ran`)};
		}

		const evidence = {
			idleCpuPct: round(idle, 2),
			phaseA: {cpuPct: round(a.cpuPct, 2), netCpuPct: round(a.netCpuPct, 2), gbps: round(a.gbps, 3), rdmaSharePct: round(a.rdmaShare * 100, 1), cpuPctPerGBps: round(a.perGBps, 3)},
			phaseB: {cpuPct: round(b.cpuPct, 2), netCpuPct: round(b.netCpuPct, 2), gbps: round(b.gbps, 3), rdmaSharePct: round(b.rdmaShare * 100, 1), cpuPctPerGBps: round(b.perGBps, 3)},
		};
		if (b.perGBps <= 0) {
			return {target: node.node, item: err(`TCP cost no CPU above idle (${round(b.cpuPct, 2)} % against ${round(idle, 2)} % idle): nothing to compare`)};
		}

		// RDMA's cost below the idle noise: every GB/s it moved was free, as far as the counter can tell.
		const ratio = a.perGBps > 0 ? b.perGBps / a.perGBps : Infinity;
		ratios.push(ratio);
		return {target: node.node, item: {status: ratio >= t.minOffloadRatio ? 'pass' as const : 'fail' as const, evidence: {...evidence, ratio: Number.isFinite(ratio) ? round(ratio, 2) : 'RDMA cost no CPU above idle'}}};
	});
	const low = ratios.length === 0 ? Number.NaN : Math.min(...ratios);
	const shown = Number.isFinite(low) ? `${figure(low, 2, t.minOffloadRatio)} ×` : 'RDMA cost no measurable CPU';
	return combine(head, items, {
		pass: `each GB/s over TCP cost at least ${shown} the CPU it cost over RDMA, on every node`,
		fail: failed => `RDMA saved too little CPU on ${failed.join(', ')} (lowest ratio ${shown})`,
		measured: `${shown} (lowest node)`,
		metric: Number.isFinite(low) ? {name: 'offloadRatio', value: low, unit: '×', better: 'higher'} : undefined,
		hint: 'a node whose phase A ran over TCP saves nothing (see rdma-share); otherwise check the CPU counter (Hyper-V hosts: Hyper-V Hypervisor Logical Processor) and the rNIC driver\'s offloads',
		evidence: {idle: windowOf(m.idle), phaseA: windowOf(m.a), phaseB: windowOf(m.b)},
	});
};

/** The hosts' total phase A throughput (diskspd's own) against what the links can carry. */
export const throughputOfCeiling = (m: OffloadMeasurements, t: OffloadThresholds): Verdict => {
	const id = 'phase-a-throughput';
	const title = 'Phase A throughput against the links\' payload ceiling';
	const threshold = `≥ ${t.minThroughputPctOfCeiling} % of ${round(m.ceiling.mbps)} MB/s`;
	const failed = m.hostThroughput.filter(host => (host.ioErrors ?? []).length > 0);
	if (failed.length > 0) {
		return {
			id, title, threshold, status: 'fail', measured: `I/O errors on ${failed.length} host(s)`,
			summary: `diskspd stopped on I/O errors in phase A on ${failed.map(host => host.node).join(', ')}: ${failed[0]!.ioErrors![0]!}`,
			evidence: {ioErrors: Object.fromEntries(failed.map(host => [host.node, host.ioErrors!.slice(0, 5)]))},
			hint: 'SMB lost I/O over RDMA: check the rNICs\' event logs and the RDMA error counters (rdma-errors)',
		};
	}

	const missing = m.hostThroughput.find(host => host.mbps === undefined);
	if (missing !== undefined || m.hostThroughput.length === 0) {
		const reason = missing === undefined ? 'no host ran phase A' : `${missing.node}: ${missing.reason ?? 'diskspd reported no throughput'}`;
		return {id, title, threshold, status: 'error', summary: `could not be judged: ${reason}`, measured: 'not measured', evidence: {reason}};
	}

	const total = m.hostThroughput.reduce((sum, host) => sum + host.mbps!, 0);
	const pct = total / m.ceiling.mbps * 100;
	const pass = pct >= t.minThroughputPctOfCeiling;
	return {
		id, title, threshold,
		status: pass ? 'pass' : 'fail',
		measured: `${figure(pct, 1, t.minThroughputPctOfCeiling)} % (${round(total)} MB/s)`,
		summary: `the hosts moved ${round(total)} MB/s in phase A against a ceiling of ${round(m.ceiling.mbps)} MB/s (${m.ceiling.detail})`,
		evidence: {totalMBps: round(total, 1), ceilingMBps: round(m.ceiling.mbps, 1), ceiling: m.ceiling.detail, pctOfCeiling: round(pct, 1), perHostMBps: Object.fromEntries(m.hostThroughput.map(host => [host.node, round(host.mbps!, 1)]))},
		...(pass ? {} : {hint: 'RDMA errors or retransmits (rdma-errors), a host rNIC without RDMA (every-rnic-rdma), or too little outstanding I/O to load the links (raise threads or outstanding)'}),
		metric: {name: 'throughputPctOfCeiling', value: pct, unit: '%', better: 'higher'},
	};
};

export const offloadVerdicts = (m: OffloadMeasurements, t: OffloadThresholds): Verdict[] => [
	rdmaShare(m, t),
	rdmaErrors(m),
	everyRnicCarriesRdma(m, t),
	offloadRatio(m, t),
	throughputOfCeiling(m, t),
];
