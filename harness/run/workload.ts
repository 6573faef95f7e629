// Runs diskspd on a node for a workload step and keeps everything it printed. I/O errors are a result (the
// product failed); a tool that did not start or printed no results is an infrastructure error.
import {errorRecord, HarnessError, toHarnessError} from '../errors.js';
import type {DiskspdStep} from '../plan/plan.js';
import type {ClockReading, WindowsNode} from '../targets/windows-node.js';
import {timeouts} from '../transport/timeouts.js';
import {diskspdArgs, diskspdCreateArgs, diskspdWallS} from '../workloads/diskspd/args.js';
import {parseDiskspdXml} from '../workloads/diskspd/xml.js';
import type {Armed} from './armed-start.js';
import type {RunRecorder} from './recorder.js';
import type {DiskspdRun} from './run-data.js';

// diskspd's own lines for failed I/O (IORequestGenerator.cpp): "t[0] error during read error code: 64)",
// "error during overlapped IO operation (error code: 64)", "Thread 3 failed executing an I/O operation (error code: 64)".
const ioErrorLine = /^(t\[\d+(:\d+)?\] error during (read|write) error code|error during overlapped IO operation|Thread \d+ failed executing an I\/O operation)/i;

export const ioErrorLines = (stderr: string): string[] =>
	stderr.split(/\r?\n/).map(line => line.trim()).filter(line => ioErrorLine.test(line));

const firstLines = (text: string) => text.trim().split(/\r?\n/).slice(0, 3).join(' | ');

/** Writes the target files in full before anything is timed. */
export const prepareTargets = async (node: WindowsNode, step: DiskspdStep, signal: AbortSignal): Promise<void> => {
	for (const args of diskspdCreateArgs(step.params)) {
		const result = await node.runNative(node.node.tools.diskspd, args, {label: `diskspd ${args[0]!} (create ${args.at(-1)!})`, signal, timeoutMs: timeouts.diskspdCreateMs});
		if (result.exitCode !== 0) {
			throw new HarnessError('WORKLOAD_FAILED', `could not create ${args.at(-1)!}: ${firstLines(result.stderr) || `exit code ${String(result.exitCode)}`}`, {
				target: node.name, hint: `check that diskspd is at ${node.node.tools.diskspd} and that ${node.name} can write to the share`,
			});
		}
	}
};

// A run that ended this much before warm-up + duration + cool-down did not run its course: the start stamp is
// taken before diskspd launches and the end on arrival, so a full run always measures longer than planned.
const earlyToleranceS = 0.25;

export const runWorkload = async (node: WindowsNode, step: DiskspdStep, clock: ClockReading, recorder: RunRecorder, signal: AbortSignal, now: () => number = Date.now, armed?: Armed): Promise<DiskspdRun> => {
	const run: DiskspdRun = {kind: 'diskspd', id: step.id, node: node.name, params: step.params, atS: step.atS, ioErrors: [], stderr: ''};
	const args = diskspdArgs(step.params);
	recorder.event('workload-launch', {workload: step.id, node: node.name, args});
	try {
		const result = await node.runNative(node.node.tools.diskspd, args, {
			label: `diskspd on ${node.name}`,
			signal,
			// Armed, it waits for its planned instant first.
			timeoutMs: ((diskspdWallS(step.params) + (armed === undefined ? 0 : step.atS + 60)) * 1000) + timeouts.diskspdGraceMs,
			...(armed === undefined ? {} : {armed}),
		});
		const endedAtS = recorder.toRunTime(now());
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

		const wallS = diskspdWallS(step.params);
		if (run.startedAtS === undefined) {
			throw new HarnessError('WORKLOAD_FAILED', 'diskspd never started: the node printed no start stamp', {target: node.name, hint: 'check that PowerShell can run diskspd on the node'});
		}

		const ranS = endedAtS - run.startedAtS;
		if (ranS < wallS - earlyToleranceS) {
			const what = result.stdout.trim() === '' ? 'never started: diskspd exited' : 'ended early: diskspd exited';
			// Its start is the node's stamp, its end the orchestrator's: within their clocks' error an instant exit reads as -0.0.
			throw new HarnessError('WORKLOAD_FAILED', `diskspd ${what} ${Math.max(0, ranS).toFixed(1)} s after launch with code ${String(result.exitCode)}, before its ${wallS} s run (-W${step.params.warmupS} -d${step.params.durationS} -C${step.params.cooldownS})`, {
				target: node.name, hint: 'a result shorter than its -d duration is not a measurement; check the node for application control, a killed process or a broken timer',
			});
		}

		run.result = parseDiskspdXml(result.stdout);
		const measuredS = run.result.timeSpans[0]?.testTimeSeconds;
		if (measuredS !== undefined && measuredS < step.params.durationS - earlyToleranceS) {
			throw new HarnessError('WORKLOAD_FAILED', `diskspd ended early: it measured ${measuredS} s of its ${step.params.durationS} s (-d${step.params.durationS})`, {
				target: node.name, hint: 'a result shorter than its -d duration is not a measurement',
			});
		}

		recorder.event('workload-done', {workload: step.id});
	} catch (error) {
		const wrapped = toHarnessError(error, 'WORKLOAD_FAILED', {target: node.name});
		run.error = errorRecord(wrapped);
		throw wrapped;
	}

	return run;
};
