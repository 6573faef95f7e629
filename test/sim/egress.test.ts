// Egress arbitration of one port, on offers chosen by the test: strict first, ETS by weight when oversubscribed,
// work-conserving otherwise, max-min fair inside a queue.
import test from 'ava';
import {arbitrate, goBackNGoodput, pausesPerS, type SchedulerClass} from '../../harness/sim/egress.js';

const ets: SchedulerClass[] = [{queue: 0, algorithm: 'ets', weight: 49}, {queue: 3, algorithm: 'ets', weight: 50}, {queue: 7, algorithm: 'ets', weight: 1}];
const near = (t: import('ava').ExecutionContext, actual: number | undefined, expected: number) => t.true(Math.abs((actual ?? Number.NaN) - expected) < 1e-6 * Math.max(1, expected), `${actual} ≉ ${expected}`);

test('an uncongested port carries every offer whole', t => {
	const carried = arbitrate(100, ets, [{id: 'smb', queue: 3, bytesPerS: 60}, {id: 'tcp', queue: 0, bytesPerS: 40}]);
	near(t, carried.get('smb'), 60);
	near(t, carried.get('tcp'), 40);
});

test('oversubscribed, each backlogged class gets its ETS share, and the idle share goes to the others by weight', t => {
	const carried = arbitrate(100, ets, [{id: 'smb', queue: 3, bytesPerS: 200}, {id: 'tcp', queue: 0, bytesPerS: 100}, {id: 'hb', queue: 7, bytesPerS: 0.1}]);
	near(t, carried.get('hb'), 0.1);
	// 99.9 left for 50:49.
	near(t, carried.get('smb'), 99.9 * 50 / 99);
	near(t, carried.get('tcp'), 99.9 * 49 / 99);
});

test('ETS is a minimum, not a cap: a class that needs less leaves the rest to the other', t => {
	const carried = arbitrate(100, ets, [{id: 'smb', queue: 3, bytesPerS: 200}, {id: 'tcp', queue: 0, bytesPerS: 10}]);
	near(t, carried.get('tcp'), 10);
	near(t, carried.get('smb'), 90);
});

test('a strict class is served first, the ETS classes share what it leaves', t => {
	const strict: SchedulerClass[] = [{queue: 0, algorithm: 'ets', weight: 50}, {queue: 3, algorithm: 'ets', weight: 50}, {queue: 7, algorithm: 'strict', weight: 0}];
	const carried = arbitrate(100, strict, [{id: 'smb', queue: 3, bytesPerS: 100}, {id: 'tcp', queue: 0, bytesPerS: 100}, {id: 'ctl', queue: 7, bytesPerS: 30}]);
	near(t, carried.get('ctl'), 30);
	near(t, carried.get('smb'), 35);
	near(t, carried.get('tcp'), 35);
	// Starving everything else, if it asks for it all.
	near(t, arbitrate(100, strict, [{id: 'ctl', queue: 7, bytesPerS: 150}, {id: 'smb', queue: 3, bytesPerS: 100}]).get('smb'), 0);
});

test('inside a queue flows share max-min fairly; a queue with no ETS class gets only what the others leave', t => {
	const carried = arbitrate(100, ets, [{id: 'a', queue: 3, bytesPerS: 10}, {id: 'b', queue: 3, bytesPerS: 100}, {id: 'c', queue: 3, bytesPerS: 100}]);
	near(t, carried.get('a'), 10);
	near(t, carried.get('b'), 45);
	near(t, carried.get('c'), 45);
	const unconfigured = arbitrate(100, ets, [{id: 'smb', queue: 3, bytesPerS: 80}, {id: 'x', queue: 5, bytesPerS: 80}]);
	near(t, unconfigured.get('smb'), 80);
	near(t, unconfigured.get('x'), 20);
});

test('pauses grow with the share of the time the sender is held off and with the link speed; go-back-N collapses with loss', t => {
	t.is(pausesPerS(0, 25), 0);
	// 65535 quanta of 512 bit times last 1.34 ms at 25 Gb/s, refreshed twice per quanta.
	near(t, pausesPerS(1, 25), 2 * 25e9 / (65_535 * 512));
	near(t, pausesPerS(0.5, 100), 2 * pausesPerS(0.5, 50));
	t.is(goBackNGoodput(0, 16), 1);
	t.true(goBackNGoodput(0.5, 16) < 0.15);
	t.true(goBackNGoodput(0.01, 16) > 0.8);
});
