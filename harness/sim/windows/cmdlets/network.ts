// Network cmdlets of a simulated node beyond Get-NetAdapter: RDMA, advanced properties, bindings, teams, IP
// addresses, routes and DNS registration, with the CIM classes' property names and enum integers.
import type {RigNode} from '../../../rig/schema.js';
import type {Fabric} from '../../fabric.js';
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
	const keywords = asList(call.named.get('registrykeyword')).map(keyword => keyword.toLowerCase());
	const rows = [
		{Name: node.management.adapter, RegistryKeyword: '*JumboPacket', RegistryValue: ['1514'], DisplayValue: 'Disabled'},
		...rnicsOf(node, fabric).flatMap(({adapter, config}) => advancedRows(adapter.rnic.name, config, fabric.rig.storage.transport)),
	];
	return keywords.length === 0 ? rows : rows.filter(row => keywords.includes(row.RegistryKeyword.toLowerCase()));
};

export const getNetAdapterBinding = (node: RigNode, fabric: Fabric): Cmdlet => call => {
	const component = String(call.named.get('componentid') ?? 'vms_pp').toLowerCase();
	return component === 'vms_pp' ? rnicsOf(node, fabric).map(({adapter, config}) => ({Name: adapter.rnic.name, ComponentID: 'vms_pp', Enabled: config.boundToVSwitch})) : [];
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

export const getNetRoute = (node: RigNode, fabric: Fabric): Cmdlet => call => {
	const prefix = String(call.named.get('destinationprefix') ?? '0.0.0.0/0');
	if (prefix !== '0.0.0.0/0') {
		return [];
	}

	const management = fabric.rig.networks.find(network => network.name === node.management.network);
	return [
		...(management === undefined ? [] : [{InterfaceAlias: node.management.adapter, InterfaceIndex: managementIfIndex, DestinationPrefix: prefix, NextHop: firstHost(management.cidr), RouteMetric: 0}]),
		...rnicsOf(node, fabric).filter(({config}) => config.gateway !== undefined)
			.map(({adapter, config}) => ({InterfaceAlias: adapter.rnic.name, InterfaceIndex: adapter.ifIndex, DestinationPrefix: prefix, NextHop: config.gateway!, RouteMetric: 256})),
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
