// `rdmalab inspect` through the real CLI on every real output sample in test/fixtures/shared. The expected values
// are read from each file here with plain text tools (regular expressions, csv-parse), not from the harness's
// parsers, so a parser mistake cannot agree with itself.
import {readdirSync, readFileSync, writeFileSync} from 'node:fs';
import {join, relative} from 'node:path';
import test from 'ava';
import {parse} from 'csv-parse/sync';
import {rdmalab, tempDir} from '../helpers/cli.js';
import {fixture} from '../helpers/paths.js';

const shared = fixture('shared');
const files = (dir: string): string[] => readdirSync(dir, {withFileTypes: true}).flatMap(entry => (entry.isDirectory() ? files(join(dir, entry.name)) : [join(dir, entry.name)]));

const close = (actual: number | undefined, expected: number, relative = 1e-9) => actual !== undefined && Math.abs(actual - expected) <= Math.abs(expected) * relative + 1e-12;

interface DiskspdJson {
	kind: 'diskspd';
	version: string;
	computerName: string;
	durationS: number;
	warmupS: number;
	targets: Array<{path: string; blockSize: number}>;
	timeSpans: Array<{
		testTimeS: number; threads: number; iops: number; mibPerSec: number; totalIos: string; totalBytes: string; iopsBuckets: number;
		percentiles: Array<{percentile: number; readMs?: number; writeMs?: number; totalMs?: number}>;
		targets: Array<{path: string; threads: Array<{id: number} & IoDirections>} & IoDirections>;
	} & IoDirections>;
}

interface IoJson {
	ios: string;
	bytes: string;
	iops: number;
	mibPerSec: number;
	averageLatencyMs?: number;
	latencyStdDevMs?: number;
	iopsStdDev?: number;
}

interface IoDirections {
	read: IoJson;
	write: IoJson;
	total: IoJson;
}

interface PdhJson {
	kind: 'pdh-csv';
	timeZone?: string;
	biasMinutes?: number;
	first?: string;
	last?: string;
	firstUtc?: string;
	sampleCount: number;
	intervalS?: number;
	counters: Array<{path: string; samples: number; min?: number; mean?: number; max?: number}>;
}

const inspect = async (file: string) => {
	const result = await rdmalab(['inspect', file, '--json']);
	return {...result, json: result.exitCode === 0 ? JSON.parse(result.stdout) as DiskspdJson | PdhJson : undefined};
};

const element = (xml: string, name: string) => [...xml.matchAll(new RegExp(`<${name}>([^<]*)</${name}>`, 'g'))].map(match => match[1]!);

const checkDiskspd = async (t: import('ava').ExecutionContext, file: string) => {
	const xml = readFileSync(file, 'utf8');
	const {exitCode, json, all} = await inspect(file);
	t.is(exitCode, 0, all);
	const summary = json as DiskspdJson;
	t.is(summary.kind, 'diskspd');
	t.is(summary.version, element(xml, 'Version')[0] ?? '');
	t.is(summary.computerName, element(xml, 'ComputerName')[0] ?? '');
	t.is(summary.durationS, Number(element(xml, 'Duration')[0]));
	t.is(summary.warmupS, Number(element(xml, 'Warmup')[0]));
	const profile = xml.slice(xml.indexOf('<Profile>'), xml.indexOf('</Profile>'));
	t.deepEqual(summary.targets.map(target => target.path), element(profile, 'Path'));
	t.deepEqual(summary.targets.map(target => target.blockSize), element(profile, 'BlockSize').map(Number));
	// The results part: everything after the profile.
	const results = xml.slice(xml.indexOf('</Profile>'));
	const seconds = Number(element(results, 'TestTimeSeconds')[0]);
	const ios = element(results, 'IOCount').reduce((sum, count) => sum + BigInt(count), 0n);
	const bytes = element(results, 'BytesCount').reduce((sum, count) => sum + BigInt(count), 0n);
	const [span] = summary.timeSpans;
	t.is(summary.timeSpans.length, element(results, 'TestTimeSeconds').length);
	t.is(span!.testTimeS, seconds);
	t.is(span!.threads, Number(element(results, 'ThreadCount')[0]));
	t.is(span!.totalIos, ios.toString());
	t.true(close(span!.iops, Number(ios) / seconds), `${span!.iops}`);
	// diskspd's unit: MiB/s = bytes per second / 1048576.
	t.true(close(span!.mibPerSec, Number(bytes) / seconds / 1_048_576), `${span!.mibPerSec}`);
	t.is(span!.totalBytes, bytes.toString());
	checkDirections(t, xml, span!);
	// The aggregate <Iops> series of the timespan sits before the first <Thread>; without one, the first target's.
	const aggregate = results.slice(0, results.indexOf('<Thread>'));
	const series = aggregate.includes('<Iops>') ? aggregate : results.slice(results.indexOf('<Thread>'));
	const iops = series.slice(series.indexOf('<Iops>'), series.indexOf('</Iops>'));
	t.is(span!.iopsBuckets, [...iops.matchAll(/<Bucket /g)].length);
	const percentiles = [...results.matchAll(/<Percentile>([\d.]+)<\/Percentile>\s*(?:<ReadMilliseconds>([\d.]+)<\/ReadMilliseconds>\s*)?(?:<WriteMilliseconds>([\d.]+)<\/WriteMilliseconds>\s*)?<TotalMilliseconds>([\d.]+)<\/TotalMilliseconds>/g)];
	t.deepEqual(span!.percentiles.map(entry => [entry.percentile, entry.readMs, entry.writeMs, entry.totalMs]), percentiles.map(match => [Number(match[1]), match[2] === undefined ? undefined : Number(match[2]), match[3] === undefined ? undefined : Number(match[3]), Number(match[4])]));
	return summary;
};

