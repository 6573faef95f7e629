// The failover verdicts on synthetic measurements: a healthy failover passes every verdict, and each fault
// pattern fails the verdict that guards against it, with evidence.
import test from 'ava';
import {failoverVerdicts, restoredAt, type FailoverMeasurements, type FailoverThresholds, type IoSample, type TimePoint} from '../../harness/verdicts/failover.js';
import {figure, outcomeOf} from '../../harness/verdicts/verdict.js';

const thresholds: FailoverThresholds = {maxStallMs: 3000, minFaultThroughputPct: 80, restoreWithinS: 8, balanceWithinPct: 20, settleS: 2};

interface Shape {
	/** Seconds of total stall after the shut. */
	stallS?: number;
	/** Throughput multiplier while the link is down, after the stall. */
	faultFactor?: number;
	/** Seconds from no-shut until rNIC 1 carries traffic again; null = never. */
	restoreAfterS?: number | null;
	/** rNIC 2's share after recovery. */
	rnic2Share?: number;
	ioErrors?: string[];
}

// 30 s measured from t=2: baseline until the shut at 6, no-shut at 11; 1000 MB/s split over two rNICs.
const measurements = ({stallS = 1.5, faultFactor = 1, restoreAfterS = 4, rnic2Share = 0.5, ioErrors = []}: Shape = {}): FailoverMeasurements => {
	const shutS = 6;
	const noShutS = 11;
	const io: IoSample[] = [];
	for (let t = 2.1; t <= 32.001; t += 0.1) {
		const stalled = t > shutS && t <= shutS + stallS;
		const factor = t > shutS + stallS && t <= noShutS ? faultFactor : 1;
		const mbps = stalled ? 0 : 1000 * factor;
		const recovered = Math.abs(t - (shutS + stallS)) < 0.05;
		io.push({t, iops: mbps * 1e6 / 4096, mbps, maxLatencyMs: recovered ? stallS * 1000 : 2});
	}

	const rnic1: TimePoint[] = [];
	const rnic2: TimePoint[] = [];
	for (let t = 1; t <= 32; t++) {
		const down = t > shutS && (restoreAfterS === null || t <= noShutS + restoreAfterS);
		const after = restoreAfterS !== null && t > noShutS + restoreAfterS;
		rnic1.push({t, v: down ? 0 : after ? 1000 * (1 - rnic2Share) : 500});
		rnic2.push({t, v: down ? 1000 * faultFactor : after ? 1000 * rnic2Share : 500});
	}

	return {
		io, bucketS: 0.1, measured: {fromS: 2, toS: 32}, ioErrors,
		rnics: [{label: 'rNIC 1', series: rnic1}, {label: 'rNIC 2', series: rnic2}],
		fault: {shutS, noShutS}, survivingCeilingMBps: 3059,
	};
};

const status = (shape: Shape) => Object.fromEntries(failoverVerdicts(measurements(shape), thresholds).map(verdict => [verdict.id, verdict.status]));

test('a healthy failover passes every verdict', t => {
	t.deepEqual(status({}), {'io-errors': 'pass', 'longest-stall': 'pass', 'fault-throughput': 'pass', 'restored-rnic-carries-traffic': 'pass', 'balanced-after-recovery': 'pass'});
	t.is(outcomeOf(failoverVerdicts(measurements(), thresholds), 0, false), 'passed');
});

test('a stall longer than allowed fails the stall verdict, with the slowest I/O as evidence', t => {
	const verdicts = failoverVerdicts(measurements({stallS: 4.5}), thresholds);
	const stall = verdicts.find(verdict => verdict.id === 'longest-stall')!;
	t.is(stall.status, 'fail');
	t.is(stall.measured, '4500 ms');
	t.is(stall.evidence['longestZeroIopsMs'], 4500);
	t.is(verdicts.find(verdict => verdict.id === 'io-errors')!.status, 'pass');
});

test('throughput below the share of the surviving link fails the fault-throughput verdict', t => {
	const verdicts = failoverVerdicts(measurements({faultFactor: 0.6}), thresholds);
	const verdict = verdicts.find(candidate => candidate.id === 'fault-throughput')!;
	t.is(verdict.status, 'fail');
	t.is(verdict.evidence['ratioPct'], 60);
	t.is(verdict.evidence['expectedMBps'], 1000);
	// The window starts after the measured failover stall, not at the shut.
	t.deepEqual(verdict.evidence['faultWindow'], {fromS: 7.6, toS: 11});
});

test('the expected throughput is the surviving link\'s ceiling when the baseline is above it', t => {
	const m = measurements();
	m.survivingCeilingMBps = 900;
	const verdict = failoverVerdicts(m, thresholds).find(candidate => candidate.id === 'fault-throughput')!;
	t.is(verdict.evidence['expectedMBps'], 900);
	t.is(verdict.status, 'pass');
});

test('a restored rNIC that never carries traffic fails the restore verdict and the balance verdict', t => {
	const s = status({restoreAfterS: null});
	t.is(s['restored-rnic-carries-traffic'], 'fail');
	t.is(s['balanced-after-recovery'], 'fail');
	t.is(restoredAt(measurements({restoreAfterS: null})).t, undefined);
});

