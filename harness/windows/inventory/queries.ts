// Every inventory query: one pipeline per cmdlet with explicit properties (CIM objects serialized whole are huge
// and depth-truncated) and a schema for one output object, with the cmdlets' own property names (formats.md §5.2,
// windows-tools.md §A). Enum-typed properties arrive as integers in both shells and are mapped to names here.
import {z} from 'zod';
import {psBool, psDateSchema, psNumber} from '../ps-json.js';
import {psQuery} from '../query.js';
import {
	bandwidthCategory, clusterGroupState, clusterNetworkRole, clusterNetworkState, clusterNodeState, clusterResourceState, ipAddressState,
	ipOrigin, lbfoMemberMode, mediaConnectState, migrationPerformance, qosAlgorithm, qosIpProtocol, qosPolicySet, qosTemplate,
} from './enums.js';

const select = (cmdlet: string, properties: readonly string[]) => `${cmdlet} | Select-Object -Property ${properties.join(',')}`;
const text = z.string().nullable();
const count = psNumber.nullable();
/** A property Select-Object yields as null on builds or nodes where it does not exist. */
const maybe = <T extends z.ZodType>(schema: T) => schema.nullable().optional();
/** string[] properties print as one string when they hold one value on some paths; always an array here. */
const stringList = z.union([z.array(z.string()), z.string(), z.null()]).transform(value => (value === null ? [] : Array.isArray(value) ? value : [value]));
/** byte / uint8[] priority lists (Get-NetQosTrafficClass Priority). */
const priorityList = z.union([z.array(psNumber), psNumber, z.null()]).transform(value => (value === null ? [] : Array.isArray(value) ? value : [value]));

const osItem = z.object({Caption: z.string(), Version: z.string(), BuildNumber: z.string(), LastBootUpTime: psDateSchema});
export const osQuery = psQuery('os', select('Get-CimInstance -ClassName \'Win32_OperatingSystem\'', Object.keys(osItem.shape)), osItem);

// Win32_OperatingSystem's BuildNumber leaves out the update revision (UBR) that every cumulative update moves:
// the build the node runs is CurrentBuild.UBR, from the registry.
const osBuildItem = z.object({ProductName: text, DisplayVersion: maybe(z.string()), CurrentBuild: z.string(), UBR: maybe(psNumber)});
export const osBuildQuery = psQuery('osBuild', select('Get-ItemProperty -Path \'HKLM:\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\'', Object.keys(osBuildItem.shape)), osBuildItem);

const adapterItem = z.object({
	Name: z.string(),
	InterfaceDescription: z.string(),
	ifIndex: z.number().int(),
	Status: z.string(),
	MediaConnectionState: mediaConnectState,
	/** Bits per second, 0 when the link is down. */
	ReceiveLinkSpeed: count,
	TransmitLinkSpeed: count,
	MacAddress: text,
	MtuSize: count,
	DriverName: maybe(z.string()),
	DriverVersionString: maybe(z.string()),
	DriverProvider: maybe(z.string()),
	VlanID: maybe(psNumber),
	/** The PnP instance: what Get-PnpDeviceProperty (the firmware query) names the adapter by. */
	PnPDeviceID: maybe(z.string()),
});
export const adaptersQuery = psQuery('adapters', select('Get-NetAdapter', Object.keys(adapterItem.shape)), adapterItem);

// Windows has no cmdlet for a NIC's firmware; drivers that report it set the PnP property
// DEVPKEY_Device_FirmwareVersion (Device Manager, Details). A driver that does not leaves it Empty (Type 0, no
// Data): the firmware is then not known, never guessed. Physical adapters only: a vNIC has no firmware.
const firmwareItem = z.object({InstanceId: z.string(), KeyName: z.string(), Type: z.union([z.number(), z.string()]), Data: z.unknown().optional()});
export const firmwareQuery = psQuery('firmware', select('Get-PnpDeviceProperty -InstanceId @((Get-NetAdapter -Physical).PnPDeviceID) -KeyName \'DEVPKEY_Device_FirmwareVersion\'', Object.keys(firmwareItem.shape)), firmwareItem);

const rdmaItem = z.object({Name: z.string(), InterfaceDescription: z.string(), Enabled: psBool, OperationalState: maybe(psBool), PFC: maybe(psNumber), ETS: maybe(psNumber)});
export const rdmaQuery = psQuery('rdma', select('Get-NetAdapterRdma', Object.keys(rdmaItem.shape)), rdmaItem);

