import type {Fabric} from '../fabric.js';

export interface Misconfig {
	/** Stable: tests and users refer to it. */
	name: string;
	description: string;
	/** The `rdmalab validate` rule this misconfiguration, and only it, fails; absent for run-time faults. */
	rule?: string;
	apply(fabric: Fabric): void;
}