test('a restore slower than allowed fails only the restore verdict when balance still has time', t => {
	const verdict = failoverVerdicts(measurements({restoreAfterS: 10}), thresholds).find(candidate => candidate.id === 'restored-rnic-carries-traffic')!;
	t.is(verdict.status, 'fail');
	t.is(verdict.measured, '11 s');
});

test('an uneven split after recovery fails the balance verdict and reports each share', t => {
	const verdict = failoverVerdicts(measurements({rnic2Share: 0.7}), thresholds).find(candidate => candidate.id === 'balanced-after-recovery')!;
	t.is(verdict.status, 'fail');
	t.deepEqual(verdict.evidence['sharesPct'], [30, 70]);
	t.is(verdict.evidence['deviationPct'], 40);
	t.is(status({rnic2Share: 0.55})['balanced-after-recovery'], 'pass');
});

test('I/O errors fail the run and the other verdicts are skipped, not passed', t => {
	const verdicts = failoverVerdicts(measurements({ioErrors: ['error during overlapped IO operation (error code: 64)']}), thresholds);
	t.is(verdicts[0]!.status, 'fail');
	t.true(verdicts.slice(1).every(verdict => verdict.status === 'skipped'));
	t.is(outcomeOf(verdicts, 0, false), 'failed');
});

test('missing measurements are errors, never passes', t => {
	const m = measurements();
	m.io = [];
	m.rnics = [{label: 'rNIC 1', series: []}, {label: 'rNIC 2', series: []}];
	const verdicts = failoverVerdicts(m, thresholds);
	t.deepEqual(verdicts.map(verdict => verdict.status), ['pass', 'error', 'error', 'error', 'error']);
	t.is(outcomeOf(verdicts, 0, false), 'error');
	t.is(outcomeOf(failoverVerdicts(measurements(), thresholds), 1, false), 'error', 'an infrastructure error never lets a run pass');
	t.is(outcomeOf([], 0, true), 'interrupted');
});

test('without the rNIC counters, the verdicts diskspd decides are judged and the per-rNIC ones are errors with the reason', t => {
	const reason = 'hv01 lacks 4 rNIC counters (\\RDMA Activity(x)\\RDMA Inbound Bytes/sec, …): the node has no "RDMA Activity" counter set';
	const verdicts = failoverVerdicts({...measurements(), rnicsUnavailable: reason}, thresholds);
	t.deepEqual(verdicts.map(verdict => [verdict.id, verdict.status]), [
		['io-errors', 'pass'], ['longest-stall', 'pass'], ['fault-throughput', 'pass'], ['restored-rnic-carries-traffic', 'error'], ['balanced-after-recovery', 'error'],
	]);
	t.is(verdicts[3]!.summary, `could not be judged: ${reason}`);
	t.is(outcomeOf(verdicts, 0, false), 'error');
});

const blankFrom = (m: FailoverMeasurements, rnic: number, fromS: number, toS = Number.POSITIVE_INFINITY): FailoverMeasurements => ({
	...m, rnics: m.rnics.map((series, index) => (index === rnic ? {...series, series: series.series.map(point => (point.t >= fromS && point.t <= toS ? {t: point.t, v: null} : point))} : series)),
});

test('blank samples of the restored rNIC after no-shut are missing, not zero: restore and balance are errors, never fails', t => {
	const verdicts = failoverVerdicts(blankFrom(measurements(), 0, 7), thresholds);
	const byId = Object.fromEntries(verdicts.map(verdict => [verdict.id, verdict]));
	t.is(byId['restored-rnic-carries-traffic']!.status, 'error');
	t.regex(byId['restored-rnic-carries-traffic']!.summary, /rNIC 1 has no value in 8 of 8 counter samples between no-shut and 19 s \(first at 12 s\): missing, not zero/);
	t.is(byId['balanced-after-recovery']!.status, 'error');
	t.regex(byId['balanced-after-recovery']!.summary, /rNIC 1: \d+ of \d+\): missing, not zero/);
	t.is(outcomeOf(verdicts, 0, false), 'error');
});

test('a blank sample after the rNIC was seen restored does not hide the restore; one in the balance window does', t => {
	// Seen restored at 16 s (the first sample 4 s after the no-shut at 11 s); the balance window starts 2 s later.
	const verdicts = failoverVerdicts(blankFrom(measurements(), 0, 20, 20), thresholds);
	const byId = Object.fromEntries(verdicts.map(verdict => [verdict.id, verdict]));
	t.is(byId['restored-rnic-carries-traffic']!.status, 'pass');
	t.is(byId['balanced-after-recovery']!.status, 'error');
	// A blank before the restore could have been the moment it came back: not judged.
	t.is(failoverVerdicts(blankFrom(measurements(), 0, 13, 13), thresholds).find(verdict => verdict.id === 'restored-rnic-carries-traffic')!.status, 'error');
	// Blanks of the surviving rNIC during the fault matter to no verdict of the restored one.
	t.is(failoverVerdicts(blankFrom(measurements(), 1, 7, 10), thresholds).find(verdict => verdict.id === 'restored-rnic-carries-traffic')!.status, 'pass');
});

