import {readFileSync} from 'node:fs';
import {Readable} from 'node:stream';
import test, {type ExecutionContext} from 'ava';
import {parsePdhCsv, pdhLocalToUtcMs, PdhCsvParser, type PdhCsvEvent, type PdhCsvOptions} from '../../harness/counters/pdh-csv.js';
import {isHarnessError} from '../../harness/errors.js';
import {fixture} from '../helpers/paths.js';

const edt = readFileSync(fixture('shared', 'pdh-csv', 'logman-process-edt-crlf.csv'));
const ist = readFileSync(fixture('shared', 'pdh-csv', 'logman-logicaldisk-ist.csv'));
const consoleExcerpt = readFileSync(fixture('shared', 'pdh-csv', 'typeperf-console-excerpt.txt'));
const mangled = readFileSync(fixture('formats', 'pdh-csv-mangled-zone-bom.csv'));
const noCounters = readFileSync(fixture('formats', 'typeperf-console-no-valid-counters.txt'));

async function events(chunks: (Buffer | string)[], options?: PdhCsvOptions): Promise<PdhCsvEvent[]> {
	const seen: PdhCsvEvent[] = [];
	for await (const event of Readable.from(chunks, {objectMode: false}).pipe(new PdhCsvParser(options))) {
		seen.push(event as PdhCsvEvent);
	}

	return seen;
}

const bytes = (buffer: Buffer) => [...buffer].map(byte => Buffer.of(byte));

test('logman EDT file: header, machine, Process instances', t => {
	const {header, samples, messages} = parsePdhCsv(edt);
	t.is(header.timeZoneName, 'Eastern Daylight Time');
	t.is(header.biasMinutes, 240);
	t.is(header.columns.length, 8);
	t.true(header.columns.every(column => column.path.machine === '7702-48817743'));
	t.deepEqual(header.columns[2], {
		raw: '\\\\7702-48817743\\Process(AnyDesk#1)\\Virtual Bytes',
		path: {machine: '7702-48817743', object: 'Process', instance: 'AnyDesk', index: 1, counter: 'Virtual Bytes'},
	});
	t.deepEqual(header.columns.map(column => column.path.counter), [...Array(4).fill('Virtual Bytes'), ...Array(4).fill('Private Bytes')]);
	t.is(samples.length, 208);
	t.deepEqual(messages, []);
});

test('logman EDT file: local timestamps become UTC with the header bias; big integers stay exact', t => {
	const {samples} = parsePdhCsv(edt);
	const [first] = samples;
	t.is(first?.local, '09/16/2021 07:51:58.569');
	t.is(new Date(first?.timeMs ?? 0).toISOString(), '2021-09-16T11:51:58.569Z');
	t.deepEqual(first?.values, [238_132_991_823_872, 111_489_024, 117_972_992, 246_353_920, 1_318_178_816, 20_328_448, 19_419_136, 53_964_800]);
	t.is(samples.at(-1)?.local, '09/16/2021 07:58:52.563');
	t.deepEqual(samples.at(-1)?.values, [238_133_020_971_008, 111_489_024, 117_972_992, 254_742_528, 1_329_471_488, 20_406_272, 19_419_136, 57_081_856]);
});

test('logman IST file: negative bias, blank first row of rate counters', t => {
	const {header, samples} = parsePdhCsv(ist);
	t.is(header.timeZoneName, 'India Standard Time');
	t.is(header.biasMinutes, -330);
	t.is(header.columns.length, 12);
	t.deepEqual(header.columns[1]?.path, {machine: 'IMPC3116', object: 'LogicalDisk', instance: 'C:', counter: 'Avg. Disk Read Queue Length'});
	t.is(samples.length, 21);
	// The queue-length averages need two samples; Current Disk Queue Length does not.
	t.deepEqual(samples[0]?.values, [null, null, null, null, null, null, null, null, 0, 0, 0, 0]);
	t.is(new Date(samples[0]?.timeMs ?? 0).toISOString(), '2017-09-19T04:21:39.073Z');
	t.deepEqual(samples[1]?.values.slice(0, 4), [0, 0.032_083_023_520_161_361, 0, 0.032_083_023_520_161_361]);
	t.is(samples.at(-1)?.values[5], 0.001_987_677_891_168_205_4);
});

test('typeperf console excerpt: no zone, six decimals, status lines as messages', t => {
	const {header, samples, messages} = parsePdhCsv(consoleExcerpt);
	t.is(header.timeZoneName, undefined);
	t.is(header.biasMinutes, undefined);
	t.deepEqual(header.columns, [{
		raw: '\\\\ns-g2\\Processor Information(0,0)\\% Idle Time',
		path: {machine: 'ns-g2', object: 'Processor Information', instance: '0,0', counter: '% Idle Time'},
	}]);
	t.deepEqual(samples.map(sample => sample.values[0]), [99.982_990, 99.469_634, 99.990_081, 99.990_454, 99.998_577]);
	t.deepEqual(samples.map(sample => sample.timeMs), [undefined, undefined, undefined, undefined, undefined]);
	// The excerpt also carries the documentation's prompt line; typeperf itself printed the other two.
	t.deepEqual(messages, [
		'PS C:\\> typeperf.exe "\\Processor Information(0,0)\\% Idle Time" -si 3 -sc 5',
		'Exiting, please wait...',
		'The command completed successfully.',
	]);
});

