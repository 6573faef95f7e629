// Host misconfigurations for `rdmalab validate`: each is one mistake on one node, made the way an administrator
// makes it, and fails exactly the rule it names. They pick nodes by role so they apply to any simulated rig.
import type {Fabric} from '../fabric.js';
import {hostState, nodeState, rnicState, technologyValue} from '../windows/node-state.js';
import type {Misconfig} from './types.js';

const byRole = (fabric: Fabric, role: 'hyperv-host' | 'sofs-node', index: number) => {
	const nodes = fabric.rig.nodes.filter(node => node.role === role);
	const node = nodes[Math.min(index, nodes.length - 1)];
	if (node === undefined) {
		throw new Error(`the simulated rig has no ${role}`);
	}

	return node;
};

const rnicOf = (fabric: Fabric, role: 'hyperv-host' | 'sofs-node', index: number, rnic: number) => {
	const node = byRole(fabric, role, index);
	const found = node.rnics[Math.min(rnic, node.rnics.length - 1)]!;
	return {node, rnic: found, state: rnicState(fabric, node.name, found.name)};
};

export const hostMisconfigs: Misconfig[] = [
	{
		name: 'rnic-slow-link',
		rule: 'rnic-link',
		description: 'The first rNIC of the first Hyper-V host negotiates 10 Gbps instead of its rated speed (a wrong transceiver or a forced port speed)',
		apply(fabric) {
			rnicOf(fabric, 'hyperv-host', 0, 0).state.linkGbpsOverride = 10;
		},
	},
	{
		name: 'rnic-networkdirect-off',
		rule: 'rnic-rdma-enabled',
		description: '*NetworkDirect is 0 on the second rNIC of the second SOFS node (Set-NetAdapterAdvancedProperty ... -RegistryValue 0)',
		apply(fabric) {
			rnicOf(fabric, 'sofs-node', 1, 1).state.networkDirect = 0;
		},
	},
	{
		name: 'rnic-technology-mismatch',
		rule: 'rdma-technology',
		description: 'The first rNIC of the first SOFS node runs the other RDMA technology (iWARP on a RoCE rig, RoCEv2 on an iWARP rig)',
		apply(fabric) {
			const {state} = rnicOf(fabric, 'sofs-node', 0, 0);
			state.technology = state.technology === technologyValue.iWARP ? technologyValue.RoCEv2 : technologyValue.iWARP;
		},
	},
	{
		name: 'rnics-same-subnet',
		rule: 'rnic-subnets',
		description: 'The second rNIC of the second Hyper-V host is addressed on the first rNIC\'s storage subnet',
		apply(fabric) {
			const first = rnicOf(fabric, 'hyperv-host', 1, 0);
			const second = rnicOf(fabric, 'hyperv-host', 1, 1);
			second.state.address = first.rnic.address.replace(/\.(\d+)$/, (_, last: string) => `.${(Number(last) + 100) % 250}`);
		},
	},
	{
		name: 'rnic-in-lbfo-team',
		rule: 'rnic-not-teamed',
		description: 'The first rNIC of the first SOFS node is a member of an LBFO team',
		apply(fabric) {
			rnicOf(fabric, 'sofs-node', 0, 0).state.lbfoTeam = 'StorageTeam';
		},
	},
	{
		name: 'rnic-on-vswitch',
		rule: 'rnic-not-on-vswitch',
		description: 'The first rNIC of the first Hyper-V host is bound to the Hyper-V virtual switch (vms_pp)',
		apply(fabric) {
			rnicOf(fabric, 'hyperv-host', 0, 0).state.boundToVSwitch = true;
		},
	},
	{
		name: 'rnic-default-gateway',
		rule: 'rnic-no-gateway',
		description: 'The first rNIC of the second Hyper-V host has a default gateway',
		apply(fabric) {
			const {rnic, state} = rnicOf(fabric, 'hyperv-host', 1, 0);
			state.gateway = rnic.address.replace(/\.\d+$/, '.1');
		},
	},
	{
		name: 'rnic-dns-registration',
		rule: 'rnic-no-dns-registration',
		description: 'The second rNIC of the first Hyper-V host registers its address in DNS',
		apply(fabric) {
			rnicOf(fabric, 'hyperv-host', 0, 1).state.registerInDns = true;
		},
	},
	{
		name: 'roce-vlan-untagged',
		rule: 'roce-vlan',
		description: 'The second rNIC of the first Hyper-V host has VLAN ID 0, so RoCE frames carry no priority tag',
		apply(fabric) {
			rnicOf(fabric, 'hyperv-host', 0, 1).state.vlanId = 0;
		},
	},
	{
		name: 'rnic-jumbo-off',
		rule: 'rnic-jumbo',
		description: 'The first rNIC of the first SOFS node has *JumboPacket 1514',
		apply(fabric) {
			rnicOf(fabric, 'sofs-node', 0, 0).state.jumboPacket = 1514;
		},
	},
	{
		name: 'smb-server-multichannel-off',
		rule: 'smb-multichannel',
		description: 'SMB Multichannel is disabled on the second SOFS node\'s server (Set-SmbServerConfiguration -EnableMultiChannel $false)',
		apply(fabric) {
			nodeState(fabric, byRole(fabric, 'sofs-node', 1).name).smbServerMultichannel = false;
		},
	},
	{
		name: 'smb-client-not-rdma',
		rule: 'smb-client-interfaces',
		description: 'The SMB client of the first Hyper-V host does not see its second rNIC as RDMA capable',
		apply(fabric) {
			rnicOf(fabric, 'hyperv-host', 0, 1).state.smbClientRdma = false;
		},
	},
	{
		name: 'sofs-networkdirect-global-off',
		rule: 'smb-channels',
		description: 'NetworkDirect is disabled globally on the first SOFS node (Set-NetOffloadGlobalSetting -NetworkDirect Disabled): SMB to it runs over TCP',
		apply(fabric) {
			nodeState(fabric, byRole(fabric, 'sofs-node', 0).name).networkDirectGlobal = false;
		},
	},
	{
		name: 'smb-constraint-missing',
		rule: 'smb-constraint',
		description: 'The first Hyper-V host has no SMB Multichannel constraint, so SMB may use the management network',
		apply(fabric) {
			nodeState(fabric, byRole(fabric, 'hyperv-host', 0).name).constraints = [];
		},
	},
	{
		name: 'qos-smb-priority-4',
		rule: 'qos-policies',
		description: 'The SMB QoS policy of the second Hyper-V host tags priority 4 instead of the rig\'s',
		apply(fabric) {
			const state = nodeState(fabric, byRole(fabric, 'hyperv-host', 1).name);
			state.qosPolicies = state.qosPolicies.map(policy => (policy.NetDirectPortMatchCondition === 445 ? {...policy, PriorityValue8021Action: 4} : policy));
		},
	},
	{
		name: 'qos-pfc-extra-priority',
		rule: 'qos-pfc',
		description: 'The first SOFS node also enables PFC on priority 4',
		apply(fabric) {
			nodeState(fabric, byRole(fabric, 'sofs-node', 0).name).pfcPriorities.add(4);
		},
	},
	{
		name: 'qos-ets-smb-30',
		rule: 'qos-ets',
		description: 'The first Hyper-V host reserves 30 % for SMB instead of the rig\'s share',
		apply(fabric) {
			const state = nodeState(fabric, byRole(fabric, 'hyperv-host', 0).name);
			state.trafficClasses = state.trafficClasses.map(traffic => (traffic.name === 'SMB' ? {...traffic, bandwidth: 30} : traffic));
		},
	},
	{
		name: 'dcbx-willing',
		rule: 'qos-dcbx-willing',
		description: 'The second SOFS node accepts DCB settings from the switch (Set-NetQosDcbxSetting -Willing $true)',
		apply(fabric) {
			const state = nodeState(fabric, byRole(fabric, 'sofs-node', 1).name);
			state.dcbxWilling = !(fabric.rig.qos?.dcbxWilling ?? false);
		},
	},
	{
		name: 'adapter-qos-disabled',
		rule: 'qos-adapter',
		description: 'QoS is disabled on the second rNIC of the second Hyper-V host (Disable-NetAdapterQos)',
		apply(fabric) {
			rnicOf(fabric, 'hyperv-host', 1, 1).state.qosEnabled = false;
		},
	},
	{
		name: 'qos-backup-policy-missing',
		rule: 'qos-backup',
		description: 'The backup QoS policy is missing on the first Hyper-V host (only meaningful on a rig with backup over the storage networks)',
		apply(fabric) {
			const state = nodeState(fabric, byRole(fabric, 'hyperv-host', 0).name);
			state.qosPolicies = state.qosPolicies.filter(policy => policy.Name !== 'Backup');
		},
	},
	{
		name: 'cluster-network-no-cluster-traffic',
		rule: 'cluster-networks',
		description: 'The cluster network on the second storage subnet has role None: cluster traffic may not use it',
		apply(fabric) {
			const network = fabric.rig.networks.filter(item => item.role === 'storage')[1];
			const cluster = hostState(fabric).cluster;
			const entry = cluster?.networks.find(item => network !== undefined && network.cidr.startsWith(`${item.Address}/`));
			if (entry !== undefined) {
				entry.Role = 0;
			}
		},
	},
	{
		name: 'live-migration-tcpip',
		rule: 'live-migration-smb',
		description: 'The second Hyper-V host live-migrates over TCP/IP (Set-VMHost -VirtualMachineMigrationPerformanceOption TCPIP)',
		apply(fabric) {
			const state = nodeState(fabric, byRole(fabric, 'hyperv-host', 1).name);
			if (state.vmHost !== undefined) {
				state.vmHost.migrationOption = 0;
			}
		},
	},
	{
		name: 'live-migration-unlimited',
		rule: 'live-migration-limit',
		description: 'The first Hyper-V host has no SMB bandwidth limit for live migration',
		apply(fabric) {
			const state = nodeState(fabric, byRole(fabric, 'hyperv-host', 0).name);
			state.bandwidthLimits = state.bandwidthLimits.filter(limit => limit.Category !== 2);
		},
	},
];