const first = (block: string, name: string) => element(block, name)[0];

// Read, write and total of every target (summed over the threads that ran it) and of the timespan, from the
// <Target> blocks of the results: counts, bytes, IOPS and MiB/s over TestTimeSeconds, and reads + writes = total.
const checkDirections = (t: import('ava').ExecutionContext, xml: string, span: DiskspdJson['timeSpans'][number]) => {
	const results = xml.slice(xml.indexOf('</Profile>'));
	const seconds = Number(first(results, 'TestTimeSeconds'));
	const blocks = [...results.matchAll(/<Target>([\s\S]*?)<\/Target>/g)].map(match => match[1]!);
	t.true(blocks.length > 0);
	const counts = (block: string) => ({
		read: [BigInt(first(block, 'ReadCount')!), BigInt(first(block, 'ReadBytes')!)],
		write: [BigInt(first(block, 'WriteCount')!), BigInt(first(block, 'WriteBytes')!)],
		total: [BigInt(first(block, 'IOCount')!), BigInt(first(block, 'BytesCount')!)],
	});
	const sum = (parts: Array<ReturnType<typeof counts>>) => ({
		read: [parts.reduce((total, part) => total + part.read[0]!, 0n), parts.reduce((total, part) => total + part.read[1]!, 0n)],
		write: [parts.reduce((total, part) => total + part.write[0]!, 0n), parts.reduce((total, part) => total + part.write[1]!, 0n)],
		total: [parts.reduce((total, part) => total + part.total[0]!, 0n), parts.reduce((total, part) => total + part.total[1]!, 0n)],
	});
	const expectRow = (actual: IoDirections, expected: ReturnType<typeof counts>, what: string) => {
		for (const direction of ['read', 'write', 'total'] as const) {
			const [ios, bytes] = expected[direction];
			const io = actual[direction];
			t.is(io.ios, ios!.toString(), `${what} ${direction} I/Os`);
			t.is(io.bytes, bytes!.toString(), `${what} ${direction} bytes`);
			t.true(close(io.iops, Number(ios) / seconds), `${what} ${direction} IOPS ${io.iops}`);
			t.true(close(io.mibPerSec, Number(bytes) / seconds / 1_048_576), `${what} ${direction} MiB/s ${io.mibPerSec}`);
		}

		t.is(BigInt(actual.read.ios) + BigInt(actual.write.ios), BigInt(actual.total.ios), `${what}: read + write I/Os = total`);
		t.is(BigInt(actual.read.bytes) + BigInt(actual.write.bytes), BigInt(actual.total.bytes), `${what}: read + write bytes = total`);
		t.true(close(actual.read.mibPerSec + actual.write.mibPerSec, actual.total.mibPerSec, 1e-12), `${what}: read + write MiB/s = total`);
		t.true(close(actual.read.iops + actual.write.iops, actual.total.iops, 1e-12), `${what}: read + write IOPS = total`);
	};

	expectRow(span, sum(blocks.map(counts)), 'timespan');
	const paths = [...new Set(blocks.map(block => first(block, 'Path')!))];
	t.deepEqual(span.targets.map(target => target.path), paths);
	for (const target of span.targets) {
		const own = blocks.filter(block => first(block, 'Path') === target.path);
		expectRow(target, sum(own.map(counts)), target.path);
		t.is(target.threads.length, own.length);
		for (const [index, thread] of target.threads.entries()) {
			expectRow(thread, counts(own[index]!), `${target.path} thread ${thread.id}`);
			// Per-direction latency (-L) and IOPS deviation (-D) as this thread's <Target> printed them.
			const optional = (name: string) => (first(own[index]!, name) === undefined ? undefined : Number(first(own[index]!, name)));
			t.is(thread.read.averageLatencyMs, optional('AverageReadLatencyMilliseconds'));
			t.is(thread.read.latencyStdDevMs, optional('ReadLatencyStdev'));
			t.is(thread.write.averageLatencyMs, optional('AverageWriteLatencyMilliseconds'));
			t.is(thread.write.latencyStdDevMs, optional('WriteLatencyStdev'));
			t.is(thread.total.averageLatencyMs, optional('AverageLatencyMilliseconds'));
			t.is(thread.total.latencyStdDevMs, optional('LatencyStdev'));
			t.is(thread.read.iopsStdDev, optional('ReadIopsStdDev'));
			t.is(thread.write.iopsStdDev, optional('WriteIopsStdDev'));
			t.is(thread.total.iopsStdDev, optional('IopsStdDev'));
		}
	}

	// The total rows carry the timespan's own <Latency> averages, per direction.
	const latency = /<Latency[^>]*>([\s\S]*?)<\/Latency>/.exec(results.slice(0, results.indexOf('<Thread>')))?.[1] ?? '';
	const aggregate = (name: string) => (first(latency, name) === undefined ? undefined : Number(first(latency, name)));
	t.is(span.read.averageLatencyMs, aggregate('AverageReadMilliseconds'));
	t.is(span.read.latencyStdDevMs, aggregate('ReadLatencyStdev'));
	t.is(span.write.averageLatencyMs, aggregate('AverageWriteMilliseconds'));
	t.is(span.write.latencyStdDevMs, aggregate('WriteLatencyStdev'));
	t.is(span.total.averageLatencyMs, aggregate('AverageTotalMilliseconds'));
	t.is(span.total.latencyStdDevMs, aggregate('LatencyStdev'));
};

