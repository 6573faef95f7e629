// Enum values as ConvertTo-Json prints them: integers in both shells (5.1 has no -EnumsAsStrings), mapped here to
// the names the cmdlets' own table views show. A value missing from a map is kept as its number in the name
// (`Unknown(9)`) so a newer build's new member is visible in evidence instead of failing the whole read.
import {z} from 'zod';

export const enumOf = <N extends string>(names: Record<number, N>) => z.union([
	z.number().int(),
	// A script or a deserialized object can carry the name already.
	z.string(),
]).transform((value): N | `Unknown(${string})` => {
	if (typeof value === 'string') {
		const known = Object.values(names).find(name => name.toLowerCase() === value.toLowerCase());
		return known ?? `Unknown(${value})`;
	}

	return names[value] ?? `Unknown(${value})`;
});

/** Microsoft.FailoverClusters.PowerShell.ClusterNodeState (formats.md §5.2, verify on a host). */
export const clusterNodeState = enumOf({[-1]: 'Unknown', 0: 'Up', 1: 'Down', 2: 'Paused', 3: 'Joining'});
/** ClusterNetworkRole: only Cluster and ClusterAndClient may carry cluster (heartbeat, CSV) traffic. */
export const clusterNetworkRole = enumOf({0: 'None', 1: 'Cluster', 2: 'Client', 3: 'ClusterAndClient'});
export const clusterNetworkState = enumOf({[-1]: 'Unknown', 0: 'Unavailable', 1: 'Down', 2: 'Partitioned', 3: 'Up'});
export const clusterGroupState = enumOf({[-1]: 'Unknown', 0: 'Online', 1: 'Offline', 2: 'Failed', 3: 'PartialOnline', 4: 'Pending'});
/** ClusterSharedVolume.State is a ClusterResourceState. */
export const clusterResourceState = enumOf({[-1]: 'Unknown', 0: 'Inherited', 1: 'Initializing', 2: 'Online', 3: 'Offline', 4: 'Failed', 128: 'Pending', 129: 'OnlinePending', 130: 'OfflinePending'});
/** Microsoft.HyperV.PowerShell.VMMigrationPerformance. */
export const migrationPerformance = enumOf({0: 'TCPIP', 1: 'Compression', 2: 'SMB'});
/** MSFT_SmbBandwidthLimit.Category. */
export const bandwidthCategory = enumOf({0: 'Default', 1: 'VirtualMachine', 2: 'LiveMigration'});
/** MSFT_NetQosTrafficClassSettingData.Algorithm: IEEE 802.1Qaz transmission selection algorithm. */
export const qosAlgorithm = enumOf({0: 'Strict', 1: 'CBS', 2: 'ETS', 255: 'Vendor'});
/** MSFT_NetQosPolicySettingData.TemplateMatchCondition (New-NetQosPolicy -Default/-NetDirect/-SMB/-Cluster ...). */
export const qosTemplate = enumOf({0: 'None', 1: 'Default', 2: 'NetDirect', 3: 'FCOE', 4: 'iSCSI', 5: 'SMB', 6: 'NFS', 7: 'LiveMigration', 8: 'Cluster'});
/** MSFT_NetQosPolicySettingData.IPProtocolMatchCondition. */
export const qosIpProtocol = enumOf({0: 'None', 1: 'TCP', 2: 'UDP', 3: 'Both'});
/** MSFT_NetIPAddress.PrefixOrigin / SuffixOrigin. */
export const ipOrigin = enumOf({0: 'Other', 1: 'Manual', 2: 'WellKnown', 3: 'Dhcp', 4: 'RouterAdvertisement', 5: 'Link', 6: 'Random'});
/** MSFT_NetIPAddress.AddressState. */
export const ipAddressState = enumOf({0: 'Invalid', 1: 'Tentative', 2: 'Duplicate', 3: 'Deprecated', 4: 'Preferred'});
/** MSFT_NetAdapter.MediaConnectState. */
export const mediaConnectState = enumOf({0: 'Unknown', 1: 'Connected', 2: 'Disconnected'});
/** MSFT_NetLbfoTeamMember.AdministrativeMode / OperationalStatus. */
export const lbfoMemberMode = enumOf({0: 'Active', 1: 'Standby'});
/** MSFT_NetQos*SettingData.PolicySet: the global settings or an interface's own. */
export const qosPolicySet = enumOf({0: 'Global', 1: 'AdapterSpecific'});
/** *NetworkDirectTechnology registry values (Validate-DCB: 1 iWARP, 4 RoCEv2). */
export const networkDirectTechnology: Record<string, 'iWARP' | 'InfiniBand' | 'RoCE' | 'RoCEv2'> = {1: 'iWARP', 2: 'InfiniBand', 3: 'RoCE', 4: 'RoCEv2'};
/** Microsoft.HyperV.PowerShell.VMState (the values Get-VM's State has in JSON). */
export const vmState = enumOf({1: 'Other', 2: 'Running', 3: 'Off', 4: 'Stopping', 6: 'Saved', 9: 'Paused', 10: 'Starting', 11: 'Reset', 32_773: 'Saving', 32_776: 'Pausing', 32_777: 'Resuming'});
