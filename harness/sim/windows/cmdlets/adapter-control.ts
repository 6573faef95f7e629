// The cmdlets that change an rNIC on its node: Disable-NetAdapter / Enable-NetAdapter (the host side of pulling a
// cable) and Disable-NetAdapterRdma / Enable-NetAdapterRdma (SMB falls back to TCP). Like the real ones they print
// nothing, need -Confirm:$false where they would ask (non-interactive PowerShell cannot answer), and fail on a name
// that matches no adapter.
import type {RigNode} from '../../../rig/schema.js';
import type {AdapterState, Fabric} from '../../fabric.js';
import {wildcard} from '../cmdlets.js';
import {PsRuntimeError, type Cmdlet, type CmdletCall} from '../ps-interpreter.js';

const asList = (value: unknown): string[] => (value === undefined ? [] : (Array.isArray(value) ? value : [value]).map(String));

const adaptersNamed = (node: RigNode, fabric: Fabric, call: CmdletCall, cmdlet: string): AdapterState[] => {
	const names = asList(call.named.get('name') ?? call.positional[0]);
	if (names.length === 0) {
		throw new PsRuntimeError('Cannot process command because of one or more missing mandatory parameters: Name.');
	}

	return names.flatMap(name => {
		const found = fabric.adaptersOf(node.name).filter(adapter => wildcard(name).test(adapter.rnic.name));
		if (found.length === 0 && !name.includes('*')) {
			throw new PsRuntimeError(`No MSFT_NetAdapter objects found with property 'Name' equal to '${name}'.  Verify the value of the property and retry.`, undefined, `ObjectNotFound: (${name}:String) [${cmdlet}], CimJobException`);
		}

		return found;
	});
};

// Disable-NetAdapter asks for confirmation (ConfirmImpact High); -NonInteractive turns the prompt into an error.
const confirmed = (call: CmdletCall) => {
	const confirm = call.named.get('confirm');
	if (confirm !== false && !call.switches.has('force')) {
		throw new PsRuntimeError('PowerShell is in NonInteractive mode. Read and Prompt functionality is not available.');
	}
};

export const disableNetAdapter = (node: RigNode, fabric: Fabric): Cmdlet => call => {
	confirmed(call);
	for (const adapter of adaptersNamed(node, fabric, call, 'Disable-NetAdapter')) {
		fabric.setAdapterEnabled(adapter, false);
	}

	return [];
};

export const enableNetAdapter = (node: RigNode, fabric: Fabric): Cmdlet => call => {
	for (const adapter of adaptersNamed(node, fabric, call, 'Enable-NetAdapter')) {
		fabric.setAdapterEnabled(adapter, true);
	}

	return [];
};

const setRdma = (node: RigNode, fabric: Fabric, enabled: boolean, cmdlet: string): Cmdlet => call => {
	if (fabric.rig.storage.transport === 'TCP') {
		throw new PsRuntimeError(`No MSFT_NetAdapterRdmaSettingData objects found with property 'Name' equal to '${asList(call.named.get('name'))[0] ?? ''}'.`, undefined, `ObjectNotFound: [${cmdlet}], CimJobException`);
	}

	for (const adapter of adaptersNamed(node, fabric, call, cmdlet)) {
		adapter.rdmaEnabled = enabled;
	}

	return [];
};

export const disableNetAdapterRdma = (node: RigNode, fabric: Fabric): Cmdlet => setRdma(node, fabric, false, 'Disable-NetAdapterRdma');
export const enableNetAdapterRdma = (node: RigNode, fabric: Fabric): Cmdlet => setRdma(node, fabric, true, 'Enable-NetAdapterRdma');
