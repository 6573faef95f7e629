// Verdicts of a link-failover run. Pure: they take the measurements on the run's timeline (seconds since its
// origin) and the thresholds, and return verdicts with their evidence. Nothing here reads files or clocks.
import {figure, round, type Metric, type Verdict} from './verdict.js';

/** One diskspd -D bucket on the run timeline. */
export interface IoSample {
	/** End of the bucket, s. */
	t: number;
	iops: number;
	/** 10^6 bytes per second. */
	mbps: number;
	/** Longest single I/O that completed in the bucket, ms (needs diskspd -L). */
	maxLatencyMs?: number;
}

export interface TimePoint {
	t: number;
	/** null: the sample had no value (missing, never zero). */
	v: number | null;
}

export interface RnicSeries {
	label: string;
	/** Throughput through the rNIC (RDMA + TCP), MB/s; each point covers the sample interval ending at t. */
	series: TimePoint[];
}

export interface FailoverMeasurements {
	io: IoSample[];
	bucketS: number;
	/** diskspd's measured window on the run timeline. */
	measured: {fromS: number; toS: number};
	/** I/O error lines diskspd printed. */
	ioErrors: string[];
	/** The faulted rNIC first. */
	rnics: RnicSeries[];
	/** Why the per-rNIC series cannot be used (counters the node lacks): the verdicts that need them are not judged. */
	rnicsUnavailable?: string;
	/**
	 * Why the run's timeline cannot be trusted for the host under test (its clock stepped or drifted more than the
	 * timeline tolerates): every verdict that places samples in time is not judged.
	 */
	misaligned?: string;
	fault: {shutS: number; noShutS: number};
	/** What the rNICs left during the fault can carry, MB/s. */
	survivingCeilingMBps: number;
}

export interface FailoverThresholds {
	/** Longest any I/O may wait, ms. */
	maxStallMs: number;
	/** Throughput during the fault, as a percentage of what the surviving link can carry (or of the baseline if less). */
	minFaultThroughputPct: number;
	/** The restored rNIC must carry traffic again within this many seconds of no-shut. */
	restoreWithinS: number;
	/** After recovery each rNIC's share may deviate from an even split by at most this percentage of it. */
	balanceWithinPct: number;
	/** Seconds after the restored rNIC carries traffic before balance is judged. */
	settleS: number;
}

const mean = (values: number[]) => (values.length === 0 ? Number.NaN : values.reduce((sum, value) => sum + value, 0) / values.length);
const present = (points: TimePoint[]): Array<{t: number; v: number}> => points.filter((point): point is {t: number; v: number} => point.v !== null);
const missingIn = (points: TimePoint[]) => points.filter(point => point.v === null);
const within = <T extends {t: number}>(items: T[], fromS: number, toS: number) => items.filter(item => item.t > fromS && item.t <= toS);
const window = (fromS: number, toS: number) => ({fromS: round(fromS, 2), toS: round(toS, 2)});

// Raw values, so the history compares what was measured rather than what was printed.
const metric = (name: string, value: number, unit: string, better: Metric['better'], resolution: number): {metric: Metric} => ({metric: {name, value, unit, better, resolution}});

/** The spacing of a counter series (its sample interval), s: the step a time read from it moves in. */
const spacing = (points: TimePoint[]) => {
	const steps = points.slice(1).map((point, index) => point.t - points[index]!.t).sort((a, b) => a - b);
	return steps.length === 0 ? 1 : round(steps[Math.floor(steps.length / 2)]!, 3);
};

const error = (id: string, title: string, threshold: string, reason: string, evidence: Record<string, unknown> = {}): Verdict => ({
	id, title, status: 'error', summary: `could not be judged: ${reason}`, threshold, measured: 'not measured', evidence: {reason, ...evidence},
});

export interface Stall {
	stallMs: number;
	slowest: IoSample | undefined;
	zeroMs: number;
	zeroUntilS: number;
}

