// A pid names a process only while it runs: once it exits, the kernel hands the number to a later process, and a lock
// naming a live pid may name an unrelated one (after a reboot, or a busy day of short-lived processes). On Linux a
// process is identified by its pid, its start time (clock ticks since boot, /proc/<pid>/stat field 22) and the boot
// (/proc/sys/kernel/random/boot_id). Where /proc is absent this knows nothing and callers fall back on the pid alone.
import {readFileSync} from 'node:fs';

export interface ProcessStart {
	/** Clock ticks after boot at which the process started. */
	startTicks: number;
	bootId?: string;
}

type Read = (file: string) => string;

const readText: Read = file => readFileSync(file, 'utf8');

/** Field 22 of /proc/<pid>/stat; the command name (field 2) may hold spaces and parentheses, so count after its ')'. */
export const parseStartTicks = (stat: string): number | undefined => {
	const rest = stat.slice(stat.lastIndexOf(')') + 1).trim().split(/\s+/);
	// rest[0] is field 3 (state), so field 22 is rest[19].
	const ticks = Number(rest[19]);
	return Number.isSafeInteger(ticks) ? ticks : undefined;
};

export const processStart = (pid: number, read: Read = readText): ProcessStart | undefined => {
	let ticks: number | undefined;
	try {
		ticks = parseStartTicks(read(`/proc/${pid}/stat`));
	} catch {
		return undefined;
	}

	if (ticks === undefined) {
		return undefined;
	}

	try {
		return {startTicks: ticks, bootId: read('/proc/sys/kernel/random/boot_id').trim()};
	} catch {
		return {startTicks: ticks};
	}
};
