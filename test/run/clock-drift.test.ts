import test from 'ava';
import {clockDrift, clockMisalignment, describeDrift, timelineToleranceMs} from '../../harness/run/clock-drift.js';
import type {ClockReading} from '../../harness/targets/windows-node.js';

const reading = (skewMs: number, spreadMs = 2, utcOffsetMinutes = 60): ClockReading => ({skewMs, spreadMs, utcOffsetMinutes, zoneId: 'W. Europe Standard Time', at: 0});

test('a clock that held still within the reading noise has not drifted', t => {
	const drift = clockDrift(reading(420), reading(431));
	t.is(drift.driftMs, 11);
	t.false(drift.significant);
});

test('a clock that moved beyond the noise, or changed zone, is reported', t => {
	const stepped = clockDrift(reading(420), reading(1420));
	t.true(stepped.significant);
	t.is(describeDrift('hv01', stepped, reading(420), reading(1420)), 'hv01: clock drifted +1000 ms between the start and end of the run; samples are placed with the start offset');
	const noisy = clockDrift(reading(420, 30), reading(470, 30));
	t.false(noisy.significant);
	const zone = clockDrift(reading(0, 2, 60), reading(0, 2, 120));
	t.true(zone.significant);
	t.regex(describeDrift('hv01', zone, reading(0, 2, 60), reading(0, 2, 120)), /time zone changed during the run \(UTC\+1 → UTC\+2\)/);
});

test('a clock that moved beyond the timeline\'s tolerance makes the node\'s samples unjudgeable, naming the node and the step', t => {
	const start = reading(420);
	const stepped = {...start, skewMs: 20_420};
	t.is(timelineToleranceMs(1), 500);
	t.is(timelineToleranceMs(10), 5000);
	t.is(clockMisalignment('hv01', {clocks: [start, {...start, skewMs: 800}]}, 500), undefined);
	t.is(clockMisalignment('hv01', {clocks: [start]}, 500), undefined, 'no end reading: nothing to say');
	t.is(clockMisalignment('hv01', {clocks: [start, stepped]}, 500), 'hv01\'s clock moved +20.0 s during the run (offset +420 ms at the start, +20420 ms at the end; the timeline tolerates ±500 ms): its samples cannot be placed on the run\'s timeline');
	t.regex(clockMisalignment('hv01', {clocks: [start, {...start, utcOffsetMinutes: 120}]}, 500) ?? '', /time zone changed during the run/);
});
