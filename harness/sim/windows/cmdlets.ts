// Cmdlets of a simulated Windows node, answered from the fabric model with the property names and value types
// of the real CIM classes (MSFT_NetAdapter, MSFT_SmbMultichannelConnection; reference/formats.md §5.2).
import type {RigNode} from '../../rig/schema.js';
import type {AdapterState, Fabric} from '../fabric.js';
import {nodeState} from './node-state.js';
import {PsRuntimeError, type Cmdlet} from './ps-interpreter.js';

/** A PowerShell wildcard pattern (-Name, -RegistryKeyword) as a case-insensitive RegExp. */
export const wildcard = (pattern: string) => new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 'i');

const asList = (value: unknown): string[] => (value === undefined ? [] : (Array.isArray(value) ? value : [value]).map(String));

const linkSpeedText = (bps: number) => (bps === 0 ? '0 bps' : bps >= 1e9 ? `${bps / 1e9} Gbps` : `${bps / 1e6} Mbps`);

const managementAdapter = (node: RigNode) => {
	const descriptions = {vnic: 'Hyper-V Virtual Ethernet Adapter', team: 'Microsoft Network Adapter Multiplexor Driver', nic: 'Intel(R) Ethernet Connection X722 for 10GbE SFP+'} as const;
	return {
		Name: node.management.adapter,
		InterfaceDescription: descriptions[node.management.kind],
		ifIndex: 4,
		Status: 'Up',
		MediaConnectionState: 1,
		LinkSpeed: '10 Gbps',
		ReceiveLinkSpeed: 10_000_000_000,
		TransmitLinkSpeed: 10_000_000_000,
		MacAddress: '00-15-5D-00-0A-04',
		MtuSize: 1500,
		DriverName: node.management.kind === 'nic' ? 'i40ea68.sys' : node.management.kind === 'vnic' ? 'VMSNPXYMP.SYS' : 'NdisImPlatform.sys',
		DriverProvider: 'Microsoft',
		DriverVersionString: '10.0.20348.1',
		VlanID: 0,
		PnPDeviceID: node.management.kind === 'nic' ? 'PCI\\VEN_8086&DEV_37D3&SUBSYS_00008086&REV_09\\3&2411E6FE&0&40' : node.management.kind === 'vnic' ? 'ROOT\\VMS_VMSMP\\0001' : 'COMPOSITE\\MS_IMPLAT_MP\\0001',
	};
};

const chelsio = (adapter: AdapterState) => adapter.rnic.interfaceDescription.startsWith('Chelsio');

/** A PCI instance path as Windows builds it (vendor and device id, then the bus location), one per port. */
export const rnicPnpId = (adapter: AdapterState): string => `PCI\\VEN_${chelsio(adapter) ? '1425&DEV_6410&SUBSYS_00001425' : '15B3&DEV_1015&SUBSYS_000115B3'}&REV_00\\6&1F4A4B6&0&00${String(adapter.ifIndex).padStart(2, '0')}00E4`;

/** The firmware a simulated rNIC's driver reports under DEVPKEY_Device_FirmwareVersion. */
export const rnicFirmware = (adapter: AdapterState): string => (chelsio(adapter) ? '1.27.4.0' : '14.32.1010');

const isPhysical = (adapter: {PnPDeviceID: string}) => adapter.PnPDeviceID.startsWith('PCI\\');

const rnicAdapter = (fabric: Fabric, adapter: AdapterState) => {
	const up = fabric.linkUp(adapter);
	const config = nodeState(fabric, adapter.node).rnics.get(adapter.rnic.name);
	const bps = up ? (config?.linkGbpsOverride ?? adapter.rnic.linkGbps) * 1e9 : 0;
	return {
		Name: adapter.rnic.name,
		InterfaceDescription: adapter.rnic.interfaceDescription,
		ifIndex: adapter.ifIndex,
		// A disabled adapter says so, whatever its cable; its media state is then unknown (0).
		Status: !fabric.adapterEnabled(adapter) ? 'Disabled' : up ? 'Up' : 'Disconnected',
		MediaConnectionState: !fabric.adapterEnabled(adapter) ? 0 : up ? 1 : 2,
		LinkSpeed: linkSpeedText(bps),
		ReceiveLinkSpeed: bps,
		TransmitLinkSpeed: bps,
		MacAddress: adapter.macAddress,
		MtuSize: fabric.rig.storage.jumboPacket - 14,
		DriverName: chelsio(adapter) ? 'chnet.sys' : 'mlx5.sys',
		DriverProvider: chelsio(adapter) ? 'Chelsio Communications' : 'Mellanox Technologies Ltd.',
		DriverVersionString: chelsio(adapter) ? '6.16.3.0' : '3.10.50000',
		// The VLAN is set on the physical adapter (VlanID advanced property), which Get-NetAdapter echoes.
		VlanID: config?.vlanId ?? 0,
		PnPDeviceID: rnicPnpId(adapter),
	};
};

export const getNetAdapter = (node: RigNode, fabric: Fabric): Cmdlet => call => {
	const every = [managementAdapter(node), ...fabric.adaptersOf(node.name).map(adapter => rnicAdapter(fabric, adapter))];
	const all = call.switches.has('physical') ? every.filter(isPhysical) : every;
	const names = asList(call.named.get('name') ?? call.positional[0]);
	if (names.length === 0) {
		return all;
	}

	return names.flatMap(name => {
		const found = all.filter(adapter => wildcard(name).test(adapter.Name));
		if (found.length === 0 && !name.includes('*')) {
			throw new PsRuntimeError(`No MSFT_NetAdapter objects found with property 'Name' equal to '${name}'.  Verify the value of the property and retry.`, undefined, `ObjectNotFound: (${name}:String) [Get-NetAdapter], CimJobException`);
		}

		return found;
	});
};

export const getSmbMultichannelConnection = (node: RigNode, fabric: Fabric): Cmdlet => call => {
	const session = fabric.sessionOf(node.name);
	if (session === undefined) {
		return [];
	}

	const carriers = fabric.carriers(session, 4096);
	const rows = session.paths.map(path => {
		const carrier = carriers.find(candidate => candidate.path === path);
		const state = fabric.pathState(path);
		const channels = carrier === undefined ? 0 : carrier.transport === 'rdma' ? 2 : 4;
		return {
			ServerName: fabric.rig.sofs.name,
			Selected: carrier !== undefined,
			ClientInterfaceIndex: path.client.ifIndex,
			ClientInterfaceFriendlyName: path.client.rnic.name,
			ClientIpAddress: path.client.rnic.address,
			ClientRSSCapable: true,
			ClientRdmaCapable: path.client.rdmaEnabled,
			ClientLinkSpeed: path.client.rnic.linkGbps * 1e9,
			ServerInterfaceIndex: path.server.ifIndex,
			ServerIpAddress: path.server.rnic.address,
			ServerRSSCapable: true,
			ServerRdmaCapable: path.server.rdmaEnabled,
			ServerLinkSpeed: path.server.rnic.linkGbps * 1e9,
			CurrentChannels: channels,
			MaxChannels: carrier?.transport === 'tcp' ? 4 : 2,
			Failed: state === 'failing' || state === 'down',
			FailureCount: state === 'failing' || state === 'down' ? 1 : 0,
			RdmaConnectionCount: carrier?.transport === 'rdma' ? channels : 0,
			TcpConnectionCount: carrier?.transport === 'tcp' ? channels : 0,
		};
	});
	return call.switches.has('includenotselected') ? rows : rows.filter(row => row.Selected);
};