const localMs = (text: string) => {
	const [, month, day, year, hour, minute, second, ms] = /^(\d\d)\/(\d\d)\/(\d{4}) (\d\d):(\d\d):(\d\d)\.(\d{3})$/.exec(text)!;
	return Date.UTC(Number(year), Number(month) - 1, Number(day), Number(hour), Number(minute), Number(second), Number(ms));
};

const checkPdh = async (t: import('ava').ExecutionContext, file: string) => {
	// Only the CSV lines: the console form has a command line and status lines around them.
	const csvLines = readFileSync(file, 'utf8').replace(/^\uFEFF/, '').split(/\r?\n/).filter(line => line.startsWith('"'));
	const rows = parse(csvLines.join('\n'), {relax_column_count: true}) as string[][];
	const [header, ...data] = rows;
	const {exitCode, json, all} = await inspect(file);
	t.is(exitCode, 0, all);
	const summary = json as PdhJson;
	t.is(summary.kind, 'pdh-csv');
	const zone = /^\(PDH-CSV 4\.0\) \((.+)\)\((-?\d+)\)$/.exec(header![0]!);
	t.is(summary.timeZone, zone?.[1]);
	t.is(summary.biasMinutes, zone ? Number(zone[2]) : undefined);
	t.is(summary.sampleCount, data.length);
	t.is(summary.first, data[0]![0]);
	t.is(summary.last, data.at(-1)![0]);
	if (zone) {
		t.is(summary.firstUtc, new Date(localMs(data[0]![0]!) + (Number(zone[2]) * 60_000)).toISOString());
	}

	const gaps = data.slice(1).map((row, index) => localMs(row[0]!) - localMs(data[index]![0]!)).sort((a, b) => a - b);
	t.is(summary.intervalS, gaps[Math.ceil(gaps.length / 2) - 1]! / 1000);
	t.deepEqual(summary.counters.map(counter => counter.path), header!.slice(1));
	for (const [index, counter] of summary.counters.entries()) {
		const values = data.map(row => row[index + 1]!.trim()).filter(value => value !== '').map(Number);
		t.is(counter.samples, values.length, counter.path);
		t.is(counter.min, Math.min(...values), counter.path);
		t.is(counter.max, Math.max(...values), counter.path);
		t.true(close(counter.mean, values.reduce((sum, value) => sum + value, 0) / values.length, 1e-12), counter.path);
	}

	return summary;
};

test('inspect summarizes every shared fixture; anything else is refused with exit 2', async t => {
	const all = files(shared);
	t.true(all.length >= 6);
	for (const file of all) {
		const name = relative(shared, file);
		if (file.endsWith('.xml')) {
			await checkDiskspd(t, file);
		} else if (file.endsWith('.csv') || file.endsWith('.txt')) {
			await checkPdh(t, file);
		} else {
			const result = await inspect(file);
			t.is(result.exitCode, 2, name);
			t.regex(result.stderr, /is neither diskspd -Rxml output nor a PDH-CSV counter log/, name);
		}
	}
});

