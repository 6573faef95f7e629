// What a simulated node says about its build and its devices: the CurrentVersion registry key (the update
// revision every cumulative update moves) and the PnP device properties its rNIC drivers set, with the types
// Get-PnpDeviceProperty reports (Win32_PnPDeviceProperty*: Type 18 String, 0 Empty).
import type {RigNode} from '../../../rig/schema.js';
import type {Fabric} from '../../fabric.js';
import {rnicFirmware, rnicPnpId} from '../cmdlets.js';
import type {Cmdlet} from '../ps-interpreter.js';
import type {RegistryKey} from '../registry.js';

const currentVersionKey = 'hklm:\\software\\microsoft\\windows nt\\currentversion';

/** HKLM:\SOFTWARE\Microsoft\Windows NT\CurrentVersion, as Get-ItemProperty reads it. */
export const currentVersion: RegistryKey = path => (path.toLowerCase() !== currentVersionKey ? undefined : {
	ProductName: 'Windows Server 2022 Datacenter', DisplayVersion: '21H2', EditionID: 'ServerDatacenter', InstallationType: 'Server',
	CurrentBuild: '20348', CurrentBuildNumber: '20348', UBR: 2340, CurrentMajorVersionNumber: 10, CurrentMinorVersionNumber: 0,
	PSPath: 'Microsoft.PowerShell.Core\\Registry::HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion',
});

const asList = (value: unknown): string[] => (value === undefined || value === null ? [] : (Array.isArray(value) ? value : [value]).map(String));

export const getPnpDeviceProperty = (node: RigNode, fabric: Fabric): Cmdlet => call => {
	const keys = asList(call.named.get('keyname'));
	const rnics = new Map(fabric.adaptersOf(node.name).map(adapter => [rnicPnpId(adapter).toLowerCase(), adapter]));
	return asList(call.named.get('instanceid') ?? call.positional[0]).flatMap(instance => {
		const adapter = rnics.get(instance.toLowerCase());
		return keys.map(key => {
			const firmware = adapter !== undefined && key.toLowerCase() === 'devpkey_device_firmwareversion' ? rnicFirmware(adapter) : undefined;
			// The management NIC's inbox driver sets no firmware version: the property is there, Empty.
			return firmware === undefined
				? {InstanceId: instance, KeyName: key, Type: 0, Data: null}
				: {InstanceId: instance, KeyName: key, Type: 18, Data: firmware};
		});
	});
};
