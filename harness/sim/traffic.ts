// What crosses the simulated switches, instant by instant: every flow of the fabric (SMB on its channels, ntttcp
// streams, the SOFS cluster's heartbeats) tagged by its sending host's QoS policy, classified by the ingress port
// (trust CoS or DSCP), queued and arbitrated at its egress port (sim/egress.ts), and paused or dropped when held back.
// The fabric scales its flows by what gets through (its limiter); the switches' counters integrate the same slots, so
// host counters, tool results and switch counters all move together and for the same reasons.
import {cidrContains, parseCidr} from '../rig/ip.js';
import {arbitrate, goBackNGoodput, pausesPerS, tcpCongestedLoss, type Offer, type SchedulerClass} from './egress.js';
import {efficiency, type AdapterState, type Fabric, type FlowLimits} from './fabric.js';
import {pfcOperational, switchConfigs, type SimPortConfig} from './switches/state.js';
import {hostState, nodeState, qosTemplates, type NodeConfig, type RnicConfig} from './windows/node-state.js';

/** Counters of one switch port since the rig started; per priority (802.1p) or per queue (traffic class). */
export interface PortTraffic {
	/** Bytes the switch sent to the rNIC, by the priority it classified them with, and received from it, by tag. */
	txBytes: number[];
	rxBytes: number[];
	txPackets: number[];
	/** Pause frames the rNIC sent the switch, and the switch sent the rNIC, per priority. */
	rxPause: number[];
	txPause: number[];
	queueTxBytes: number[];
	queueTxPackets: number[];
	queueDrops: number[];
}

type Kind = 'rdma' | 'tcp' | 'udp';

/** One direction of one flow. */
interface Transmission {
	id: string;
	/** The flow it belongs to: its share of what it asked for is the flow's. */
	group: string;
	kind: Kind;
	sender: AdapterState;
	receiver: AdapterState;
	/** The 802.1p priority the sender tagged it with. */
	priority: number;
	/** Payload bytes per second it would move, unhindered. */
	bytesPerS: number;
	/** RDMA: packets in flight per queue pair, all resent after a loss. */
	windowPackets: number;
	/** The workload carrier it belongs to, if it is SMB. */
	workload?: {id: number; path: string};
}

/** A transmission with the class the ingress port gave it and the queue it waits in at the egress port. */
interface Classified extends Transmission {
	classified: number;
	queue: number;
}

interface Outcome {
	/** Payload bytes per second through the egress port, and of those, what the receiver could use. */
	carried: number;
	goodput: number;
	/** Bytes per second the switch dropped, and pause frames per second it sent the sender. */
	dropped: number;
	pauses: number;
}

// A port's counters as one flat array: 8 values (priorities or queues) per field, in this order.
const fields = ['txBytes', 'rxBytes', 'txPackets', 'rxPause', 'txPause', 'queueTxBytes', 'queueTxPackets', 'queueDrops'] as const satisfies ReadonlyArray<keyof PortTraffic>;
const field = Object.fromEntries(fields.map((name, index) => [name, index * 8])) as Record<keyof PortTraffic, number>;
type Counters = Float64Array;
const newCounters = (): Counters => new Float64Array(fields.length * 8);

interface Slot {
	limits: FlowLimits;
	/** Per port (`device|port`) that carried anything: rates per second of every counter. */
	ports: Map<string, Counters>;
}

const slotMs = 20;
// 80 s of slots: a polling interval's and a diskspd run's worth of instants are computed once.
const maxSlots = 4096;
// SMB's request and response headers beside the data (fabric.ts counts them the same way).
const requestBytes = 120;
// RoCEv2 with IB MTU 4096 (jumbo frames): payload per packet, and the frame around it.
const rdmaPayload = 4096;
const rdmaFrame = rdmaPayload + 78;
const maxWindowPackets = 64;
// Cluster heartbeats (UDP 3343, one per second per route, plus NetFT keepalives): a couple of KB per second.
const heartbeatBps = 2000;

const portKey = (adapter: AdapterState) => `${adapter.rnic.cable.switch}|${adapter.rnic.cable.port}`;

/** The configuration behind an rNIC's traffic: its switch port's, its node's and its own (objects changed in place). */
interface Ends {
	port: SimPortConfig;
	node: NodeConfig;
	rnic: RnicConfig;
}

export class Traffic {
	private readonly slots = new Map<number, {key: string; slot: Slot}>();
	private readonly ends = new WeakMap<AdapterState, Ends>();
	private readonly totals: {t: number; ports: Map<string, Counters>} = {t: 0, ports: new Map()};

	constructor(private readonly fabric: Fabric) {}

	/** What gets through at t (in its 20 ms slot). */
	limits(t: number): FlowLimits {
		return this.slotAt(t).limits;
	}