test('console form takes the bias from the options', t => {
	const {samples} = parsePdhCsv(consoleExcerpt, {biasMinutes: 420});
	t.is(new Date(samples[0]?.timeMs ?? 0).toISOString(), '2016-09-15T16:20:56.002Z');
});

test('mangled zone, BOM, localized names, commas in instances, "" blanks, 20-digit values', t => {
	const {header, samples} = parsePdhCsv(mangled);
	t.is(header.timeZoneName, undefined);
	t.is(header.biasMinutes, undefined);
	t.deepEqual(header.columns.map(column => column.path), [
		{machine: 'DESKTOP-LRPVSK4', object: 'Процесс', instance: 'Idle', counter: '% загруженности процессора'},
		{machine: 'DESKTOP-LRPVSK4', object: 'Processor Information', instance: '0,1', counter: '% Processor Time'},
		{machine: 'DESKTOP-LRPVSK4', object: 'Memory', counter: 'Available MBytes'},
	]);
	t.deepEqual(samples.map(sample => sample.values), [
		[null, null, 7638],
		[13.959_073_156_484_624, 52.460_837_673_007_37, 6768],
		[99.999_999_999_999_99, null, 6770],
	]);
	t.is(samples[0]?.timeMs, undefined);
});

test('LF and CRLF line ends read the same', t => {
	const lf = Buffer.from(edt.toString('utf8').replaceAll('\r\n', '\n'));
	t.deepEqual(parsePdhCsv(lf), parsePdhCsv(edt));
});

test('a UTF-8 BOM is skipped and a string input reads like a Buffer', t => {
	t.deepEqual(parsePdhCsv(`\uFEFF${ist.toString('utf8')}`), parsePdhCsv(ist));
});

for (const [name, data] of [['EDT file', edt], ['IST file', ist], ['console excerpt', consoleExcerpt], ['mangled-zone file', mangled]] as const) {
	test(`streaming the ${name} one byte at a time gives the same events as one chunk`, async t => {
		const whole = await events([data]);
		t.true(whole.length > 3);
		t.deepEqual(await events(bytes(data)), whole);
		t.deepEqual(await events([data.subarray(0, 7), data.subarray(7, 500), data.subarray(500)]), whole);
	});
}

test('stream events come in document order', async t => {
	const seen = await events([consoleExcerpt.toString('utf8')]);
	t.deepEqual(seen.map(event => event.type), ['message', 'header', 'sample', 'sample', 'sample', 'sample', 'sample', 'message', 'message']);
});

const parseFailure = (t: ExecutionContext, run: () => unknown, message: RegExp, line?: number) => {
	const error = t.throws(run);
	t.true(isHarnessError(error));
	t.like(error, {code: 'PARSE', details: {format: 'pdh-csv', ...line !== undefined && {line}}});
	t.regex(error?.message ?? '', message);
	t.truthy((error as {hint?: string}).hint);
};

test('"Error: No valid counters." is a message; without a header the whole input is a PARSE error quoting it', async t => {
	const seen: PdhCsvEvent[] = [];
	const parser = new PdhCsvParser();
	parser.on('data', (event: PdhCsvEvent) => seen.push(event));
	const failed = new Promise<Error>(resolve => parser.on('error', resolve));
	parser.end(noCounters);
	const error = await failed;
	t.deepEqual(seen, [{type: 'message', text: 'Error: No valid counters.'}]);
	t.regex(error.message, /^PDH-CSV: no "\(PDH-CSV 4.0\)" header line in 2 lines \(the tool printed: "Error: No valid counters."\)$/);
	parseFailure(t, () => parsePdhCsv(noCounters), /the tool printed: "Error: No valid counters."/);
});

test('a data row with fewer or more fields than the header names its line', t => {
	const lines = ist.toString('utf8').split('\n');
	const shorter = [...lines.slice(0, 4), lines[4]?.replace(/,"0"$/, ''), ...lines.slice(5)].join('\n');
	parseFailure(t, () => parsePdhCsv(shorter), /^PDH-CSV: line 5 has 12 fields; the header on line 1 has 13 \(a timestamp and 12 counters\)$/, 5);
	const longer = edt.toString('utf8').replace('"53964800"\r\n', '"53964800","1"\r\n');
	parseFailure(t, () => parsePdhCsv(longer), /^PDH-CSV: line 2 has 10 fields; the header on line 1 has 9/, 2);
});

