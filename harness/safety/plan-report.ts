// `rdmalab plan`: what a suite would do to a rig, step by step, with the exact commands (the PowerShell script
// before it is encoded, the switch CLI lines), the blast radius and the interlocks' verdict. A pure function of
// the plan and the rig file: no clock, no connection, no ports, so it can be compared to a golden file. The
// commands come from the same builders the runner uses.
import {captureKindOf, faultKindOf, workloadKindOf} from '../kinds/index.js';
import type {PlanCommand} from '../plan/command.js';
import {planTargets, type Plan} from '../plan/plan.js';
import type {Rig} from '../rig/schema.js';
import {blastRadius, type BlastWindow} from './blast-radius.js';
import {planInterlocks, type InterlockViolation} from './interlocks.js';

export type {PlanCommand} from '../plan/command.js';

export interface PlanReportStep {
	/** Seconds from the timeline origin; undefined for setup steps, which run before it. */
	atS?: number;
	target: string;
	action: string;
	command?: PlanCommand;
}

export interface PlanReport {
	suite: string;
	rig: string;
	durationS: number;
	setup: PlanReportStep[];
	timeline: PlanReportStep[];
	blastRadius: BlastWindow[];
	interlocks: InterlockViolation[];
	allowAllPathsDown: boolean;
	notes: string[];
}

export const planReport = (plan: Plan, rig: Rig): PlanReport => {
	const targets = planTargets(plan);
	const setup: PlanReportStep[] = [
		{target: [...targets.nodes, ...targets.switches].join(', '), action: 'connect over SSH (management network)'},
		{target: targets.nodes.join(', '), action: 'read the clock (5 readings) and the inventory (the queries of rdmalab validate, kept as inventory/<node>.json); read-only'},
		...plan.workloads.flatMap(planned => {
			const {kind, step} = workloadKindOf(planned);
			return kind.planSetup(step, rig);
		}),
		// Every capture's preparation first, then the starts, as the runner does them.
		...(['prepare', 'start'] as const).flatMap(phase => plan.captures.flatMap(step => {
			const {kind, step: parsed} = captureKindOf(step);
			return kind.planSteps(parsed, rig).filter(line => line.phase === phase).map(({phase: _phase, ...line}) => line);
		})),
	];
	const timeline: PlanReportStep[] = [
		...plan.workloads.map(planned => {
			const {kind, step} = workloadKindOf(planned);
			return {atS: step.atS, ...kind.planStart(step, rig)};
		}),
		...plan.faults.flatMap(planned => {
			const {kind, step} = faultKindOf(planned);
			const device = kind.device(step).name;
			const commands = kind.commands(step, rig);
			return [
				{atS: step.atS, target: device, action: `${kind.planText(step).inject}; journaled before it is sent`, command: commands.inject},
				{atS: step.restoreAtS, target: device, action: kind.planText(step).restore, command: commands.restore},
			];
		}),
	].sort((a, b) => a.atS - b.atS);
	return {
		suite: plan.suite, rig: rig.name, durationS: plan.durationS, setup, timeline,
		blastRadius: blastRadius(plan, rig), interlocks: planInterlocks(plan, rig), allowAllPathsDown: plan.allowAllPathsDown ?? false, notes: plan.notes,
	};
};

const indent = (text: string, by: string) => text.split('\n').map(line => `${by}${line}`).join('\n');

const renderCommand = (command: PlanCommand | undefined, target: string): string[] => {
	if (command === undefined) {
		return [];
	}

	if (command.kind === 'powershell') {
		return [
			`      ${command.exe} -NoProfile -NonInteractive -EncodedCommand <the script below, UTF-16LE base64, after the standard preamble>`, indent(command.script, '        | '),
			...(command.confirm === undefined ? [] : [`      then ${target}> ${command.confirm.line}   until ${command.confirm.until} (within ${command.confirm.withinS} s)`]),
		];
	}

	return [
		...command.lines.map(line => `      ${target}# ${line}`),
		...(command.confirm === undefined ? [] : [`      then ${target}# ${command.confirm.line}   until ${command.confirm.until} (within ${command.confirm.withinS} s)`]),
	];
};

const offset = (atS: number) => `t+${atS} s`.padEnd(9);

export const renderPlanReport = (report: PlanReport): string => {
	const lines = [
		`Plan: ${report.suite} on ${report.rig}`,
		`Timeline: ${report.durationS} s. Offsets are seconds from the timeline origin; setup runs before it. Nothing below has been sent.`,
		'',
		'Setup',
		...report.setup.flatMap(step => [`  setup    ${step.target}: ${step.action}`, ...renderCommand(step.command, step.target)]),
		'',
		'Timeline',
		...report.timeline.flatMap(step => [`  ${offset(step.atS!)}${step.target}: ${step.action}`, ...renderCommand(step.command, step.target)]),
		`  ${offset(report.durationS)}end of the timeline; captures take their last samples and stop`,
		'',
		'Blast radius',
		...(report.blastRadius.length === 0 ? ['  no fault: nothing loses a path'] : report.blastRadius.flatMap(window => [
			`  t+${window.fromS} s to t+${window.toS} s: down ${window.down.join(', ')}`,
			...window.nodes.map(node => `    ${node.node} loses ${pathsLine(node.lost)}; keeps ${node.left.length === 0 ? 'nothing' : pathsLine(node.left)}`),
			...window.warnings.map(warning => `    warning: ${warning}`),
		])),
		'',
		'Interlocks',
		...(report.interlocks.length === 0
			? [`  pass: every fault is on a port the rig file cables, none is on a management path, ${report.allowAllPathsDown ? 'and the suite declares allowAllPathsDown' : 'no node loses every storage path'}`]
			: report.interlocks.map(violation => `  REFUSED [${violation.rule}] ${violation.message}`)),
		...(report.notes.length === 0 ? [] : ['', 'Notes', ...report.notes.map(note => `  - ${note}`)]),
	];
	return `${lines.join('\n')}\n`;
};

const pathsLine = (paths: ReadonlyArray<{rnic: string; network: string}>) => paths.map(path => `${path.network} (${path.rnic})`).join(', ');