// A stall shows two ways: an I/O that completes late (bucket max latency) and buckets with no completions at all.
export const measureStall = (io: IoSample[], bucketS: number): Stall => {
	const slowest = io.reduce<IoSample | undefined>((best, sample) => ((sample.maxLatencyMs ?? 0) > (best?.maxLatencyMs ?? -1) ? sample : best), undefined);
	let run = 0;
	let longest = 0;
	let zeroUntilS = 0;
	for (const sample of io) {
		run = sample.iops === 0 ? run + 1 : 0;
		if (run > longest) {
			longest = run;
			zeroUntilS = sample.t;
		}
	}

	const zeroMs = longest * bucketS * 1000;
	return {stallMs: Math.max(zeroMs, slowest?.maxLatencyMs ?? 0), slowest, zeroMs, zeroUntilS};
};

export const longestStall = (m: FailoverMeasurements, t: FailoverThresholds): Verdict => {
	const id = 'longest-stall';
	const title = 'Longest I/O stall';
	const threshold = `≤ ${t.maxStallMs} ms`;
	const io = within(m.io, m.measured.fromS, m.measured.toS);
	if (io.length === 0) {
		return error(id, title, threshold, 'diskspd produced no IOPS buckets');
	}

	const {stallMs, slowest, zeroMs, zeroUntilS} = measureStall(io, m.bucketS);
	const latencyMs = slowest?.maxLatencyMs ?? 0;
	return {
		id, title, threshold,
		status: stallMs <= t.maxStallMs ? 'pass' : 'fail',
		measured: `${figure(stallMs, 0, t.maxStallMs)} ms`,
		summary: zeroMs >= latencyMs && zeroMs > 0
			? `no I/O completed for ${round(zeroMs)} ms (until ${round(zeroUntilS, 1)} s)`
			: `the slowest I/O took ${round(latencyMs)} ms (bucket ending ${round(slowest?.t ?? 0, 1)} s)`,
		evidence: {stallMs: round(stallMs, 1), slowestIoMs: round(latencyMs, 1), slowestIoBucketEndS: round(slowest?.t ?? 0, 2), longestZeroIopsMs: round(zeroMs), zeroIopsUntilS: round(zeroUntilS, 2), bucketS: m.bucketS, window: window(m.measured.fromS, m.measured.toS)},
		...metric('stallMs', stallMs, 'ms', 'lower', m.bucketS * 1000),
	};
};

export const diskspdErrors = (m: FailoverMeasurements): Verdict => ({
	id: 'io-errors',
	title: 'No I/O errors',
	threshold: 'none',
	status: m.ioErrors.length === 0 ? 'pass' : 'fail',
	measured: `${m.ioErrors.length} error line(s)`,
	summary: m.ioErrors.length === 0 ? 'diskspd completed every I/O it issued' : `diskspd stopped on I/O errors: ${m.ioErrors[0]!}`,
	evidence: {errors: m.ioErrors.slice(0, 20)},
	...metric('ioErrorLines', m.ioErrors.length, 'lines', 'lower', 1),
});

export const faultThroughput = (m: FailoverMeasurements, t: FailoverThresholds): Verdict => {
	const id = 'fault-throughput';
	const title = 'Throughput while a link is down';
	const threshold = `≥ ${t.minFaultThroughputPct} % of min(baseline, surviving link)`;
	const baselineWindow = window(m.measured.fromS, m.fault.shutS - 0.5);
	// Judge once the failover is over (its stall is the stall verdict's business), at most after the allowed stall.
	const failover = measureStall(within(m.io, m.fault.shutS, m.fault.noShutS), m.bucketS);
	const faultWindow = window(m.fault.shutS + (Math.min(failover.stallMs, t.maxStallMs) / 1000) + m.bucketS, m.fault.noShutS);
	const baseline = mean(within(m.io, baselineWindow.fromS, baselineWindow.toS).map(sample => sample.mbps));
	const during = within(m.io, faultWindow.fromS, faultWindow.toS).map(sample => sample.mbps);
	if (Number.isNaN(baseline) || during.length < 2) {
		return error(id, title, threshold, Number.isNaN(baseline) ? 'no diskspd samples before the fault' : 'fewer than two diskspd samples in the fault window', {baselineWindow, faultWindow});
	}

	const expected = Math.min(baseline, m.survivingCeilingMBps);
	const measured = mean(during);
	const ratio = expected > 0 ? measured / expected : 0;
	return {
		id, title, threshold,
		status: ratio * 100 >= t.minFaultThroughputPct ? 'pass' : 'fail',
		measured: `${figure(ratio * 100, 0, t.minFaultThroughputPct)} % (${round(measured)} MB/s)`,
		summary: `${round(measured)} MB/s during the fault against ${round(expected)} MB/s expected (baseline ${round(baseline)} MB/s, surviving link ${round(m.survivingCeilingMBps)} MB/s)`,
		evidence: {faultMBps: round(measured, 1), baselineMBps: round(baseline, 1), survivingCeilingMBps: round(m.survivingCeilingMBps, 1), expectedMBps: round(expected, 1), ratioPct: round(ratio * 100, 1), baselineWindow, faultWindow},
		...metric('faultThroughputPct', ratio * 100, '%', 'higher', 1),
	};
};

