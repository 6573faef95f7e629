// typeperf on a Windows node: perfmon counters streamed as PDH-CSV over SSH for the whole run. Before the origin is
// fixed the node is asked which counter sets it has (`typeperf -qx`, in its display language), so a missing one is
// reported missing, never read as zero; typeperf is then only given counters that exist, in the node's names.
import {z} from 'zod';
import {counterSetsOf} from '../../counters/discovery.js';
import type {CaptureStep} from '../../plan/plan.js';
import {startCapture, typeperfArgs} from '../../run/capture.js';
import {discoverCounters, discoveryScript, localeQueries} from '../../run/counter-discovery.js';
import {batchScript} from '../../windows/query.js';
import {HarnessError} from '../../errors.js';
import {nativeScript} from '../../targets/windows-node.js';
import {powershellExe} from '../../windows/powershell.js';
import {defineCaptureKind} from '../capture-kind.js';

export const typeperfStep: z.ZodType<CaptureStep> = z.strictObject({
	kind: z.literal('typeperf'),
	node: z.string(),
	counters: z.array(z.string()).min(1),
	intervalS: z.number().int().positive(),
	samples: z.number().int().positive(),
});

export const typeperf = defineCaptureKind({
	kind: 'typeperf',
	step: typeperfStep,
	devices: step => ({nodes: [step.node], switches: []}),
	describe: step => `typeperf: ${step.counters.length} counters every ${step.intervalS} s, ${step.samples} samples`,
	planSteps(step, rig) {
		const exe = powershellExe(rig.nodes.find(node => node.name === step.node)?.powershell ?? '5.1');
		return [
			{phase: 'prepare' as const, target: step.node, action: 'read the node\'s counter names in English and in its display language (Perflib) and its culture', command: {kind: 'powershell', exe, script: batchScript(localeQueries)}},
			{phase: 'prepare' as const, target: step.node, action: 'discover the counter sets (typeperf -qx, in the node\'s language); counters the node lacks are reported missing, never read as zero', command: {kind: 'powershell', exe, script: discoveryScript(counterSetsOf(step.counters))}},
			{phase: 'start' as const, target: step.node, action: `typeperf: ${step.counters.length} counters every ${step.intervalS} s, ${step.samples} samples`, command: {kind: 'powershell', exe, script: nativeScript('typeperf.exe', typeperfArgs(step), false)}},
		];
	},
	async prepare(run, step) {
		return discoverCounters(await run.devices.windowsNode(step.node), step.counters, run.signal);
	},
	async start(run, step, availability) {
		const clock = run.clockOf(step.node);
		if (clock === undefined) {
			throw new HarnessError('INTERNAL', `no clock reading of ${step.node} to place its samples`, {target: step.node});
		}

		return startCapture(await run.devices.windowsNode(step.node), step, clock, run.recorder, run.signal, availability);
	},
});