	/** Counters of a port since the rig started, as the switch keeps them (whole numbers). */
	portTraffic(device: string, port: string): PortTraffic {
		const now = this.fabric.now();
		const {totals} = this;
		// History before now never changes: extend the totals from the last reading instead of integrating it all again.
		for (let t = totals.t; t < now; t += slotMs) {
			const seconds = Math.min(slotMs, now - t) / 1000;
			for (const [key, rates] of this.slotAt(t + (slotMs / 2)).ports) {
				let total = totals.ports.get(key);
				if (total === undefined) {
					total = newCounters();
					totals.ports.set(key, total);
				}

				for (let index = 0; index < total.length; index++) {
					total[index]! += rates[index]! * seconds;
				}
			}
		}

		totals.t = Math.max(totals.t, now);
		const total = totals.ports.get(`${device}|${port}`) ?? newCounters();
		return Object.fromEntries(fields.map(name => [name, Array.from(total.subarray(field[name], field[name] + 8), Math.floor)])) as unknown as PortTraffic;
	}

	private slotAt(t: number): Slot {
		const index = Math.floor(t / slotMs);
		const key = this.fabric.stateKey();
		const cached = this.slots.get(index);
		if (cached?.key === key) {
			return cached.slot;
		}

		const slot = this.compute((index + 0.5) * slotMs);
		if (this.slots.size >= maxSlots) {
			this.slots.delete(this.slots.keys().next().value!);
		}

		this.slots.set(index, {key, slot});
		return slot;
	}

	private compute(t: number): Slot {
		const transmissions = [...this.carriers(t), ...this.streams(t), ...this.heartbeats(t)].filter(item => item.bytesPerS > 0).map(item => ({...item, ...this.classify(item)}));
		const outcomes = this.arbitrate(transmissions);
		// A flow gets, end to end, the smallest share any of its directions got through.
		const scale = new Map<string, number>();
		for (const item of transmissions) {
			const share = outcomes.get(item.id)!.goodput / item.bytesPerS;
			scale.set(item.group, Math.min(scale.get(item.group) ?? 1, share));
		}

		const ports = new Map<string, Counters>();
		const portOf = (adapter: AdapterState) => {
			let found = ports.get(portKey(adapter));
			if (found === undefined) {
				found = newCounters();
				ports.set(portKey(adapter), found);
			}

			return found;
		};

		const wireFactor = new Map<string, number>();
		for (const item of transmissions) {
			const outcome = outcomes.get(item.id)!;
			const resent = outcome.goodput > 0 ? outcome.carried / outcome.goodput : 1;
			// Held back by its bottleneck elsewhere, a direction carries only what the flow as a whole moves.
			const carried = Math.min(outcome.carried, item.bytesPerS * scale.get(item.group)! * resent);
			wireFactor.set(item.group, Math.max(wireFactor.get(item.group) ?? 1, resent));
			const {queue, classified} = item;
			const packet = item.kind === 'rdma' ? rdmaFrame : this.fabric.rig.storage.jumboPacket;
			const egress = portOf(item.receiver);
			egress[field.txBytes + classified]! += carried;
			egress[field.txPackets + classified]! += carried / packet;
			egress[field.queueTxBytes + queue]! += carried;
			egress[field.queueTxPackets + queue]! += carried / packet;
			egress[field.queueDrops + queue]! += outcome.dropped / packet;
			const ingress = portOf(item.sender);
			ingress[field.rxBytes + item.priority]! += carried + outcome.dropped;
			ingress[field.txPause + item.priority]! += outcome.pauses;
		}

		this.countCrossTraffic(t, portOf);
		const carriers = new Map<number, Map<string, {scale: number; wireFactor: number}>>();
		for (const item of transmissions.filter(candidate => candidate.workload !== undefined)) {
			const byPath = carriers.get(item.workload!.id) ?? new Map<string, {scale: number; wireFactor: number}>();
			byPath.set(item.workload!.path, {scale: scale.get(item.group)!, wireFactor: wireFactor.get(item.group)!});
			carriers.set(item.workload!.id, byPath);
		}

		return {
			ports,
			limits: {
				carrier: (workload, path) => carriers.get(workload)?.get(path) ?? {scale: 1, wireFactor: 1},
				stream: id => scale.get(`s${id}`) ?? 1,
			},
		};
	}

