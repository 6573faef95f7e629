// Network cmdlets of a simulated node beyond Get-NetAdapter: RDMA, advanced properties, bindings, teams, IP
// addresses, routes and DNS registration, with the CIM classes' property names and enum integers.
import type {RigNode} from '../../../rig/schema.js';
import type {Fabric} from '../../fabric.js';
import {wildcard} from '../cmdlets.js';
import {nodeState, type RnicConfig} from '../node-state.js';
import type {Cmdlet} from '../ps-interpreter.js';

const managementIfIndex = 4;
const loopbackIfIndex = 1;

const asList = (value: unknown): string[] => (value === undefined ? [] : (Array.isArray(value) ? value : [value]).map(String));

const rnicsOf = (node: RigNode, fabric: Fabric) => fabric.adaptersOf(node.name).map(adapter => ({adapter, config: nodeState(fabric, node.name).rnics.get(adapter.rnic.name)!}));

const firstHost = (cidr: string) => {
	const [address = '0.0.0.0'] = cidr.split('/');
	const parts = address.split('.').map(Number);
	parts[3] = (parts[3] ?? 0) + 1;
	return parts.join('.');
};

export const getNetAdapterRdma = (node: RigNode, fabric: Fabric): Cmdlet => () => (fabric.rig.storage.transport === 'TCP' ? [] : rnicsOf(node, fabric).map(({adapter}) => ({
	Name: adapter.rnic.name,
	InterfaceDescription: adapter.rnic.interfaceDescription,
	Enabled: adapter.rdmaEnabled,
	OperationalState: adapter.rdmaEnabled && fabric.linkUp(adapter),
	// Bit flags: PFC/ETS configured on the adapter (0 when DCB is not in use).
	PFC: fabric.rig.qos === undefined ? 0 : 1,
	ETS: fabric.rig.qos === undefined ? 0 : 1,
})));

const advancedRows = (name: string, config: RnicConfig, transport: string) => {
	const rows = [];
	if (transport !== 'TCP') {
		rows.push(
			{Name: name, RegistryKeyword: '*NetworkDirect', RegistryValue: [String(config.networkDirect)], DisplayValue: config.networkDirect === 1 ? 'Enabled' : 'Disabled'},
			{Name: name, RegistryKeyword: '*NetworkDirectTechnology', RegistryValue: [String(config.technology)], DisplayValue: ({1: 'iWARP', 3: 'RoCE', 4: 'RoCEv2'} as Record<number, string>)[config.technology] ?? 'Device Default'},
		);
	}

	rows.push(
		{Name: name, RegistryKeyword: '*JumboPacket', RegistryValue: [String(config.jumboPacket)], DisplayValue: String(config.jumboPacket)},
		{Name: name, RegistryKeyword: 'VlanID', RegistryValue: [String(config.vlanId)], DisplayValue: String(config.vlanId)},
	);
	return rows;
};

export const getNetAdapterAdvancedProperty = (node: RigNode, fabric: Fabric): Cmdlet => call => {
	const keywords = asList(call.named.get('registrykeyword')).map(wildcard);
	const rows = [
		{Name: node.management.adapter, RegistryKeyword: '*JumboPacket', RegistryValue: ['1514'], DisplayValue: 'Disabled'},
		...rnicsOf(node, fabric).flatMap(({adapter, config}) => advancedRows(adapter.rnic.name, config, fabric.rig.storage.transport)),
	];
	return keywords.length === 0 ? rows : rows.filter(row => keywords.some(pattern => pattern.test(row.RegistryKeyword)));
};

// Every adapter's bindings; vms_pp exists only where the Hyper-V role is installed.
const bindingsOf = (hyperV: boolean) => ['ms_tcpip', 'ms_tcpip6', 'ms_msclient', 'ms_server', 'ms_implat', ...(hyperV ? ['vms_pp'] : [])];

export const getNetAdapterBinding = (node: RigNode, fabric: Fabric): Cmdlet => () => {
	const hyperV = node.role === 'hyperv-host';
	return [
		...bindingsOf(hyperV).filter(component => component !== 'vms_pp').map(component => ({Name: node.management.adapter, ComponentID: component, Enabled: component !== 'ms_implat'})),
		...rnicsOf(node, fabric).flatMap(({adapter, config}) => bindingsOf(hyperV || config.boundToVSwitch).map(component => ({
			Name: adapter.rnic.name, ComponentID: component, Enabled: component === 'vms_pp' ? config.boundToVSwitch : component !== 'ms_implat',
		}))),
	];
};

const managementMembers = ['Embedded NIC 1', 'Embedded NIC 2'];

