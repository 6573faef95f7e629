// The diskspd side of `rdmalab inspect` on a synthetic run the shared fixtures do not have: two threads on one
// target, a second target with reads only, and a timespan interrupted during warm-up. The real samples are checked
// through the CLI in test/cli/inspect.test.ts.
import test from 'ava';
import {formatDiskspdSummary, summarizeDiskspd} from '../../harness/inspect/diskspd-summary.js';
import {parseDiskspdXml} from '../../harness/workloads/diskspd/xml.js';

const target = (path: string, reads: number, writes: number, latency: string) => `<Target><Path>${path}</Path>
<BytesCount>${(reads + writes) * 4096}</BytesCount><FileSize>1073741824</FileSize><IOCount>${reads + writes}</IOCount>
<ReadBytes>${reads * 4096}</ReadBytes><ReadCount>${reads}</ReadCount><WriteBytes>${writes * 4096}</WriteBytes><WriteCount>${writes}</WriteCount>
${latency}<Iops><ReadIopsStdDev>1.000</ReadIopsStdDev><IopsStdDev>2.000</IopsStdDev></Iops></Target>`;

const xml = `<Results><System><ComputerName>HV01</ComputerName><Tool><Version>2.2.0</Version></Tool><RunTime></RunTime></System>
<TimeSpan><TestTimeSeconds>10.00</TestTimeSeconds><ThreadCount>2</ThreadCount><RequestCount>0</RequestCount><ProcCount>2</ProcCount>
<Latency><AverageReadMilliseconds>2.300</AverageReadMilliseconds><ReadLatencyStdev>1.100</ReadLatencyStdev>
<AverageWriteMilliseconds>2.500</AverageWriteMilliseconds><WriteLatencyStdev>1.225</WriteLatencyStdev>
<AverageTotalMilliseconds>2.400</AverageTotalMilliseconds><LatencyStdev>1.200</LatencyStdev>
<Bucket><Percentile>0</Percentile><ReadMilliseconds>0.100</ReadMilliseconds><WriteMilliseconds>0.200</WriteMilliseconds><TotalMilliseconds>0.100</TotalMilliseconds></Bucket>
<Bucket><Percentile>100</Percentile><ReadMilliseconds>9.000</ReadMilliseconds><WriteMilliseconds>8.000</WriteMilliseconds><TotalMilliseconds>9.000</TotalMilliseconds></Bucket></Latency>
<Thread><Id>0</Id>
${target('a.dat', 100, 300, '<AverageReadLatencyMilliseconds>1.000</AverageReadLatencyMilliseconds><ReadLatencyStdev>0.500</ReadLatencyStdev><AverageWriteLatencyMilliseconds>2.000</AverageWriteLatencyMilliseconds><WriteLatencyStdev>1.000</WriteLatencyStdev><AverageLatencyMilliseconds>1.750</AverageLatencyMilliseconds><LatencyStdev>1.000</LatencyStdev>')}
${target('b.dat', 50, 0, '<AverageReadLatencyMilliseconds>0.500</AverageReadLatencyMilliseconds><ReadLatencyStdev>0.100</ReadLatencyStdev><AverageLatencyMilliseconds>0.500</AverageLatencyMilliseconds><LatencyStdev>0.100</LatencyStdev>')}
</Thread><Thread><Id>1</Id>
${target('a.dat', 300, 100, '<AverageReadLatencyMilliseconds>3.000</AverageReadLatencyMilliseconds><ReadLatencyStdev>0.500</ReadLatencyStdev><AverageWriteLatencyMilliseconds>4.000</AverageWriteLatencyMilliseconds><WriteLatencyStdev>0.000</WriteLatencyStdev><AverageLatencyMilliseconds>3.250</AverageLatencyMilliseconds><LatencyStdev>0.800</LatencyStdev>')}
</Thread></TimeSpan>
<TimeSpan><Error>The test was interrupted before the measurements began. No results are displayed.</Error></TimeSpan></Results>`;

const near = (actual: number | undefined, expected: number) => actual !== undefined && Math.abs(actual - expected) < 1e-12;

