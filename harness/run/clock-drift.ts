// One timeline needs each node's clock offset at the start and at the end of a run: samples are placed with the
// start reading, so a clock that moved (NTP step, drift, a time-zone change) during the run misplaces them.
import type {ClockReading} from '../targets/windows-node.js';

export interface ClockDrift {
	/** End skew minus start skew, ms. */
	driftMs: number;
	/** Whether the drift exceeds what the readings can resolve, or the zone changed. */
	significant: boolean;
	zoneChanged: boolean;
}

// Below this a difference is reading noise (process start-up and SSH round trips), not the clock moving.
const floorMs = 20;

export const clockDrift = (start: ClockReading, end: ClockReading): ClockDrift => {
	const driftMs = end.skewMs - start.skewMs;
	const zoneChanged = start.utcOffsetMinutes !== end.utcOffsetMinutes;
	return {driftMs, zoneChanged, significant: zoneChanged || Math.abs(driftMs) > Math.max(floorMs, start.spreadMs + end.spreadMs)};
};

export const describeDrift = (node: string, drift: ClockDrift, start: ClockReading, end: ClockReading): string => (drift.zoneChanged
	? `${node}: time zone changed during the run (UTC${start.utcOffsetMinutes / 60 >= 0 ? '+' : ''}${start.utcOffsetMinutes / 60} → UTC${end.utcOffsetMinutes / 60 >= 0 ? '+' : ''}${end.utcOffsetMinutes / 60}); samples are placed with the start zone`
	: `${node}: clock drifted ${drift.driftMs >= 0 ? '+' : ''}${Math.round(drift.driftMs)} ms between the start and end of the run; samples are placed with the start offset`);
