// The host side of how SMB moves bytes through the simulated fabric: whether a path can carry SMB Direct at all, what
// a lossy RoCE path does to it, what each transport costs the nodes' CPUs, and the RDMA error counters all of that
// leaves behind. The fabric (fabric.ts) asks it when it picks channels and computes flows; the simulated typeperf reads
// CPU time and the RDMA Activity error counters from it. Switch queues are not modelled here: a path is lossy or
// lossless by its configuration (host PFC and QoS policy, switch port PFC and trust), read from the same state the
// simulated cmdlets and switch CLIs print.
import type {AdapterState, Fabric, Flow, Path} from './fabric.js';
import {nodeState, qosTemplates, rnicState} from './windows/node-state.js';

/**
 * Whether SMB Direct can run on a path: RDMA on at both adapters (Get-NetAdapterRdma), NetworkDirect on at both nodes
 * (Set-NetOffloadGlobalSetting), and one RDMA technology at both ends (iWARP and RoCE never interoperate).
 */
export const rdmaPath = (fabric: Fabric, path: Path): boolean => fabric.rig.storage.transport !== 'TCP'
	&& advertisesRdma(fabric, path.client) && advertisesRdma(fabric, path.server)
	&& technologyOf(fabric, path.client) === technologyOf(fabric, path.server);

// What an interface tells SMB about itself; the technology it speaks is only found out by connecting.
const advertisesRdma = (fabric: Fabric, adapter: AdapterState) => adapter.rdmaEnabled && nodeState(fabric, adapter.node).networkDirectGlobal;
const technologyOf = (fabric: Fabric, adapter: AdapterState) => rnicState(fabric, adapter.node, adapter.rnic.name).technology;

/** Both ends tell SMB they do RDMA, but they speak different technologies: every RDMA connection attempt fails. */
export const rdmaAttemptsFail = (fabric: Fabric, path: Path): boolean => fabric.rig.storage.transport !== 'TCP'
	&& advertisesRdma(fabric, path.client) && advertisesRdma(fabric, path.server)
	&& technologyOf(fabric, path.client) !== technologyOf(fabric, path.server);

// --- lossy RoCE at the receiver --------------------------------------------------------------------------------------
// The switches' egress queues (sim/traffic.ts) pause or drop what congestion holds back there. This is the other end
// of a RoCE path, the receiving host: under load its rNIC's receive buffer fills faster than the host drains it now
// and then, and the rNIC asks the switch to pause the priority, which it can only do with flow control on for the
// priority the frames carry and QoS on the adapter. Without them it drops instead. (Whether the switch honours such a
// pause is the switch model's business; it does not model pauses from receivers, nor count them.) iWARP runs over TCP,
// which recovers selectively, and is never lossy in this sense.

/** The 802.1p tag a host puts on SMB Direct from an rNIC: its NetDirect 445 policy (else Default), none without QoS or a VLAN. */
const smbDirectTag = (fabric: Fabric, adapter: AdapterState): number => {
	const rnic = rnicState(fabric, adapter.node, adapter.rnic.name);
	if (!rnic.qosEnabled || rnic.vlanId === 0) {
		return 0;
	}

	const policies = nodeState(fabric, adapter.node).qosPolicies;
	return (policies.find(policy => policy.NetDirectPortMatchCondition === 445) ?? policies.find(policy => policy.TemplateMatchCondition === qosTemplates.default))?.PriorityValue8021Action ?? 0;
};

/** Whether the receiving rNIC can ask for a pause on what the sender sends it, rather than drop what it cannot take. */
const receiverPauses = (fabric: Fabric, sender: AdapterState, receiver: AdapterState): boolean =>
	nodeState(fabric, receiver.node).pfcPriorities.has(smbDirectTag(fabric, sender)) && rnicState(fabric, receiver.node, receiver.rnic.name).qosEnabled;

/** RoCE on a path whose receiving rNIC, in at least one direction, drops rather than pauses. */
export const lossyRoce = (fabric: Fabric, path: Path): boolean => lossyShare(fabric, path, 0.5) > 0;

/** Share of a path's bytes that reach a receiver that drops rather than pauses: reads arrive at the client, writes at the server. */
const lossyShare = (fabric: Fabric, path: Path, readShare: number): number => {
	const {transport} = fabric.rig.storage;
	if (transport !== 'RoCE' && transport !== 'RoCEv2') {
		return 0;
	}

	return (receiverPauses(fabric, path.server, path.client) ? 0 : readShare) + (receiverPauses(fabric, path.client, path.server) ? 0 : 1 - readShare);
};

