// ntttcp between two Windows nodes: a receiver bound to a storage address and a sender that connects to it from its
// own storage address. Both are launched armed and released together at the step's instant (the sender retries its
// connection for seconds, so the receiver need not be first). ntttcp writes its result only to the -xml file, which
// it appends to: the files are deleted before the run and read back after it. The sender's start stamp places the
// flow on the timeline; both sides' XML, and their stderr, are the run's record of it.
import {z} from 'zod';
import {errorRecord, HarnessError, toHarnessError} from '../../errors.js';
import type {NtttcpStep} from '../../plan/plan.js';
import {isNtttcpRun} from '../../record/record.js';
import type {Rig, RigNode} from '../../rig/schema.js';
import type {Armed} from '../../run/armed-start.js';
import type {NtttcpRun} from '../../run/run-data.js';
import {nativeScript, type NativeRun, type WindowsNode} from '../../targets/windows-node.js';
import {timeouts} from '../../transport/timeouts.js';
import {assertPowerShellOk, powershellExe, psString} from '../../windows/powershell.js';
import {ntttcpArgs, ntttcpParamsSchema, ntttcpWallS, type NtttcpRole} from '../../workloads/ntttcp/args.js';
import {parseNtttcpXml, type NtttcpResult} from '../../workloads/ntttcp/xml.js';
import {defineWorkloadKind, type WorkloadRunContext} from '../workload-kind.js';

export const ntttcpStep: z.ZodType<NtttcpStep> = z.strictObject({
	kind: z.literal('ntttcp'),
	id: z.string(),
	node: z.string(),
	receiver: z.string(),
	atS: z.number(),
	params: ntttcpParamsSchema,
}) as unknown as z.ZodType<NtttcpStep>;

const nodeOf = (rig: Rig, name: string): RigNode | undefined => rig.nodes.find(node => node.name === name);

type Tools = RigNode['tools'];

// A plan names nodes of its rig; the defaults only keep `rdmalab plan` printable for a step that does not.
const toolsOf = (rig: Rig, name: string): Tools => nodeOf(rig, name)?.tools ?? {diskspd: 'diskspd.exe', ntttcp: 'ntttcp.exe', workDir: 'C:\\rdmalab'};

/** The side's -xml file, in the node's scratch folder (joined as written: the rig file's folder is used verbatim). */
export const ntttcpXmlFile = (tools: Tools, id: string, role: NtttcpRole): string => `${tools.workDir.replace(/\\+$/, '')}\\rdmalab-${id}-${role}.xml`;

/** The scratch folder exists and no result of an earlier run is left in the file ntttcp appends to. */
const clearScript = (tools: Tools, id: string, role: NtttcpRole): string => [
	`$null = New-Item -ItemType Directory -Force -Path ${psString(tools.workDir)}`,
	`try { Remove-Item -LiteralPath ${psString(ntttcpXmlFile(tools, id, role))} -Force } catch { }`,
].join('\n');

const readScript = (tools: Tools, id: string, role: NtttcpRole): string => `Get-Content -LiteralPath ${psString(ntttcpXmlFile(tools, id, role))} -Raw`;

const sides = (step: NtttcpStep): Array<{role: NtttcpRole; node: string}> => [{role: 'receiver', node: step.receiver}, {role: 'sender', node: step.node}];

const exeOf = (rig: Rig, name: string) => powershellExe(nodeOf(rig, name)?.powershell ?? '5.1');

const launchCommand = (rig: Rig, step: NtttcpStep, role: NtttcpRole, node: string) => {
	const tools = toolsOf(rig, node);
	return {kind: 'powershell' as const, exe: exeOf(rig, node), script: nativeScript(tools.ntttcp, ntttcpArgs(step.params, role, ntttcpXmlFile(tools, step.id, role)), true)};
};

// ntttcp reports trouble on stdout (PrintError goes through printf) and still writes an XML of zeros; its exit code
// is 0 unless the arguments were refused.
const errorLines = (stdout: string): string[] => stdout.split(/\r?\n/).map(line => line.trim()).filter(line => /^ERROR:/i.test(line));

// The measured time ntttcp reports may fall this much short of -t and still be the whole run (timer granularity).
const earlyToleranceS = 0.25;

/** Both sides armed: the step counts as armed once each has said so. */
const bothArmed = (armed: Armed): [Armed, Armed] => {
	let waiting = 2;
	const side = (): Armed => ({gate: armed.gate, onArmed: () => {
		waiting--;
		if (waiting === 0) {
			armed.onArmed();
		}
	}});
	return [side(), side()];
};

const launch = async (node: WindowsNode, step: NtttcpStep, role: NtttcpRole, context: WorkloadRunContext, armed: Armed): Promise<NativeRun> => node.runNative(node.node.tools.ntttcp, ntttcpArgs(step.params, role, ntttcpXmlFile(node.node.tools, step.id, role)), {
	label: `ntttcp ${role} on ${node.name}`,
	signal: context.signal,
	// Armed, it waits for its planned instant first.
	timeoutMs: ((ntttcpWallS(step.params) + step.atS + 60) * 1000) + timeouts.ntttcpGraceMs,
	armed,
});

