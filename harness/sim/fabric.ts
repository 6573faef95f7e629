// The simulated rig's model of the storage fabric. Everything the simulated nodes and switches print is derived
// from it: link state from switch port history, SMB Multichannel channels from link state, and I/O from channels.
//
// The I/O model is a closed loop (diskspd keeps threads × outstanding I/Os in flight), so by Little's law
// IOPS = in-flight / latency, capped by what the carrying links and the SOFS back end can do. When a channel is
// lost, the I/Os in flight on it stall until SMB detects the loss and replays them on a surviving channel (or fail,
// when the share is not continuously available); the rest of the queue keeps running on the surviving channels.
import type {Rig, RigNode, RigRnic} from '../rig/schema.js';
import type {SimConfig} from './config.js';
import {rdmaPath, roceLoss} from './transport-cost.js';

export interface AdapterState {
	node: string;
	rnic: RigRnic;
	index: number;
	ifIndex: number;
	macAddress: string;
	rdmaEnabled: boolean;
	/** Disable-NetAdapter / Enable-NetAdapter on the node, in order: the host side of pulling a cable. */
	adminEvents: Array<{t: number; enabled: boolean}>;
}

interface PortHistory {
	initialAdmin: boolean;
	events: Array<{t: number; admin: boolean}>;
}

export interface Path {
	id: string;
	client: AdapterState;
	server: AdapterState;
	network: string;
}

export interface Session {
	client: string;
	/** The file server node the client connects to first; the cluster model (sim/cluster.ts) may move it. */
	server: string;
	paths: Path[];
	/** Addressed to the node by name (`\\\\sofs01\\C$`), not to the SOFS: the cluster never moves it. */
	pinned?: boolean;
}

/** A client's SMB session moving to another file server node: out from `at`, carried to `server` from `resumeAt`. */
export interface SessionMove {
	at: number;
	resumeAt: number;
	server: string;
}

/** Traffic on an adapter that is no storage workload's (a live migration), bytes per second at an instant. */
export interface CrossTraffic {
	inbound: number;
	outbound: number;
	transport: 'rdma' | 'tcp';
}

export type PathState = 'active' | 'failing' | 'down' | 'pending';

export interface Carrier {
	path: Path;
	transport: 'rdma' | 'tcp';
	/** Share of the workload's I/O on this path. */
	share: number;
	/** Bytes on the wire per byte of I/O completed: above 1 when lost packets are sent again (sim/traffic.ts). */
	wireFactor?: number;
}

export interface WorkloadSpec {
	client: string;
	share: string;
	/** Threads × outstanding I/Os per thread. */
	queueDepth: number;
	blockSize: number;
	/** 0..100 */
	writePercent: number;
	startedAt: number;
	endsAt: number;
	/** The SOFS node addressed by name (`\\\\sofs01\\C$\\...`); absent: the client's session to the SOFS. */
	server?: string;
}

interface Workload extends WorkloadSpec {
	id: number;
	/** Its own session when it addresses one node by name; otherwise the client's session to the SOFS. */
	pinned?: Session;
	stoppedAt?: number;
}

/** A TCP flow between two rNICs on one storage network (ntttcp): as fast as the path lets it. */
export interface StreamSpec {
	from: AdapterState;
	to: AdapterState;
	/** TCP connections it is spread over (ntttcp's threads). */
	connections: number;
	startedAt: number;
	endsAt: number;
}

export interface Stream extends StreamSpec {
	id: number;
	stoppedAt?: number;
}

/** What the switches let through at an instant (sim/traffic.ts): per carrier of a workload, and per stream. */
export interface FlowLimits {
	/** Share of the carrier's demanded I/O that completes, and its bytes on the wire per byte completed. */
	carrier(workload: number, path: string): {scale: number; wireFactor: number};
	/** Share of the stream's demand that gets through. */
	stream(id: number): number;
}

/** A carrier's demand at an instant, before the switches have their say. */
export interface CarrierDemand {
	workload: number;
	carrier: Carrier;
	/** I/O per second the workload would put on this path. */
	iops: number;
	blockSize: number;
	writePercent: number;
}

interface PathFailure {
	path: Path;
	at: number;
	/** Share of the workload's in-flight I/O that was on the path when it went down. */
	stuckShare: number;
	/** When SMB replays the stuck I/O on a surviving channel; undefined while there is none. */
	replayAt?: number;
	/** When the stuck I/O fails (share not continuously available). */
	failAt?: number;
}

export interface Flow {
	iops: number;
	/** Mean latency of the I/O completing at this instant, ms. */
	latencyMs: number;
	/** Fraction of the queue stalled on lost channels. */
	stuck: number;
	/** Each carrier's I/O, and the loss episodes (go-back-N recoveries) per second of a lossy RoCE path. */
	carriers: Array<Carrier & {iops: number; lossEpisodesPerS: number}>;
}

export interface IoBucket {
	endMs: number;
	reads: number;
	writes: number;
	minMs: number;
	avgMs: number;
	maxMs: number;
}

