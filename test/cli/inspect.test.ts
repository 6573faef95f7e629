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
	timeSpans: Array<{testTimeS: number; threads: number; iops: number; mbPerSec: number; totalIos: string; iopsBuckets: number; percentiles: Array<{percentile: number; readMs?: number; writeMs?: number; totalMs?: number}>}>;
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
	t.true(close(span!.mbPerSec, Number(bytes) / seconds / 1e6), `${span!.mbPerSec}`);
	// The aggregate <Iops> series of the timespan sits before the first <Thread>; without one, the first target's.
	const aggregate = results.slice(0, results.indexOf('<Thread>'));
	const series = aggregate.includes('<Iops>') ? aggregate : results.slice(results.indexOf('<Thread>'));
	const iops = series.slice(series.indexOf('<Iops>'), series.indexOf('</Iops>'));
	t.is(span!.iopsBuckets, [...iops.matchAll(/<Bucket /g)].length);
	const percentiles = [...results.matchAll(/<Percentile>([\d.]+)<\/Percentile>\s*(?:<ReadMilliseconds>([\d.]+)<\/ReadMilliseconds>\s*)?(?:<WriteMilliseconds>([\d.]+)<\/WriteMilliseconds>\s*)?<TotalMilliseconds>([\d.]+)<\/TotalMilliseconds>/g)];
	t.deepEqual(span!.percentiles.map(entry => [entry.percentile, entry.readMs, entry.writeMs, entry.totalMs]), percentiles.map(match => [Number(match[1]), match[2] === undefined ? undefined : Number(match[2]), match[3] === undefined ? undefined : Number(match[3]), Number(match[4])]));
	return summary;
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
