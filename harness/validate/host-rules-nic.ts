// Host rules about the rNICs themselves: present and up, RDMA on, one RDMA technology per path, addressing,
// teaming, the virtual switch, gateways, DNS registration, VLAN and jumbo frames.
import {checker} from './check.js';
import {
	advancedValue, inCidr, inventoryOf, isRdma, isRoce, rnicTarget, rnicViews, storageNetworks,
} from './host-facts.js';
import type {HostRule} from './host-rule.js';

const technologyCode = {iWARP: 1, InfiniBand: 2, RoCE: 3, RoCEv2: 4} as const;
const technologyName = (value: number | undefined) => (value === undefined ? 'not set' : Object.entries(technologyCode).find(([, code]) => code === value)?.[0] ?? `value ${value}`);

export const rnicLink: HostRule = {
	rule: {id: 'rnic-link', title: 'Every rNIC the rig file names is present, up, at its link speed', hint: 'check the adapter name (Get-NetAdapter), the cable and transceiver, and the switch port speed'},
	judge: facts => rnicViews(facts).map(({rnic, adapter, target}) => {
		const check = checker(rnicLink.rule);
		const expected = rnic.linkGbps * 1e9;
		if (adapter === undefined) {
			return check.fail(target, `no adapter named "${rnic.name}"`, {expected: rnic.name});
		}

		const evidence = {status: adapter.Status, receiveLinkSpeed: adapter.ReceiveLinkSpeed, expectedLinkSpeed: expected, interfaceDescription: adapter.InterfaceDescription};
		if (adapter.Status !== 'Up') {
			return check.fail(target, `status ${adapter.Status}, expected Up`, evidence);
		}

		return check.expect(adapter.ReceiveLinkSpeed === expected, target, `up at ${(adapter.ReceiveLinkSpeed ?? 0) / 1e9} Gbps (rig: ${rnic.linkGbps} Gbps)`, evidence);
	}),
};

export const rnicRdmaEnabled: HostRule = {
	rule: {id: 'rnic-rdma-enabled', title: 'RDMA enabled on every rNIC (Get-NetAdapterRdma and *NetworkDirect)', hint: 'Enable-NetAdapterRdma -Name <rNIC>; Set-NetAdapterAdvancedProperty -Name <rNIC> -RegistryKeyword *NetworkDirect -RegistryValue 1'},
	judge(facts) {
		const check = checker(rnicRdmaEnabled.rule);
		if (!isRdma(facts.rig)) {
			return [check.skip(facts.rig.name, 'TCP-only rig: no RDMA')];
		}

		return rnicViews(facts).map(({rnic, inventory, target}) => {
			const rdma = inventory.rdma.find(item => item.Name === rnic.name);
			const networkDirect = advancedValue(inventory, rnic.name, '*NetworkDirect');
			const ok = rdma?.Enabled === true && networkDirect === 1;
			return check.expect(ok, target, `Get-NetAdapterRdma Enabled ${rdma === undefined ? 'not listed' : String(rdma.Enabled)}, *NetworkDirect ${networkDirect ?? 'not set'}`, {
				rdmaEnabled: rdma?.Enabled ?? null, rdmaOperational: rdma?.OperationalState ?? null, networkDirect: networkDirect ?? null,
			});
		});
	},
};

export const rdmaTechnology: HostRule = {
	rule: {id: 'rdma-technology', title: 'Both ends of every storage path use the rig\'s RDMA technology (iWARP and RoCE never interoperate)', hint: 'Set-NetAdapterAdvancedProperty -Name <rNIC> -RegistryKeyword *NetworkDirectTechnology -RegistryValue <1 iWARP | 4 RoCEv2>, or use rNICs of one kind'},
	judge(facts) {
		const check = checker(rdmaTechnology.rule);
		const {rig} = facts;
		if (!isRdma(rig)) {
			return [check.skip(rig.name, 'TCP-only rig: no RDMA')];
		}

		const expected = technologyCode[rig.storage.transport as keyof typeof technologyCode];
		const servers = rig.nodes.filter(node => rig.sofs.nodes.includes(node.name));
		const clients = rig.nodes.filter(node => !rig.sofs.nodes.includes(node.name));
		return clients.flatMap(client => client.rnics.flatMap(rnic => servers.flatMap(server => server.rnics.filter(peer => peer.network === rnic.network).map(peer => {
			const near = advancedValue(inventoryOf(facts, client.name), rnic.name, '*NetworkDirectTechnology');
			const far = advancedValue(inventoryOf(facts, server.name), peer.name, '*NetworkDirectTechnology');
			const target = `${rnicTarget(client.name, rnic.name)} <-> ${rnicTarget(server.name, peer.name)}`;
			return check.expect(near === expected && far === expected, target, `${technologyName(near)} <-> ${technologyName(far)} (rig: ${rig.storage.transport})`, {
				client: near ?? null, server: far ?? null, expected,
			});
		}))));
	},
};