export const getNetLbfoTeamMember = (node: RigNode, fabric: Fabric): Cmdlet => () => [
	...(node.management.kind === 'team' ? managementMembers.map((name, index) => ({Name: name, InterfaceDescription: `Broadcom NetXtreme Gigabit Ethernet${index === 0 ? '' : ' #2'}`, Team: node.management.adapter, AdministrativeMode: 0, OperationalStatus: 0})) : []),
	...rnicsOf(node, fabric).filter(({config}) => config.lbfoTeam !== undefined)
		.map(({adapter, config}) => ({Name: adapter.rnic.name, InterfaceDescription: adapter.rnic.interfaceDescription, Team: config.lbfoTeam!, AdministrativeMode: 0, OperationalStatus: 0})),
];

/** Hyper-V hosts only: the management vNIC's switch is a SET team of the two embedded NICs. */
export const getVmSwitchTeam = (node: RigNode): Cmdlet => () => (node.management.kind === 'vnic'
	? [{Name: 'ConvergedSwitch', NetAdapterInterfaceDescription: ['Intel(R) Ethernet Connection X722 for 10GbE SFP+', 'Intel(R) Ethernet Connection X722 for 10GbE SFP+ #2']}]
	: []);

export const getNetIpAddress = (node: RigNode, fabric: Fabric): Cmdlet => () => {
	const management = fabric.rig.networks.find(network => network.name === node.management.network);
	return [
		...rnicsOf(node, fabric).map(({adapter, config}) => ({InterfaceAlias: adapter.rnic.name, InterfaceIndex: adapter.ifIndex, IPAddress: config.address, PrefixLength: config.prefixLength, PrefixOrigin: 1, AddressState: 4})),
		...(node.management.address === undefined ? [] : [{InterfaceAlias: node.management.adapter, InterfaceIndex: managementIfIndex, IPAddress: node.management.address, PrefixLength: Number(management?.cidr.split('/')[1] ?? 24), PrefixOrigin: 1, AddressState: 4}]),
		{InterfaceAlias: 'Loopback Pseudo-Interface 1', InterfaceIndex: loopbackIfIndex, IPAddress: '127.0.0.1', PrefixLength: 8, PrefixOrigin: 2, AddressState: 4},
	];
};

export const getNetRoute = (node: RigNode, fabric: Fabric): Cmdlet => () => {
	const management = fabric.rig.networks.find(network => network.name === node.management.network);
	const connected = (alias: string, ifIndex: number, cidr: string) => ({InterfaceAlias: alias, InterfaceIndex: ifIndex, DestinationPrefix: cidr, NextHop: '0.0.0.0', RouteMetric: 256});
	return [
		...(management === undefined ? [] : [
			{InterfaceAlias: node.management.adapter, InterfaceIndex: managementIfIndex, DestinationPrefix: '0.0.0.0/0', NextHop: firstHost(management.cidr), RouteMetric: 0},
			connected(node.management.adapter, managementIfIndex, management.cidr),
		]),
		...rnicsOf(node, fabric).flatMap(({adapter, config}) => {
			const network = fabric.rig.networks.find(candidate => candidate.name === adapter.rnic.network);
			return [
				...(network === undefined ? [] : [connected(adapter.rnic.name, adapter.ifIndex, network.cidr)]),
				...(config.gateway === undefined ? [] : [{InterfaceAlias: adapter.rnic.name, InterfaceIndex: adapter.ifIndex, DestinationPrefix: '0.0.0.0/0', NextHop: config.gateway, RouteMetric: 256}]),
			];
		}),
		connected('Loopback Pseudo-Interface 1', loopbackIfIndex, '127.0.0.0/8'),
	];
};

export const getDnsClient = (node: RigNode, fabric: Fabric): Cmdlet => () => [
	{InterfaceAlias: node.management.adapter, InterfaceIndex: managementIfIndex, RegisterThisConnectionsAddress: true, ConnectionSpecificSuffix: ''},
	...rnicsOf(node, fabric).map(({adapter, config}) => ({InterfaceAlias: adapter.rnic.name, InterfaceIndex: adapter.ifIndex, RegisterThisConnectionsAddress: config.registerInDns, ConnectionSpecificSuffix: ''})),
	{InterfaceAlias: 'Loopback Pseudo-Interface 1', InterfaceIndex: loopbackIfIndex, RegisterThisConnectionsAddress: true, ConnectionSpecificSuffix: null},
];

export const getCimInstance = (fabric: Fabric, node: RigNode): Cmdlet => call => {
	const className = String(call.named.get('classname') ?? call.positional[0] ?? '');
	if (className.toLowerCase() !== 'win32_operatingsystem') {
		return [];
	}

	return [{Caption: 'Microsoft Windows Server 2022 Datacenter', Version: '10.0.20348', BuildNumber: '20348', LastBootUpTime: nodeState(fabric, node.name).lastBoot}];
};
