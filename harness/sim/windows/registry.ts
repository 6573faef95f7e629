// The simulated registry as Get-ItemProperty reads it: each module that models a key answers for its own paths
// (the build under CurrentVersion, the counter names under Perflib); any other path does not exist, as on Windows.
import {PsRuntimeError, type Cmdlet} from './ps-interpreter.js';

/** The key's values for a path, or undefined when the path is not this key. */
export type RegistryKey = (path: string) => Record<string, unknown> | undefined;

export const getItemProperty = (keys: readonly RegistryKey[]): Cmdlet => call => {
	const path = String(call.named.get('literalpath') ?? call.named.get('path') ?? call.positional[0] ?? '');
	for (const key of keys) {
		const values = key(path);
		if (values !== undefined) {
			return [values];
		}
	}

	throw new PsRuntimeError(`Cannot find path '${path}' because it does not exist.`, undefined, `ObjectNotFound: (${path}:String) [Get-ItemProperty], ItemNotFoundException`);
};