export const rnicSubnets: HostRule = {
	rule: {id: 'rnic-subnets', title: 'Each rNIC on its own storage subnet, and every storage subnet reaching every node', hint: 'give each rNIC the rig file\'s address on its storage subnet (New-NetIPAddress); two rNICs of a node on one subnet defeat multichannel failover'},
	judge(facts) {
		const check = checker(rnicSubnets.rule);
		const {rig} = facts;
		const addressOf = (node: string, rnic: string) => inventoryOf(facts, node).ipAddresses.filter(item => item.InterfaceAlias === rnic).map(item => item.IPAddress);
		const perNode = rig.nodes.map(node => {
			const found = node.rnics.map(rnic => {
				const network = rig.networks.find(candidate => candidate.name === rnic.network)!;
				const addresses = addressOf(node.name, rnic.name);
				const subnet = rig.networks.find(candidate => candidate.role === 'storage' && addresses.some(address => inCidr(candidate.cidr, address)));
				return {rnic: rnic.name, addresses, subnet: subnet?.name ?? null, expected: network.name, ok: addresses.includes(rnic.address) && subnet?.name === network.name};
			});
			const subnets = found.map(item => item.subnet);
			const distinct = new Set(subnets).size === subnets.length;
			const bad = found.filter(item => !item.ok);
			const message = bad.length > 0
				? bad.map(item => `${item.rnic} has ${item.addresses.join(', ') || 'no IPv4 address'} (${item.subnet ?? 'no storage subnet'}), expected ${item.expected}`).join('; ')
				: distinct ? `rNICs on ${subnets.join(', ')}` : `two rNICs share subnet ${subnets.find((subnet, index) => subnets.indexOf(subnet) !== index)!}`;
			return check.expect(bad.length === 0 && distinct, node.name, message, {rnics: found});
		});
		const perNetwork = storageNetworks(rig).map(network => {
			const missing = rig.nodes.filter(node => !node.rnics.some(rnic => addressOf(node.name, rnic.name).some(address => inCidr(network.cidr, address)))).map(node => node.name);
			return check.expect(missing.length === 0, network.name, missing.length === 0 ? `every node has an address on ${network.cidr}` : `no address on ${network.cidr} on ${missing.join(', ')}`, {cidr: network.cidr, missing});
		});
		return [...perNode, ...perNetwork];
	},
};

export const rnicNotTeamed: HostRule = {
	rule: {id: 'rnic-not-teamed', title: 'rNICs not in an LBFO team (LBFO disables RDMA)', hint: 'Remove-NetLbfoTeamMember -Name <rNIC> -Team <team>; SMB Multichannel provides the redundancy'},
	judge: facts => rnicViews(facts).map(({rnic, inventory, target}) => {
		const member = inventory.lbfoMembers.find(item => item.Name === rnic.name);
		const lbfo = inventory.errors.lbfoMembers === undefined ? 'Get-NetLbfoTeamMember' : `Get-NetLbfoTeamMember unavailable (${inventory.errors.lbfoMembers})`;
		return checker(rnicNotTeamed.rule).expect(member === undefined, target, member === undefined ? `not a team member (${lbfo})` : `member of LBFO team ${member.Team}`, {team: member?.Team ?? null});
	}),
};

export const rnicNotOnVSwitch: HostRule = {
	rule: {id: 'rnic-not-on-vswitch', title: 'rNICs not bound to the Hyper-V virtual switch (vms_pp), unless the design allows it', hint: 'move the rNIC off the virtual switch (Remove-VMSwitchTeamMember / a dedicated vSwitch NIC), or set hyperv.rnicsOnVirtualSwitch in the rig file if the design uses SET with RDMA vNICs'},
	judge(facts) {
		const check = checker(rnicNotOnVSwitch.rule);
		if (facts.rig.hyperv.rnicsOnVirtualSwitch) {
			return [check.skip(facts.rig.name, 'the rig file allows rNICs on the virtual switch (hyperv.rnicsOnVirtualSwitch)')];
		}

		return rnicViews(facts).map(({rnic, inventory, target}) => {
			const bound = inventory.bindings.find(item => item.Name === rnic.name && item.ComponentID === 'vms_pp')?.Enabled ?? false;
			const team = inventory.setTeams.find(item => item.NetAdapterInterfaceDescription.includes(rnic.interfaceDescription));
			const message = bound ? 'vms_pp (Hyper-V Extensible Virtual Switch) bound' : team === undefined ? 'not bound to a virtual switch' : `member of SET switch ${team.Name}`;
			return check.expect(!bound && team === undefined, target, message, {vmsPp: bound, setSwitch: team?.Name ?? null});
		});
	},
};