/** When the restored rNIC first carries traffic again: ≥ 10 % of its pre-fault throughput, at least 1 MB/s. */
export const restoredAt = (m: FailoverMeasurements): {t?: number; levelMBps: number; preFaultMBps: number} => {
	const rnic = m.rnics[0];
	const preFault = mean(present(within(rnic?.series ?? [], m.measured.fromS, m.fault.shutS - 0.5)).map(point => point.v));
	const levelMBps = Math.max(1, Number.isNaN(preFault) ? 0 : preFault * 0.1);
	const first = present(rnic?.series ?? []).find(point => point.t > m.fault.noShutS && point.v >= levelMBps);
	return {...(first === undefined ? {} : {t: first.t}), levelMBps, preFaultMBps: preFault};
};

export const restoredCarriesTraffic = (m: FailoverMeasurements, t: FailoverThresholds): Verdict => {
	const id = 'restored-rnic-carries-traffic';
	const rnic = m.rnics[0];
	const title = `Restored rNIC carries traffic again${rnic ? ` (${rnic.label})` : ''}`;
	const threshold = `within ${t.restoreWithinS} s of no-shut`;
	if (m.rnicsUnavailable !== undefined) {
		return error(id, title, threshold, m.rnicsUnavailable);
	}

	const after = (rnic?.series ?? []).filter(point => point.t > m.fault.noShutS);
	if (rnic === undefined || after.length === 0) {
		return error(id, title, threshold, 'no counter samples for the restored rNIC after no-shut');
	}

	const restored = restoredAt(m);
	// A sample with no value between no-shut and the moment the rNIC is seen carrying traffic (or the end of the
	// allowed delay) could have been that moment: the delay is not known.
	const until = restored.t ?? m.fault.noShutS + t.restoreWithinS;
	const blank = missingIn(after.filter(point => point.t <= until));
	if (blank.length > 0) {
		return error(id, title, threshold, `${rnic.label} has no value in ${blank.length} of ${after.filter(point => point.t <= until).length} counter samples between no-shut and ${round(until, 1)} s (first at ${round(blank[0]!.t, 1)} s): missing, not zero`, {missingAtS: blank.map(point => round(point.t, 2))});
	}

	const delay = restored.t === undefined ? undefined : restored.t - m.fault.noShutS;
	return {
		id, title, threshold,
		status: delay !== undefined && delay <= t.restoreWithinS ? 'pass' : 'fail',
		measured: delay === undefined ? 'never' : `${figure(delay, 1, t.restoreWithinS)} s`,
		summary: delay === undefined
			? `${rnic.label} carried no traffic in the ${round(after.at(-1)!.t - m.fault.noShutS)} s after no-shut`
			: `${rnic.label} carried ${round(restored.levelMBps, 1)} MB/s or more ${figure(delay, 1, t.restoreWithinS)} s after no-shut`,
		evidence: {noShutS: round(m.fault.noShutS, 2), restoredAtS: restored.t === undefined ? null : round(restored.t, 2), delayS: delay === undefined ? null : round(delay, 3), levelMBps: round(restored.levelMBps, 1), preFaultMBps: round(restored.preFaultMBps, 1), lastSampleS: round(after.at(-1)!.t, 2)},
		// Never restored has no delay to compare: the failure itself is the regression.
		...(delay === undefined ? {} : metric('restoreDelayS', delay, 's', 'lower', spacing(rnic.series))),
	};
};

