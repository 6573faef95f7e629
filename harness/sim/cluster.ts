// The simulated failover cluster of the SOFS nodes: membership, clustered roles and their owners, cluster networks
// and their interfaces, heartbeat loss, the SMB clients' file server nodes and their SMB Witness registrations, and
// the FailoverClustering events Windows writes. Like the fabric it is history, not state: everything is derived
// from the commands the nodes received (Stop-/Start-/Suspend-/Resume-ClusterNode, Move-ClusterGroup) and the links'
// history, so any instant can be asked about, past or planned.
//
// Behaviour (times in simulation.cluster of the rig file):
// - An interface whose link stays down for SameSubnetDelay × SameSubnetThreshold is failed (event 1127), one whose
//   heartbeats are dropped though its link is up is unreachable (1126); it is up again (1125) one heartbeat after. A cluster network is Up when every interface of the nodes in
//   the cluster is, Down when at most one is left (1130), Partitioned in between (1129), and logs 1128 when Up again.
//   Only networks whose role allows cluster traffic (Cluster, ClusterAndClient) carry heartbeats; Client networks
//   are watched but carry none; networks with role None are neither.
// - A node cut off from the node owning the core cluster group (Cluster Group) on every heartbeat network for the
//   same threshold is removed from membership (1135, logged on the other nodes); it joins again once it reaches it.
// - A node that leaves (stopped, drained, removed) hands its roles to the first node that is up after roleMoveMs;
//   SMB clients connected to it move to their witness node: a planned move (drain) stalls them witnessMoveMs, a
//   lost node unplannedMoveMs, and a client without a witness registration waits for SMB's time-outs (smbTimeoutMs).
// - When the file server role comes back to a node, the clients that started there move back (SOFS rebalancing).
// - A client registers with a witness on a node other than its file server node that is up; in a two-node cluster
//   with one node out there is none, so no registration (MS-SWN: the witness interface must be on another node).
import type {RigNode} from '../rig/schema.js';
import type {AdapterState, Fabric, SessionMove} from './fabric.js';
import {hostState} from './windows/node-state.js';

export type NodeState = 'Up' | 'Down' | 'Paused' | 'Joining';
export type NetworkState = 'Up' | 'Down' | 'Partitioned';
export type NodeAction = 'stop' | 'start' | 'drain' | 'pause' | 'resume';

export interface ClusterEvent {
	t: number;
	id: number;
	level: 'Critical' | 'Error' | 'Warning' | 'Information';
	/** The event's insertion strings (%1, %2 …), as Get-WinEvent's Properties. */
	data: string[];
	/** Nodes whose System log has it. */
	loggedOn: string[];
}

interface Timed<T> {
	t: number;
	value: T;
}

interface History {
	nodes: Map<string, Array<Timed<NodeState>>>;
	owners: Map<string, Array<Timed<{owner: string; pending: boolean}>>>;
	networks: Map<string, Array<Timed<NetworkState>>>;
	events: ClusterEvent[];
	moves: Map<string, SessionMove[]>;
}

/** A cluster network: the cluster's name for it, the rig's network, and whether it carries heartbeats. */
interface ClusterNetwork {
	name: string;
	network: string;
	/** ClusterNetworkRole: 0 None, 1 Cluster, 2 Client, 3 ClusterAndClient. */
	role: number;
}

const clusterGroup = 'Cluster Group';
export const provider = 'Microsoft-Windows-FailoverClustering';