const requestBytes = 120;
// Payload ceilings per link (reference/dcb-facts.md §4.1): RoCEv2 with 4 KB IB MTU, TCP with jumbo frames.
export const efficiency = {rdma: 0.979, tcp: 0.99};
// Without RDMA offload the host CPU, not the wire, limits SMB over TCP.
const tcpCpuCeiling = 0.6;
const tcpExtraLatencyMs = 0.12;

const hash = (...parts: number[]) => {
	let value = 2_166_136_261;
	for (const part of parts) {
		value = Math.imul(value ^ Math.floor(part), 16_777_619) >>> 0;
	}

	return value / 4_294_967_296;
};

export class Fabric {
	readonly rig: Rig;
	readonly config: SimConfig;
	readonly behavior = {channelReadd: true};
	readonly shares: Map<string, {name: string; continuouslyAvailable: boolean}>;
	readonly sessions: Session[];
	/** Files on the SOFS shares: lower-cased UNC path → size in bytes. */
	readonly files = new Map<string, number>();
	private readonly adapters = new Map<string, AdapterState>();
	private readonly ports = new Map<string, PortHistory>();
	private readonly workloads = new Map<number, Workload>();
	private readonly clock: () => number;
	private readonly origin: number;
	private nextWorkload = 1;
	private readonly streams = new Map<number, Stream>();
	private nextStream = 1;
	private readonly failureMemo = new WeakMap<Workload, {key: string; failures: PathFailure[]}>();
	private readonly transitionMemo = new WeakMap<object, Array<{key: number; kind: string; value: Array<{t: number; up: boolean}>}>>();
	/** Workloads and streams started or stopped: what flows. */
	private flowChanges = 0;
	/** The switches' egress arbitration at an instant (sim/traffic.ts); without it every flow gets what it demands. */
	limiter?: (t: number) => FlowLimits;
	private readonly serverPaths = new Map<string, Path[]>();
	private changes = 0;
	/** Set by the cluster model (sim/cluster.ts): when each client's session moves between file server nodes. */
	sessionMoves: (client: string) => readonly SessionMove[] = () => [];
	/** Traffic beside the storage workloads' on an adapter's link (live migration, sim/live-migration.ts). */
	readonly crossTraffic: Array<(adapter: AdapterState, t: number) => CrossTraffic | undefined> = [];

	/** `clock` is a monotonic ms clock; tests pass a manual one. */
	constructor(rig: Rig, config: SimConfig, clock: () => number = () => performance.now()) {
		this.rig = rig;
		this.config = config;
		this.clock = clock;
		this.origin = clock();
		this.shares = new Map(rig.sofs.shares.map(share => [share.name.toLowerCase(), {name: share.name, continuouslyAvailable: share.continuouslyAvailable}]));
		for (const [n, node] of rig.nodes.entries()) {
			for (const [index, rnic] of node.rnics.entries()) {
				const mac = [0x00, 0x15, 0x5D, n, index, 0x10 + index].map(byte => byte.toString(16).toUpperCase().padStart(2, '0')).join('-');
				this.adapters.set(`${node.name}|${rnic.name}`, {node: node.name, rnic, index, ifIndex: 11 + (index * 4), macAddress: mac, rdmaEnabled: rig.storage.transport !== 'TCP', adminEvents: []});
				this.ports.set(`${rnic.cable.switch}|${rnic.cable.port}`, {initialAdmin: true, events: []});
			}
		}

		// Each Hyper-V host has an SMB session to one SOFS node (its VMs live on the share), spread round robin.
		const hosts = rig.nodes.filter(node => node.role === 'hyperv-host' || node.role === 'backup-server');
		this.sessions = hosts.map((host, index) => this.session(host, rig.nodes.find(node => node.name === rig.sofs.nodes[index % rig.sofs.nodes.length])!));
	}

	private session(client: RigNode, server: RigNode): Session {
		const paths = client.rnics.flatMap(rnic => {
			const peer = server.rnics.find(candidate => candidate.network === rnic.network);
			return peer === undefined ? [] : [{id: `${client.name}/${rnic.name}->${server.name}/${peer.name}`, client: this.adapter(client.name, rnic.name), server: this.adapter(server.name, peer.name), network: rnic.network}];
		});
		return {client: client.name, server: server.name, paths};
	}

	/** Milliseconds since the simulated rig started (monotonic). */
	now(): number {
		return this.clock() - this.origin;
	}

	adapter(node: string, rnicName: string): AdapterState {
		const state = this.adapters.get(`${node}|${rnicName}`);
		if (state === undefined) {
			throw new Error(`no rNIC ${rnicName} on ${node}`);
		}

		return state;
	}

	adaptersOf(node: string): AdapterState[] {
		return [...this.adapters.values()].filter(adapter => adapter.node === node);
	}

	sessionOf(client: string): Session | undefined {
		return this.sessions.find(session => session.client === client);
	}

