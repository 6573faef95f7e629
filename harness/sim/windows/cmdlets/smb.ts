// SMB cmdlets of a simulated node: interfaces as SMB sees them, configuration, constraints, connections,
// bandwidth limits, and Multichannel connections adjusted for SMB Direct being off.
import type {RigNode} from '../../../rig/schema.js';
import type {Fabric} from '../../fabric.js';
import {getSmbMultichannelConnection} from '../cmdlets.js';
import {nodeState} from '../node-state.js';
import type {Cmdlet} from '../ps-interpreter.js';

const managementLinkSpeed = 10_000_000_000;

const interfaces = (node: RigNode, fabric: Fabric) => {
	const state = nodeState(fabric, node.name);
	return fabric.adaptersOf(node.name).map(adapter => {
		const config = state.rnics.get(adapter.rnic.name)!;
		const rdma = fabric.rig.storage.transport !== 'TCP' && adapter.rdmaEnabled && state.networkDirectGlobal;
		return {adapter, config, rdma, linkSpeed: fabric.linkUp(adapter) ? (config.linkGbpsOverride ?? adapter.rnic.linkGbps) * 1e9 : 0};
	});
};

export const getSmbClientNetworkInterface = (node: RigNode, fabric: Fabric): Cmdlet => () => [
	...interfaces(node, fabric).map(({adapter, config, rdma, linkSpeed}) => ({
		FriendlyName: adapter.rnic.name, InterfaceIndex: adapter.ifIndex, IpAddresses: [config.address], LinkSpeed: linkSpeed, RdmaCapable: rdma && config.smbClientRdma, RssCapable: true,
	})),
	{FriendlyName: node.management.adapter, InterfaceIndex: 4, IpAddresses: node.management.address === undefined ? [] : [node.management.address], LinkSpeed: managementLinkSpeed, RdmaCapable: false, RssCapable: true},
];

export const getSmbServerNetworkInterface = (node: RigNode, fabric: Fabric): Cmdlet => () => {
	const scopes = fabric.rig.sofs.nodes.includes(node.name) ? [fabric.rig.sofs.name.toUpperCase(), '*'] : ['*'];
	return [
		...interfaces(node, fabric).flatMap(({adapter, config, rdma, linkSpeed}) => scopes.map(scope => ({
			FriendlyName: adapter.rnic.name, InterfaceIndex: adapter.ifIndex, IpAddress: config.address, LinkSpeed: linkSpeed, RdmaCapable: rdma, RssCapable: true, ScopeName: scope,
		}))),
		...(node.management.address === undefined ? [] : [{FriendlyName: node.management.adapter, InterfaceIndex: 4, IpAddress: node.management.address, LinkSpeed: managementLinkSpeed, RdmaCapable: false, RssCapable: true, ScopeName: '*'}]),
	];
};

/** The fabric's channels, with RDMA replaced by TCP where either end has SMB Direct off (NetworkDirect global). */
export const getSmbMultichannelConnectionWithHosts = (node: RigNode, fabric: Fabric): Cmdlet => {
	const fromFabric = getSmbMultichannelConnection(node, fabric);
	return async (call, context) => {
		const rows = await fromFabric(call, context) as Array<Record<string, unknown>>;
		const session = fabric.sessionOf(node.name);
		const clientOn = nodeState(fabric, node.name).networkDirectGlobal;
		const serverOn = session === undefined || nodeState(fabric, session.server).networkDirectGlobal;
		if (clientOn && serverOn) {
			return rows;
		}

		return rows.map(row => ({
			...row,
			ClientRdmaCapable: row['ClientRdmaCapable'] === true && clientOn,
			ServerRdmaCapable: row['ServerRdmaCapable'] === true && serverOn,
			MaxChannels: 4,
			CurrentChannels: row['Selected'] === true ? 4 : 0,
			RdmaConnectionCount: 0,
			TcpConnectionCount: row['Selected'] === true ? 4 : 0,
		}));
	};
};

export const getSmbClientConfiguration = (node: RigNode, fabric: Fabric): Cmdlet => () => [{EnableMultiChannel: nodeState(fabric, node.name).smbClientMultichannel, RequireSecuritySignature: false}];

export const getSmbServerConfiguration = (node: RigNode, fabric: Fabric): Cmdlet => () => [{EnableMultiChannel: nodeState(fabric, node.name).smbServerMultichannel, EncryptData: false, EnableSecuritySignature: false}];

export const getSmbMultichannelConstraint = (node: RigNode, fabric: Fabric): Cmdlet => () => nodeState(fabric, node.name).constraints.map(constraint => ({...constraint}));

export const getSmbBandwidthLimit = (node: RigNode, fabric: Fabric): Cmdlet => () => nodeState(fabric, node.name).bandwidthLimits.map(limit => ({...limit}));

export const getSmbConnection = (node: RigNode, fabric: Fabric): Cmdlet => () => {
	if (fabric.sessionOf(node.name) === undefined) {
		return [];
	}

	return [...fabric.shares.values()].map(share => ({
		ServerName: fabric.rig.sofs.name, ShareName: share.name, UserName: `LAB\\${node.name.toUpperCase()}$`, Dialect: '3.1.1', NumOpens: 12,
		ContinuouslyAvailable: share.continuouslyAvailable, Encrypted: false, Signed: false,
	}));
};