export const balancedAfterRecovery = (m: FailoverMeasurements, t: FailoverThresholds): Verdict => {
	const id = 'balanced-after-recovery';
	const title = 'rNICs balanced after recovery';
	const threshold = `each rNIC within ${t.balanceWithinPct} % of an even share`;
	if (m.rnicsUnavailable !== undefined) {
		return error(id, title, threshold, m.rnicsUnavailable);
	}

	const restored = restoredAt(m).t ?? (m.fault.noShutS + t.restoreWithinS);
	const balanceWindow = window(restored + t.settleS, m.measured.toS);
	const windows = m.rnics.map(rnic => within(rnic.series, balanceWindow.fromS, balanceWindow.toS));
	// Shares from means over different samples would compare different moments: every sample must have a value.
	const blank = m.rnics.flatMap((rnic, index) => {
		const missing = missingIn(windows[index]!);
		return missing.length === 0 ? [] : [`${rnic.label}: ${missing.length} of ${windows[index]!.length}`];
	});
	if (blank.length > 0) {
		return error(id, title, threshold, `counter samples with no value in the balance window (${blank.join('; ')}): missing, not zero`, {window: balanceWindow});
	}

	const means = windows.map(points => mean(present(points).map(point => point.v)));
	const samples = Math.min(...windows.map(points => points.length));
	if (m.rnics.length < 2 || samples < 3) {
		return error(id, title, threshold, m.rnics.length < 2 ? 'fewer than two rNICs measured' : `only ${samples} counter sample(s) after recovery; lengthen the run after no-shut`, {window: balanceWindow});
	}

	const total = means.reduce((sum, value) => sum + value, 0);
	if (total <= 0) {
		return error(id, title, threshold, 'no traffic on any rNIC after recovery', {window: balanceWindow});
	}

	const fair = 1 / means.length;
	const shares = means.map(value => value / total);
	const deviation = Math.max(...shares.map(share => Math.abs(share - fair) / fair));
	return {
		id, title, threshold,
		status: deviation * 100 <= t.balanceWithinPct ? 'pass' : 'fail',
		measured: `${figure(deviation * 100, 1, t.balanceWithinPct)} % off even`,
		summary: `shares after recovery: ${m.rnics.map((rnic, index) => `${rnic.label} ${round(shares[index]! * 100)} %`).join(', ')}`,
		evidence: {window: balanceWindow, meanMBps: Object.fromEntries(m.rnics.map((rnic, index) => [rnic.label, round(means[index]!, 1)])), sharesPct: shares.map(share => round(share * 100, 1)), deviationPct: round(deviation * 100, 1)},
		...metric('balanceDeviationPct', deviation * 100, '%', 'lower', 1),
	};
};

/** All failover verdicts; after I/O errors the rest would judge a run that ended early, so they are skipped. */
export const failoverVerdicts = (m: FailoverMeasurements, t: FailoverThresholds): Verdict[] => {
	const errors = diskspdErrors(m);
	const timed = [longestStall(m, t), faultThroughput(m, t), restoredCarriesTraffic(m, t), balancedAfterRecovery(m, t)];
	// Every one of these places samples against the fault's times: on a misaligned timeline none can be judged.
	const rest = m.misaligned === undefined ? timed : timed.map(verdict => error(verdict.id, verdict.title, verdict.threshold, m.misaligned!));
	if (errors.status === 'fail') {
		// A skipped verdict is 'not measured', so it keeps no metric for the history to compare.
		return [errors, ...rest.map(({metric: _metric, ...verdict}) => ({...verdict, status: 'skipped' as const, summary: 'not judged: diskspd stopped on I/O errors', measured: 'not measured'}))];
	}

	return [errors, ...rest];
};