// The messages of the FailoverClustering events the cluster writes (MicrosoftDocs windowsserverdocs,
// failover-clustering/system-events.md; the provider's message table as published in scheatkode/brain,
// knowledgebase/systems/windows/event-logs/Microsoft-Windows-FailoverClustering.md).
const checkNetwork = 'Run the Validate a Configuration wizard to check your network configuration. If the condition persists, check for hardware or software errors related to the network adapter. Also check for failures in any other network components to which the node is connected such as hubs, switches, or bridges.';
const messages: Record<number, (data: string[]) => string> = {
	1125: ([iface, node, network]) => `Cluster network interface '${iface}' for cluster node '${node}' on network '${network}' is operational (up). The node can communicate with all other available failover cluster nodes on the network.`,
	1126: ([iface, node, network]) => `Cluster network interface '${iface}' for cluster node '${node}' on network '${network}' is unreachable by at least one other cluster node attached to the network. The failover cluster was not able to determine the location of the failure. ${checkNetwork}`,
	1127: ([iface, node, network]) => `Cluster network interface '${iface}' for cluster node '${node}' on network '${network}' failed. ${checkNetwork}`,
	1128: ([network]) => `Cluster network '${network}' is operational (up). All available failover cluster nodes attached to the network can communicate using it.`,
	1129: ([network]) => `Cluster network '${network}' is partitioned. Some attached failover cluster nodes cannot communicate with each other over the network. The failover cluster was not able to determine the location of the failure. ${checkNetwork}`,
	1130: ([network]) => `Cluster network '${network}' is down. None of the available nodes can communicate using this network. ${checkNetwork}`,
	1135: ([node]) => `Cluster node '${node}' was removed from the active failover cluster membership. The Cluster service on this node may have stopped. This could also be due to the node having lost communication with other active nodes in the failover cluster. Run the Validate a Configuration wizard to check your network configuration. If the condition persists, check for hardware or software errors related to the network adapters on this node. Also check for failures in any other network components to which the node is connected such as hubs, switches, or bridges.`,
};

export const eventMessage = (event: Pick<ClusterEvent, 'id' | 'data'>): string => messages[event.id]?.(event.data) ?? '';

const at = <T>(list: ReadonlyArray<Timed<T>> | undefined, t: number): T | undefined => list?.findLast(entry => entry.t <= t)?.value;

const networkAddress = (cidr: string) => cidr.split('/')[0] ?? cidr;

/** A queue of things to happen, in time order (then in the order they were queued). */
class Agenda {
	private readonly items: Array<{t: number; seq: number; run: () => void}> = [];
	private seq = 0;

	add(t: number, run: () => void): void {
		this.items.push({t, seq: this.seq++, run});
		this.items.sort((a, b) => a.t - b.t || a.seq - b.seq);
	}

	next(): {t: number; run: () => void} | undefined {
		return this.items.shift();
	}
}

export class SimCluster {
	readonly behavior = {
		/** Whether the hosts' SMB clients register with the SMB Witness service. */
		witness: true,
		/** Interfaces (`node|network`) whose heartbeats are dropped though their link is up (a firewall, a switch ACL). */
		heartbeatBlocked: new Set<string>(),
	};

	private readonly commands: Array<{t: number; node: string; action: NodeAction}> = [];
	private readonly groupMoves: Array<{t: number; group: string; to: string}> = [];
	private cache?: {revision: number; inputs: number; history: History};
	private inputs = 0;

	constructor(readonly fabric: Fabric) {}

	get members(): string[] {
		return hostState(this.fabric).cluster?.members ?? [];
	}

	get groups(): string[] {
		return [clusterGroup, 'Available Storage', this.fabric.rig.sofs.name];
	}

	get heartbeat(): {delayMs: number; threshold: number} {
		return {delayMs: this.fabric.config.cluster.sameSubnetDelayMs, threshold: this.fabric.config.cluster.sameSubnetThreshold};
	}

	/** A command a node received (now). */
	command(node: string, action: NodeAction): void {
		this.commands.push({t: this.fabric.now(), node, action});
		this.changed();
	}

	moveGroup(group: string, to: string): void {
		this.groupMoves.push({t: this.fabric.now(), group, to});
		this.changed();
	}

	/** Call after changing `behavior`. */
	changed(): void {
		this.inputs++;
	}

	nodeState(node: string, t = this.fabric.now()): NodeState {
		return at(this.history().nodes.get(node), t) ?? 'Up';
	}

	owner(group: string, t = this.fabric.now()): {owner: string; pending: boolean} | undefined {
		return at(this.history().owners.get(group), t);
	}

	networkState(name: string, t = this.fabric.now()): NetworkState {
		return at(this.history().networks.get(name), t) ?? 'Up';
	}

	/** The events written by `t`, oldest first. */
	events(t = this.fabric.now()): ClusterEvent[] {
		return this.history().events.filter(event => event.t <= t);
	}