	/** Counts changes of link configuration (ports, adapters): models derived from links cache on it. */
	get revision(): number {
		return this.changes;
	}

	/** The client's session to one SOFS node addressed by name, opened on first use; the cluster never moves it. */
	sessionTo(client: string, server: string): Session | undefined {
		const [clientNode, serverNode] = [client, server].map(name => this.rig.nodes.find(node => node.name.toLowerCase() === name.toLowerCase()));
		if (clientNode === undefined || serverNode === undefined) {
			return undefined;
		}

		const found = this.sessions.find(session => session.pinned === true && session.client === clientNode.name && session.server === serverNode.name);
		if (found !== undefined) {
			return found;
		}

		const opened = {...this.session(clientNode, serverNode), pinned: true};
		this.sessions.push(opened);
		return opened;
	}

	/** The session a workload's I/O travels: its own pinned one, or the client's session to the SOFS. */
	private sessionFor(workload: Workload): Session | undefined {
		return workload.pinned ?? this.sessionOf(workload.client);
	}

	/**
	 * Changes with anything that changes what flows: port and adapter history, RDMA on the adapters, sessions moved,
	 * workloads and streams started or stopped. Caches of flows are valid while it stays the same.
	 */
	stateKey(): string {
		// RDMA on an adapter and a share's availability are set directly (cmdlets, misconfigurations), so they are
		// read each time rather than counted.
		let rdma = 0;
		for (const adapter of this.adapters.values()) {
			rdma = (rdma * 2) + (adapter.rdmaEnabled ? 1 : 0);
		}

		let available = 0;
		for (const share of this.shares.values()) {
			available = (available * 2) + (share.continuouslyAvailable ? 1 : 0);
		}

		const moves = this.sessions.reduce((sum, session) => sum + this.sessionMoves(session.client).length, 0);
		return `${this.changes}:${this.flowChanges}:${moves}:${rdma}:${available}:${this.behavior.channelReadd ? 1 : 0}`;
	}

	/** A list of transitions of an adapter or path, computed once per link configuration. */
	private transitionsOf(owner: object, kind: string, compute: () => Array<{t: number; up: boolean}>): Array<{t: number; up: boolean}> {
		const entries = this.transitionMemo.get(owner) ?? [];
		const found = entries.find(entry => entry.kind === kind && entry.key === this.changes);
		if (found !== undefined) {
			return found.value;
		}

		const value = compute();
		this.transitionMemo.set(owner, [...entries.filter(entry => entry.kind !== kind), {key: this.changes, kind, value}]);
		return value;
	}

	/** The file server node carrying a client's session at t; undefined while the session is between nodes. */
	serverAt(session: Session, t = this.now()): string | undefined {
		if (session.pinned === true) {
			return session.server;
		}

		const move = this.sessionMoves(session.client).findLast(candidate => candidate.at <= t);
		return move === undefined ? session.server : t < move.resumeAt ? undefined : move.server;
	}

	/** The session's paths at t: to the node carrying it, none while it moves. */
	pathsAt(session: Session, t = this.now()): Path[] {
		const server = this.serverAt(session, t);
		return server === undefined ? [] : this.pathsTo(session, server);
	}

	private pathsTo(session: Session, server: string): Path[] {
		if (server === session.server) {
			return session.paths;
		}

		const key = `${session.client}|${server}`;
		let paths = this.serverPaths.get(key);
		if (paths === undefined) {
			paths = this.session(this.rig.nodes.find(node => node.name === session.client)!, this.rig.nodes.find(node => node.name === server)!).paths;
			this.serverPaths.set(key, paths);
		}

		return paths;
	}

	/** Every path a session has used or uses. */
	private allPaths(session: Session): Path[] {
		if (session.pinned === true) {
			return session.paths;
		}

		return [...new Set([session.server, ...this.sessionMoves(session.client).map(move => move.server)])].flatMap(server => this.pathsTo(session, server));
	}

	// --- switch ports and links -------------------------------------------------------------------------------

	initialPortAdmin(device: string, port: string, up: boolean): void {
		this.portHistory(device, port).initialAdmin = up;
		this.changes++;
	}

	private portHistory(device: string, port: string): PortHistory {
		const key = `${device}|${port}`;
		let history = this.ports.get(key);
		if (history === undefined) {
			history = {initialAdmin: true, events: []};
			this.ports.set(key, history);
		}

		return history;
	}

	portAdmin(device: string, port: string, t = this.now()): boolean {
		const history = this.portHistory(device, port);
		return history.events.findLast(event => event.t <= t)?.admin ?? history.initialAdmin;
	}

	setPortAdmin(device: string, port: string, up: boolean): void {
		if (this.portAdmin(device, port) !== up) {
			this.portHistory(device, port).events.push({t: this.now(), admin: up});
			this.changes++;
		}
	}

