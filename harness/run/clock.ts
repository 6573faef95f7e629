// Time for the runner: wall clock for stamps, monotonic clock for waiting, every wait cancellable.
import {setTimeout as delay} from 'node:timers/promises';
import {HarnessError} from '../errors.js';

export interface Clock {
	/** Wall clock, epoch ms. */
	now(): number;
	/** Monotonic ms, for deadlines. */
	monotonic(): number;
}

export const systemClock: Clock = {now: () => Date.now(), monotonic: () => performance.now()};

/** Resolves after `ms`; rejects with CANCELLED when the signal aborts. */
export const sleep = async (ms: number, signal?: AbortSignal): Promise<void> => {
	try {
		await delay(Math.max(0, ms), undefined, signal ? {signal} : undefined);
	} catch (error) {
		if (signal?.aborted) {
			throw new HarnessError('CANCELLED', 'cancelled while waiting', {cause: error});
		}

		throw error;
	}
};

/**
 * Polls `check` until it returns a value, backing off from 100 ms to 1 s, until the monotonic deadline.
 * Returns undefined at the deadline.
 */
export const pollUntil = async <T>(check: () => Promise<T | undefined>, deadline: number, clock: Clock, signal?: AbortSignal): Promise<T | undefined> => {
	const steps = [100, 250, 500, 1000];
	for (let attempt = 0; ; attempt++) {
		const value = await check();
		if (value !== undefined) {
			return value;
		}

		const left = deadline - clock.monotonic();
		if (left <= 0) {
			return undefined;
		}

		await sleep(Math.min(steps[Math.min(attempt, steps.length - 1)]!, left), signal);
	}
};