/**
 * The advanced properties the rules read, by their standardized registry keywords. The CDXML cmdlets fail with
 * ObjectNotFound when a filter without wildcards matches nothing (a vNIC has no VlanID), which would fail the whole
 * query, so every keyword is a wildcard pattern ('*' leads the standardized ones already); the rules then look up
 * exact keywords.
 */
export const advancedKeywords = ['*NetworkDirect', '*NetworkDirectTechnology', '*JumboPacket', 'VlanID*'] as const;
const advancedItem = z.object({Name: z.string(), RegistryKeyword: z.string(), RegistryValue: stringList, DisplayValue: text});
export const advancedQuery = psQuery('advanced', select(`Get-NetAdapterAdvancedProperty -Name '*' -RegistryKeyword ${advancedKeywords.map(keyword => `'${keyword}'`).join(',')}`, Object.keys(advancedItem.shape)), advancedItem);

// Every binding, not -ComponentID 'vms_pp': on a node without Hyper-V that filter matches nothing and fails.
const bindingItem = z.object({Name: z.string(), ComponentID: z.string(), Enabled: psBool});
export const bindingQuery = psQuery('bindings', select('Get-NetAdapterBinding -Name \'*\'', Object.keys(bindingItem.shape)), bindingItem);

const lbfoItem = z.object({Name: z.string(), InterfaceDescription: text, Team: z.string(), AdministrativeMode: lbfoMemberMode, OperationalStatus: maybe(z.union([z.number(), z.string()]))});
export const lbfoQuery = psQuery('lbfoMembers', select('Get-NetLbfoTeamMember', Object.keys(lbfoItem.shape)), lbfoItem);

// Switch Embedded Teaming lives in the Hyper-V switch: its members are listed by interface description.
const setTeamItem = z.object({Name: z.string(), NetAdapterInterfaceDescription: stringList});
export const setTeamQuery = psQuery('setTeams', select('Get-VMSwitchTeam', Object.keys(setTeamItem.shape)), setTeamItem);

const ipItem = z.object({InterfaceAlias: z.string(), InterfaceIndex: z.number().int(), IPAddress: z.string(), PrefixLength: psNumber, PrefixOrigin: ipOrigin, AddressState: ipAddressState});
export const ipQuery = psQuery('ipAddresses', select('Get-NetIPAddress -AddressFamily \'IPv4\'', Object.keys(ipItem.shape)), ipItem);

// The default gateway of each interface is its 0.0.0.0/0 route (what Get-NetIPConfiguration shows as
// IPv4DefaultGateway, without that cmdlet's nested CIM objects). All IPv4 routes are read: -DestinationPrefix
// '0.0.0.0/0' fails with ObjectNotFound on a node that has no default route at all.
const routeItem = z.object({InterfaceAlias: z.string(), InterfaceIndex: z.number().int(), DestinationPrefix: z.string(), NextHop: z.string(), RouteMetric: count});
export const routeQuery = psQuery('routes', select('Get-NetRoute -AddressFamily \'IPv4\'', Object.keys(routeItem.shape)), routeItem);

const dnsItem = z.object({InterfaceAlias: z.string(), InterfaceIndex: z.number().int(), RegisterThisConnectionsAddress: psBool, ConnectionSpecificSuffix: text});
export const dnsQuery = psQuery('dnsClients', select('Get-DnsClient', Object.keys(dnsItem.shape)), dnsItem);

const smbClientInterfaceItem = z.object({FriendlyName: z.string(), InterfaceIndex: z.number().int(), IpAddresses: stringList, LinkSpeed: count, RdmaCapable: psBool, RssCapable: psBool});
export const smbClientInterfaceQuery = psQuery('smbClientInterfaces', select('Get-SmbClientNetworkInterface', Object.keys(smbClientInterfaceItem.shape)), smbClientInterfaceItem);

const smbServerInterfaceItem = z.object({FriendlyName: text, InterfaceIndex: z.number().int(), IpAddress: z.string(), LinkSpeed: count, RdmaCapable: psBool, RssCapable: psBool, ScopeName: z.string()});
export const smbServerInterfaceQuery = psQuery('smbServerInterfaces', select('Get-SmbServerNetworkInterface', Object.keys(smbServerInterfaceItem.shape)), smbServerInterfaceItem);