test('a bad timestamp, a non-numeric value and broken quoting are PARSE errors with their line', t => {
	const text = consoleExcerpt.toString('utf8');
	parseFailure(t, () => parsePdhCsv(text.replace('09/15/2016 09:20:59.002', '2016-09-15 09:20:59')),
		/^PDH-CSV: line 5: expected a "MM\/dd\/yyyy HH:mm:ss.fff" timestamp, found "2016-09-15 09:20:59"$/, 5);
	parseFailure(t, () => parsePdhCsv(text.replace('"99.469634"', '"99,469634"')),
		/^PDH-CSV: line 5, column 2 \(\\\\ns-g2\\Processor Information\(0,0\)\\% Idle Time\): expected a number, found "99,469634"$/, 5);
	parseFailure(t, () => parsePdhCsv(text.replace('"99.469634"', '"99.4"69634"')), /^PDH-CSV: line 5 is not valid CSV: Invalid Closing Quote/, 5);
});

test('input that is not PDH-CSV, or is UTF-16, is refused', t => {
	parseFailure(t, () => parsePdhCsv('"Name","Value"\r\n"a","1"\r\n'), /^PDH-CSV: line 1: expected the "\(PDH-CSV 4.0\)" header, found "Name"$/, 1);
	parseFailure(t, () => parsePdhCsv(Buffer.from(`\uFEFF${consoleExcerpt.toString('utf8')}`, 'utf16le')), /UTF-16/);
	parseFailure(t, () => parsePdhCsv('"(PDH-CSV 4.0)","\\Memory"\r\n'), /line 1, column 2: counter path: "\\\\Memory" has no counter name/, 1);
});

test('pdhLocalToUtcMs applies the Windows bias', t => {
	t.is(pdhLocalToUtcMs('09/16/2021 07:51:58.569', 240), Date.UTC(2021, 8, 16, 11, 51, 58, 569));
	t.is(pdhLocalToUtcMs('09/19/2017 09:51:39.073', -330), Date.UTC(2017, 8, 19, 4, 21, 39, 73));
	t.is(pdhLocalToUtcMs('12/31/2023 23:59:59.999', 0), Date.UTC(2023, 11, 31, 23, 59, 59, 999));
	for (const bad of ['13/01/2021 00:00:00.000', '09/16/2021 07:51:58', '09-16-2021 07:51:58.569', '09/16/2021 24:00:00.000']) {
		parseFailure(t, () => pdhLocalToUtcMs(bad, 0), /expected a "MM\/dd\/yyyy HH:mm:ss.fff" timestamp/);
	}
});

// The plain-row path (rows read from the bytes) against the csv-parse reference, which is how every row was read
// before: the same events, the same values to the last bit, the same errors.
const plainAndReference = (data: Buffer | string) => [parsePdhCsv(data), parsePdhCsv(data, {reference: true})] as const;

test('every fixture reads the same on the plain-row path and the csv-parse reference', t => {
	for (const data of [edt, ist, consoleExcerpt, mangled]) {
		const [plain, reference] = plainAndReference(data);
		t.true(plain.samples.length > 2);
		t.deepEqual(plain, reference);
	}
});

test('rows off the plain shape fall back to csv-parse and read as before', t => {
	const text = [
		'"(PDH-CSV 4.0) (W. Europe Standard Time)(-60)","\\\\HV01\\A(x)\\B","\\\\HV01\\A(y)\\B","\\\\HV01\\A(z)\\B"',
		'"03/01/2026 10:00:00.000"," ","","-0"',
		// An exponent, a leading sign, spaces: Number() reads them; the plain path leaves them to csv-parse.
		'"03/01/2026 10:00:01.000","1e5","+3"," 4 "',
		'"03/01/2026 10:00:02.000","13.959073156484624434","123456789012345678901234567","-0.0019876778911682054"',
		'The command completed successfully.',
		'"03/01/2026 10:00:03.000","9007199254740993","4503599627370496.5","0.1"',
	].join('\r\n');
	const [plain, reference] = plainAndReference(text);
	t.deepEqual(plain, reference);
	t.deepEqual(plain.samples.map(sample => sample.values), [
		[null, null, -0], [1e5, 3, 4], [13.959_073_156_484_624, 1.234_567_890_123_456_8e26, -0.001_987_677_891_168_205_4], [2 ** 53, 2 ** 52 + 0.5, 0.1],
	]);
});

test('PARSE errors are the same on both paths, line and column included', t => {
	const text = consoleExcerpt.toString('utf8');
	for (const broken of [
		text.replace('09/15/2016 09:20:59.002', '2016-09-15 09:20:59'),
		text.replace('"99.469634"', '"99,469634"'),
		text.replace('"99.469634"', '"99.4"69634"'),
		text.replace('"99.469634"', '"99.469634","1"'),
		edt.toString('utf8').replace('"53964800"\r\n', '"5396x4800"\r\n'),
	]) {
		const plain = t.throws(() => parsePdhCsv(broken));
		const reference = t.throws(() => parsePdhCsv(broken, {reference: true}));
		t.is(plain?.message, reference?.message);
		t.deepEqual((plain as {details?: unknown}).details, (reference as {details?: unknown}).details);
	}
});
