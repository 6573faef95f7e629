// One timeline needs each node's clock offset at the start and at the end of a run: samples are placed with the
// start reading, so a clock that moved (NTP step, drift, a time-zone change) during the run misplaces them.
import type {ClockReading} from '../targets/windows-node.js';
import type {NodeFacts} from './run-data.js';

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

/**
 * How far a node's clock may move during a run before its samples cannot be placed: half a counter interval, so no
 * sample can land in its neighbour's interval, and never less than the readings can resolve.
 */
export const timelineToleranceMs = (sampleIntervalS: number): number => Math.max(floorMs * 10, sampleIntervalS * 500);

/**
 * Why a node's samples cannot be judged on the run's timeline, or undefined when they can: its clock moved (an NTP
 * step, a drift) or its time zone changed between the start and the end of the run beyond the tolerance. Where in
 * the run it moved is not known, so none of its timed samples can be trusted; they are not corrected.
 */
export const clockMisalignment = (node: string, facts: NodeFacts | undefined, toleranceMs: number): string | undefined => {
	const [start, end] = [facts?.clocks[0], facts?.clocks[1]];
	if (start === undefined || end === undefined) {
		return undefined;
	}

	const drift = facts?.clockDrift ?? clockDrift(start, end);
	if (drift.zoneChanged) {
		return `${describeDrift(node, drift, start, end)}: its samples cannot be placed on the run's timeline`;
	}

	// What the two readings cannot resolve (SSH round trips on a loaded management network) is not a move.
	if (Math.abs(drift.driftMs) > toleranceMs + start.spreadMs + end.spreadMs) {
		return `${node}'s clock moved ${drift.driftMs >= 0 ? '+' : ''}${(drift.driftMs / 1000).toFixed(1)} s during the run (offset ${signedMs(start.skewMs)} at the start, ${signedMs(end.skewMs)} at the end; the timeline tolerates ±${toleranceMs} ms): its samples cannot be placed on the run's timeline`;
	}

	return undefined;
};

const signedMs = (ms: number) => `${ms >= 0 ? '+' : ''}${Math.round(ms)} ms`;