	/** When the port was first shut during this simulation, if it was (fabric ms). */
	firstShutAt(device: string, port: string): number | undefined {
		return this.portHistory(device, port).events.find(event => !event.admin)?.t;
	}

	cableAt(device: string, port: string): AdapterState | undefined {
		return [...this.adapters.values()].find(adapter => adapter.rnic.cable.switch === device && adapter.rnic.cable.port === port);
	}

	/** Disables or enables an rNIC on its node (Disable-NetAdapter / Enable-NetAdapter). */
	setAdapterEnabled(adapter: AdapterState, enabled: boolean): void {
		if (this.adapterEnabled(adapter) !== enabled) {
			adapter.adminEvents.push({t: this.now(), enabled});
			this.changes++;
		}
	}

	/** Whether the rNIC is enabled on its node (its administrative state, not its link). */
	adapterEnabled(adapter: AdapterState, t = this.now()): boolean {
		return adapter.adminEvents.findLast(event => event.t <= t)?.enabled ?? true;
	}

	/** When the adapter's link went down and came up (either end), in order. */
	linkChanges(adapter: AdapterState): Array<{t: number; up: boolean}> {
		return this.linkTransitions(adapter);
	}

	/** Link transitions of an adapter: both ends must be up (the switch port and the adapter on its node). */
	private linkTransitions(adapter: AdapterState): Array<{t: number; up: boolean}> {
		return this.transitionsOf(adapter, 'link', () => {
			const times = [...this.portLinkTransitions(adapter), ...this.adapterLinkTransitions(adapter)].map(transition => transition.t).sort((a, b) => a - b);
			return times.map(t => ({t, up: this.linkUp(adapter, t)}));
		});
	}

	/** The adapter's own side: down the moment it is disabled, up linkUpMs after it is enabled. */
	private adapterLinkTransitions(adapter: AdapterState): Array<{t: number; up: boolean}> {
		return this.transitionsOf(adapter, 'adapter', () => adapter.adminEvents.flatMap((event, index): Array<{t: number; up: boolean}> => {
			if (!event.enabled) {
				return [{t: event.t, up: false}];
			}

			const upAt = event.t + this.config.timings.linkUpMs;
			const next = adapter.adminEvents[index + 1];
			return next === undefined || next.t > upAt ? [{t: upAt, up: true}] : [];
		}));
	}

	/** The switch's side: down the moment its port is shut, up linkUpMs after `no shutdown`. */
	private portLinkTransitions(adapter: AdapterState): Array<{t: number; up: boolean}> {
		return this.transitionsOf(adapter, 'port', () => this.computePortLinkTransitions(adapter));
	}

	private computePortLinkTransitions(adapter: AdapterState): Array<{t: number; up: boolean}> {
		const history = this.portHistory(adapter.rnic.cable.switch, adapter.rnic.cable.port);
		const transitions: Array<{t: number; up: boolean}> = [];
		for (const [index, event] of history.events.entries()) {
			if (!event.admin) {
				transitions.push({t: event.t, up: false});
				continue;
			}

			const upAt = event.t + this.config.timings.linkUpMs;
			const next = history.events[index + 1];
			if (next === undefined || next.t > upAt) {
				transitions.push({t: upAt, up: true});
			}
		}

		return transitions;
	}

	linkUp(adapter: AdapterState, t = this.now()): boolean {
		const port = this.portLinkTransitions(adapter).findLast(transition => transition.t <= t);
		const portUp = port === undefined ? this.portHistory(adapter.rnic.cable.switch, adapter.rnic.cable.port).initialAdmin : port.up;
		return portUp && (this.adapterLinkTransitions(adapter).findLast(transition => transition.t <= t)?.up ?? true);
	}

	// --- SMB Multichannel channels ----------------------------------------------------------------------------

	private pathTransitions(path: Path): Array<{t: number; up: boolean}> {
		return this.transitionsOf(path, 'path', () => this.computePathTransitions(path));
	}

	private computePathTransitions(path: Path): Array<{t: number; up: boolean}> {
		const times = [...this.linkTransitions(path.client), ...this.linkTransitions(path.server)].map(transition => transition.t).sort((a, b) => a - b);
		const transitions: Array<{t: number; up: boolean}> = [];
		let previous = this.pathUp(path, -Infinity);
		for (const t of times) {
			const up = this.pathUp(path, t);
			if (up !== previous) {
				transitions.push({t, up});
				previous = up;
			}
		}

		return transitions;
	}

	private pathUp(path: Path, t: number): boolean {
		return this.linkUp(path.client, t) && this.linkUp(path.server, t);
	}

	pathState(path: Path, t = this.now()): PathState {
		const transitions = this.pathTransitions(path);
		const last = transitions.findLast(transition => transition.t <= t);
		if (last === undefined) {
			return this.pathUp(path, t) ? 'active' : 'down';
		}

		if (last.up) {
			return this.behavior.channelReadd && t - last.t >= this.config.timings.channelReaddMs ? 'active' : 'pending';
		}

		const wasActive = this.pathState(path, last.t - 0.001) === 'active';
		return wasActive && t - last.t < this.config.timings.failoverDetectionMs ? 'failing' : 'down';
	}

