// Payload ceilings of a storage link: the share of the line rate left after framing (reference/dcb-facts.md §4.1,
// computed for 802.1Q-tagged frames). iWARP runs over TCP, so it gets TCP's figures.
import type {Rig} from './schema.js';

const efficiency = {
	roce: {jumbo: 0.979, standard: 0.923},
	tcp: {jumbo: 0.99, standard: 0.939},
};

/** MB/s (10^6 bytes per second) one direction of a link can carry. */
export const payloadCeilingMBps = (linkGbps: number, storage: Rig['storage']): number => {
	const family = storage.transport === 'RoCE' || storage.transport === 'RoCEv2' ? efficiency.roce : efficiency.tcp;
	const factor = storage.jumboPacket >= 9000 ? family.jumbo : family.standard;
	return linkGbps * 1e9 / 8 * factor / 1e6;
};