const constraintItem = z.object({ServerName: z.string(), InterfaceAlias: z.string(), InterfaceIndex: z.number().int()});
export const constraintQuery = psQuery('smbConstraints', select('Get-SmbMultichannelConstraint', Object.keys(constraintItem.shape)), constraintItem);

const connectionItem = z.object({ServerName: z.string(), ShareName: z.string(), Dialect: z.string(), NumOpens: count, ContinuouslyAvailable: psBool, Encrypted: psBool, Signed: psBool});
export const connectionQuery = psQuery('smbConnections', select('Get-SmbConnection', Object.keys(connectionItem.shape)), connectionItem);

const smbClientConfigItem = z.object({EnableMultiChannel: psBool, RequireSecuritySignature: psBool});
export const smbClientConfigQuery = psQuery('smbClientConfig', select('Get-SmbClientConfiguration', Object.keys(smbClientConfigItem.shape)), smbClientConfigItem);

const smbServerConfigItem = z.object({EnableMultiChannel: psBool, EncryptData: psBool, EnableSecuritySignature: psBool});
export const smbServerConfigQuery = psQuery('smbServerConfig', select('Get-SmbServerConfiguration', Object.keys(smbServerConfigItem.shape)), smbServerConfigItem);

const bandwidthItem = z.object({Category: bandwidthCategory, BytesPerSecond: psNumber});
export const bandwidthQuery = psQuery('smbBandwidthLimits', select('Get-SmbBandwidthLimit', Object.keys(bandwidthItem.shape)), bandwidthItem);

const qosPolicyItem = z.object({
	Name: z.string(),
	Owner: text,
	NetworkProfile: maybe(psNumber),
	Precedence: maybe(psNumber),
	TemplateMatchCondition: qosTemplate,
	NetDirectPortMatchCondition: count,
	IPProtocolMatchCondition: qosIpProtocol,
	IPDstPortMatchCondition: count,
	PriorityValue8021Action: count,
});
export const qosPolicyQuery = psQuery('qosPolicies', select('Get-NetQosPolicy', Object.keys(qosPolicyItem.shape)), qosPolicyItem);

const trafficClassItem = z.object({Name: z.string(), Algorithm: qosAlgorithm, BandwidthPercentage: psNumber, Priority: priorityList, PolicySet: qosPolicySet, IfIndex: maybe(psNumber)});
export const trafficClassQuery = psQuery('qosTrafficClasses', select('Get-NetQosTrafficClass', Object.keys(trafficClassItem.shape)), trafficClassItem);

const flowControlItem = z.object({Name: z.string(), Priority: psNumber, Enabled: psBool, PolicySet: qosPolicySet, IfIndex: maybe(psNumber)});
export const flowControlQuery = psQuery('qosFlowControl', select('Get-NetQosFlowControl', Object.keys(flowControlItem.shape)), flowControlItem);

// OperationalFlowControl is the adapter's own view after DCBX/firmware: 'All Priorities Disabled' or
// 'Priority 3 Enabled' / 'Priorities 3,5 Enabled' (an ETS script property, a string in both shells).
const adapterQosItem = z.object({Name: z.string(), Enabled: psBool, OperationalFlowControl: text});
export const adapterQosQuery = psQuery('adapterQos', select('Get-NetAdapterQos', Object.keys(adapterQosItem.shape)), adapterQosItem);

const dcbxItem = z.object({Willing: psBool, PolicySet: qosPolicySet, InterfaceIndex: maybe(psNumber), InterfaceAlias: maybe(z.string())});
export const dcbxQuery = psQuery('dcbx', select('Get-NetQosDcbxSetting', Object.keys(dcbxItem.shape)), dcbxItem);

export const witnessItem = z.object({ClientName: z.string(), FileServerNodeName: z.string(), WitnessNodeName: z.string(), NetworkName: z.string(), State: maybe(z.union([z.number(), z.string()]))});
export const witnessQuery = psQuery('smbWitnessClients', select('Get-SmbWitnessClient', Object.keys(witnessItem.shape)), witnessItem);

const vmHostItem = z.object({
	VirtualMachineMigrationEnabled: psBool,
	VirtualMachineMigrationPerformanceOption: migrationPerformance,
	MaximumVirtualMachineMigrations: count,
});
export const vmHostQuery = psQuery('vmHost', select('Get-VMHost', Object.keys(vmHostItem.shape)), vmHostItem);

