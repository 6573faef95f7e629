import {readFileSync} from 'node:fs';
import test from 'ava';
import {parsePdhCsv, pdhLocalToUtcMs} from '../../../harness/counters/pdh-csv.js';
import {localParts, typeperfHeader, typeperfRow, typeperfTrailer} from '../../../harness/sim/windows/typeperf-console.js';
import {fixture} from '../../helpers/paths.js';

const excerpt = readFileSync(fixture('shared', 'pdh-csv', 'typeperf-console-excerpt.txt'), 'utf8');

test('re-emitting the console excerpt reproduces what typeperf printed', t => {
	const {samples} = parsePdhCsv(excerpt);
	const output = typeperfHeader('ns-g2', ['\\Processor Information(0,0)\\% Idle Time'])
		+ samples.map(sample => typeperfRow(localParts(pdhLocalToUtcMs(sample.local, 0), 0), sample.values)).join('')
		+ typeperfTrailer();
	// The fixture lost its CRLFs and starts with the documentation's prompt line.
	const printed = excerpt.slice(excerpt.indexOf('\n') + 1);
	t.is(output.replaceAll('\r\n', '\n'), printed);
	t.true(output.startsWith('\r\n"(PDH-CSV 4.0)","\\\\ns-g2\\Processor Information(0,0)\\% Idle Time"\r\n"09/15/2016 09:20:56.002","99.982990"\r\n'));
});

test('the output parses back to the same values', t => {
	const start = Date.UTC(2024, 5, 13, 18, 1, 2, 5);
	const rows = [[null, 7638], [13.959_073_156_484_624, 6768], [0, 238_132_991_823_872]].map((values, i) =>
		typeperfRow(localParts(start + (i * 1000), -240), values));
	const paths = ['\\Processor Information(0,1)\\% Processor Time', '\\\\OTHER\\Memory\\Available MBytes'];
	const {header, samples, messages} = parsePdhCsv(typeperfHeader('HV01', paths) + rows.join('') + typeperfTrailer(), {biasMinutes: 240});
	t.deepEqual(header.columns.map(column => column.raw), ['\\\\HV01\\Processor Information(0,1)\\% Processor Time', '\\\\OTHER\\Memory\\Available MBytes']);
	t.deepEqual(samples.map(sample => sample.local), ['06/13/2024 14:01:02.005', '06/13/2024 14:01:03.005', '06/13/2024 14:01:04.005']);
	t.deepEqual(samples.map(sample => sample.timeMs), [start, start + 1000, start + 2000]);
	// Six decimals, like the console.
	t.deepEqual(samples.map(sample => sample.values), [[null, 7638], [13.959_073, 6768], [0, 238_132_991_823_872]]);
	t.deepEqual(messages, ['Exiting, please wait...', 'The command completed successfully.']);
	t.is(rows[0], '"06/13/2024 14:01:02.005"," ","7638.000000"\r\n');
});

test('localParts is the wall clock at a UTC offset', t => {
	t.deepEqual(localParts(Date.UTC(2021, 8, 16, 11, 51, 58, 569), -240), {year: 2021, month: 9, day: 16, hour: 7, minute: 51, second: 58, ms: 569});
	t.deepEqual(localParts(Date.UTC(2017, 11, 31, 20, 0, 0, 0), 330), {year: 2018, month: 1, day: 1, hour: 1, minute: 30, second: 0, ms: 0});
});