	private rdmaCapable(path: Path): boolean {
		return rdmaPath(this, path);
	}

	/**
	 * Channels carrying new I/O: SMB uses only RDMA channels while any is up; without one it falls back to TCP
	 * on the interfaces that still have a link.
	 */
	carriers(session: Session, blockSize: number, t = this.now()): Carrier[] {
		const active = this.pathsAt(session, t).filter(path => this.pathState(path, t) === 'active');
		const rdma = active.filter(path => this.rdmaCapable(path));
		const chosen = rdma.length > 0 ? rdma.map(path => ({path, transport: 'rdma' as const})) : active.map(path => ({path, transport: 'tcp' as const}));
		const capacities = chosen.map(carrier => this.capacityIops(carrier.path, carrier.transport, blockSize));
		const total = capacities.reduce((sum, value) => sum + value, 0);
		return chosen.map((carrier, index) => ({...carrier, share: total === 0 ? 0 : capacities[index]! / total}));
	}

	private capacityIops(path: Path, transport: 'rdma' | 'tcp', blockSize: number): number {
		const linkBytes = Math.min(path.client.rnic.linkGbps, path.server.rnic.linkGbps) * 1e9 / 8;
		return transport === 'rdma' ? linkBytes * efficiency.rdma / blockSize : linkBytes * efficiency.tcp * tcpCpuCeiling / blockSize;
	}

	/** Whether I/O stalled on a lost path is replayed (continuously available share) or fails; kept while the state is. */
	private failures(workload: Workload): PathFailure[] {
		const key = this.stateKey();
		const memo = this.failureMemo.get(workload);
		if (memo?.key === key) {
			return memo.failures;
		}

		const failures = this.computeFailures(workload);
		this.failureMemo.set(workload, {key, failures});
		return failures;
	}

	private computeFailures(workload: Workload): PathFailure[] {
		const session = this.sessionFor(workload);
		if (session === undefined) {
			return [];
		}

		const ca = this.shares.get(workload.share.toLowerCase())?.continuouslyAvailable ?? true;
		const detection = this.config.timings.failoverDetectionMs;
		// A session moving to another file server node stalls all of its I/O until it is carried again; on a share
		// that is not continuously available its handles do not survive the move.
		const moves = this.sessionMoves(session.client).filter(move => move.at >= workload.startedAt).map(move => ca
			? {path: session.paths[0]!, at: move.at, stuckShare: 1, replayAt: move.resumeAt}
			: {path: session.paths[0]!, at: move.at, stuckShare: 1, failAt: move.at + detection});
		return [...moves, ...this.allPaths(session).flatMap(path => this.pathTransitions(path)
			.filter(transition => !transition.up && transition.t >= workload.startedAt && this.pathState(path, transition.t - 0.001) === 'active')
			.map(transition => {
				const before = this.carriers(session, workload.blockSize, transition.t - 0.001);
				const stuckShare = before.find(carrier => carrier.path === path)?.share ?? 0;
				return ca
					? {path, at: transition.t, stuckShare, ...this.firstCarrierAfter(session, workload.blockSize, transition.t + detection)}
					: {path, at: transition.t, stuckShare, failAt: transition.t + detection};
			}))];
	}

	private firstCarrierAfter(session: Session, blockSize: number, from: number): {replayAt?: number} {
		const {channelReaddMs, failoverDetectionMs} = this.config.timings;
		const candidates = this.allPaths(session).flatMap(path => this.pathTransitions(path).flatMap(transition => [transition.t, transition.t + channelReaddMs, transition.t + failoverDetectionMs]))
			.filter(t => t >= from)
			.sort((a, b) => a - b);
		const replayAt = [from, ...candidates].find(t => this.carriers(session, blockSize, t + 0.001).length > 0);
		return replayAt === undefined ? {} : {replayAt};
	}

	// --- workloads ------------------------------------------------------------------------------------------------

	startWorkload(spec: WorkloadSpec): number {
		const pinned = spec.server === undefined ? undefined : this.sessionTo(spec.client, spec.server);
		const id = this.nextWorkload++;
		this.workloads.set(id, {...spec, id, ...(pinned === undefined ? {} : {pinned})});
		this.flowChanges++;
		return id;
	}

	stopWorkload(id: number): void {
		const workload = this.workloads.get(id);
		if (workload !== undefined && workload.stoppedAt === undefined) {
			workload.stoppedAt = this.now();
			this.flowChanges++;
		}
	}

	/** The time the workload's I/O failed, if it did by `t`. */
	workloadError(id: number, t = this.now()): number | undefined {
		const workload = this.workloads.get(id);
		if (workload === undefined) {
			return undefined;
		}

		return this.failures(workload).filter(failure => failure.stuckShare > 0 && failure.failAt !== undefined && failure.failAt <= t).map(failure => failure.failAt!).sort((a, b) => a - b)[0];
	}