/** The node's own view, in the node's shell. */
export const multichannelItem = z.object({
	ServerName: z.string(),
	ClientInterfaceIndex: z.number().int(),
	ClientInterfaceFriendlyName: z.string().nullable(),
	ClientIpAddress: z.string(),
	ServerIpAddress: z.string(),
	ClientRdmaCapable: z.boolean(),
	ServerRdmaCapable: z.boolean(),
	Selected: z.boolean(),
	Failed: z.boolean(),
	CurrentChannels: z.number().int(),
	MaxChannels: z.number().int(),
	// Newer builds only; Select-Object yields null where the property does not exist.
	RdmaConnectionCount: z.number().int().nullable().optional(),
	TcpConnectionCount: z.number().int().nullable().optional(),
});
export type MultichannelConnection = z.infer<typeof multichannelItem>;

export const multichannelQuery = psQuery(
	'smbMultichannel',
	'Get-SmbMultichannelConnection -IncludeNotSelected | Select-Object -Property ServerName,ClientInterfaceIndex,ClientInterfaceFriendlyName,ClientIpAddress,ServerIpAddress,ClientRdmaCapable,ServerRdmaCapable,Selected,Failed,CurrentChannels,MaxChannels,RdmaConnectionCount,TcpConnectionCount',
	multichannelItem,
);

export const nodeQueries = {
	os: osQuery,
	osBuild: osBuildQuery,
	adapters: adaptersQuery,
	firmware: firmwareQuery,
	rdma: rdmaQuery,
	advanced: advancedQuery,
	bindings: bindingQuery,
	lbfoMembers: lbfoQuery,
	setTeams: setTeamQuery,
	ipAddresses: ipQuery,
	routes: routeQuery,
	dnsClients: dnsQuery,
	smbClientInterfaces: smbClientInterfaceQuery,
	smbServerInterfaces: smbServerInterfaceQuery,
	smbMultichannel: multichannelQuery,
	smbConstraints: constraintQuery,
	smbConnections: connectionQuery,
	smbClientConfig: smbClientConfigQuery,
	smbServerConfig: smbServerConfigQuery,
	smbBandwidthLimits: bandwidthQuery,
	smbWitnessClients: witnessQuery,
	qosPolicies: qosPolicyQuery,
	qosTrafficClasses: trafficClassQuery,
	qosFlowControl: flowControlQuery,
	adapterQos: adapterQosQuery,
	dcbx: dcbxQuery,
	vmHost: vmHostQuery,
};

// The FailoverClusters module is Windows PowerShell only (PowerShell 7 gets deserialized objects through a
// compatibility session, and SharedVolumeInfo not at all): these always run in powershell.exe.
export const clusterNodeItem = z.object({Name: z.string(), Id: z.union([z.string(), z.number()]).transform(String), State: clusterNodeState});
export const clusterNetworkItem = z.object({Name: z.string(), Address: z.string(), AddressMask: z.string(), Role: clusterNetworkRole, State: clusterNetworkState});
export const clusterGroupItem = z.object({Name: z.string(), OwnerNode: z.union([z.string(), z.object({Name: z.string()})]).nullable().transform(owner => (owner === null ? null : typeof owner === 'string' ? owner : owner.Name)), State: clusterGroupState});
const csvItem = z.object({Name: z.string(), OwnerNode: z.union([z.string(), z.object({Name: z.string()})]).nullable().transform(owner => (owner === null ? null : typeof owner === 'string' ? owner : owner.Name)), State: clusterResourceState});

export const clusterQueries = {
	clusterNodes: psQuery('clusterNodes', select('Get-ClusterNode', Object.keys(clusterNodeItem.shape)), clusterNodeItem),
	clusterNetworks: psQuery('clusterNetworks', select('Get-ClusterNetwork', Object.keys(clusterNetworkItem.shape)), clusterNetworkItem),
	clusterGroups: psQuery('clusterGroups', select('Get-ClusterGroup', Object.keys(clusterGroupItem.shape)), clusterGroupItem),
	clusterSharedVolumes: psQuery('clusterSharedVolumes', select('Get-ClusterSharedVolume', Object.keys(csvItem.shape)), csvItem),
};
