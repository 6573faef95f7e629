// A verdict: one judgement of the product under test, with the evidence behind it. `error` means the run could
// not measure what the verdict needs (an infrastructure problem, never a pass); `skipped` means another failed
// verdict made this one meaningless.

export type VerdictStatus = 'pass' | 'fail' | 'error' | 'skipped';

export interface Verdict {
	id: string;
	title: string;
	status: VerdictStatus;
	/** One sentence: what was measured against what. */
	summary: string;
	/** The threshold, readable, e.g. `≤ 5000 ms`. */
	threshold: string;
	/** The measured value, readable. */
	measured: string;
	/** Windows, values and sample references behind the verdict. */
	evidence: Record<string, unknown>;
}

export type RunOutcome = 'passed' | 'failed' | 'error' | 'interrupted';

/**
 * A failed verdict is a product failure even if something else could not be measured; otherwise anything
 * unmeasured makes the run an error. A run with infrastructure errors never passes.
 */
export const outcomeOf = (verdicts: readonly Verdict[], infrastructureErrors: number, interrupted: boolean): RunOutcome => {
	if (interrupted) {
		return 'interrupted';
	}

	if (verdicts.some(verdict => verdict.status === 'fail')) {
		return 'failed';
	}

	if (infrastructureErrors > 0 || verdicts.length === 0 || verdicts.some(verdict => verdict.status === 'error' || verdict.status === 'skipped')) {
		return 'error';
	}

	return 'passed';
};

export const exitCodes = {passed: 0, failed: 1, error: 2, interrupted: 130} as const satisfies Record<RunOutcome, number>;

export const round = (value: number, digits = 0): number => {
	const factor = 10 ** digits;
	return Math.round(value * factor) / factor;
};

/**
 * A measured value for people: rounded to `digits`, with as many more (up to four) as it takes not to read as the
 * threshold it was compared with, so a 4.04 s that failed "within 4 s" never shows as "4 s".
 */
export const figure = (value: number, digits: number, threshold?: number): string => {
	let shown = digits;
	while (threshold !== undefined && value !== threshold && round(value, shown) === threshold && shown < digits + 4) {
		shown++;
	}

	return String(round(value, shown));
};
