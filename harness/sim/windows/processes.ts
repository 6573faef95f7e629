// The processes running on a simulated node, by process id, so `taskkill /PID n /T /F` can end one (and the
// tools it started) as it would on Windows.

export interface SimNodeProcess {
	pid: number;
	/** Aborted when the process is killed. */
	killed: AbortController;
}

export class ProcessTable {
	private readonly running = new Map<number, SimNodeProcess>();
	// Windows process ids are multiples of four.
	private next = 4212;

	start(): SimNodeProcess {
		const entry = {pid: this.next, killed: new AbortController()};
		this.next += 4;
		this.running.set(entry.pid, entry);
		return entry;
	}

	end(pid: number): void {
		this.running.delete(pid);
	}

	/** Kills a process; false when no such process runs. */
	kill(pid: number): boolean {
		const entry = this.running.get(pid);
		if (entry === undefined) {
			return false;
		}

		entry.killed.abort();
		this.running.delete(pid);
		return true;
	}
}
