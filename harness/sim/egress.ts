// Egress arbitration of one switch port, and what congestion does to the traffic it holds back. Pure: offers in,
// carried rates out. The port's scheduler serves strict-priority queues first, highest first; the rest share what is
// left by their ETS weights (DWRR), and a queue that needs less than its share leaves the remainder to the others
// (ETS is a minimum under congestion, not a cap). Inside a queue the flows share max-min fairly.
//
// Held-back traffic is paused or dropped. In a lossless queue (PFC on the priority at the ingress port) the switch
// pauses the sender for the fraction of the time its traffic cannot leave: nothing is lost, provided the sender
// honours the pause. Otherwise the excess is dropped: TCP backs off to its share and loses a little on the way, RDMA
// (RoCE, go-back-N, no congestion control here) keeps sending and every loss costs it a window of retransmissions,
// so its goodput collapses while the queue stays busy.

export interface SchedulerClass {
	queue: number;
	algorithm: 'ets' | 'strict';
	/** ETS share, percent; ignored for strict classes. */
	weight: number;
}

export interface Offer {
	id: string;
	queue: number;
	/** Bytes per second the sender would put on the wire here, unhindered. */
	bytesPerS: number;
}

/** Carried bytes per second of each offer, by id. */
export type Allocation = Map<string, number>;

// Rates within this fraction of each other are equal: a flow at exactly line rate is not congested.
const epsilon = 1e-9;

/** Max-min fair split of `capacity` between demands, each weighted (equal weights: equal shares). */
const waterFill = <K>(capacity: number, demands: ReadonlyMap<K, {demand: number; weight: number}>): Map<K, number> => {
	const given = new Map<K, number>([...demands.keys()].map(key => [key, 0]));
	let remaining = capacity;
	let active = [...demands.keys()].filter(key => demands.get(key)!.demand > 0);
	while (active.length > 0 && remaining > epsilon * capacity) {
		const totalWeight = active.reduce((sum, key) => sum + demands.get(key)!.weight, 0);
		// Classes with no weight (no ETS share configured) get only what the weighted ones leave.
		const weighted = totalWeight > 0 ? active.filter(key => demands.get(key)!.weight > 0) : active;
		const weightSum = totalWeight > 0 ? totalWeight : weighted.length;
		const shareOf = (key: K) => remaining * (totalWeight > 0 ? demands.get(key)!.weight : 1) / weightSum;
		const satisfied = weighted.filter(key => demands.get(key)!.demand - given.get(key)! <= shareOf(key) * (1 + epsilon));
		if (satisfied.length === 0) {
			for (const key of weighted) {
				given.set(key, given.get(key)! + shareOf(key));
			}

			remaining = 0;
			break;
		}

		for (const key of satisfied) {
			const need = demands.get(key)!.demand - given.get(key)!;
			given.set(key, demands.get(key)!.demand);
			remaining -= need;
		}

		active = active.filter(key => !satisfied.includes(key));
	}

	return given;
};

/** What each offer gets on a port of `capacityBps` bytes per second with this scheduler. */
export const arbitrate = (capacityBps: number, classes: readonly SchedulerClass[], offers: readonly Offer[]): Allocation => {
	const demandOf = new Map<number, number>();
	for (const offer of offers) {
		demandOf.set(offer.queue, (demandOf.get(offer.queue) ?? 0) + offer.bytesPerS);
	}

	const classOf = (queue: number) => classes.find(entry => entry.queue === queue);
	const queueRate = new Map<number, number>();
	let remaining = capacityBps;
	// Strict queues first, the highest first, each as much as it asks.
	const strict = [...demandOf.keys()].filter(queue => classOf(queue)?.algorithm === 'strict').sort((a, b) => b - a);
	for (const queue of strict) {
		const rate = Math.min(demandOf.get(queue)!, remaining);
		queueRate.set(queue, rate);
		remaining -= rate;
	}

	const ets = new Map([...demandOf].filter(([queue]) => classOf(queue)?.algorithm !== 'strict').map(([queue, demand]) => [queue, {demand, weight: classOf(queue)?.weight ?? 0}]));
	for (const [queue, rate] of waterFill(remaining, ets)) {
		queueRate.set(queue, rate);
	}

	const carried: Allocation = new Map();
	for (const [queue, rate] of queueRate) {
		const inQueue = new Map(offers.filter(offer => offer.queue === queue).map(offer => [offer.id, {demand: offer.bytesPerS, weight: 1}]));
		for (const [id, share] of waterFill(rate, inQueue)) {
			carried.set(id, share);
		}
	}

	for (const offer of offers) {
		carried.set(offer.id, Math.min(offer.bytesPerS, carried.get(offer.id) ?? 0));
	}

	return carried;
};

// An 802.1Qbb pause carries at most 65535 quanta of 512 bit times; a switch that stays congested refreshes it about
// twice per quanta so the sender never resumes in between.
const pauseQuantaBits = 65_535 * 512;
const refreshesPerQuanta = 2;

/** PFC pause frames per second a switch sends a sender it must hold back for `pausedShare` of the time. */
export const pausesPerS = (pausedShare: number, linkGbps: number): number => (pausedShare <= epsilon ? 0 : pausedShare * refreshesPerQuanta * linkGbps * 1e9 / pauseQuantaBits);

/**
 * Goodput share of the bytes an RDMA sender gets through a lossy queue that drops `lossShare` of what it sends:
 * go-back-N resends the whole window after each loss (`windowPackets` in flight per queue pair).
 */
export const goBackNGoodput = (lossShare: number, windowPackets: number): number => (lossShare <= epsilon ? 1 : 1 / (1 + (lossShare * windowPackets)));

/**
 * Share of its packets a TCP flow loses while it is held to its share of a full drop-tail queue: each connection
 * halves its window on a loss and grows it again, so a few packets in a hundred go, far from a collapse.
 */
export const tcpCongestedLoss = 0.01;
