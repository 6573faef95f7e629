// `rdmalab validate --rig FILE [--json] [--junit FILE] [--misconfig NAME]`: reads the live state of every node and
// every switch, judges each rule, and prints the checks (verdicts, one per rule and target). Exit 0 when every
// check passed or was skipped, 1 when one failed, 2 when the rig or a check's input could not be read (never a pass).
import path from 'node:path';
import {HarnessError} from '../errors.js';
import {formatJson, formatTable} from '../validate/report.js';
import {validateRig} from '../validate/validate.js';
import type {Verdict} from '../verdicts/verdict.js';
import {writeChecksJunit} from './junit.js';
import {openRig} from './open-rig.js';
import {orderlyStop, type Runtime} from './runtime.js';

export interface ValidateArguments {
	rig: string;
	json: boolean;
	junit?: string;
	misconfigs: string[];
}

export const validateCommand = async (args: ValidateArguments, runtime: Runtime): Promise<number> => {
	const opened = await openRig(args.rig, {misconfigs: args.misconfigs});
	const stop = orderlyStop(runtime, cause => {
		runtime.stderr(`\nstopping validation (${cause})\n`);
	});
	try {
		if (!args.json) {
			runtime.stderr(`rdmalab validate ${opened.rig.name}${opened.simulated ? ' (simulated rig)' : ''}: reading ${opened.rig.nodes.length} nodes\n`);
		}

		const startedAt = new Date(runtime.now()).toISOString();
		let checks: Verdict[];
		try {
			checks = await validateRig(opened.rig, {signal: stop.signal});
		} catch (error) {
			if (stop.signal.aborted) {
				throw stop.strays[0] ?? new HarnessError('CANCELLED', 'validation interrupted');
			}

			throw error;
		}

		if (args.junit !== undefined) {
			await writeChecksJunit(opened.rig.name, checks, startedAt, path.resolve(runtime.cwd, args.junit));
		}

		runtime.stdout(args.json ? formatJson(opened.rig.name, checks) : formatTable(checks));
		// As for a run: a failure is a finding even when something else could not be read; otherwise unread is exit 2.
		if (checks.some(check => check.status === 'fail')) {
			return 1;
		}

		return checks.some(check => check.status === 'error') ? 2 : 0;
	} finally {
		stop.dispose();
		await opened.close();
	}
};
