// A Hyper-V host's view of what a live migration does, polled at an interval (in Windows PowerShell 5.1): which of
// the named VMs run on it with how much memory (Get-VM: State, MemoryAssigned in bytes), and the bytes its
// management adapter has sent and received (Get-NetAdapterStatistics, cumulative), so traffic that takes the
// management path shows. Written to counters/<node>.host.csv; a VM not on the host has no memory value (missing).
import {z} from 'zod';
import {HarnessError} from '../../errors.js';
import {vmState} from '../../windows/inventory/enums.js';
import {powershellExe, psString} from '../../windows/powershell.js';
import {psNumber, psUInt64} from '../../windows/ps-json.js';
import {psQuery} from '../../windows/query.js';
import {queryWindowsPowerShell} from '../../windows/windows-powershell.js';
import {defineCaptureKind, type RunningCapture} from '../capture-kind.js';
import {startPolling} from './polling.js';

export const hostStateStep = z.strictObject({
	kind: z.literal('host-state'),
	node: z.string(),
	vms: z.array(z.string()).min(1),
	/** The management adapter (Get-NetAdapter Name). */
	adapter: z.string(),
	intervalS: z.number().int().positive(),
	samples: z.number().int().positive(),
});

export type HostStateStep = z.output<typeof hostStateStep>;

export const hostColumn = {
	running: (vm: string) => `vm ${vm} running here`,
	memoryMB: (vm: string) => `vm ${vm} memory MB`,
	sent: (adapter: string) => `${adapter} sent bytes`,
	received: (adapter: string) => `${adapter} received bytes`,
} as const;

const queriesOf = (step: HostStateStep) => ({
	vms: psQuery('vms', 'Get-VM | Select-Object -Property Name,State,MemoryAssigned,ComputerName', z.object({Name: z.string(), State: vmState, MemoryAssigned: psNumber, ComputerName: z.string()})),
	adapter: psQuery('adapter', `Get-NetAdapterStatistics -Name ${psString(step.adapter)} | Select-Object -Property Name,SentBytes,ReceivedBytes`, z.object({Name: z.string(), SentBytes: psUInt64, ReceivedBytes: psUInt64})),
});

export const hostState = defineCaptureKind({
	kind: 'host-state',
	step: hostStateStep,
	devices: step => ({nodes: [step.node], switches: []}),
	describe: step => `VMs ${step.vms.join(', ')} and ${step.adapter}'s bytes every ${step.intervalS} s, ${step.samples} samples`,
	planSteps: step => [{
		phase: 'start' as const, target: step.node,
		action: `poll ${step.vms.join(', ')} (Get-VM) and ${step.adapter}'s bytes sent and received every ${step.intervalS} s, ${step.samples} samples (Windows PowerShell 5.1)`,
		command: {kind: 'powershell' as const, exe: powershellExe('5.1'), script: Object.values(queriesOf(step)).map(query => query.pipeline).join('\n')},
	}],
	async prepare() {
		return undefined;
	},
	async start(run, step): Promise<RunningCapture> {
		const node = await run.devices.windowsNode(step.node);
		const columns = [...step.vms.flatMap(vm => [hostColumn.running(vm), hostColumn.memoryMB(vm)]), hostColumn.sent(step.adapter), hostColumn.received(step.adapter)];
		const queries = queriesOf(step);
		return startPolling(run, {
			data: {node: step.node, kind: 'host-state', file: `counters/${step.node}.host.csv`, columns, samples: [], missing: []},
			intervalS: step.intervalS,
			samples: step.samples,
			async read(signal) {
				const result = await queryWindowsPowerShell(node, queries, signal);
				const failed = Object.entries(result.errors);
				if (failed.length > 0) {
					throw new HarnessError('COMMAND_FAILED', `${step.node}: ${failed.map(([key, message]) => `${key === 'vms' ? 'Get-VM' : 'Get-NetAdapterStatistics'}: ${String(message)}`).join('; ')}`, {
						target: step.node, hint: 'the host needs the Hyper-V PowerShell module, and the management adapter must be named as Get-NetAdapter names it',
					});
				}

				const vm = (name: string) => result.data.vms?.find(candidate => candidate.Name.toLowerCase() === name.toLowerCase());
				const adapter = result.data.adapter?.[0];
				return [
					...step.vms.flatMap(name => {
						const found = vm(name);
						return [found?.State === 'Running' ? 1 : 0, found === undefined ? null : found.MemoryAssigned / (1024 * 1024)];
					}),
					adapter === undefined ? null : Number(adapter.SentBytes),
					adapter === undefined ? null : Number(adapter.ReceivedBytes),
				];
			},
		});
	},
});