test('on a misaligned timeline every timed verdict is an error with the reason; diskspd\'s error count is still judged', t => {
	const m = {...measurements({stallS: 4.5}), misaligned: 'hv01\'s clock moved +20.0 s during the run'};
	const verdicts = failoverVerdicts(m, thresholds);
	t.deepEqual(Object.fromEntries(verdicts.map(verdict => [verdict.id, verdict.status])), {
		'io-errors': 'pass', 'longest-stall': 'error', 'fault-throughput': 'error', 'restored-rnic-carries-traffic': 'error', 'balanced-after-recovery': 'error',
	});
	t.true(verdicts.slice(1).every(verdict => verdict.summary === 'could not be judged: hv01\'s clock moved +20.0 s during the run'));
	t.is(outcomeOf(verdicts, 0, false), 'error');
});

test('a failing figure never reads as its threshold: 4.04 s against "within 4 s" shows 4.04', t => {
	t.is(figure(4.04, 1, 4), '4.04');
	t.is(figure(4.04, 0, 4), '4.04');
	t.is(figure(3.996, 1, 4), '3.996');
	t.is(figure(5000.4, 0, 5000), '5000.4');
	t.is(figure(4, 1, 4), '4', 'the threshold itself is shown as it is');
	t.is(figure(4.6, 0, 4), '5', 'no extra digits where rounding cannot be mistaken for the threshold');
	t.is(figure(4.04, 1), '4');
	const verdict = failoverVerdicts(measurements({stallS: 3.0004}), thresholds).find(candidate => candidate.id === 'longest-stall')!;
	t.is(verdict.status, 'fail');
	t.is(verdict.measured, '3000.4 ms');
});

test('each measured verdict carries its metric for the history: name, unit, which way is better and the step it moves in', t => {
	const metrics = Object.fromEntries(failoverVerdicts(measurements(), thresholds).map(verdict => [verdict.id, verdict.metric]));
	t.deepEqual(metrics, {
		'io-errors': {name: 'ioErrorLines', value: 0, unit: 'lines', better: 'lower', resolution: 1},
		// The diskspd bucket (-D100) and the counter interval (1 s) are the steps a stall and a delay are read in.
		'longest-stall': {name: 'stallMs', value: 1500, unit: 'ms', better: 'lower', resolution: 100},
		'fault-throughput': {name: 'faultThroughputPct', value: 100, unit: '%', better: 'higher', resolution: 1},
		'restored-rnic-carries-traffic': {name: 'restoreDelayS', value: 5, unit: 's', better: 'lower', resolution: 1},
		'balanced-after-recovery': {name: 'balanceDeviationPct', value: 0, unit: '%', better: 'lower', resolution: 1},
	});
});

test('a metric is the raw value, not the figure shown: a regression smaller than the display rounding still shows', t => {
	const verdicts = failoverVerdicts(measurements({stallS: 4.5}), thresholds);
	const throughput = verdicts.find(verdict => verdict.id === 'fault-throughput')!;
	t.is(throughput.measured, '26 % (263 MB/s)');
	t.is(throughput.evidence['ratioPct'], 26.3);
	t.true(Math.abs(throughput.metric!.value - (500 / 19)) < 1e-9, String(throughput.metric?.value));
	t.is(verdicts.find(verdict => verdict.id === 'longest-stall')!.metric?.value, 4500);
	t.is(failoverVerdicts(measurements({stallS: 3.0004}), thresholds).find(verdict => verdict.id === 'longest-stall')!.metric?.value, 3000.4);
	const balance = failoverVerdicts(measurements({rnic2Share: 0.7}), thresholds).find(verdict => verdict.id === 'balanced-after-recovery')!;
	t.true(Math.abs(balance.metric!.value - 40) < 1e-9);
	t.is(failoverVerdicts(measurements({restoreAfterS: 10}), thresholds).find(verdict => verdict.id === 'restored-rnic-carries-traffic')!.metric?.value, 11);
});

test('no metric without a measurement: never restored, not judged, or skipped after I/O errors', t => {
	t.is(failoverVerdicts(measurements({restoreAfterS: null}), thresholds).find(verdict => verdict.id === 'restored-rnic-carries-traffic')!.metric, undefined);
	const m = measurements();
	m.io = [];
	m.rnics = [{label: 'rNIC 1', series: []}, {label: 'rNIC 2', series: []}];
	t.true(failoverVerdicts(m, thresholds).filter(verdict => verdict.status === 'error').every(verdict => verdict.metric === undefined));
	t.true(failoverVerdicts({...measurements(), misaligned: 'hv01\'s clock moved +20.0 s during the run'}, thresholds).slice(1).every(verdict => verdict.metric === undefined));
	const failed = failoverVerdicts(measurements({ioErrors: ['error during overlapped IO operation (error code: 64)', 'another']}), thresholds);
	t.deepEqual(failed[0]!.metric, {name: 'ioErrorLines', value: 2, unit: 'lines', better: 'lower', resolution: 1});
	t.true(failed.slice(1).every(verdict => verdict.status === 'skipped' && !('metric' in verdict)));
});