	/**
	 * Cross traffic (a live migration, sim/live-migration.ts) on each rNIC's port: what arrives at an rNIC the switch
	 * sent it, what leaves it the switch received. The cross-traffic model shares the links with storage itself, so
	 * it is counted here, not arbitrated again.
	 */
	private countCrossTraffic(t: number, portOf: (adapter: AdapterState) => Counters): void {
		for (const node of this.fabric.rig.nodes) {
			for (const adapter of this.fabric.adaptersOf(node.name)) {
				for (const traffic of this.fabric.crossTraffic) {
					const bytes = traffic(adapter, t);
					if (bytes === undefined || bytes.inbound + bytes.outbound === 0) {
						continue;
					}

					// The peer is another host tagged as this one is; its port classifies as this one does.
					const priority = this.tag(adapter, bytes.transport === 'rdma' ? 'smb-direct' : 'other');
					const {classified, queue} = this.classify({sender: adapter, receiver: adapter, priority});
					const packet = bytes.transport === 'rdma' ? rdmaFrame : this.fabric.rig.storage.jumboPacket;
					const counters = portOf(adapter);
					counters[field.txBytes + classified]! += bytes.inbound;
					counters[field.txPackets + classified]! += bytes.inbound / packet;
					counters[field.queueTxBytes + queue]! += bytes.inbound;
					counters[field.queueTxPackets + queue]! += bytes.inbound / packet;
					counters[field.rxBytes + priority]! += bytes.outbound;
				}
			}
		}
	}

	/** Every egress port arbitrates what is offered to it; what is held back is paused or dropped. */
	private arbitrate(transmissions: Classified[]): Map<string, Outcome> {
		const outcomes = new Map<string, Outcome>();
		const byPort = new Map<string, Classified[]>();
		for (const item of transmissions) {
			byPort.set(portKey(item.receiver), [...byPort.get(portKey(item.receiver)) ?? [], item]);
		}

		for (const items of byPort.values()) {
			const receiver = items[0]!.receiver;
			const config = this.config(receiver);
			const classes: SchedulerClass[] = config.ets.map(entry => ({queue: entry.trafficClass, algorithm: entry.algorithm, weight: entry.bandwidthPercent}));
			// Arbitrated on the wire, where framing costs each kind of traffic differently.
			const wire = (item: Transmission) => item.bytesPerS / (item.kind === 'rdma' ? efficiency.rdma : efficiency.tcp);
			const offers: Offer[] = items.map(item => ({id: item.id, queue: item.queue, bytesPerS: wire(item)}));
			const carried = arbitrate(receiver.rnic.linkGbps * 1e9 / 8, classes, offers);
			for (const item of items) {
				const share = Math.min(1, carried.get(item.id)! / wire(item));
				outcomes.set(item.id, this.consequences(item, share));
			}
		}

		return outcomes;
	}

	/** What holding a transmission to `share` of its demand does: pauses when lossless, drops otherwise. */
	private consequences(item: Classified, share: number): Outcome {
		const carried = item.bytesPerS * share;
		if (share >= 1) {
			return {carried, goodput: carried, dropped: 0, pauses: 0};
		}

		const held = item.bytesPerS - carried;
		const pauses = this.losslessAtSwitch(item) ? pausesPerS(1 - share, item.sender.rnic.linkGbps) : 0;
		if (pauses > 0 && this.honoursPause(item)) {
			return {carried, goodput: carried, dropped: 0, pauses};
		}

		if (item.kind === 'tcp') {
			return {carried, goodput: carried * (1 - tcpCongestedLoss), dropped: carried * tcpCongestedLoss, pauses};
		}

		// RDMA and UDP keep sending what they would: the excess is dropped, and RDMA resends whole windows for it.
		return {carried, goodput: item.kind === 'rdma' ? carried * goBackNGoodput(1 - share, item.windowPackets) : carried, dropped: held, pauses};
	}

	private endsOf(adapter: AdapterState): Ends {
		let found = this.ends.get(adapter);
		if (found === undefined) {
			const node = nodeState(this.fabric, adapter.node);
			found = {port: switchConfigs(this.fabric).port(adapter.rnic.cable.switch, adapter.rnic.cable.port), node, rnic: node.rnics.get(adapter.rnic.name)!};
			this.ends.set(adapter, found);
		}

		return found;
	}

	private config(adapter: AdapterState): SimPortConfig {
		return this.endsOf(adapter).port;
	}

	/**
	 * The ingress port classifies (by the priority tag, or by DSCP, which Windows leaves at 0 so everything lands in
	 * the default class); the egress port's scheduler holds the class's queue.
	 */
	private classify(item: Pick<Transmission, 'sender' | 'receiver' | 'priority'>): {classified: number; queue: number} {
		const ingress = this.config(item.sender);
		const classified = ingress.trust === 'dscp' ? (this.fabric.rig.qos?.default.priority ?? 0) : item.priority;
		const queue = this.config(item.receiver).ets.find(entry => entry.priorities.includes(classified))?.trafficClass ?? 0;
		return {classified, queue};
	}

	/** The switch treats the priority as lossless: PFC operational on the sender's port for the class it lands in. */
	private losslessAtSwitch(item: Classified): boolean {
		const ingress = this.config(item.sender);
		return pfcOperational(ingress) && ingress.pfcPriorities.includes(item.classified);
	}

