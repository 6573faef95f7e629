// A verdict: one judgement of the product under test, with the evidence behind it. Suites and `rdmalab validate`
// share it, so reports, JUnit and the run history read one shape. `error` means the run could not measure what the
// verdict needs (an infrastructure problem, never a pass); `skipped` means the verdict was not judged: another
// failed verdict made it meaningless, or (validate) the rule does not apply to this rig.

export type VerdictStatus = 'pass' | 'fail' | 'error' | 'skipped';

/** A number the history compares across runs of the same verdict; `better` says which way is a regression. */
export interface Metric {
	name: string;
	/** Raw, not rounded for display: a regression of a tenth must not vanish in rounding. */
	value: number;
	unit: string;
	better: 'higher' | 'lower';
	/**
	 * The step the measurement moves in (the diskspd bucket, the counter interval, the percentage point a share is
	 * read to): a value read one step early or late is no regression, so the history never judges below it.
	 */
	resolution?: number;
}

export interface Verdict {
	/** Stable identifier: a suite's verdict id (`longest-stall`) or validate's rule id (`rnic-rdma-enabled`). */
	id: string;
	title: string;
	/** What was judged, when a verdict is one of several of the same id: `hv01/SLOT 3 Port 1`, `tor-a/Ethernet1/1`. */
	target?: string;
	status: VerdictStatus;
	/** One line: what was found against what was expected. */
	summary: string;
	/** The threshold, readable, e.g. `≤ 5000 ms`; '' when none. */
	threshold: string;
	/** The measured value, readable; '' when none. */
	measured: string;
	/** Windows, values and sample references behind the verdict (what was read, what was expected). */
	evidence: Record<string, unknown>;
	/** How to fix a failure: the cmdlet or switch command. */
	hint?: string;
	/** Only with a measured value: an unjudged verdict has nothing to compare. */
	metric?: Metric;
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