test('2.0.21a: the values a lab engineer reads off the text summary', async t => {
	const {exitCode, stdout} = await rdmalab(['inspect', fixture('shared', 'diskspd', 'diskspd-2.0.21a-L-D1000.xml')]);
	t.is(exitCode, 0);
	t.regex(stdout, /^diskspd 2\.0\.21a result from QuickTest2$/m);
	t.regex(stdout, /duration {4}120 s measured \(warm-up 15 s, cool-down 0 s\)/);
	t.regex(stdout, /buckets {3}120 IOPS buckets/);
	// 99th percentile line of the document: read 21.897, write 4.184, total 19.270.
	t.regex(stdout, /99th +21\.897 +4\.184 +19\.270/);
	// Percentile 0 is the minimum: read 0.045, write 1.117, total 0.045.
	t.regex(stdout, /min +0\.045 +1\.117 +0\.045/);
	// diskspd's Read IO / Write IO / Total IO tables: bytes, I/Os, MiB/s (bytes / 120.01 s / 1048576), I/O per s,
	// AvgLat and LatStdDev (the document's per-direction values), IopsStdDev.
	t.regex(stdout, /MiB\/s = bytes per second \/ 1048576/);
	t.notRegex(stdout, /\bMB\/s/);
	const table = (title: string) => stdout.slice(stdout.indexOf(`    ${title}\n`)).split('\n').slice(1, 4);
	t.regex(table('Read IO')[0]!, /^ +target +bytes +I\/Os +MiB\/s +I\/O per s +AvgLat ms +LatStdDev +IopsStdDev$/);
	const mib = (bytes: number) => (bytes / 120.01 / 1_048_576).toFixed(2);
	const perSecond = (ios: number) => (ios / 120.01).toFixed(2);
	t.regex(table('Read IO')[1]!, new RegExp(`^ +diskspd\\.test +152215552 +37162 +${mib(152_215_552)} +${perSecond(37_162)} +2\\.477 +2\\.732 +34\\.796$`));
	t.regex(table('Read IO')[2]!, new RegExp(`^ +total +152215552 +37162 +${mib(152_215_552)} +${perSecond(37_162)} +2\\.477 +2\\.732 +34\\.796$`));
	t.regex(table('Write IO')[2]!, new RegExp(`^ +total +64524288 +15753 +${mib(64_524_288)} +${perSecond(15_753)} +1\\.767 +0\\.508 +14\\.606$`));
	t.regex(table('Total IO')[2]!, new RegExp(`^ +total +216739840 +52915 +${mib(216_739_840)} +${perSecond(52_915)} +2\\.266 +2\\.329 +45\\.369$`));
});

test('2.2 without -L: the IO tables have no latency columns and a direction without a deviation says N/A', async t => {
	const {exitCode, stdout} = await rdmalab(['inspect', fixture('shared', 'diskspd', 'diskspd-2.2-layout.xml')]);
	t.is(exitCode, 0);
	t.notRegex(stdout, /AvgLat/);
	t.regex(stdout, /latency {3}not measured \(run without -L\)/);
	// 6 reads of 4194304 bytes, 10 writes of 2097152 bytes in 120 s; the document prints no WriteIopsStdDev.
	t.regex(stdout, /Read IO\n +target +bytes +I\/Os +MiB\/s +I\/O per s +IopsStdDev\n +testfile1\.dat +4194304 +6 +0\.03 +0\.05 +0\.000\n/);
	t.regex(stdout, /Write IO\n.*\n +testfile1\.dat +2097152 +10 +0\.02 +0\.08 +N\/A\n/);
	t.regex(stdout, /Total IO\n.*\n.*\n +total +6291456 +16 +0\.05 +0\.13 +0\.000\n/);
});

test('console typeperf has no zone, and the text summary says so', async t => {
	const {exitCode, stdout} = await rdmalab(['inspect', fixture('shared', 'pdh-csv', 'typeperf-console-excerpt.txt')]);
	t.is(exitCode, 0);
	t.regex(stdout, /time zone {3}none in the file \(console form\)/);
	t.regex(stdout, /samples {5}5, every 3 s/);
});

test('a missing file, no file and a file of another kind exit 2 with the reason', async t => {
	const dir = await tempDir();
	const other = join(dir, 'results.xml');
	writeFileSync(other, '<?xml version="1.0"?>\n<testsuites><testsuite name="x"/></testsuites>\n');
	const wrong = await rdmalab(['inspect', other]);
	t.is(wrong.exitCode, 2);
	t.regex(wrong.stderr, /results\.xml is neither diskspd -Rxml output nor a PDH-CSV counter log\n {2}hint: /);
	const missing = await rdmalab(['inspect', join(dir, 'nope.csv')]);
	t.is(missing.exitCode, 2);
	t.regex(missing.stderr, /cannot read .*nope\.csv: ENOENT/);
	const none = await rdmalab(['inspect']);
	t.is(none.exitCode, 2);
	t.regex(none.stderr, /rdmalab inspect needs a file/);
});