/** The side's -xml file, checked: a whole run, no error lines. */
const resultOf = async (node: WindowsNode, step: NtttcpStep, role: NtttcpRole, run: NativeRun, context: WorkloadRunContext): Promise<NtttcpResult> => {
	const fail = (why: string, hint: string) => new HarnessError('WORKLOAD_FAILED', `ntttcp ${role} on ${node.name} ${why}`, {target: node.name, hint});
	const errors = errorLines(run.stdout);
	if (run.exitCode !== 0 || errors.length > 0) {
		throw fail(`failed (exit code ${String(run.exitCode)}): ${[...errors, run.stderr.trim()].filter(line => line !== '').slice(0, 3).join(' | ') || 'no error text'}`,
			`check that ntttcp is at ${node.node.tools.ntttcp}, that both sides can reach ${step.params.receiverAddress} on TCP ${step.params.port} and up, and the firewall (Test-NetStack opens a program rule for ntttcp)`);
	}

	const read = await node.powershell(readScript(node.node.tools, step.id, role), {label: `read ntttcp ${role} result`, timeoutMs: timeouts.queryMs, signal: context.signal, idempotent: true});
	assertPowerShellOk(read, node.name, `read ${ntttcpXmlFile(node.node.tools, step.id, role)}`);
	await context.recorder.write(`ntttcp/${node.name}-${step.id}-${role}.xml`, read.stdout);
	const result = parseNtttcpXml(read.stdout);
	if (result.realtimeS < step.params.durationS - earlyToleranceS) {
		throw fail(`ended early: it measured ${result.realtimeS} s of its ${step.params.durationS} s (-t ${step.params.durationS})`, 'a result shorter than its -t duration is not a measurement; look at the other side\'s result and the node\'s event log');
	}

	return result;
};

const ntttcpRun = async (context: WorkloadRunContext, step: NtttcpStep, armed: Armed): Promise<NtttcpRun> => {
	const run: NtttcpRun = {kind: 'ntttcp', id: step.id, node: step.node, receiver: step.receiver, params: step.params, atS: step.atS, stderr: ''};
	const {recorder} = context;
	recorder.event('workload-launch', {workload: step.id, node: step.node, receiver: step.receiver});
	try {
		const receiverNode = await context.devices.windowsNode(step.receiver);
		const [receiverArmed, senderArmed] = bothArmed(armed);
		const [receiver, sender] = await Promise.allSettled([launch(receiverNode, step, 'receiver', context, receiverArmed), launch(context.node, step, 'sender', context, senderArmed)]);
		if (receiver.status === 'fulfilled') {
			run.receiverExit = {exitCode: receiver.value.exitCode, stderr: receiver.value.stderr};
		}

		if (sender.status === 'fulfilled') {
			run.exitCode = sender.value.exitCode;
			run.stderr = sender.value.stderr;
			if (sender.value.startedAtNode !== undefined) {
				run.startedAtS = recorder.toRunTime(sender.value.startedAtNode - context.clock.skewMs);
			}
		}

		for (const [side, outcome] of [['sender', sender], ['receiver', receiver]] as const) {
			const text = outcome.status === 'fulfilled' ? outcome.value.stderr : '';
			if (text !== '') {
				await recorder.write(`ntttcp/${side === 'sender' ? step.node : step.receiver}-${step.id}-${side}.stderr.txt`, text);
			}
		}

		if (sender.status === 'rejected' || receiver.status === 'rejected') {
			throw (sender.status === 'rejected' ? sender.reason : (receiver as PromiseRejectedResult).reason) as unknown;
		}

		if (run.startedAtS === undefined) {
			throw new HarnessError('WORKLOAD_FAILED', 'ntttcp never started: the sender printed no start stamp', {target: step.node, hint: 'check that PowerShell can run ntttcp on the node'});
		}

		run.result = {
			sender: await resultOf(context.node, step, 'sender', sender.value, context),
			receiver: await resultOf(receiverNode, step, 'receiver', receiver.value, context),
		};
		recorder.event('workload-done', {workload: step.id});
	} catch (error) {
		const wrapped = toHarnessError(error, 'WORKLOAD_FAILED', {target: step.node});
		run.error = errorRecord(wrapped);
		throw wrapped;
	}

	return run;
};

export const ntttcp = defineWorkloadKind({
	kind: 'ntttcp',
	step: ntttcpStep,
	nodes: step => [step.node, step.receiver],
	planSetup: (step, rig) => [
		...sides(step).map(({role, node}) => ({target: node, action: `delete the ${role}'s result file of an earlier run (ntttcp appends to its -xml file)`, command: {kind: 'powershell' as const, exe: exeOf(rig, node), script: clearScript(toolsOf(rig, node), step.id, role)}})),
		{target: step.receiver, action: `launch the ntttcp receiver armed, bound to ${step.params.receiverAddress}`, command: launchCommand(rig, step, 'receiver', step.receiver)},
		{target: step.node, action: 'launch the ntttcp sender armed: both sides wait for their stdin to close, which the runner does at the step\'s instant'},
	],
	planStart: (step, rig) => ({
		target: step.node,
		action: `ntttcp ${step.node} (${step.params.senderAddress}) → ${step.receiver} (${step.params.receiverAddress}), ${step.params.threads} threads × ${step.params.outstanding} outstanding, ${step.params.warmupS} s warm-up + ${step.params.durationS} s measured; the receiver is released at the same instant`,
		command: launchCommand(rig, step, 'sender', step.node),
	}),
	async prepare(context, step) {
		for (const {role, node} of sides(step)) {
			const target = node === step.node ? context.node : await context.devices.windowsNode(node);
			const result = await target.powershell(clearScript(target.node.tools, step.id, role), {label: `clear ntttcp ${role} result file`, timeoutMs: timeouts.queryMs, signal: context.signal, idempotent: true});
			assertPowerShellOk(result, node, `clear ${ntttcpXmlFile(target.node.tools, step.id, role)}`);
		}
	},
	run: ntttcpRun,
	describeRun: run => ({
		tool: 'NTttcp',
		...(isNtttcpRun(run) && run.result !== undefined ? {version: run.result.sender.version} : {}),
		what: isNtttcpRun(run) ? `${run.node} (${run.params.senderAddress}) → ${run.receiver} (${run.params.receiverAddress}), ${run.params.threads} threads` : '',
	}),
});