	private running(workload: Workload, t: number, failures: PathFailure[]): boolean {
		const failedAt = Math.min(...failures.filter(failure => failure.stuckShare > 0 && failure.failAt !== undefined).map(failure => failure.failAt!));
		return t >= workload.startedAt && t < Math.min(workload.endsAt, workload.stoppedAt ?? Infinity, failedAt);
	}

	private baseLatencyMs(path: Path, transport: 'rdma' | 'tcp', blockSize: number): number {
		const wire = blockSize / (Math.min(path.client.rnic.linkGbps, path.server.rnic.linkGbps) * 1e9 / 8) * 1000;
		return (this.config.storage.baseLatencyUs / 1000) + wire + (transport === 'tcp' ? tcpExtraLatencyMs : 0);
	}

	/** The workload's I/O at time t, given the failures computed for it, as far as the switches let it through. */
	private flowAt(workload: Workload, t: number, failures: PathFailure[]): Flow {
		const demand = this.demand(workload, t, failures);
		const limits = demand.carriers.length === 0 ? undefined : this.limiter?.(t);
		if (limits === undefined) {
			return demand;
		}

		const carriers = demand.carriers.map(carrier => {
			const {scale, wireFactor} = limits.carrier(workload.id, carrier.path.id);
			return {...carrier, iops: carrier.iops * scale, wireFactor};
		});
		const iops = carriers.reduce((sum, carrier) => sum + carrier.iops, 0);
		// Little's law again: what the switches hold back waits in the queue.
		return {...demand, iops, latencyMs: iops > 0 ? demand.latencyMs * demand.iops / iops : 0, carriers};
	}

	/** The workload's I/O at time t if nothing but its own links, cross traffic and the back end limited it. */
	private demand(workload: Workload, t: number, failures: PathFailure[]): Flow {
		const session = this.sessionFor(workload);
		if (session === undefined || !this.running(workload, t, failures)) {
			return {iops: 0, latencyMs: 0, stuck: 0, carriers: []};
		}

		const stuck = Math.min(1, failures
			.filter(failure => failure.at <= t && t < (failure.replayAt ?? failure.failAt ?? Infinity))
			.reduce((sum, failure) => sum + failure.stuckShare, 0));
		const carriers = this.carriers(session, workload.blockSize, t);
		const inFlight = workload.queueDepth * (1 - stuck);
		if (carriers.length === 0 || inFlight <= 0) {
			return {iops: 0, latencyMs: 0, stuck, carriers: []};
		}

		const offered = carriers.map(carrier => {
			// What is left of the link beside other traffic on it (live migration sharing the storage links).
			const capacity = this.capacityIops(carrier.path, carrier.transport, workload.blockSize) * this.leftByCrossTraffic(carrier.path.client, t, 1 - (workload.writePercent / 100));
			const iops = Math.min(inFlight * carrier.share / (this.baseLatencyMs(carrier.path, carrier.transport, workload.blockSize) / 1000), capacity);
			return {iops, loss: carrier.transport === 'rdma' ? roceLoss(this, carrier.path, 1 - (workload.writePercent / 100), iops * workload.blockSize, capacity * workload.blockSize) : {goodput: 1, episodesPerS: 0}};
		});
		const demand = offered.map(({iops, loss}) => iops * loss.goodput);
		const total = demand.reduce((sum, value) => sum + value, 0);
		const scale = Math.min(1, this.config.storage.backendIops / total);
		// Measurement noise, a little different per path so that two equal links never draw the same line.
		const perPath = demand.map((value, index) => value * scale * (1 + (0.04 * (hash(this.config.seed, workload.id, index + 1, t / 250) - 0.5))));
		const iops = perPath.reduce((sum, value) => sum + value, 0);
		return {iops, latencyMs: inFlight / iops * 1000, stuck, carriers: carriers.map((carrier, index) => ({...carrier, iops: perPath[index]!, lossEpisodesPerS: offered[index]!.loss.episodesPerS}))};
	}

	/**
	 * The share of a client adapter's link that cross traffic (a live migration) leaves to storage at t: reads arrive
	 * (inbound), writes leave (outbound), and each direction of a link is its own.
	 */
	private leftByCrossTraffic(adapter: AdapterState, t: number, readShare: number): number {
		const ceiling = adapter.rnic.linkGbps * 1e9 / 8 * efficiency.rdma;
		const used = this.crossTraffic.reduce((sum, traffic) => {
			const bytes = traffic(adapter, t);
			return sum + (bytes === undefined ? 0 : (bytes.inbound * readShare) + (bytes.outbound * (1 - readShare)));
		}, 0);
		return Math.max(0.05, 1 - (used / ceiling));
	}

