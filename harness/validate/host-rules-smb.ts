// Host rules about SMB: Multichannel on, the client seeing its rNICs as RDMA (or RSS, on TCP-only rigs) capable,
// channels open on every rNIC to the SOFS nodes, and a constraint keeping SMB off the management network.
import {checker} from './check.js';
import {hyperVHosts, inventoryOf, isRdma, rnicTarget, type HostFacts} from './host-facts.js';
import type {HostRule} from './host-rule.js';

export const smbMultichannel: HostRule = {
	rule: {id: 'smb-multichannel', title: 'SMB Multichannel enabled on client and server', hint: 'Set-SmbClientConfiguration -EnableMultiChannel $true; Set-SmbServerConfiguration -EnableMultiChannel $true'},
	judge: facts => facts.rig.nodes.map(node => {
		const inventory = inventoryOf(facts, node.name);
		const client = inventory.smbClientConfig[0]?.EnableMultiChannel;
		const server = inventory.smbServerConfig[0]?.EnableMultiChannel;
		return checker(smbMultichannel.rule).expect(client === true && server === true, node.name, `client EnableMultiChannel ${String(client)}, server EnableMultiChannel ${String(server)}`, {client: client ?? null, server: server ?? null});
	}),
};

export const smbClientInterfaces: HostRule = {
	rule: {id: 'smb-client-interfaces', title: 'The SMB client sees every rNIC as RDMA capable (RSS capable on TCP-only rigs)', hint: 'Get-SmbClientNetworkInterface; check Get-NetOffloadGlobalSetting (NetworkDirect Enabled) and the SMB Direct feature, then Update-SmbMultichannelConnection'},
	judge(facts) {
		const rdma = isRdma(facts.rig);
		const property = rdma ? 'RdmaCapable' : 'RssCapable';
		return hyperVHosts(facts.rig).flatMap(node => {
			const inventory = inventoryOf(facts, node.name);
			return node.rnics.map(rnic => {
				const ifIndex = inventory.adapters.find(adapter => adapter.Name === rnic.name)?.ifIndex;
				const row = inventory.smbClientInterfaces.find(item => item.InterfaceIndex === ifIndex || item.FriendlyName === rnic.name);
				const check = checker(smbClientInterfaces.rule);
				const target = rnicTarget(node.name, rnic.name);
				if (row === undefined) {
					return check.fail(target, 'Get-SmbClientNetworkInterface does not list the rNIC', {});
				}

				return check.expect(row[property], target, `${property} ${String(row[property])}`, {rdmaCapable: row.RdmaCapable, rssCapable: row.RssCapable, linkSpeed: row.LinkSpeed});
			});
		});
	},
};

const sofsAddresses = (facts: HostFacts) => new Map(facts.rig.nodes.filter(node => facts.rig.sofs.nodes.includes(node.name)).flatMap(node => node.rnics.map(rnic => [rnic.address, node.name] as const)));

export const smbChannels: HostRule = {
	rule: {id: 'smb-channels', title: 'SMB channels open on every rNIC of every Hyper-V host, over RDMA, and every SOFS node reached', hint: 'Get-SmbMultichannelConnection -IncludeNotSelected on the host; both ends need RDMA capable interfaces (Get-SmbServerNetworkInterface on the SOFS node), then Update-SmbMultichannelConnection'},
	judge(facts) {
		const check = checker(smbChannels.rule);
		const rdma = isRdma(facts.rig);
		const servers = sofsAddresses(facts);
		const reached = new Map<string, Set<string>>();
		const usable = (row: ReturnType<typeof inventoryOf>['smbMultichannel'][number]) => row.Selected && !row.Failed && row.CurrentChannels > 0
			&& (!rdma || (row.ClientRdmaCapable && row.ServerRdmaCapable && (row.RdmaConnectionCount ?? row.CurrentChannels) > 0));
		const perRnic = hyperVHosts(facts.rig).flatMap(node => {
			const inventory = inventoryOf(facts, node.name);
			return node.rnics.map(rnic => {
				const rows = inventory.smbMultichannel.filter(row => row.ClientIpAddress === rnic.address && servers.has(row.ServerIpAddress));
				const good = rows.filter(usable);
				for (const row of good) {
					const server = servers.get(row.ServerIpAddress)!;
					reached.set(server, (reached.get(server) ?? new Set()).add(rnic.network));
				}

				const evidence = {connections: rows.map(row => ({server: row.ServerIpAddress, selected: row.Selected, failed: row.Failed, channels: row.CurrentChannels, rdma: row.RdmaConnectionCount ?? null, tcp: row.TcpConnectionCount ?? null, clientRdma: row.ClientRdmaCapable, serverRdma: row.ServerRdmaCapable}))};
				const message = rows.length === 0
					? `no SMB Multichannel connection from ${rnic.address} to a SOFS node`
					: good.length > 0 ? `${good.map(row => `${row.CurrentChannels} ${rdma ? 'RDMA' : 'TCP'} channel(s) to ${row.ServerIpAddress}`).join(', ')}` : `connections to ${rows.map(row => row.ServerIpAddress).join(', ')} carry no ${rdma ? 'RDMA ' : ''}channel`;
				return check.expect(good.length > 0, rnicTarget(node.name, rnic.name), message, evidence);
			});
		});
		const networks = facts.rig.networks.filter(network => network.role === 'storage').map(network => network.name);
		const perServer = facts.rig.sofs.nodes.map(server => {
			const seen = [...(reached.get(server) ?? [])];
			const missing = networks.filter(network => !seen.includes(network));
			return check.expect(missing.length === 0, server, missing.length === 0 ? `${rdma ? 'RDMA' : 'TCP'} channels from Hyper-V hosts on ${seen.join(', ')}` : `no ${rdma ? 'RDMA ' : ''}channel from any Hyper-V host on ${missing.join(', ')}`, {networks: seen});
		});
		return [...perRnic, ...perServer];
	},
};

export const smbConstraint: HostRule = {
	rule: {id: 'smb-constraint', title: 'An SMB Multichannel constraint keeps SMB to the SOFS on the rNICs, off the management network', hint: 'New-SmbMultichannelConstraint -ServerName <sofs> -InterfaceAlias <rNIC 1>,<rNIC 2>'},
	judge: facts => hyperVHosts(facts.rig).map(node => {
		const inventory = inventoryOf(facts, node.name);
		const constraints = inventory.smbConstraints.filter(item => item.ServerName.toLowerCase() === facts.rig.sofs.name.toLowerCase() || item.ServerName.toLowerCase().startsWith(`${facts.rig.sofs.name.toLowerCase()}.`));
		const aliases = constraints.map(item => item.InterfaceAlias);
		const missing = node.rnics.filter(rnic => !aliases.includes(rnic.name)).map(rnic => rnic.name);
		const onManagement = aliases.includes(node.management.adapter);
		const message = constraints.length === 0 ? `no constraint for ${facts.rig.sofs.name}: SMB may use the management network` : onManagement ? `the constraint includes ${node.management.adapter}` : missing.length > 0 ? `the constraint leaves out ${missing.join(', ')}` : `SMB to ${facts.rig.sofs.name} only over ${aliases.join(', ')}`;
		return checker(smbConstraint.rule).expect(constraints.length > 0 && !onManagement && missing.length === 0, node.name, message, {interfaces: aliases});
	}),
};

export const smbRules: HostRule[] = [smbMultichannel, smbClientInterfaces, smbChannels, smbConstraint];
