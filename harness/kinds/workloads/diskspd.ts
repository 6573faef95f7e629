// diskspd on a Windows node: its target files written in full before anything is timed, then launched armed and
// released at its planned instant with every workload planned for the same instant (synchronized fleet start). Its
// -Rxml result, its I/O error lines and its start stamp are the run's record of it.
import {z} from 'zod';
import {HarnessError} from '../../errors.js';
import type {DiskspdStep} from '../../plan/plan.js';
import {isDiskspdRun} from '../../record/record.js';
import type {Rig} from '../../rig/schema.js';
import {prepareTargets, runWorkload} from '../../run/workload.js';
import {nativeScript} from '../../targets/windows-node.js';
import {powershellExe} from '../../windows/powershell.js';
import {diskspdArgs, diskspdCreateArgs, diskspdParamsSchema, formatSize, type DiskspdParams} from '../../workloads/diskspd/args.js';
import {defineWorkloadKind} from '../workload-kind.js';

export const diskspdStep: z.ZodType<DiskspdStep> = z.strictObject({
	kind: z.literal('diskspd'),
	id: z.string(),
	node: z.string(),
	atS: z.number(),
	params: diskspdParamsSchema,
}) as unknown as z.ZodType<DiskspdStep>;

const command = (rig: Rig, step: DiskspdStep, args: readonly string[], armed: boolean) => {
	const node = rig.nodes.find(candidate => candidate.name === step.node);
	return {kind: 'powershell' as const, exe: powershellExe(node?.powershell ?? '5.1'), script: nativeScript(node?.tools.diskspd ?? 'diskspd.exe', args, armed)};
};

export const diskspd = defineWorkloadKind({
	kind: 'diskspd',
	step: diskspdStep,
	nodes: step => [step.node],
	planSetup: (step, rig) => [
		...diskspdCreateArgs(step.params).map(args => ({target: step.node, action: `create ${args.at(-1)!} (${args[0]!.slice(2)}) with diskspd before timing starts`, command: command(rig, step, args, false)})),
		{target: step.node, action: 'launch diskspd armed: it waits for its stdin to close, which the runner does at the step\'s instant (synchronized start)'},
	],
	planStart: (step, rig) => ({
		target: step.node,
		action: `diskspd ${formatSize(step.params.blockSize)} ${step.params.pattern}, ${step.params.writePercent} % writes, ${step.params.threads} threads × ${step.params.outstanding} outstanding, ${step.params.warmupS} s warm-up + ${step.params.durationS} s measured`,
		command: command(rig, step, diskspdArgs(step.params), true),
	}),
	prepare: async (context, step) => prepareTargets(context.node, step, context.signal),
	run: async (context, step, armed) => runWorkload(context.node, step, context.clock, context.recorder, context.signal, context.now, armed),
	describeRun: run => ({
		tool: 'diskspd',
		...(isDiskspdRun(run) && run.result !== undefined ? {version: run.result.toolVersion} : {}),
		what: isDiskspdRun(run) ? run.params.targets.map(target => target.path).join(', ') : '',
	}),
});

/**
 * One diskspd step per host, all released at the same instant: a fleet load. `hosts: 'all'` is every Hyper-V host of
 * the rig. Each step's id is `<id>-<host>` and its target file is the host's own on the share.
 */
export const diskspdFleet = (rig: Rig, options: {id: string; hosts: 'all' | readonly string[]; atS: number; params: (host: string) => DiskspdParams}): DiskspdStep[] => {
	const hosts = options.hosts === 'all' ? rig.nodes.filter(node => node.role === 'hyperv-host').map(node => node.name) : options.hosts;
	const unknown = hosts.filter(host => !rig.nodes.some(node => node.name === host));
	if (hosts.length === 0 || unknown.length > 0) {
		throw new HarnessError('USAGE', hosts.length === 0 ? 'no host to run diskspd on' : `not in the rig file: ${unknown.join(', ')}`, {hint: `hosts: ${rig.nodes.map(node => node.name).join(', ')}`});
	}

	return hosts.map(host => ({kind: 'diskspd', id: `${options.id}-${host}`, node: host, atS: options.atS, params: options.params(host)}));
};
