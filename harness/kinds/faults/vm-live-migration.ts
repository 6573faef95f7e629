// Live-migrating a test VM to another Hyper-V host, and back. Not a fault of the rig but a change to it that must be
// undone: journaled before it is sent, so a run killed meanwhile leaves an entry `rdmalab restore` migrates the VM
// home from. `Move-VM -Name <vm> -DestinationHost <to>` on the VM's host, or, when the hosts form a cluster
// (hyperv.cluster), `Move-ClusterVirtualMachineRole -Name <vm> -Node <to> -MigrationType Live`; both return when the
// VM has switched over, so the record's sent and accepted times bracket the migration. Confirmed by Get-VM on both
// hosts: running on the destination, then on its home again. Only a VM the rig file names as its host's testVm.
import {z} from 'zod';
import {HarnessError} from '../../errors.js';
import type {PlanCommand} from '../../plan/command.js';
import {sleep, systemClock} from '../../run/clock.js';
import type {WindowsNode} from '../../targets/windows-node.js';
import {vmState} from '../../windows/inventory/enums.js';
import {powershellExe, psString} from '../../windows/powershell.js';
import {psNumber} from '../../windows/ps-json.js';
import {psQuery} from '../../windows/query.js';
import {queryWindowsPowerShell, runWindowsPowerShell} from '../../windows/windows-powershell.js';
import {defineFaultKind, noEffect, type FaultDevices, type FaultReading} from '../fault-kind.js';

export const vmLiveMigrationStep = z.strictObject({
	kind: z.literal('vm-live-migration'),
	id: z.string(),
	vm: z.string(),
	/** The VM's home host, and the host it is migrated to. */
	from: z.string(),
	to: z.string(),
	/** The Hyper-V hosts' cluster, when they form one. */
	cluster: z.string().optional(),
	atS: z.number(),
	restoreAtS: z.number(),
});

export type VmLiveMigrationStep = z.output<typeof vmLiveMigrationStep>;

// The command returns when the VM has switched over: a large VM over a slow path takes many minutes.
const migrationTimeoutMs = 60 * 60_000;
const confirmWithinMs = 60_000;

const moveScript = (step: VmLiveMigrationStep, to: string) => (step.cluster === undefined
	? `Move-VM -Name ${psString(step.vm)} -DestinationHost ${psString(to)}`
	: `Move-ClusterVirtualMachineRole -Name ${psString(step.vm)} -Node ${psString(to)} -MigrationType Live -Cluster ${psString(step.cluster)}`);

const vmQuery = (step: VmLiveMigrationStep) => ({
	vm: psQuery('vm', `Get-VM -Name ${psString(step.vm)} -ErrorAction SilentlyContinue | Select-Object -Property Name,State,MemoryAssigned`, z.object({Name: z.string(), State: vmState, MemoryAssigned: psNumber})),
});

/** The VM's state on a host: `Running`, another state, or `absent`. */
const stateOn = async (node: WindowsNode, step: VmLiveMigrationStep, signal?: AbortSignal): Promise<string> => {
	const result = await queryWindowsPowerShell(node, vmQuery(step), signal);
	if (result.errors.vm !== undefined) {
		throw new HarnessError('COMMAND_FAILED', `Get-VM on ${node.name}: ${result.errors.vm}`, {target: node.name, hint: 'the host needs the Hyper-V PowerShell module and an account that may manage its VMs'});
	}

	return result.data.vm?.[0]?.State ?? 'absent';
};

const readVm = async (devices: FaultDevices, step: VmLiveMigrationStep, signal?: AbortSignal): Promise<FaultReading> => {
	const [home, away] = await Promise.all([step.from, step.to].map(async host => stateOn(await devices.windowsNode(host), step, signal)));
	const detail = `${step.vm}: ${step.from} ${home}, ${step.to} ${away}`;
	if (away === 'Running' && home === 'absent') {
		return {state: 'faulted', detail};
	}

	return {state: home === 'Running' && away === 'absent' ? 'clear' : 'between', detail};
};

const command = (script: string, until: string): PlanCommand => ({kind: 'powershell', exe: powershellExe('5.1'), script, confirm: {line: 'Get-VM (on both hosts)', until, withinS: confirmWithinMs / 1000}});

export const vmLiveMigration = defineFaultKind({
	kind: 'vm-live-migration',
	step: vmLiveMigrationStep,
	verbs: {inject: 'migrate', restore: 'migrate back', injected: 'VM migrated', restored: 'VM back home', undo: 'live-migrate home'},
	confirmWithinMs: {inject: confirmWithinMs, restore: confirmWithinMs},
	describe: step => `VM ${step.vm} (${step.from} → ${step.to})`,
	planText: step => ({inject: `live-migrate ${step.vm} to ${step.to}`, restore: `live-migrate ${step.vm} back to ${step.from}`}),
	device: step => ({type: 'node', name: step.from}),
	effect: () => noEffect(),
	refusals(step, rig) {
		const from = rig.nodes.find(node => node.name === step.from);
		const to = rig.nodes.find(node => node.name === step.to);
		const problems: Array<{rule: 'unknown-target'; message: string}> = [];
		if (from?.role !== 'hyperv-host' || to?.role !== 'hyperv-host' || step.from === step.to) {
			problems.push({rule: 'unknown-target', message: `${step.vm}: a live migration goes from one Hyper-V host of the rig file to another (${step.from} → ${step.to})`});
		}

		if (from !== undefined && from.testVm !== step.vm) {
			problems.push({rule: 'unknown-target', message: `${step.vm}: not the test VM the rig file names for ${step.from} (testVm: ${from.testVm ?? 'none'}); the harness migrates no other VM`});
		}

		return problems;
	},
	commands: step => ({
		inject: command(moveScript(step, step.to), `${step.vm} Running on ${step.to}, absent from ${step.from}`),
		restore: command(moveScript(step, step.from), `${step.vm} Running on ${step.from}, absent from ${step.to}`),
	}),
	async inject(devices, step, signal) {
		const script = moveScript(step, step.to);
		await runWindowsPowerShell(await devices.windowsNode(step.from), script, {label: script, idempotent: false, timeoutMs: migrationTimeoutMs, ...(signal === undefined ? {} : {signal})});
	},
	// Idempotent: a VM at home is left alone; one still migrating is waited for before it is sent back.
	async restore(devices, step, signal) {
		const deadline = systemClock.monotonic() + migrationTimeoutMs;
		let reading = await readVm(devices, step, signal);
		while (reading.state === 'between' && systemClock.monotonic() < deadline) {
			await sleep(1000, signal);
			reading = await readVm(devices, step, signal);
		}

		if (reading.state !== 'clear') {
			const script = moveScript(step, step.from);
			await runWindowsPowerShell(await devices.windowsNode(step.to), script, {label: script, idempotent: true, timeoutMs: migrationTimeoutMs, ...(signal === undefined ? {} : {signal})});
		}
	},
	readBack: readVm,
});
