// Stacked axes and reference lines of the generic time chart: parts of a total drawn on top of each other, and
// horizontal lines at configured values (the QoS suite's ETS reservations are the first user).
import test from 'ava';
import type {ChartDataset, Point} from 'chart.js';
import type {TimeChartModel, TimePoint} from '../../reports/model.js';
import {timeChartConfig} from '../../reports/time-chart-config.js';
import {renderTimeChartToCanvas} from '../../reports/time-chart.js';
import {near, pixel} from './helpers/canvas-pixels.js';

const flat = (value: number): TimePoint[] => Array.from({length: 41}, (_, t) => ({t, v: value}));
const blue: [number, number, number] = [0x00, 0x72, 0xb2];
const orange: [number, number, number] = [0xe6, 0x9f, 0x00];

const stacked: TimeChartModel = {
	title: 'Two classes of one link',
	axes: [{id: 'left', label: 'Transmitted', unit: 'MB/s', stacked: true}],
	series: [
		{id: 'smb', label: 'SMB', unit: 'MB/s', axis: 'left', points: flat(1500), style: 'area', color: '#0072B2'},
		{id: 'tcp', label: 'TCP', unit: 'MB/s', axis: 'left', points: flat(1000), style: 'area', color: '#E69F00'},
	],
	bands: [],
	markers: [],
	references: [{axis: 'left', value: 3500, label: 'link', color: '#009E73'}],
	xMaxS: 40,
};

test('a stacked axis stacks its series, each area filling down to the one below', t => {
	const {data, options} = timeChartConfig(stacked);
	t.like(options?.scales?.['left'], {stacked: true});
	const [smb, tcp] = data.datasets as ChartDataset<'line', Point[]>[];
	t.like(smb, {fill: 'stack', stack: 'left'});
	t.like(tcp, {fill: 'stack', stack: 'left'});
	t.deepEqual(options?.plugins?.timeAnnotations?.references, stacked.references);
});

test('the drawing: the second layer sits on the first, and a reference line above the data is brought into view', t => {
	const {canvas, plot} = renderTimeChartToCanvas(stacked);
	const x = plot.xPixel(20);
	// SMB fills 0..1500, TCP 1500..2500 on top of it, each its colour at 55 % over the white paper.
	const filled = (rgb: [number, number, number]) => rgb.map(channel => Math.round(255 - (0.55 * (255 - channel)))) as [number, number, number];
	t.true(near(canvas, x, plot.yPixel('left', 750), filled(blue), 30), String(pixel(canvas, x, plot.yPixel('left', 750))));
	t.true(near(canvas, x, plot.yPixel('left', 2000), filled(orange), 30), String(pixel(canvas, x, plot.yPixel('left', 2000))));
	t.false(near(canvas, x, plot.yPixel('left', 3000), filled(orange), 30), 'nothing above the stack');
	// The axis reaches the reference line though no data does.
	const line = plot.yPixel('left', 3500);
	t.true(line > plot.area.top && line < plot.area.bottom);
	const green = [...Array.from({length: 40}, (_, index) => pixel(canvas, plot.area.left + 10 + index, line))].filter(rgba => rgba[1] > rgba[0] + 40 && rgba[1] > rgba[2]);
	t.true(green.length > 5, 'the dotted line is drawn in its colour');
});

test('a reference line on an axis the chart lacks is refused by name', t => {
	const error = t.throws(() => timeChartConfig({...stacked, references: [{axis: 'right', value: 1, label: 'nowhere'}]}));
	t.regex(error?.message ?? '', /reference line "nowhere" is on the right axis/);
});
