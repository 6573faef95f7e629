// Runs diskspd on a node for a workload step and keeps everything it printed. I/O errors are a result (the
// product failed); a tool that did not start or printed no results is an infrastructure error.
import {errorRecord, HarnessError, toHarnessError} from '../errors.js';
import type {WorkloadStep} from '../plan/plan.js';
import type {ClockReading, WindowsNode} from '../targets/windows-node.js';
import {timeouts} from '../transport/timeouts.js';
import {diskspdArgs, diskspdCreateArgs, diskspdWallS} from '../workloads/diskspd/args.js';
import {parseDiskspdXml} from '../workloads/diskspd/xml.js';
import type {RunRecorder} from './recorder.js';
import type {WorkloadRun} from './run-data.js';

// diskspd's own lines for failed I/O (IORequestGenerator.cpp): "t[0] error during read error code: 64)",
// "error during overlapped IO operation (error code: 64)", "Thread 3 failed executing an I/O operation (error code: 64)".
const ioErrorLine = /^(t\[\d+(:\d+)?\] error during (read|write) error code|error during overlapped IO operation|Thread \d+ failed executing an I\/O operation)/i;

export const ioErrorLines = (stderr: string): string[] =>
	stderr.split(/\r?\n/).map(line => line.trim()).filter(line => ioErrorLine.test(line));

const firstLines = (text: string) => text.trim().split(/\r?\n/).slice(0, 3).join(' | ');

/** Writes the target files in full before anything is timed. */
export const prepareTargets = async (node: WindowsNode, step: WorkloadStep, signal: AbortSignal): Promise<void> => {
	for (const args of diskspdCreateArgs(step.params)) {
		// eslint-disable-next-line no-await-in-loop
		const result = await node.runNative(node.node.tools.diskspd, args, {label: `diskspd ${args[0]!} (create ${args.at(-1)!})`, signal, timeoutMs: timeouts.diskspdCreateMs});
		if (result.exitCode !== 0) {
			throw new HarnessError('WORKLOAD_FAILED', `could not create ${args.at(-1)!}: ${firstLines(result.stderr) || `exit code ${String(result.exitCode)}`}`, {
				target: node.name, hint: `check that diskspd is at ${node.node.tools.diskspd} and that ${node.name} can write to the share`,
			});
		}
	}
};

export const runWorkload = async (node: WindowsNode, step: WorkloadStep, clock: ClockReading, recorder: RunRecorder, signal: AbortSignal): Promise<WorkloadRun> => {
	const run: WorkloadRun = {id: step.id, node: node.name, params: step.params, ioErrors: [], stderr: ''};
	const args = diskspdArgs(step.params);
	recorder.event('workload-launch', {workload: step.id, node: node.name, args});
	try {
		const result = await node.runNative(node.node.tools.diskspd, args, {
			label: `diskspd on ${node.name}`,
			signal,
			timeoutMs: (diskspdWallS(step.params) * 1000) + timeouts.diskspdGraceMs,
		});
		run.exitCode = result.exitCode;
		run.stderr = result.stderr;
		if (result.startedAtNode !== undefined) {
			run.startedAtS = recorder.toRunTime(result.startedAtNode - clock.skewMs);
		}

		await recorder.write(`diskspd/${node.name}-${step.id}.xml`, result.stdout);
		if (result.stderr !== '') {
			await recorder.write(`diskspd/${node.name}-${step.id}.stderr.txt`, result.stderr);
		}

		run.ioErrors = ioErrorLines(result.stderr);
		if (run.ioErrors.length > 0) {
			recorder.event('workload-io-errors', {workload: step.id, lines: run.ioErrors.slice(0, 5)});
			return run;
		}

		if (result.exitCode !== 0) {
			throw new HarnessError('WORKLOAD_FAILED', `diskspd exited with ${String(result.exitCode)}: ${firstLines(result.stderr) || 'no error text'}`, {target: node.name});
		}

		run.result = parseDiskspdXml(result.stdout);
		recorder.event('workload-done', {workload: step.id});
	} catch (error) {
		const wrapped = toHarnessError(error, 'WORKLOAD_FAILED', {target: node.name});
		run.error = errorRecord(wrapped);
		throw wrapped;
	}

	return run;
};