	/** Per-bucket completions and latency of a workload between two instants, as diskspd -D -L measures them. */
	ioBuckets(id: number, from: number, to: number, bucketMs: number): IoBucket[] {
		const workload = this.workloads.get(id);
		if (workload === undefined) {
			return [];
		}

		const failures = this.failures(workload);
		const step = Math.min(10, bucketMs);
		const buckets: IoBucket[] = [];
		for (let start = from; start < to - 0.5; start += bucketMs) {
			let ios = 0;
			let latencySum = 0;
			let maxMs = 0;
			let minMs = Infinity;
			for (let t = start; t < start + bucketMs; t += step) {
				const flow = this.flowAt(workload, t + (step / 2), failures);
				const completed = flow.iops * step / 1000;
				ios += completed;
				latencySum += completed * flow.latencyMs;
				if (completed > 0) {
					maxMs = Math.max(maxMs, flow.latencyMs * (2.4 + hash(this.config.seed, id, t)));
					minMs = Math.min(minMs, flow.latencyMs * 0.35);
				}
			}

			// Stalled I/O replayed in this bucket completes with the whole stall as its latency.
			for (const failure of failures) {
				if (failure.replayAt !== undefined && failure.stuckShare > 0 && failure.replayAt >= start && failure.replayAt < start + bucketMs) {
					const count = workload.queueDepth * failure.stuckShare;
					const latency = failure.replayAt - failure.at;
					ios += count;
					latencySum += count * latency;
					maxMs = Math.max(maxMs, latency);
				}
			}

			const writes = ios * workload.writePercent / 100;
			buckets.push({endMs: start + bucketMs - from, reads: ios - writes, writes, minMs: Number.isFinite(minMs) ? minMs : 0, avgMs: ios > 0 ? latencySum / ios : 0, maxMs});
		}

		return buckets;
	}

	/** Every carrier's demand at an instant, for the switches' arbitration. */
	carrierDemands(t: number): CarrierDemand[] {
		return [...this.workloads.values()].flatMap(workload => this.demand(workload, t, this.failures(workload)).carriers.map(carrier => ({
			workload: workload.id, carrier, iops: carrier.iops, blockSize: workload.blockSize, writePercent: workload.writePercent,
		})));
	}

	// --- streams (ntttcp) -------------------------------------------------------------------------------------------

	startStream(spec: StreamSpec): number {
		const id = this.nextStream++;
		this.streams.set(id, {...spec, id});
		this.flowChanges++;
		return id;
	}

	stopStream(id: number): void {
		const stream = this.streams.get(id);
		if (stream !== undefined && stream.stoppedAt === undefined) {
			stream.stoppedAt = this.now();
			this.flowChanges++;
		}
	}

	/** Bytes per second the stream would move at t: TCP at its links' payload ceiling while both ends are up. */
	streamDemand(stream: Stream, t: number): number {
		const running = t >= stream.startedAt && t < Math.min(stream.endsAt, stream.stoppedAt ?? Infinity);
		if (!running || !this.linkUp(stream.from, t) || !this.linkUp(stream.to, t)) {
			return 0;
		}

		return Math.min(stream.from.rnic.linkGbps, stream.to.rnic.linkGbps) * 1e9 / 8 * efficiency.tcp;
	}

	/** Every stream with its demand at t. */
	streamDemands(t: number): Array<{stream: Stream; bytesPerS: number}> {
		return [...this.streams.values()].map(stream => ({stream, bytesPerS: this.streamDemand(stream, t)}));
	}

	/** Bytes per second the stream moves at t, as far as the switches let it through. */
	streamRate(id: number, t: number): number {
		const stream = this.streams.get(id);
		const demand = stream === undefined ? 0 : this.streamDemand(stream, t);
		return demand === 0 ? 0 : demand * (this.limiter?.(t).stream(id) ?? 1);
	}

	/** Bytes the stream moved over (from, to], at 10 ms steps. */
	streamBytes(id: number, from: number, to: number): number {
		const step = 10;
		let bytes = 0;
		for (let t = from; t < to - 0.5; t += step) {
			bytes += this.streamRate(id, t + (step / 2)) * Math.min(step, to - t) / 1000;
		}

		return bytes;
	}

	/** Visits the flows of every workload touching a node at evenly spaced instants of (from, to], each weighted 1/n. */
	eachFlow(node: string, from: number, to: number, visit: (workload: Readonly<WorkloadSpec>, flow: Flow, weight: number) => void): void {
		const steps = Math.max(1, Math.round((to - from) / 20));
		for (const workload of this.workloads.values()) {
			const session = this.sessionFor(workload);
			if (workload.client !== node && (session === undefined || !this.allPaths(session).some(path => path.server.node === node))) {
				continue;
			}

			// An instant outside the workload's run carries none of its I/O: not worth a flow. A counter that counts
			// since the rig started reads back over every workload the rig ever ran.
			const end = Math.min(workload.endsAt, workload.stoppedAt ?? Number.POSITIVE_INFINITY);
			if (end <= from || workload.startedAt > to) {
				continue;
			}

			const failures = this.failures(workload);
			for (let index = 0; index < steps; index++) {
				const t = from + ((index + 0.5) * (to - from) / steps);
				if (t >= workload.startedAt && t < end) {
					visit(workload, this.flowAt(workload, t, failures), 1 / steps);
				}
			}
		}
	}