test('two threads on one target: counts add up, latency is the I/O-weighted mean with the pooled deviation', t => {
	const summary = summarizeDiskspd(parseDiskspdXml(xml));
	const span = summary.timeSpans[0]!;
	t.deepEqual(span.targets.map(entry => [entry.path, entry.threads.map(thread => thread.id)]), [['a.dat', [0, 1]], ['b.dat', [0]]]);
	const a = span.targets[0]!;
	t.like(a.read, {ios: '400', bytes: String(400 * 4096), iops: 40, mibPerSec: 400 * 4096 / 10 / 1_048_576});
	t.like(a.write, {ios: '400', bytes: String(400 * 4096), iops: 40});
	t.like(a.total, {ios: '800', bytes: String(800 * 4096), iops: 80, mibPerSec: 800 * 4096 / 10 / 1_048_576});
	// reads: (100 × 1 + 300 × 3) / 400 = 2.5; variance (100 × (0.25 + 2.25) + 300 × (0.25 + 0.25)) / 400 = 1
	t.true(near(a.read.averageLatencyMs, 2.5));
	t.true(near(a.read.latencyStdDevMs, 1));
	// writes: (300 × 2 + 100 × 4) / 400 = 2.5; variance (300 × (1 + 0.25) + 100 × (0 + 2.25)) / 400 = 1.5
	t.true(near(a.write.averageLatencyMs, 2.5));
	t.true(near(a.write.latencyStdDevMs, Math.sqrt(1.5)));
	t.true(near(a.total.averageLatencyMs, 2.5));
	t.true(near(a.total.latencyStdDevMs, Math.sqrt((1 + 0.5625 + 0.64 + 0.5625) / 2)));
	// Per-bucket IOPS deviations of two threads do not combine; each thread keeps its own.
	t.is(a.read.iopsStdDev, undefined);
	t.deepEqual(a.threads.map(thread => thread.read.iopsStdDev), [1, 1]);
	t.deepEqual(a.threads.map(thread => [thread.read.ios, thread.write.ios, thread.total.ios]), [['100', '300', '400'], ['300', '100', '400']]);
	// A single thread's values are passed through; no writes means no write latency.
	const b = span.targets[1]!;
	t.like(b.read, {ios: '50', averageLatencyMs: 0.5, latencyStdDevMs: 0.1, iopsStdDev: 1});
	t.like(b.write, {ios: '0', bytes: '0', iops: 0, mibPerSec: 0});
	t.is(b.write.averageLatencyMs, undefined);
	// The total rows: every target and thread, with the timespan's own <Latency> averages.
	t.like(span.read, {ios: '450', bytes: String(450 * 4096), iops: 45, averageLatencyMs: 2.3, latencyStdDevMs: 1.1});
	t.like(span.write, {ios: '400', iops: 40, averageLatencyMs: 2.5, latencyStdDevMs: 1.225});
	t.like(span.total, {ios: '850', bytes: String(850 * 4096), iops: 85, mibPerSec: 850 * 4096 / 10 / 1_048_576, averageLatencyMs: 2.4});
	t.like(span, {iops: 85, totalIos: '850', totalBytes: String(850 * 4096), mibPerSec: 850 * 4096 / 10 / 1_048_576});
});

test('an interrupted timespan has zero counts and rates, never NaN', t => {
	const span = summarizeDiskspd(parseDiskspdXml(xml)).timeSpans[1]!;
	t.like(span, {error: 'The test was interrupted before the measurements began. No results are displayed.', targets: []});
	for (const io of [span.read, span.write, span.total]) {
		t.deepEqual(io, {ios: '0', bytes: '0', iops: 0, mibPerSec: 0});
	}
});

test('the text form: one table per direction, a row per target and a total row, N/A where a direction has no value', t => {
	const text = formatDiskspdSummary(summarizeDiskspd(parseDiskspdXml(xml)));
	const mib = (ios: number) => (ios * 4096 / 10 / 1_048_576).toFixed(2);
	t.true(text.includes([
		'    Read IO',
		'      target            bytes         I/Os      MiB/s   I/O per s  AvgLat ms  LatStdDev  IopsStdDev',
		`      a.dat           1638400          400 ${mib(400).padStart(10)}       40.00      2.500      1.000         N/A`,
		`      b.dat            204800           50 ${mib(50).padStart(10)}        5.00      0.500      0.100       1.000`,
		`      total           1843200          450 ${mib(450).padStart(10)}       45.00      2.300      1.100         N/A`,
		'    Write IO',
	].join('\n')), text);
	t.regex(text, /Write IO\n.*\n.*\n +b\.dat +0 +0 +0\.00 +0\.00 +N\/A +N\/A +N\/A\n/);
	t.regex(text, /MiB\/s = bytes per second \/ 1048576 \(diskspd's unit\); latency in ms/);
	t.regex(text, /min +0\.100 +0\.200 +0\.100\n +max +9\.000 +8\.000 +9\.000\n/);
	t.regex(text, /timespan 2 {2}0 s, 0 threads, error: The test was interrupted/);
	t.notRegex(text, /\bMB\b/);
});