	/** The sending host stops on a pause for this priority: flow control enabled for it, and QoS on the adapter. */
	private honoursPause(item: Transmission): boolean {
		const {node, rnic} = this.endsOf(item.sender);
		return node.pfcPriorities.has(item.priority) && rnic.qosEnabled;
	}

	/**
	 * The 802.1p priority a host puts on what it sends from an rNIC: its QoS policy for the traffic, then the Default
	 * policy, else none. No tag at all (priority 0) with QoS off on the adapter or no VLAN to carry it.
	 */
	private tag(adapter: AdapterState, traffic: 'smb-direct' | 'cluster' | 'other'): number {
		const {node, rnic} = this.endsOf(adapter);
		if (!rnic.qosEnabled || rnic.vlanId === 0) {
			return 0;
		}

		const policies = node.qosPolicies;
		const matching = traffic === 'smb-direct' ? policies.find(policy => policy.NetDirectPortMatchCondition === 445)
			: traffic === 'cluster' ? policies.find(policy => policy.TemplateMatchCondition === qosTemplates.cluster) : undefined;
		return (matching ?? policies.find(policy => policy.TemplateMatchCondition === qosTemplates.default))?.PriorityValue8021Action ?? 0;
	}

	/** SMB's channels: data one way, request and response headers the other, at what each carrier demands. */
	private carriers(t: number): Transmission[] {
		return this.fabric.carrierDemands(t).flatMap(({workload, carrier, iops, blockSize, writePercent}) => {
			const writes = writePercent / 100;
			const group = `w${workload}|${carrier.path.id}`;
			const traffic = carrier.transport === 'rdma' ? 'smb-direct' : 'other';
			const windowPackets = Math.min(maxWindowPackets, Math.ceil(blockSize / rdmaPayload));
			const direction = (sender: AdapterState, receiver: AdapterState, bytesPerIo: number): Transmission => ({
				id: `${group}|${sender.node}`, group, kind: carrier.transport, sender, receiver, priority: this.tag(sender, traffic), bytesPerS: iops * bytesPerIo, windowPackets,
				workload: {id: workload, path: carrier.path.id},
			});
			return [
				direction(carrier.path.client, carrier.path.server, (blockSize * writes) + (requestBytes * (1 - writes))),
				direction(carrier.path.server, carrier.path.client, (blockSize * (1 - writes)) + (requestBytes * writes)),
			];
		});
	}

	private streams(t: number): Transmission[] {
		return this.fabric.streamDemands(t).map(({stream, bytesPerS}) => ({
			id: `s${stream.id}`, group: `s${stream.id}`, kind: 'tcp', sender: stream.from, receiver: stream.to, priority: this.tag(stream.from, 'other'), bytesPerS, windowPackets: 1,
		}));
	}

	/** Heartbeats between every two SOFS cluster members on every cluster network that allows cluster traffic. */
	private heartbeats(t: number): Transmission[] {
		const cluster = hostState(this.fabric).cluster;
		if (cluster === undefined) {
			return [];
		}

		// The cluster names its networks by their address; an rNIC is on one when its address is in it.
		const networks = cluster.networks.filter(network => network.Role !== 0).map(network => parseCidr(`${network.Address}/${network.AddressMask.split('.').reduce((bits, octet) => bits + Number(octet).toString(2).replaceAll('0', '').length, 0)}`));
		const allowed = (adapter: AdapterState) => networks.some(cidr => cidr !== undefined && cidrContains(cidr, adapter.rnic.address));
		return cluster.members.flatMap(from => cluster.members.filter(to => to !== from).flatMap(to => this.fabric.adaptersOf(from).flatMap(sender => {
			const receiver = this.fabric.adaptersOf(to).find(candidate => candidate.rnic.network === sender.rnic.network);
			if (receiver === undefined || !allowed(sender) || !this.fabric.linkUp(sender, t) || !this.fabric.linkUp(receiver, t)) {
				return [];
			}

			const id = `hb|${sender.node}|${sender.rnic.name}|${to}`;
			return [{id, group: id, kind: 'udp' as const, sender, receiver, priority: this.tag(sender, 'cluster'), bytesPerS: heartbeatBps, windowPackets: 1}];
		})));
	}
}

// One traffic model per simulated rig; the fabric limits its flows by it, the switches count by it.
const models = new WeakMap<Fabric, Traffic>();

export const trafficOf = (fabric: Fabric): Traffic => {
	let found = models.get(fabric);
	if (found === undefined) {
		const model = new Traffic(fabric);
		models.set(fabric, model);
		fabric.limiter = t => model.limits(t);
		found = model;
	}

	return found;
};

/** Counters of a switch port since the rig started, moving with the fabric's traffic. */
export const portTraffic = (fabric: Fabric, device: string, port: string): PortTraffic => trafficOf(fabric).portTraffic(device, port);
