// The RDMA offload verdicts, pure: measurements in, verdicts out. Each is shown to pass on healthy figures, to fail on
// the figures its misconfiguration produces, and to be an error (never a pass or a zero) when a counter is missing,
// blank, reset or from a node whose clock moved.
import test from 'ava';
import {offloadVerdicts, type OffloadMeasurements, type OffloadNode, type OffloadThresholds, type Sample} from '../../harness/verdicts/rdma-offload.js';
import type {Verdict} from '../../harness/verdicts/verdict.js';

const thresholds: OffloadThresholds = {minRdmaSharePct: 95, minRnicRdmaPctOfEven: 25, minOffloadRatio: 2, minThroughputPctOfCeiling: 70};

// Idle 0-3 s, phase A measured 5-11 s (its diskspd from 3 s), RDMA off from 12 s, phase B measured 17-23 s.
const windows = {idle: {fromS: 0, toS: 3}, a: {fromS: 5, toS: 11}, aSpan: {fromS: 3, toS: 11}, b: {fromS: 17, toS: 23}};
const phaseOf = (t: number): 'idle' | 'a' | 'b' => (t > 4 && t <= 11 ? 'a' : t > 16 && t <= 23 ? 'b' : 'idle');

/** A sample every second from 1 to 26 s with a value per phase. */
const series = (values: {idle?: number; a: number; b: number}): Sample[] => Array.from({length: 26}, (_, index) => {
	const t = index + 1 + 0.03;
	const phase = phaseOf(t);
	return {t, v: phase === 'idle' ? values.idle ?? 0 : values[phase]};
});

/** A raw counter that starts at `start` and rises by `perSecond` while phase A runs. */
const counter = (start: number, perSecond = 0): Sample[] => Array.from({length: 26}, (_, index) => {
	const t = index + 1 + 0.03;
	return {t, v: start + (perSecond * Math.max(0, Math.min(t, 11) - 3))};
});

const healthyRnic = (node: string, rnic: string) => ({
	node, rnic,
	rdma: series({a: 3050, b: 0}),
	tcp: series({a: 0, b: 1850}),
	errors: {'RDMA Failed Connection Attempts': counter(3), 'RDMA Connection Errors': counter(0), 'RDMA Completion Queue Errors': counter(12)},
});

// CPU per GB/s above idle: 1.6 % over 6.1 GB/s in A, 5.4 % over 3.7 GB/s in B: a ratio of 5.56.
const node = (name: string, role: OffloadNode['role']): OffloadNode => ({
	node: name, role,
	cpu: {counter: '\\Processor Information(_Total)\\% Processor Time', samples: series({idle: 2.5, a: 4.1, b: 7.9})},
	rnics: [healthyRnic(name, `${name}-1`), healthyRnic(name, `${name}-2`)],
	...(role === 'hyperv-host' ? {smb: {data: series({a: 6090, b: 3690}), read: series({a: 6090, b: 3690}), write: series({a: 0, b: 0}), directRead: series({a: 6090, b: 0}), directWrite: series({a: 0, b: 0})}} : {}),
});

const healthy = (): OffloadMeasurements => ({
	sampleIntervalS: 1, ...windows,
	nodes: [node('hv01', 'hyperv-host'), node('hv02', 'hyperv-host'), node('sofs01', 'sofs-node'), node('sofs02', 'sofs-node')],
	hostThroughput: [{node: 'hv01', mbps: 6080}, {node: 'hv02', mbps: 6070}],
	ceiling: {mbps: 12_244, detail: 'payload ceiling of the 4 rNICs of 2 host(s), RoCEv2, jumbo frames'},
});

const judge = (m: OffloadMeasurements) => Object.fromEntries(offloadVerdicts(m, thresholds).map(verdict => [verdict.id, verdict])) as Record<string, Verdict>;
const statuses = (m: OffloadMeasurements) => Object.fromEntries(offloadVerdicts(m, thresholds).map(verdict => [verdict.id, verdict.status]));

