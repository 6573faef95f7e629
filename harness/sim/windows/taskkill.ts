// Simulated taskkill.exe: `taskkill /PID <n> [/T] [/F]`, with Windows' own messages and exit codes (0 when the
// process was ended, 128 when there is no such process).
import type {NativeProgram} from './host.js';

export const taskkill: NativeProgram = async (args, context) => {
	const upper = args.map(arg => arg.toUpperCase());
	const at = upper.indexOf('/PID');
	const pid = at === -1 ? Number.NaN : Number(args[at + 1]);
	if (!Number.isInteger(pid)) {
		context.process.stderr('ERROR: Invalid syntax. Value expected for \'/PID\'.\r\nType "TASKKILL /?" for usage.\r\n');
		return 1;
	}

	if (!context.processes.kill(pid)) {
		context.process.stderr(`ERROR: The process "${pid}" not found.\r\n`);
		return 128;
	}

	context.process.stdout(`SUCCESS: The process with PID ${pid} (child process of PID ${pid - 4}) has been terminated.\r\n`);
	return 0;
};
