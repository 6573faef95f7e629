import test from 'ava';
import {parsePdhCsv} from '../../harness/counters/pdh-csv.js';
import {formatPdhSummary, PdhSummaryBuilder} from '../../harness/inspect/pdh-summary.js';

const summarize = (text: string) => {
	const builder = new PdhSummaryBuilder();
	const {header, samples, messages} = parsePdhCsv(text);
	builder.add({type: 'header', header});
	for (const sample of samples) {
		builder.add({type: 'sample', sample});
	}

	for (const message of messages) {
		builder.add({type: 'message', text: message});
	}

	return builder.result();
};

const log = [
	'"(PDH-CSV 4.0) (W. Europe Daylight Time)(-120)","\\\\HV01\\RDMA Activity(A)\\RDMA Inbound Bytes/sec","\\\\HV01\\Network Adapter(A)\\Bytes Total/sec"',
	'"03/29/2026 01:59:58.000"," ","10"',
	'"03/29/2026 01:59:59.000","100","20"',
	'"03/29/2026 02:00:00.000","300"," "',
	'"03/29/2026 02:00:02.000","200","30"',
].join('\r\n');

test('blanks are not zeros: they are left out of count, min, mean and max', t => {
	const summary = summarize(log);
	t.deepEqual(summary.counters.map(counter => [counter.samples, counter.min, counter.mean, counter.max]), [[3, 100, 200, 300], [3, 10, 20, 30]]);
});

test('time range in local time and UTC from the header bias; interval is the median spacing', t => {
	const summary = summarize(log);
	t.is(summary.timeZone, 'W. Europe Daylight Time');
	t.is(summary.first, '03/29/2026 01:59:58.000');
	t.is(summary.firstUtc, '2026-03-28T23:59:58.000Z');
	t.is(summary.lastUtc, '2026-03-29T00:00:02.000Z');
	t.is(summary.sampleCount, 4);
	t.is(summary.intervalS, 1);
	t.regex(formatPdhSummary(summary), /samples {5}4, every 1 s/);
});

test('a counter that never had a value has no statistics, and says so', t => {
	const summary = summarize('"(PDH-CSV 4.0)","\\\\H\\X(_Total)\\Y"\r\n"01/01/2026 00:00:00.000"," "\r\n');
	t.deepEqual(summary.counters, [{path: '\\\\H\\X(_Total)\\Y', samples: 0}]);
	t.is(summary.intervalS, undefined);
	t.regex(formatPdhSummary(summary), / {20}0 +— +— +—/);
});

test('a header whose zone name was cut short is "header truncated, time zone unknown", not the console form', t => {
	const truncated = '"(PDH-CSV 4.0) (RTZ 2 (","\\\\HV01\\Processor(_Total)\\% Processor Time"\r\n"12/01/2026 11:00:00.000","5.0"\r\n"12/01/2026 11:00:01.000","6.0"\r\n';
	const {header} = parsePdhCsv(truncated);
	t.true(header.truncated);
	t.is(header.timeZoneName, undefined);
	t.is(header.biasMinutes, undefined);
	const summary = summarize(truncated);
	t.true(summary.headerTruncated);
	t.is(summary.firstUtc, undefined, 'no UTC without a bias');
	t.regex(formatPdhSummary(summary), /time zone {3}header truncated, time zone unknown/);
	// The console form names no zone at all, and says that instead.
	const console = summarize('\r\n"(PDH-CSV 4.0)","\\\\HV01\\Processor(_Total)\\% Processor Time"\r\n"12/01/2026 11:00:00.000","5.0"\r\n');
	t.is(console.headerTruncated, undefined);
	t.regex(formatPdhSummary(console), /none in the file \(console form\)/);
});