test('healthy figures pass every verdict, each with its evidence and metric', t => {
	const verdicts = judge(healthy());
	t.deepEqual(Object.values(verdicts).map(verdict => verdict.status), ['pass', 'pass', 'pass', 'pass', 'pass']);
	t.like(verdicts['rdma-share']!.evidence, {items: {hv01: {status: 'pass', rdmaActivityMBps: 6100, smbDataMBps: 6090, smbDirectSharePct: 100}}});
	t.like(verdicts['offload-ratio'], {measured: '5.56 × (lowest node)', metric: {name: 'offloadRatio', unit: '×', better: 'higher'}});
	t.like(verdicts['offload-ratio']!.evidence, {items: {sofs02: {idleCpuPct: 2.5, phaseA: {gbps: 6.1, netCpuPct: 1.6}, phaseB: {gbps: 3.7, netCpuPct: 5.4}}}});
	t.like(verdicts['rdma-errors'], {measured: '0 error(s)', metric: {value: 0}});
	t.like(verdicts['phase-a-throughput']!.evidence, {totalMBps: 12_150, ceilingMBps: 12_244});
	t.like(verdicts['every-rnic-rdma']!.evidence, {items: {'hv02/hv02-2': {rdmaPctOfEven: 100}}});
});

test('SMB over TCP on one host fails the RDMA share, every-rNIC and offload verdicts, naming the host', t => {
	const m = healthy();
	for (const rnic of m.nodes[0]!.rnics) {
		rnic.rdma = series({a: 0, b: 0});
		rnic.tcp = series({a: 1850, b: 1850});
	}

	m.nodes[0]!.smb!.directRead = series({a: 0, b: 0});
	m.nodes[0]!.cpu.samples = series({idle: 2.5, a: 7.9, b: 7.9});
	const verdicts = judge(m);
	t.like(verdicts['rdma-share'], {status: 'fail', measured: '0 % (lowest host)', summary: 'SMB ran over TCP on hv01: RDMA carried as little as 0 % of its bytes'});
	t.regex(verdicts['rdma-share']!.hint ?? '', /Get-SmbMultichannelConnection/);
	t.like(verdicts['every-rnic-rdma'], {status: 'fail'});
	t.regex(verdicts['every-rnic-rdma']!.summary, /hv01\/hv01-1, hv01\/hv01-2/);
	t.like(verdicts['offload-ratio'], {status: 'fail'});
	t.regex(verdicts['offload-ratio']!.summary, /on hv01 \(lowest ratio 1 ×\)/);
	t.is(verdicts['rdma-errors']!.status, 'pass');
});

test('SMB Direct\'s own counters are judged too where the node has them, and skipped with the reason where it does not', t => {
	const m = healthy();
	m.nodes[1]!.smb!.directRead = series({a: 3000, b: 0});
	t.like(judge(m)['rdma-share'], {status: 'fail', measured: '49.3 % (lowest host)'});

	const without = healthy();
	without.nodes[1]!.smb!.directRead = '"SMB Client Shares" has no counter "Read Bytes transmitted via SMB Direct/sec"';
	const share = judge(without)['rdma-share']!;
	t.is(share.status, 'pass');
	t.like(share.evidence, {items: {hv02: {smbDirectSharePct: null, smbDirectCounters: 'Read Bytes transmitted via SMB Direct/sec: "SMB Client Shares" has no counter "Read Bytes transmitted via SMB Direct/sec"'}}});
});

test('an rNIC without RDMA fails every-rnic-rdma alone; low throughput fails against the ceiling', t => {
	const m = healthy();
	// Both hosts' second rNIC idles: SMB keeps to the one RDMA path left, at half the throughput.
	for (const host of m.nodes.slice(0, 2)) {
		host.rnics[1]!.rdma = series({a: 0, b: 0});
		host.smb = {...host.smb!, data: series({a: 3045, b: 3690}), read: series({a: 3045, b: 3690}), directRead: series({a: 3045, b: 0})};
		host.cpu.samples = series({idle: 2.5, a: 3.3, b: 7.9});
	}

	m.hostThroughput = [{node: 'hv01', mbps: 3050}, {node: 'hv02', mbps: 3040}];
	t.deepEqual(statuses(m), {'rdma-share': 'pass', 'rdma-errors': 'pass', 'every-rnic-rdma': 'fail', 'offload-ratio': 'pass', 'phase-a-throughput': 'fail'});
	t.like(judge(m)['phase-a-throughput'], {measured: '49.7 % (6090 MB/s)'});
});

test('any rise of an RDMA error counter during phase A fails; one before or after it does not', t => {
	const rising = healthy();
	rising.nodes[2]!.rnics[0]!.errors['RDMA Completion Queue Errors'] = counter(12, 0.5);
	const verdict = judge(rising)['rdma-errors']!;
	t.like(verdict, {status: 'fail', measured: '4 error(s)', summary: 'RDMA errors in phase A on sofs01/sofs01-1 (4 in all)'});
	t.like(verdict.evidence, {items: {'sofs01/sofs01-1': {status: 'fail', rise: {'RDMA Completion Queue Errors': 4}}}});

	const later = healthy();
	later.nodes[0]!.rnics[0]!.errors['RDMA Connection Errors'] = series({a: 0, b: 9});
	t.is(judge(later)['rdma-errors']!.status, 'pass', 'errors in phase B are not phase A\'s');
});

