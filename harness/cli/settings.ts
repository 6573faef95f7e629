// `--set key=value` overrides of suite parameters. Keys may be dotted (`thresholds.maxStallMs=3000`); values are
// YAML scalars, so numbers and booleans arrive typed and the suite's schema validates them.
import {parse} from 'yaml';
import {HarnessError} from '../errors.js';

export const parseSettings = (settings: readonly string[]): Record<string, unknown> => {
	const result: Record<string, unknown> = {};
	for (const setting of settings) {
		const equals = setting.indexOf('=');
		const key = setting.slice(0, equals);
		if (equals <= 0 || !/^[A-Za-z][A-Za-z0-9]*(\.[A-Za-z][A-Za-z0-9]*)*$/.test(key)) {
			throw new HarnessError('USAGE', `--set ${setting}: expected key=value, e.g. --set holdS=15 or --set thresholds.maxStallMs=3000`);
		}

		const parts = key.split('.');
		let target = result;
		for (const part of parts.slice(0, -1)) {
			target[part] ??= {};
			target = target[part] as Record<string, unknown>;
		}

		target[parts.at(-1)!] = parse(setting.slice(equals + 1)) as unknown;
	}

	return result;
};
