// A verdict judged on repetitions of one run is the worst of them: sign-off repeats each variant, and hardware
// that passes twice and fails once has failed. Worse is: fail, then could not measure, then not judged, then pass;
// between equals, the worse measured value.
import type {Verdict, VerdictStatus} from './verdict.js';

const severity: Record<VerdictStatus, number> = {pass: 0, skipped: 1, error: 2, fail: 3};

const worse = (a: Verdict, b: Verdict): Verdict => {
	if (severity[a.status] !== severity[b.status]) {
		return severity[a.status] > severity[b.status] ? a : b;
	}

	if (a.metric === undefined || b.metric === undefined) {
		return a;
	}

	const aWorse = a.metric.better === 'higher' ? a.metric.value < b.metric.value : a.metric.value > b.metric.value;
	return aWorse ? a : b;
};

const keyOf = (verdict: Verdict) => `${verdict.id}\u0000${verdict.target ?? ''}`;

/** One verdict per id and target, in the order they first appear; the evidence lists every repetition's. */
export const worstOf = (repetitions: ReadonlyArray<readonly Verdict[]>): Verdict[] => {
	if (repetitions.length === 1) {
		return [...repetitions[0]!];
	}

	const groups = new Map<string, Array<{repetition: number; verdict: Verdict}>>();
	for (const [repetition, verdicts] of repetitions.entries()) {
		for (const verdict of verdicts) {
			const group = groups.get(keyOf(verdict)) ?? [];
			group.push({repetition: repetition + 1, verdict});
			groups.set(keyOf(verdict), group);
		}
	}

	return [...groups.values()].map(group => {
		const worst = group.map(entry => entry.verdict).reduce(worse);
		const judged = group.length < repetitions.length ? ` (judged in ${group.length} of ${repetitions.length} repetitions)` : '';
		return {
			...worst,
			summary: `worst of ${repetitions.length} repetitions${judged}: ${worst.summary}`,
			evidence: {...worst.evidence, repetitions: group.map(({repetition, verdict}) => ({repetition, status: verdict.status, measured: verdict.measured, ...(verdict.metric ? {value: verdict.metric.value} : {})}))},
		};
	});
};