test('a counter the node lacks, a blank sample, a counter reset or a moved clock is an error naming why, never a pass', t => {
	const missing = healthy();
	missing.nodes[3]!.rnics[0]!.errors['RDMA Connection Errors'] = '"RDMA Activity" has no counter "RDMA Connection Errors"';
	t.like(judge(missing)['rdma-errors'], {status: 'error', summary: 'could not be judged: sofs02/sofs02-1: RDMA Connection Errors: "RDMA Activity" has no counter "RDMA Connection Errors"'});

	const blank = healthy();
	(blank.nodes[0]!.rnics[0]!.rdma as Sample[])[7] = {t: 8.03, v: null};
	const verdicts = judge(blank);
	t.like(verdicts['rdma-share'], {status: 'error'});
	t.regex(verdicts['rdma-share']!.summary, /hv01-1 RDMA Activity bytes has no value in 1 of 5 samples between 5 and 11 s: missing, not zero/);
	t.is(verdicts['every-rnic-rdma']!.status, 'error');

	const reset = healthy();
	reset.nodes[1]!.rnics[1]!.errors['RDMA Failed Connection Attempts'] = counter(3).map(sample => (sample.t > 6 ? {...sample, v: 0} : sample));
	t.regex(judge(reset)['rdma-errors']!.summary, /hv02\/hv02-2: RDMA Failed Connection Attempts went from 3 down to 0 at 6 s: the counter was reset/);

	const moved = healthy();
	moved.nodes[2]!.misaligned = 'sofs01\'s clock moved +20.0 s during the run';
	t.deepEqual(statuses(moved), {'rdma-share': 'pass', 'rdma-errors': 'error', 'every-rnic-rdma': 'pass', 'offload-ratio': 'error', 'phase-a-throughput': 'pass'});
});

test('a failed node wins over one that could not be measured: the verdict fails and says what was not measured', t => {
	const m = healthy();
	m.nodes[0]!.rnics[0]!.errors['RDMA Connection Errors'] = counter(0, 1);
	m.nodes[1]!.rnics[0]!.errors['RDMA Connection Errors'] = 'typeperf did not report it';
	const verdict = judge(m)['rdma-errors']!;
	t.is(verdict.status, 'fail');
	t.regex(verdict.summary, /not measured: hv02\/hv02-1: RDMA Connection Errors: typeperf did not report it/);
});

test('phase B that still ran over RDMA did not measure TCP: the offload ratio is an error, not a fail', t => {
	const m = healthy();
	for (const rnic of m.nodes[3]!.rnics) {
		rnic.rdma = series({a: 3050, b: 3050});
		rnic.tcp = series({a: 0, b: 0});
	}

	m.nodes[3]!.cpu.samples = series({idle: 2.5, a: 4.1, b: 4.1});
	const verdict = judge(m)['offload-ratio']!;
	t.is(verdict.status, 'error');
	t.regex(verdict.summary, /sofs02: phase B did not run over TCP: RDMA still carried 100 % of its bytes/);
});

test('RDMA costing nothing above idle passes the ratio; TCP costing nothing is an error; I/O errors fail the throughput verdict', t => {
	const free = healthy();
	for (const item of free.nodes) {
		item.cpu.samples = series({idle: 2.5, a: 2.4, b: 7.9});
	}

	t.like(judge(free)['offload-ratio'], {status: 'pass', measured: 'RDMA cost no measurable CPU (lowest node)'});
	t.false('metric' in judge(free)['offload-ratio']!);

	const flat = healthy();
	flat.nodes[0]!.cpu.samples = series({idle: 2.5, a: 2.5, b: 2.5});
	t.regex(judge(flat)['offload-ratio']!.summary, /hv01: TCP cost no CPU above idle/);

	const ioErrors = healthy();
	ioErrors.hostThroughput[1] = {node: 'hv02', ioErrors: ['error during overlapped IO operation (error code: 64)']};
	t.like(judge(ioErrors)['phase-a-throughput'], {status: 'fail', summary: 'diskspd stopped on I/O errors in phase A on hv02: error during overlapped IO operation (error code: 64)'});
});