	sessionMoves(client: string): readonly SessionMove[] {
		return this.history().moves.get(client) ?? [];
	}

	/** The SMB Witness registrations at t: each client with its file server node and witness node. */
	witnessRegistrations(t = this.fabric.now()): Array<{client: string; server: string; witness: string}> {
		if (!this.behavior.witness) {
			return [];
		}

		return this.fabric.sessions.flatMap(session => {
			const server = this.fabric.serverAt(session, t);
			const witness = server === undefined ? undefined : this.witnessFor(server, node => this.nodeState(node, t));
			return server === undefined || witness === undefined ? [] : [{client: session.client, server, witness}];
		});
	}

	/** The cluster's networks, with the rig's network each one is. */
	networks(): ClusterNetwork[] {
		const config = hostState(this.fabric).cluster;
		return (config?.networks ?? []).flatMap(entry => {
			const network = this.fabric.rig.networks.find(candidate => networkAddress(candidate.cidr) === entry.Address);
			return network === undefined ? [] : [{name: entry.Name, network: network.name, role: entry.Role}];
		});
	}

	/** The node's adapter on a network: an rNIC (its link is the fabric's), the management adapter (always up), none. */
	private interfaceOf(node: RigNode, network: string): {name: string; adapter?: AdapterState} | undefined {
		const rnic = node.rnics.find(candidate => candidate.network === network);
		if (rnic !== undefined) {
			return {name: rnic.name, adapter: this.fabric.adapter(node.name, rnic.name)};
		}

		return node.management.network === network ? {name: node.management.adapter} : undefined;
	}

	/** The witness of a client on `server`: the next node after it that is up, never the server itself. */
	private witnessFor(server: string, stateOf: (node: string) => NodeState): string | undefined {
		const members = this.members;
		const from = members.indexOf(server);
		return [...members.slice(from + 1), ...members.slice(0, Math.max(0, from))].find(node => node !== server && stateOf(node) === 'Up');
	}

	private history(): History {
		if (this.cache?.revision !== this.fabric.revision || this.cache.inputs !== this.inputs) {
			this.cache = {revision: this.fabric.revision, inputs: this.inputs, history: this.compute()};
		}

		return this.cache.history;
	}