	/** Average byte and I/O rates through each rNIC of a node over (from, to], as perfmon's rate counters report them. */
	adapterRates(node: string, from: number, to: number): Map<string, {rdmaIn: number; rdmaOut: number; tcpIn: number; tcpOut: number; rdmaConnections: number}> {
		const rates = new Map(this.adaptersOf(node).map(adapter => [adapter.rnic.name, {rdmaIn: 0, rdmaOut: 0, tcpIn: 0, tcpOut: 0, rdmaConnections: 0}]));
		this.eachFlow(node, from, to, (workload, flow, weight) => {
			const readShare = 1 - (workload.writePercent / 100);
			for (const carrier of flow.carriers) {
				const adapter = workload.client === node ? carrier.path.client : carrier.path.server;
				if (adapter.node !== node) {
					continue;
				}

				const rate = rates.get(adapter.rnic.name)!;
				const data = carrier.iops * workload.blockSize * weight * (carrier.wireFactor ?? 1);
				const requests = carrier.iops * requestBytes * weight * (carrier.wireFactor ?? 1);
				// Reads flow server → client, writes client → server; requests the other way.
				const toClient = (data * readShare) + (requests * (1 - readShare));
				const toServer = (data * (1 - readShare)) + (requests * readShare);
				const [inbound, outbound] = workload.client === node ? [toClient, toServer] : [toServer, toClient];
				if (carrier.transport === 'rdma') {
					rate.rdmaIn += inbound;
					rate.rdmaOut += outbound;
				} else {
					rate.tcpIn += inbound;
					rate.tcpOut += outbound;
				}
			}
		});

		this.addCrossTraffic(node, from, to, rates);
		const steps = Math.max(1, Math.round((to - from) / 20));
		for (const stream of this.streams.values()) {
			for (const [adapter, field] of [[stream.from, 'tcpOut'], [stream.to, 'tcpIn']] as const) {
				const rate = adapter.node === node ? rates.get(adapter.rnic.name) : undefined;
				for (let index = 0; rate !== undefined && index < steps; index++) {
					rate[field] += this.streamRate(stream.id, from + ((index + 0.5) * (to - from) / steps)) / steps;
				}
			}
		}

		for (const session of this.sessions) {
			for (const path of this.pathsAt(session, to)) {
				if (path.client.node !== node && path.server.node !== node) {
					continue;
				}

				const adapter = path.client.node === node ? path.client : path.server;
				if (this.pathState(path, to) === 'active' && this.rdmaCapable(path)) {
					rates.get(adapter.rnic.name)!.rdmaConnections += 2;
				}
			}
		}

		return rates;
	}

	/** Adds the cross traffic of a node's rNICs over (from, to] to their rates. */
	private addCrossTraffic(node: string, from: number, to: number, rates: Map<string, {rdmaIn: number; rdmaOut: number; tcpIn: number; tcpOut: number}>): void {
		const steps = Math.max(1, Math.round((to - from) / 20));
		for (const adapter of this.adaptersOf(node)) {
			const rate = rates.get(adapter.rnic.name)!;
			for (let index = 0; index < steps; index++) {
				for (const traffic of this.crossTraffic) {
					const bytes = traffic(adapter, from + ((index + 0.5) * (to - from) / steps));
					if (bytes !== undefined) {
						rate[bytes.transport === 'rdma' ? 'rdmaIn' : 'tcpIn'] += bytes.inbound / steps;
						rate[bytes.transport === 'rdma' ? 'rdmaOut' : 'tcpOut'] += bytes.outbound / steps;
					}
				}
			}
		}
	}

	/** Data bytes and requests per second of a node's workloads on a share over (from, to], and the bytes SMB Direct carried. */
	shareRates(node: string, from: number, to: number): {readBytes: number; writeBytes: number; reads: number; writes: number; directReadBytes: number; directWriteBytes: number} {
		const total = {readBytes: 0, writeBytes: 0, reads: 0, writes: 0, directReadBytes: 0, directWriteBytes: 0};
		this.eachFlow(node, from, to, (workload, flow, weight) => {
			const writes = flow.iops * workload.writePercent / 100 * weight;
			const reads = (flow.iops * weight) - writes;
			const rdmaShare = flow.carriers.filter(carrier => carrier.transport === 'rdma').reduce((sum, carrier) => sum + carrier.iops, 0) / (flow.iops || 1);
			total.reads += reads;
			total.writes += writes;
			total.readBytes += reads * workload.blockSize;
			total.writeBytes += writes * workload.blockSize;
			total.directReadBytes += reads * workload.blockSize * rdmaShare;
			total.directWriteBytes += writes * workload.blockSize * rdmaShare;
		});
		return total;
	}
}