// Model parameters, not measured figures. Below half load the receive buffer absorbs every burst; at full load it
// overruns about once per 4 MiB received. A RoCE NIC recovers by go-back-N (the receiver discards everything after the
// gap and NACKs; the sender resends all it sent after the last acknowledged packet: Mittal et al., "Revisiting
// Network Support for RDMA", SIGCOMM 2018, §2), and a lost tail waits out the retransmission timer: the queue pair
// idles about 3 ms per episode. One episode in 200 meets a full buffer on every retry (a QP retries 7 times) and ends
// the QP in error: a completion with an error status, the SMB Direct connection torn down and made again.
const overrunEveryBytes = 4 * 1024 * 1024;
const kneeUtilization = 0.5;
const recoveryS = 0.003;
const retryExhaustedShare = 1 / 200;

export interface RoceLoss {
	/** Share of what the path offers that gets through (1 on a lossless path). */
	goodput: number;
	/** Loss episodes per second (go-back-N recoveries). */
	episodesPerS: number;
}

/**
 * What receive overruns do to RDMA on a path offering `offeredBytesPerS` of the `capacityBytesPerS` its link carries,
 * `readShare` of it toward the client.
 */
export const roceLoss = (fabric: Fabric, path: Path, readShare: number, offeredBytesPerS: number, capacityBytesPerS: number): RoceLoss => {
	const lossy = capacityBytesPerS <= 0 ? 0 : lossyShare(fabric, path, readShare);
	if (lossy === 0) {
		return {goodput: 1, episodesPerS: 0};
	}

	const load = Math.min(1, Math.max(0, ((offeredBytesPerS / capacityBytesPerS) - kneeUtilization) / (1 - kneeUtilization)));
	const episodesPerS = offeredBytesPerS * lossy / overrunEveryBytes * load;
	return {goodput: 1 / (1 + (episodesPerS * recoveryS)), episodesPerS};
};

/**
 * Go-back-N recoveries per second of a carrier the switches made resend (`wireFactor` above 1: sim/traffic.ts drops
 * what a congested lossy queue holds back). Each resends one I/O's window, so the I/Os resent per second.
 */
const congestionEpisodesPerS = (carrier: Flow['carriers'][number]): number =>
	carrier.transport === 'rdma' ? carrier.iops * Math.max(0, (carrier.wireFactor ?? 1) - 1) : 0;

// --- CPU -------------------------------------------------------------------------------------------------------------

/** Logical processors of every simulated node: the instances its Processor Information and hypervisor sets list. */
export const logicalProcessors = 16;

// What a node does with no storage load: the OS, the cluster service, the VMs' idle loops.
const idlePercent = 2.5;

// Kernel TCP's cost per byte: the data copy at the receiver dominates, and one core moves about 42 Gb/s with every
// offload on (TSO/GRO, jumbo frames, aRFS): Cai et al., "Understanding Host Network Stack Overheads", SIGCOMM 2021.
const tcpCoreSecondsPerByte = 8 / 42e9;
// SMB's own cost per I/O, paid over either transport. On one S2D cluster at 4K, 70/30 read/write, SMB Direct did 16,300
// IOPS per % of kernel CPU and TCP 12,800 (Joergensen, "To RDMA, or not to RDMA – that is the question", Microsoft
// FileCAB blog, 2017-03-27): TCP costs 27 % more per 4 KiB I/O, which is its handling of those 4 KiB. Per I/O that
// leaves 2.9 µs of a core; a 64 KiB I/O costs 5.4 times as much CPU over TCP as over RDMA.
const smbCoreSecondsPerIo = 4096 * tcpCoreSecondsPerByte / ((16_300 / 12_800) - 1);

/** The end of a path on `node`: the client's adapter for the node's own workload, else the server's (if it is there). */
const endOn = (node: string, client: string, path: Path): AdapterState | undefined => {
	const adapter = client === node ? path.client : path.server;
	return adapter.node === node ? adapter : undefined;
};

