// The configuration of each simulated Windows node that is not fabric state: advanced properties, bindings, IP
// settings, SMB and QoS configuration, the cluster and the Hyper-V host. A healthy rig is built from the rig file
// as a correctly configured converged design; misconfigurations (sim/misconfigs/host.ts) change it afterwards.
// One state per fabric, created on first use, so misconfigurations and cmdlets see the same objects.
import type {Rig, RigNode} from '../../rig/schema.js';
import type {Fabric} from '../fabric.js';

export interface RnicConfig {
	name: string;
	/** The node's reading of the negotiated speed, when it differs from the rig file (a bad cable, a forced speed). */
	linkGbpsOverride?: number;
	networkDirect: 0 | 1;
	/** *NetworkDirectTechnology registry value: 1 iWARP, 4 RoCEv2 ... */
	technology: number;
	jumboPacket: number;
	vlanId: number;
	boundToVSwitch: boolean;
	lbfoTeam?: string;
	address: string;
	prefixLength: number;
	gateway?: string;
	registerInDns: boolean;
	qosEnabled: boolean;
	/** Whether SMB sees the interface as RDMA capable (off when SMB Direct is unavailable to the client). */
	smbClientRdma: boolean;
}

export interface QosPolicy {
	Name: string;
	Owner: string;
	NetworkProfile: number;
	Precedence: number;
	TemplateMatchCondition: number;
	NetDirectPortMatchCondition: number;
	IPProtocolMatchCondition: number;
	IPDstPortMatchCondition: number;
	PriorityValue8021Action: number;
}

export interface TrafficClass {
	name: string;
	/** 0 strict, 2 ETS */
	algorithm: number;
	bandwidth: number;
	priorities: number[];
}

export interface NodeConfig {
	node: RigNode;
	rnics: Map<string, RnicConfig>;
	smbClientMultichannel: boolean;
	smbServerMultichannel: boolean;
	/** Set-NetOffloadGlobalSetting -NetworkDirect: off makes every interface of the node non-RDMA for SMB. */
	networkDirectGlobal: boolean;
	constraints: Array<{ServerName: string; InterfaceAlias: string; InterfaceIndex: number}>;
	bandwidthLimits: Array<{Category: number; BytesPerSecond: number}>;
	qosPolicies: QosPolicy[];
	trafficClasses: TrafficClass[];
	pfcPriorities: Set<number>;
	dcbxWilling: boolean;
	vmHost?: {migrationOption: number; maxMigrations: number};
	lastBoot: Date;
}

export interface ClusterConfig {
	name: string;
	members: string[];
	networks: Array<{Name: string; Address: string; AddressMask: string; Role: number; State: number}>;
}

export interface SimHostState {
	nodes: Map<string, NodeConfig>;
	cluster?: ClusterConfig;
}

// Template values of MSFT_NetQosPolicySettingData.TemplateMatchCondition (harness/windows/inventory/enums.ts).
export const qosTemplates = {none: 0, default: 1, smb: 5, cluster: 8} as const;
export const technologyValue = {iWARP: 1, RoCE: 3, RoCEv2: 4} as const;

const prefixOf = (cidr: string) => Number(cidr.split('/')[1] ?? 24);

const maskOf = (prefix: number) => [24, 16, 8, 0].map(shift => (((0xFF_FF_FF_FF << (32 - prefix)) >>> shift) & 0xFF)).join('.');

const networkAddress = (cidr: string) => cidr.split('/')[0] ?? cidr;

const policy = (name: string, fields: Partial<QosPolicy>): QosPolicy => ({
	Name: name, Owner: 'Group Policy (Machine)', NetworkProfile: 0, Precedence: 127, TemplateMatchCondition: qosTemplates.none,
	NetDirectPortMatchCondition: 0, IPProtocolMatchCondition: 0, IPDstPortMatchCondition: 0, PriorityValue8021Action: 0, ...fields,
});

const qosPoliciesFor = (rig: Rig): QosPolicy[] => {
	if (rig.qos === undefined) {
		return [];
	}

	const policies = [
		policy('SMB', {NetDirectPortMatchCondition: 445, PriorityValue8021Action: rig.qos.smb.priority}),
		policy('Cluster', {TemplateMatchCondition: qosTemplates.cluster, PriorityValue8021Action: rig.qos.cluster.priority}),
		policy('Default', {TemplateMatchCondition: qosTemplates.default, PriorityValue8021Action: rig.qos.default.priority}),
	];
	const {backup} = rig.qos;
	if (backup !== undefined) {
		policies.push('tcpPort' in backup.match
			? policy('Backup', {IPProtocolMatchCondition: 1, IPDstPortMatchCondition: backup.match.tcpPort, PriorityValue8021Action: backup.priority})
			: policy('Backup', {NetDirectPortMatchCondition: backup.match.netDirectPort, PriorityValue8021Action: backup.priority}));
	}

	return policies;
};

