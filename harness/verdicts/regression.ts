// Regression verdicts: each metric of a run against the same metric in the last passing runs of the same rig,
// suite and parameters. Noise-aware: the baseline is the median of those runs, its spread the median absolute
// deviation (MAD), and a change is a regression only when it is worse than the larger of
//   - spreadFactor × 1.4826 × MAD (1.4826 × MAD estimates the standard deviation of normal noise, robustly),
//   - minRelativeChange × |median|,
//   - two steps of the metric's resolution (a time read one sample late on either side is no change).
// Too little history is `skipped`, with the reason. A regression names the baseline, the change and what changed
// in the manifest since the baseline (a driver or firmware update is the usual cause). Pure.
import {formatChange, manifestChanges, type ManifestChange} from '../manifest/diff.js';
import type {RigManifest} from '../manifest/manifest.js';
import {round, type Metric, type Verdict} from './verdict.js';

export interface RegressionRules {
	/** How many of the latest passing runs make the baseline. */
	baselineRuns: number;
	/** Fewer passing runs than this and a metric is not judged. */
	minHistory: number;
	/** The smallest change, relative to the baseline median, that can be a regression (0.1 = 10 %). */
	minRelativeChange: number;
	/** How many robust standard deviations of the baseline a change must exceed. */
	spreadFactor: number;
}

export const defaultRegressionRules: RegressionRules = {baselineRuns: 10, minHistory: 5, minRelativeChange: 0.1, spreadFactor: 3};

/** A passing run of the baseline, newest first. */
export interface BaselineRun {
	id: string;
	startedAt: string;
	verdicts: readonly Verdict[];
	manifest: RigManifest | null;
}

export interface RegressionInput {
	verdicts: readonly Verdict[];
	manifest: RigManifest | null;
	/** Newest first; at most rules.baselineRuns of them are used. */
	baseline: readonly BaselineRun[];
	/** For the words: `sim-converged / multichannel-failover / parameters 3f2a9c…`. */
	subject: string;
}

export const regressionVerdictId = 'regression';

/** Which verdict a metric belongs to: the same id, target and metric name in every run. */
export const metricKey = (verdict: Pick<Verdict, 'id' | 'target'>, metric: Pick<Metric, 'name'>): string => `${verdict.id}${verdict.target === undefined ? '' : `[${verdict.target}]`}:${metric.name}`;

