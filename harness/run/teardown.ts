// Undo actions pushed as each setup step is about to take effect, run in reverse order on success, failure, error
// or Ctrl+C. A teardown that fails is reported and the others still run; running the stack never throws.
import {HarnessError, toHarnessError} from '../errors.js';

export interface TeardownEntry {
	label: string;
	run: () => Promise<void>;
}

export class TeardownStack {
	private readonly entries: TeardownEntry[] = [];

	/** Registers an undo action; returns it so a step that undoes itself can remove it. */
	push(label: string, run: () => Promise<void>): TeardownEntry {
		const entry = {label, run};
		this.entries.push(entry);
		return entry;
	}

	remove(entry: TeardownEntry): void {
		const index = this.entries.lastIndexOf(entry);
		if (index !== -1) {
			this.entries.splice(index, 1);
		}
	}

	get pending(): readonly TeardownEntry[] {
		return this.entries;
	}

	/** Runs every entry, last pushed first; resolves to the errors of those that failed. */
	async runAll(onEntry?: (entry: TeardownEntry) => void): Promise<HarnessError[]> {
		const errors: HarnessError[] = [];
		while (this.entries.length > 0) {
			const entry = this.entries.pop()!;
			onEntry?.(entry);
			try {
				await entry.run();
			} catch (error) {
				// The hint must say what is left undone even when the error already carries one of its own.
				const cause = toHarnessError(error);
				const hint = [`undo it by hand: ${entry.label}`, cause.hint].filter(Boolean).join('; ');
				errors.push(new HarnessError(cause.code, cause.message, {target: cause.target, details: cause.details, hint, cause}));
			}
		}

		return errors;
	}
}