export const rnicNoGateway: HostRule = {
	rule: {id: 'rnic-no-gateway', title: 'No default gateway on an rNIC (storage subnets are not routed)', hint: 'Remove-NetRoute -InterfaceAlias <rNIC> -DestinationPrefix 0.0.0.0/0'},
	judge: facts => rnicViews(facts).map(({rnic, inventory, adapter, target}) => {
		const routes = inventory.routes.filter(route => route.DestinationPrefix === '0.0.0.0/0' && (route.InterfaceAlias === rnic.name || (adapter !== undefined && route.InterfaceIndex === adapter.ifIndex)));
		return checker(rnicNoGateway.rule).expect(routes.length === 0, target, routes.length === 0 ? 'no default gateway' : `default gateway ${routes.map(route => route.NextHop).join(', ')}`, {gateways: routes.map(route => route.NextHop)});
	}),
};

export const rnicNoDnsRegistration: HostRule = {
	rule: {id: 'rnic-no-dns-registration', title: 'rNIC addresses not registered in DNS (lookups of the node would return unroutable addresses)', hint: 'Set-DnsClient -InterfaceAlias <rNIC> -RegisterThisConnectionsAddress $false'},
	judge: facts => rnicViews(facts).map(({rnic, inventory, target}) => {
		const row = inventory.dnsClients.find(item => item.InterfaceAlias === rnic.name);
		const check = checker(rnicNoDnsRegistration.rule);
		if (row === undefined) {
			return check.fail(target, 'Get-DnsClient does not list the interface', {});
		}

		return check.expect(!row.RegisterThisConnectionsAddress, target, `RegisterThisConnectionsAddress ${String(row.RegisterThisConnectionsAddress)}`, {registerThisConnectionsAddress: row.RegisterThisConnectionsAddress});
	}),
};

export const roceVlan: HostRule = {
	rule: {id: 'roce-vlan', title: 'RoCE rNICs on a non-zero VLAN, so the 802.1p priority tag is carried', hint: 'Set-NetAdapterAdvancedProperty -Name <rNIC> -RegistryKeyword VlanID -RegistryValue <the storage network\'s VLAN>'},
	judge(facts) {
		const check = checker(roceVlan.rule);
		if (!isRoce(facts.rig)) {
			return [check.skip(facts.rig.name, `${facts.rig.storage.transport} rig: the priority tag matters only for RoCE`)];
		}

		return rnicViews(facts).map(({rnic, inventory, target}) => {
			const vlan = advancedValue(inventory, rnic.name, 'VlanID') ?? 0;
			const expected = facts.rig.networks.find(network => network.name === rnic.network)?.vlan;
			const ok = vlan !== 0 && (expected === undefined || vlan === expected);
			return check.expect(ok, target, `VLAN ${vlan}${expected === undefined ? '' : ` (rig: ${expected})`}`, {vlan, expected: expected ?? null});
		});
	},
};

export const rnicJumbo: HostRule = {
	rule: {id: 'rnic-jumbo', title: 'rNIC jumbo packet size as the rig file sets it', hint: 'Set-NetAdapterAdvancedProperty -Name <rNIC> -RegistryKeyword *JumboPacket -RegistryValue <storage.jumboPacket>'},
	judge: facts => rnicViews(facts).map(({rnic, inventory, target}) => {
		const value = advancedValue(inventory, rnic.name, '*JumboPacket');
		return checker(rnicJumbo.rule).expect(value === facts.rig.storage.jumboPacket, target, `*JumboPacket ${value ?? 'not set'} (rig: ${facts.rig.storage.jumboPacket})`, {jumboPacket: value ?? null, expected: facts.rig.storage.jumboPacket});
	}),
};

export const nicRules: HostRule[] = [rnicLink, rnicRdmaEnabled, rdmaTechnology, rnicSubnets, rnicNotTeamed, rnicNotOnVSwitch, rnicNoGateway, rnicNoDnsRegistration, roceVlan, rnicJumbo];
