// Waiting inside the simulator: resolves early (never rejects) when the device's process is stopped, and leaves
// no listener behind on the signal.
import {setTimeout as delay} from 'node:timers/promises';

export const simSleep = async (ms: number, signal: AbortSignal): Promise<void> => {
	try {
		await delay(Math.max(0, ms), undefined, {signal});
	} catch {}
};