	private compute(): History {
		const {fabric} = this;
		const timings = fabric.config.cluster;
		const thresholdMs = timings.sameSubnetDelayMs * timings.sameSubnetThreshold;
		const members = this.members;
		const nodes = new Map(members.map(name => [name, fabric.rig.nodes.find(node => node.name === name)!]));
		const networks = this.networks().filter(network => network.role !== 0);
		const heartbeatNetworks = networks.filter(network => network.role === 1 || network.role === 3);
		const history: History = {
			nodes: new Map(members.map(node => [node, [{t: -Infinity, value: 'Up'}]])),
			owners: new Map(this.groups.map(group => [group, [{t: -Infinity, value: {owner: members[0]!, pending: false}}]])),
			networks: new Map(networks.map(network => [network.name, [{t: -Infinity, value: 'Up'}]])),
			events: [],
			moves: new Map(),
		};
		if (members.length === 0) {
			return history;
		}

		const agenda = new Agenda();
		const state = new Map<string, NodeState>(members.map(node => [node, 'Up']));
		const removed = new Set<string>();
		const owner = new Map(this.groups.map(group => [group, members[0]!]));
		const server = new Map(fabric.sessions.map(session => [session.client, session.server]));
		const key = (node: string, network: string) => `${node}|${network}`;
		const linkUp = new Map<string, boolean>();
		const downSince = new Map<string, number>();
		const failed = new Set<string>();
		const netState = new Map<string, NetworkState>(networks.map(network => [network.name, 'Up']));
		const isolatedSince = new Map<string, number>();

		const setState = (node: string, value: NodeState, t: number) => {
			state.set(node, value);
			history.nodes.get(node)!.push({t, value});
		};

		const log = (t: number, id: number, level: ClusterEvent['level'], data: string[], except?: string) => {
			history.events.push({t, id, level, data, loggedOn: members.filter(node => state.get(node) !== 'Down' && node !== except)});
		};

		// Heartbeats pass an interface whose link is up and whose heartbeats nothing drops.
		const ifaceUp = (node: string, network: string) => (linkUp.get(key(node, network)) ?? true) && !this.behavior.heartbeatBlocked.has(key(node, network));
		const attached = (node: string, network: string) => this.interfaceOf(nodes.get(node)!, network) !== undefined;
		const connected = (a: string, b: string) => heartbeatNetworks.some(network => attached(a, network.network) && attached(b, network.network) && ifaceUp(a, network.network) && ifaceUp(b, network.network));

		const pick = (exclude: string) => members.find(node => node !== exclude && state.get(node) === 'Up');

		const recomputeNetworks = (t: number) => {
			for (const network of networks) {
				const counted = members.filter(node => (state.get(node) === 'Up' || state.get(node) === 'Paused') && attached(node, network.network));
				const up = counted.filter(node => !failed.has(key(node, network.network))).length;
				const value: NetworkState = up === counted.length ? 'Up' : up <= 1 ? 'Down' : 'Partitioned';
				if (value !== netState.get(network.name)) {
					netState.set(network.name, value);
					history.networks.get(network.name)!.push({t, value});
					log(t, {Up: 1128, Down: 1130, Partitioned: 1129}[value], value === 'Up' ? 'Information' : 'Error', [network.name]);
				}
			}
		};

		const moveSession = (client: string, to: string, t: number, pauseMs: number) => {
			server.set(client, to);
			const moves = history.moves.get(client) ?? [];
			moves.push({at: t, resumeAt: t + pauseMs, server: to});
			history.moves.set(client, moves);
		};

		const setOwner = (group: string, to: string, t: number) => {
			owner.set(group, to);
			history.owners.get(group)!.push({t, value: {owner: to, pending: false}});
			if (group === fabric.rig.sofs.name && this.behavior.witness) {
				// SOFS rebalancing: the clients that started on the node the role came back to move back to it.
				for (const session of fabric.sessions) {
					if (session.server === to && server.get(session.client) !== to) {
						moveSession(session.client, to, t, timings.witnessMoveMs);
					}
				}
			}

			if (group === clusterGroup) {
				checkIsolation(t);
			}
		};

		const moveGroup = (group: string, to: string, t: number) => {
			history.owners.get(group)!.push({t, value: {owner: owner.get(group)!, pending: true}});
			agenda.add(t + timings.roleMoveMs, () => {
				const target = state.get(to) === 'Up' ? to : pick(owner.get(group)!);
				if (target !== undefined) {
					setOwner(group, target, t + timings.roleMoveMs);
				}
			});
		};

		const leave = (node: string, how: 'stop' | 'drain' | 'removed', t: number) => {
			// The witness that tells the node's clients where to go is chosen while the node is still in.
			const witness = this.behavior.witness ? this.witnessFor(node, candidate => state.get(candidate)!) : undefined;
			setState(node, how === 'drain' ? 'Paused' : 'Down', t);
			if (how === 'removed') {
				removed.add(node);
				log(t, 1135, 'Critical', [node], node);
			}

			for (const group of this.groups.filter(candidate => owner.get(candidate) === node)) {
				const to = pick(node);
				if (to !== undefined) {
					moveGroup(group, to, t);
				}
			}

			for (const session of fabric.sessions.filter(candidate => server.get(candidate.client) === node)) {
				const to = witness ?? pick(node);
				if (to !== undefined) {
					moveSession(session.client, to, t, witness === undefined ? timings.smbTimeoutMs : how === 'drain' ? timings.witnessMoveMs : timings.unplannedMoveMs);
				}
			}

			recomputeNetworks(t);
		};

		const join = (node: string, t: number) => {
			setState(node, 'Joining', t);
			agenda.add(t + timings.joinMs, () => {
				if (state.get(node) === 'Joining' && !isolated(node)) {
					removed.delete(node);
					setState(node, 'Up', t + timings.joinMs);
					recomputeNetworks(t + timings.joinMs);
				}
			});
		};

		const isolated = (node: string) => {
			const core = owner.get(clusterGroup)!;
			return node !== core && !connected(node, core);
		};

		// A node cut off from the core for the threshold is removed; a removed node joins again once it is not.
		function checkIsolation(t: number) {
			for (const node of members) {
				if (!isolated(node)) {
					isolatedSince.delete(node);
					if (removed.has(node) && state.get(node) === 'Down') {
						join(node, t);
					}

					continue;
				}

				if (isolatedSince.has(node) || state.get(node) === 'Down') {
					continue;
				}

				isolatedSince.set(node, t);
				agenda.add(t + thresholdMs, () => {
					if (isolatedSince.get(node) === t && state.get(node) !== 'Down') {
						leave(node, 'removed', t + thresholdMs);
					}
				});
			}
		}

		const linkChange = (node: string, network: ClusterNetwork, up: boolean, t: number) => {
			const id = key(node, network.network);
			linkUp.set(id, up);
			const iface = this.interfaceOf(nodes.get(node)!, network.network)!;
			const data = [`${node} - ${iface.name}`, node, network.name];
			if (ifaceUp(node, network.network)) {
				downSince.delete(id);
				if (failed.has(id)) {
					agenda.add(t + timings.sameSubnetDelayMs, () => {
						if (ifaceUp(node, network.network) && failed.delete(id)) {
							log(t + timings.sameSubnetDelayMs, 1125, 'Information', data);
							recomputeNetworks(t + timings.sameSubnetDelayMs);
						}
					});
				}
			} else if (!downSince.has(id)) {
				downSince.set(id, t);
				agenda.add(t + thresholdMs, () => {
					if (downSince.get(id) === t && !failed.has(id) && state.get(node) !== 'Down') {
						failed.add(id);
						// A link that is down places the failure (failed); heartbeats lost on a link that is up do not (unreachable).
						log(t + thresholdMs, linkUp.get(id) === false ? 1127 : 1126, 'Error', data);
						recomputeNetworks(t + thresholdMs);
					}
				});
			}

			if (network.role === 1 || network.role === 3) {
				checkIsolation(t);
			}
		};

		for (const name of members) {
			const node = nodes.get(name)!;
			for (const network of networks) {
				const adapter = this.interfaceOf(node, network.network)?.adapter;
				if (adapter === undefined) {
					continue;
				}

				linkUp.set(key(name, network.network), fabric.linkUp(adapter, -Infinity));
				for (const change of fabric.linkChanges(adapter)) {
					agenda.add(change.t, () => {
						linkChange(name, network, change.up, change.t);
					});
				}
			}
		}

		for (const {t, node, action} of this.commands) {
			agenda.add(t, () => {
				const current = state.get(node)!;
				if (action === 'stop' && current !== 'Down') {
					leave(node, 'stop', t);
				} else if (action === 'drain' && current === 'Up') {
					leave(node, 'drain', t);
				} else if (action === 'pause' && current === 'Up') {
					setState(node, 'Paused', t);
				} else if (action === 'resume' && current === 'Paused') {
					setState(node, 'Up', t);
					recomputeNetworks(t);
				} else if (action === 'start' && current === 'Down') {
					join(node, t);
				}
			});
		}

		for (const {t, group, to} of this.groupMoves) {
			agenda.add(t, () => {
				if (owner.get(group) !== to) {
					moveGroup(group, to, t);
				}
			});
		}

		// Interfaces without heartbeats from the start (a port shut, heartbeats dropped) count from the start.
		agenda.add(0, () => {
			for (const name of members) {
				for (const network of networks) {
					if (this.interfaceOf(nodes.get(name)!, network.network) !== undefined && !ifaceUp(name, network.network) && !downSince.has(key(name, network.network))) {
						linkChange(name, network, linkUp.get(key(name, network.network)) ?? true, 0);
					}
				}
			}
		});

		for (let item = agenda.next(); item !== undefined; item = agenda.next()) {
			item.run();
		}

		return history;
	}
}

const clusters = new WeakMap<Fabric, SimCluster>();

/** The fabric's cluster, created on first use; from then on the fabric's SMB sessions follow it. */
export const simCluster = (fabric: Fabric): SimCluster => {
	let cluster = clusters.get(fabric);
	if (cluster === undefined) {
		const created = new SimCluster(fabric);
		cluster = created;
		clusters.set(fabric, created);
		fabric.sessionMoves = client => created.sessionMoves(client);
	}

	return cluster;
};