const median = (values: readonly number[]): number => {
	const sorted = [...values].sort((a, b) => a - b);
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

/** A number for people, with the precision its size deserves. */
const show = (value: number): string => String(round(value, Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2));

export interface Baseline {
	runs: string[];
	values: number[];
	median: number;
	mad: number;
	tolerance: number;
	/** Which of the three floors set the tolerance. */
	toleranceBy: 'spread' | 'relative' | 'resolution';
}

export const baselineOf = (values: readonly number[], runs: readonly string[], metric: Metric, rules: RegressionRules): Baseline => {
	const center = median(values);
	const mad = median(values.map(value => Math.abs(value - center)));
	const floors = {
		spread: rules.spreadFactor * 1.4826 * mad,
		relative: rules.minRelativeChange * Math.abs(center),
		resolution: 2 * (metric.resolution ?? 0),
	};
	const toleranceBy = (Object.keys(floors) as Array<keyof typeof floors>).reduce((best, key) => (floors[key] > floors[best] ? key : best), 'spread');
	return {runs: [...runs], values: [...values], median: center, mad, tolerance: floors[toleranceBy], toleranceBy};
};

const judgeMetric = (verdict: Verdict, metric: Metric, input: RegressionInput, rules: RegressionRules): Verdict => {
	const key = metricKey(verdict, metric);
	const title = `No regression: ${verdict.title}`;
	const target = `${verdict.id}${verdict.target === undefined ? '' : ` ${verdict.target}`} ${metric.name}`;
	const history = input.baseline.slice(0, rules.baselineRuns).flatMap(run => {
		const match = run.verdicts.find(candidate => candidate.metric !== undefined && candidate.status === 'pass' && metricKey(candidate, candidate.metric) === key);
		return match === undefined ? [] : [{run, value: match.metric!.value}];
	});
	const unit = metric.unit === '' ? '' : ` ${metric.unit}`;
	if (history.length < rules.minHistory) {
		return {
			id: regressionVerdictId, title, target, status: 'skipped', threshold: `needs ${rules.minHistory} passing runs`, measured: `${show(metric.value)}${unit}`,
			summary: `not judged: ${history.length === 0 ? 'no' : `only ${history.length} of the ${rules.minHistory}`} passing run(s) with ${metric.name} on ${input.subject} it needs before it judges`,
			evidence: {metric: metric.name, value: metric.value, history: history.length, minHistory: rules.minHistory},
		};
	}

	const baseline = baselineOf(history.map(item => item.value), history.map(item => item.run.id), metric, rules);
	const change = metric.value - baseline.median;
	const worse = metric.better === 'lower' ? change : -change;
	const regressed = worse > baseline.tolerance;
	const percent = baseline.median === 0 ? undefined : (change / Math.abs(baseline.median)) * 100;
	const newest = history[0]!.run;
	const changes: ManifestChange[] = input.manifest !== null && newest.manifest !== null ? manifestChanges(newest.manifest, input.manifest) : [];
	const sign = change >= 0 ? '+' : '−';
	const measured = `${show(metric.value)}${unit} (${sign}${show(Math.abs(change))}${unit}${percent === undefined ? '' : `, ${sign}${show(Math.abs(percent))} %`})`;
	const against = `a median of ${show(baseline.median)}${unit} over ${history.length} passing runs (spread ±${show(1.4826 * baseline.mad)}${unit})`;
	const manifestWords = input.manifest === null || newest.manifest === null
		? 'the manifest of this run or of the baseline is not known'
		: changes.length === 0 ? 'nothing changed in the manifest since the baseline' : `changed since the baseline run ${newest.id}: ${changes.slice(0, 5).map(formatChange).join('; ')}${changes.length > 5 ? `; and ${changes.length - 5} more` : ''}`;
	return {
		id: regressionVerdictId, title, target,
		status: regressed ? 'fail' : 'pass',
		threshold: `no more than ${show(baseline.tolerance)}${unit} ${metric.better === 'lower' ? 'above' : 'below'} the baseline median`,
		measured,
		summary: regressed
			? `${metric.name} regressed: ${show(metric.value)}${unit} against ${against}, ${show(worse)}${unit} worse, beyond the ${show(baseline.tolerance)}${unit} tolerance; ${manifestWords}`
			: `${metric.name} ${show(metric.value)}${unit} against ${against}: within the ${show(baseline.tolerance)}${unit} tolerance`,
		evidence: {
			metric: metric.name, unit: metric.unit, better: metric.better, value: metric.value, change, ...(percent === undefined ? {} : {changePct: round(percent, 1)}),
			baseline: {...baseline, newestRun: newest.id}, manifestChanges: changes,
		},
		...(regressed ? {hint: changes.length > 0
			? `${changes.length} difference(s) in the manifest since run ${newest.id}; if the change is intended, the baseline follows it once it is the median of the last ${rules.baselineRuns} passing runs`
			: `nothing in the manifest moved since run ${newest.id}: rerun to rule out a one-off, then look at the fabric (cabling, link partners, other traffic)`} : {}),
	};
};

/** One verdict per metric of the run: pass (within the noise), fail (regressed), skipped (too little history). */
export const judgeRegressions = (input: RegressionInput, rules: RegressionRules = defaultRegressionRules): Verdict[] =>
	input.verdicts.flatMap(verdict => (verdict.metric === undefined ? [] : [judgeMetric(verdict, verdict.metric, input, rules)]));
