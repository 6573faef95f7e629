import test from 'ava';
import {placeLabels} from '../../reports/chart-annotations.js';

const area = {left: 100, right: 1000};
const place = (...requests: Parameters<typeof placeLabels>[0]) => placeLabels(requests, area, 3, 5);

test('a band label is centred on the band and a marker label starts right of its line', t => {
	t.deepEqual(place({anchor: 400, align: 'center', width: 100}, {anchor: 600, align: 'start', width: 80}), [
		{x: 350, lane: 0},
		{x: 605, lane: 0},
	]);
});

test('labels that would overlap go to the next free lane', t => {
	t.deepEqual(
		place({anchor: 400, align: 'center', width: 200}, {anchor: 400, align: 'start', width: 150}, {anchor: 405, align: 'start', width: 150}, {anchor: 800, align: 'start', width: 50})
			.map(label => label.lane),
		[0, 1, 2, 0],
	);
});

test('a marker label near the right edge goes left of its line', t => {
	t.deepEqual(place({anchor: 980, align: 'start', width: 100}), [{x: 875, lane: 0}]);
});

test('labels stay inside the plot', t => {
	t.deepEqual(place({anchor: 110, align: 'center', width: 100}), [{x: 100, lane: 0}]);
	t.deepEqual(place({anchor: 500, align: 'center', width: 2000}), [{x: 100, lane: 0}]);
});
