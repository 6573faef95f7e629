// Hyper-V cmdlets of a simulated host for its VMs and their live migrations (sim/live-migration.ts): Get-VM, Move-VM,
// Move-ClusterVirtualMachineRole (when the rig's hosts form a cluster, hyperv.cluster), and Get-NetAdapterStatistics
// of the management adapter. The moves return when the migration has switched over, as the real ones do without
// -AsJob (or -Wait 0).
import type {RigNode} from '../../../rig/schema.js';
import type {Fabric} from '../../fabric.js';
import {simLiveMigration, type Vm} from '../../live-migration.js';
import {simSleep} from '../../sleep.js';
import {wildcard} from '../cmdlets.js';
import {PsRuntimeError, type Cmdlet, type CmdletCall, type PsContext} from '../ps-interpreter.js';

/** Microsoft.HyperV.PowerShell.VMState: Running. */
const running = 2;

const nameOf = (call: CmdletCall): string | undefined => {
	const value = call.named.get('name') ?? call.positional[0];
	return value === undefined || value === null ? undefined : String(value);
};

const notFound = (name: string, cmdlet: string) => new PsRuntimeError(`Hyper-V was unable to find a virtual machine with name "${name}".`, undefined, `InvalidArgument: (${name}:String) [${cmdlet}], VirtualizationException`, `InvalidParameter,Microsoft.HyperV.PowerShell.Commands.${cmdlet.replace('-', '')}`);

const quiet = (call: CmdletCall) => ['silentlycontinue', 'ignore'].includes(String(call.named.get('erroraction') ?? '').toLowerCase());

const vmObject = (vm: Vm, node: RigNode) => ({Name: vm.name, State: running, MemoryAssigned: vm.memoryBytes, ComputerName: node.name.toUpperCase()});

export const getVm = (node: RigNode, fabric: Fabric): Cmdlet => call => {
	const model = simLiveMigration(fabric);
	const here = model.vms.filter(vm => model.hostOf(vm) === node.name);
	const name = nameOf(call);
	if (name === undefined) {
		return here.map(vm => vmObject(vm, node));
	}

	const found = here.filter(vm => wildcard(name).test(vm.name));
	if (found.length === 0 && !name.includes('*') && !quiet(call)) {
		throw notFound(name, 'Get-VM');
	}

	return found.map(vm => vmObject(vm, node));
};

const migrate = async (fabric: Fabric, vmName: string, destination: string, cmdlet: string, context: PsContext, runsOn?: RigNode): Promise<void> => {
	const model = simLiveMigration(fabric);
	const vm = model.vm(vmName);
	const from = vm === undefined ? undefined : fabric.rig.nodes.find(candidate => candidate.name === model.hostOf(vm));
	if (vm === undefined || from === undefined || (runsOn !== undefined && from.name !== runsOn.name)) {
		throw notFound(vmName, cmdlet);
	}

	const to = fabric.rig.nodes.find(candidate => candidate.name.toLowerCase() === destination.toLowerCase() && candidate.role === 'hyperv-host');
	if (to === undefined || to.name === from.name) {
		throw new PsRuntimeError(`The operation failed.\r\nCould not find a virtual machine host named '${destination}' to migrate '${vm.name}' to.`, undefined, `NotSpecified: (:) [${cmdlet}], VirtualizationException`);
	}

	if (model.migrating(vm) !== undefined) {
		throw new PsRuntimeError(`The operation cannot be performed while the object is in its current state. '${vm.name}' is being migrated.`, undefined, `InvalidOperation: (:) [${cmdlet}], VirtualizationException`);
	}

	const migration = model.start(vm, from, to);
	await simSleep(migration.endsAt - fabric.now(), context.host.signal);
};

export const moveVm = (node: RigNode, fabric: Fabric): Cmdlet => async (call, context) => {
	const name = nameOf(call);
	const destination = call.named.get('destinationhost') ?? call.positional[1];
	if (name === undefined || destination === undefined) {
		throw new PsRuntimeError('Cannot process command because of one or more missing mandatory parameters: Name DestinationHost.');
	}

	await migrate(fabric, name, String(destination), 'Move-VM', context, node);
	return [];
};

export const moveClusterVirtualMachineRole = (_node: RigNode, fabric: Fabric): Cmdlet => async (call, context) => {
	if (fabric.rig.hyperv.cluster === undefined) {
		throw new PsRuntimeError('The cluster service is not running.  Make sure that the service is running on all nodes in the cluster.', undefined, 'ConnectionError: (:) [], ClusterCmdletException');
	}

	const name = nameOf(call);
	const target = call.named.get('node') ?? call.positional[1];
	if (name === undefined || target === undefined) {
		throw new PsRuntimeError('Cannot process command because of one or more missing mandatory parameters: Name Node.');
	}

	await migrate(fabric, name, String(target), 'Move-ClusterVirtualMachineRole', context);
	return [];
};

/** The management adapter's statistics; the rNICs' are not simulated (their traffic is on perfmon's counters). */
export const getNetAdapterStatistics = (node: RigNode, fabric: Fabric): Cmdlet => call => {
	const name = nameOf(call) ?? node.management.adapter;
	if (!wildcard(name).test(node.management.adapter)) {
		throw new PsRuntimeError(`The simulated node answers Get-NetAdapterStatistics for its management adapter (${node.management.adapter}) only.`, undefined, `ObjectNotFound: (${name}:String) [Get-NetAdapterStatistics], CimJobException`);
	}

	const bytes = simLiveMigration(fabric).managementBytes(node.name);
	return [{Name: node.management.adapter, ReceivedBytes: bytes.received, SentBytes: bytes.sent}];
};