/** Mean CPU use of a node over (from, to], % of all its logical processors: SMB's I/O over each transport, on idle. */
export const cpuPercent = (fabric: Fabric, node: string, from: number, to: number): number => {
	let cores = 0;
	fabric.eachFlow(node, from, to, (workload, flow, weight) => {
		// A session's channels may reach other file server nodes too: only the I/O through this node costs it.
		for (const carrier of flow.carriers.filter(candidate => endOn(node, workload.client, candidate.path) !== undefined)) {
			const perIo = smbCoreSecondsPerIo + (carrier.transport === 'tcp' ? workload.blockSize * tcpCoreSecondsPerByte : 0);
			cores += carrier.iops * perIo * weight;
		}
	});
	return idlePercent + (cores / logicalProcessors * 100);
};

// --- RDMA error counters ------------------------------------------------------------------------------------------------

// SMB makes two RDMA connections per interface (ConnectionCountPerRdmaNetworkInterface) and tries again while it
// has I/O for the server; how often it retries is undocumented: every 5 s here.
const connectionsPerInterface = 2;
const retryEveryS = 5;

export interface RdmaErrorCounts {
	completionQueueErrors: number;
	connectionErrors: number;
	failedConnectionAttempts: number;
}

interface Accumulated {
	episodes: number;
	/** Seconds the adapter had I/O to send over a path whose RDMA connections cannot be made. */
	failingS: number;
}

/** Per node: up to when its rNICs' counts are integrated, and each rNIC's. */
const accumulated = new WeakMap<Fabric, Map<string, {t: number; rnics: Map<string, Accumulated>}>>();

/**
 * Integrates the error counts of every rNIC of `node` up to `t`, in one pass over its flows. History before the last
 * instant integrated never changes: it is extended, not integrated again.
 */
const advanceNode = (fabric: Fabric, node: string, t: number) => {
	let byNode = accumulated.get(fabric);
	if (byNode === undefined) {
		byNode = new Map();
		accumulated.set(fabric, byNode);
	}

	const last = byNode.get(node) ?? {t: 0, rnics: new Map<string, Accumulated>()};
	byNode.set(node, last);
	if (t <= last.t) {
		return last;
	}

	const seconds = (t - last.t) / 1000;
	const of = (rnic: string) => {
		const totals = last.rnics.get(rnic) ?? {episodes: 0, failingS: 0};
		last.rnics.set(rnic, totals);
		return totals;
	};

	fabric.eachFlow(node, last.t, t, (workload, flow, weight) => {
		for (const carrier of flow.carriers) {
			const rnic = endOn(node, workload.client, carrier.path)?.rnic.name;
			if (rnic !== undefined) {
				of(rnic).episodes += (carrier.lossEpisodesPerS + congestionEpisodesPerS(carrier)) * weight * seconds;
			}
		}

		// A client with I/O to send retries on every rNIC with a path whose connections cannot be made.
		const failing = workload.client === node && flow.iops > 0 ? (fabric.sessionOf(node)?.paths ?? []).filter(path => rdmaAttemptsFail(fabric, path)) : [];
		for (const rnic of new Set(failing.map(path => path.client.rnic.name))) {
			of(rnic).failingS += weight * seconds;
		}
	});
	last.t = t;
	return last;
};

/**
 * The RDMA Activity error counters of an rNIC at `t` (fabric ms): counts since the rig started, as perfmon shows
 * them. Loss episodes on its lossy paths end some queue pairs in error (completion queue errors, connection errors,
 * at both ends); a client whose peer speaks another RDMA technology fails every connection attempt.
 */
export const rdmaErrorCounts = (fabric: Fabric, node: string, rnic: string, t: number): RdmaErrorCounts =>
	countsOf(advanceNode(fabric, node, t).rnics.get(rnic) ?? {episodes: 0, failingS: 0});

/**
 * Brings every rNIC's error counts up to `t`. The simulator does so every second: a counter first read after minutes
 * of traffic would otherwise integrate all of it at once, holding up every simulated device meanwhile.
 */
export const advanceRdmaErrorCounts = (fabric: Fabric, t: number): void => {
	for (const node of fabric.rig.nodes) {
		advanceNode(fabric, node.name, t);
	}
};

const countsOf = (totals: Accumulated): RdmaErrorCounts => {
	const broken = Math.floor(totals.episodes * retryExhaustedShare);
	return {
		completionQueueErrors: broken,
		connectionErrors: broken,
		failedConnectionAttempts: totals.failingS > 0 ? connectionsPerInterface * Math.ceil(totals.failingS / retryEveryS) : 0,
	};
};