const trafficClassesFor = (rig: Rig): TrafficClass[] => {
	if (rig.qos === undefined) {
		return [{name: '[Default]', algorithm: 2, bandwidth: 100, priorities: [0, 1, 2, 3, 4, 5, 6, 7]}];
	}

	const named = [
		{name: 'SMB', ...rig.qos.smb},
		{name: 'Cluster', ...rig.qos.cluster},
		...(rig.qos.backup === undefined ? [] : [{name: 'Backup', priority: rig.qos.backup.priority, bandwidthPercent: rig.qos.backup.bandwidthPercent}]),
	];
	const taken = new Set(named.map(entry => entry.priority));
	const rest = 100 - named.reduce((sum, entry) => sum + entry.bandwidthPercent, 0);
	return [
		{name: '[Default]', algorithm: 2, bandwidth: rest, priorities: [0, 1, 2, 3, 4, 5, 6, 7].filter(priority => !taken.has(priority))},
		...named.map(entry => ({name: entry.name, algorithm: 2, bandwidth: entry.bandwidthPercent, priorities: [entry.priority]})),
	];
};

const nodeConfig = (rig: Rig, node: RigNode, index: number): NodeConfig => {
	const technology = rig.storage.transport === 'TCP' ? 0 : technologyValue[rig.storage.transport];
	const rnics = new Map(node.rnics.map(rnic => {
		const network = rig.networks.find(candidate => candidate.name === rnic.network);
		return [rnic.name, {
			name: rnic.name,
			networkDirect: rig.storage.transport === 'TCP' ? 0 : 1,
			technology,
			jumboPacket: rig.storage.jumboPacket,
			vlanId: network?.vlan ?? 0,
			boundToVSwitch: false,
			address: rnic.address,
			prefixLength: network === undefined ? 24 : prefixOf(network.cidr),
			registerInDns: false,
			qosEnabled: rig.qos !== undefined,
			smbClientRdma: true,
		} satisfies RnicConfig];
	}));
	const isHost = node.role === 'hyperv-host';
	return {
		node,
		rnics,
		smbClientMultichannel: true,
		smbServerMultichannel: true,
		networkDirectGlobal: true,
		// The Microsoft design: SMB to the SOFS only over the rNICs, never the management path.
		constraints: isHost ? node.rnics.map((rnic, rnicIndex) => ({ServerName: rig.sofs.name, InterfaceAlias: rnic.name, InterfaceIndex: 11 + (rnicIndex * 4)})) : [],
		bandwidthLimits: isHost && rig.hyperv.liveMigrationLimitMBps !== undefined ? [{Category: 2, BytesPerSecond: rig.hyperv.liveMigrationLimitMBps * 1024 * 1024}] : [],
		qosPolicies: qosPoliciesFor(rig),
		trafficClasses: trafficClassesFor(rig),
		pfcPriorities: new Set(rig.qos?.pfcPriorities ?? []),
		dcbxWilling: rig.qos?.dcbxWilling ?? false,
		...(isHost ? {vmHost: {migrationOption: {TCPIP: 0, Compression: 1, SMB: 2}[rig.hyperv.liveMigration], maxMigrations: 2}} : {}),
		lastBoot: new Date(Date.UTC(2026, 0, 5, 6, 30 + index, 12)),
	};
};

const clusterConfig = (rig: Rig): ClusterConfig | undefined => {
	if (rig.cluster === undefined) {
		return undefined;
	}

	const members = rig.nodes.filter(node => rig.sofs.nodes.includes(node.name)).map(node => node.name);
	const used = rig.networks.filter(network => rig.nodes.some(node => members.includes(node.name)
		&& (node.rnics.some(rnic => rnic.network === network.name) || node.management.network === network.name)));
	return {
		name: rig.cluster.name,
		members,
		networks: used.map((network, index) => ({
			Name: `Cluster Network ${index + 1}`,
			Address: networkAddress(network.cidr),
			AddressMask: maskOf(prefixOf(network.cidr)),
			// The design's cluster traffic (heartbeat, CSV) rides the storage networks, both of them, so no single link
			// loss partitions the cluster; management carries the clients of the cluster's names only.
			Role: network.role === 'storage' ? 3 : 2,
			State: 3,
		})),
	};
};

const states = new WeakMap<Fabric, SimHostState>();

export const hostState = (fabric: Fabric): SimHostState => {
	let state = states.get(fabric);
	if (state === undefined) {
		const cluster = clusterConfig(fabric.rig);
		state = {nodes: new Map(fabric.rig.nodes.map((node, index) => [node.name, nodeConfig(fabric.rig, node, index)])), ...(cluster === undefined ? {} : {cluster})};
		states.set(fabric, state);
	}

	return state;
};

export const nodeState = (fabric: Fabric, node: string): NodeConfig => {
	const found = hostState(fabric).nodes.get(node);
	if (found === undefined) {
		throw new Error(`no simulated node ${node}`);
	}

	return found;
};

export const rnicState = (fabric: Fabric, node: string, rnic: string): RnicConfig => {
	const found = nodeState(fabric, node).rnics.get(rnic);
	if (found === undefined) {
		throw new Error(`no rNIC ${rnic} on simulated node ${node}`);
	}

	return found;
};

