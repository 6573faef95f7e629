// Every inventory query against the simulated rig, through the same SSH transport and WindowsNode the runner uses,
// with every node in Windows PowerShell 5.1 and then in PowerShell 7 (cluster queries always go through 5.1).
import test from 'ava';
import type {Rig} from '../../../harness/rig/schema.js';
import {WindowsNode} from '../../../harness/targets/windows-node.js';
import type {Transport} from '../../../harness/transport/types.js';
import {decodePowerShell} from '../../../harness/windows/powershell.js';
import {readInventory, type NodeInventory} from '../../../harness/windows/inventory/read.js';
import {simRig} from '../../helpers/cli.js';
import {loadSimRig, simulatedInventories} from '../../helpers/sim-inventory.js';

const inShell = (shell: '5.1' | '7') => (rig: Rig) => {
	for (const node of rig.nodes) {
		node.powershell = shell;
	}

	// An '&' in an adapter name: 5.1 prints it as \u0026.
	rig.nodes[0]!.rnics[0]!.name = 'R&D Port 1';
};

const scriptOf = (command: string) => decodePowerShell(command.split(' ').at(-1) ?? '');

for (const shell of ['5.1', '7'] as const) {
	test.serial(`every query answers with typed values, PowerShell ${shell}`, async t => {
		const rig = await loadSimRig(simRig, inShell(shell));
		const {sim, inventories} = await simulatedInventories(rig);
		const hv01 = inventories.get('hv01')!;
		const sofs01 = inventories.get('sofs01')!;
		const check = (inventory: NodeInventory) => t.is(inventory.shell, shell);
		check(hv01);

		// The shell each query ran in: the node's own for its view, powershell.exe for the cluster.
		const hv01Commands = sim.commands.filter(record => record.device === 'hv01').map(record => record.command);
		t.true(hv01Commands.some(command => command.startsWith(shell === '7' ? 'pwsh.exe ' : 'powershell.exe ')));
		t.true(hv01Commands.some(command => command.startsWith('powershell.exe ') && scriptOf(command).includes('Get-ClusterNode')));

		t.is(hv01.os[0]?.BuildNumber, '20348');
		t.true(hv01.os[0]!.LastBootUpTime instanceof Date);
		t.is(hv01.os[0]!.LastBootUpTime.toISOString(), '2026-01-05T06:30:12.000Z');

		const port1 = hv01.adapters.find(adapter => adapter.Name === 'R&D Port 1');
		t.like(port1, {Status: 'Up', MediaConnectionState: 'Connected', ReceiveLinkSpeed: 25e9, DriverName: 'mlx5.sys', VlanID: 711});
		t.deepEqual(hv01.rdma.map(item => [item.Name, item.Enabled, item.OperationalState]), [['R&D Port 1', true, true], ['SLOT 3 Port 2', true, true]]);
		t.deepEqual(hv01.advanced.filter(item => item.Name === 'SLOT 3 Port 2').map(item => [item.RegistryKeyword, item.RegistryValue]), [
			['*NetworkDirect', ['1']], ['*NetworkDirectTechnology', ['4']], ['*JumboPacket', ['9014']], ['VlanID', ['712']],
		]);
		t.deepEqual(hv01.bindings.filter(item => item.ComponentID === 'vms_pp').map(item => [item.Name, item.Enabled]), [['R&D Port 1', false], ['SLOT 3 Port 2', false]]);
		t.true(hv01.bindings.some(item => item.Name === 'SLOT 3 Port 2' && item.ComponentID === 'ms_tcpip' && item.Enabled));
		t.false(sofs01.bindings.some(item => item.ComponentID === 'vms_pp'));
		t.deepEqual(hv01.lbfoMembers, []);
		t.deepEqual(sofs01.lbfoMembers.map(item => [item.Name, item.Team, item.AdministrativeMode]), [['Embedded NIC 1', 'Management Team', 'Active'], ['Embedded NIC 2', 'Management Team', 'Active']]);
		t.is(hv01.setTeams[0]?.NetAdapterInterfaceDescription.length, 2);
		t.regex(sofs01.errors.setTeams ?? '', /Get-VMSwitchTeam' is not recognized/);
		t.like(hv01.ipAddresses.find(item => item.InterfaceAlias === 'SLOT 3 Port 2'), {IPAddress: '10.71.2.11', PrefixLength: 24, PrefixOrigin: 'Manual', AddressState: 'Preferred'});
		t.deepEqual(hv01.routes.filter(route => route.DestinationPrefix === '0.0.0.0/0').map(route => [route.InterfaceAlias, route.NextHop]), [['vEthernet (Management)', '192.168.10.1']]);
		t.like(hv01.routes.find(route => route.InterfaceAlias === 'SLOT 3 Port 2'), {DestinationPrefix: '10.71.2.0/24', NextHop: '0.0.0.0'});
		t.deepEqual(hv01.dnsClients.filter(item => item.InterfaceIndex !== 1).map(item => [item.InterfaceAlias, item.RegisterThisConnectionsAddress]), [
			['vEthernet (Management)', true], ['R&D Port 1', false], ['SLOT 3 Port 2', false],
		]);
		t.like(hv01.smbClientInterfaces.find(item => item.FriendlyName === 'SLOT 3 Port 2'), {IpAddresses: ['10.71.2.11'], LinkSpeed: 25e9, RdmaCapable: true, RssCapable: true});
		t.deepEqual(new Set(sofs01.smbServerInterfaces.map(item => item.ScopeName)), new Set(['SOFS', '*']));
		t.deepEqual(hv01.smbMultichannel.map(row => [row.ClientIpAddress, row.ServerIpAddress, row.Selected, row.ClientRdmaCapable, row.RdmaConnectionCount]), [
			['10.71.1.11', '10.71.1.21', true, true, 2], ['10.71.2.11', '10.71.2.21', true, true, 2],
		]);
		t.deepEqual(hv01.smbConstraints.map(item => [item.ServerName, item.InterfaceAlias]), [['sofs', 'R&D Port 1'], ['sofs', 'SLOT 3 Port 2']]);
		t.like(hv01.smbConnections[0], {ServerName: 'sofs', ShareName: 'vmstore', Dialect: '3.1.1', ContinuouslyAvailable: true});
		t.like(hv01.smbClientConfig[0], {EnableMultiChannel: true});
		t.like(sofs01.smbServerConfig[0], {EnableMultiChannel: true, EncryptData: false});
		t.deepEqual(hv01.smbBandwidthLimits, [{Category: 'LiveMigration', BytesPerSecond: 750 * 1024 * 1024}]);
		// One registration for the network name and one per share, per client (the Get-SmbWitnessClient help's example).
		t.deepEqual(sofs01.smbWitnessClients.map(item => [item.ClientName, item.FileServerNodeName, item.WitnessNodeName]), [['HV01', 'SOFS01', 'SOFS02'], ['HV01', 'SOFS01', 'SOFS02'], ['HV02', 'SOFS02', 'SOFS01'], ['HV02', 'SOFS02', 'SOFS01']]);
		t.deepEqual(hv01.qosPolicies.map(policy => [policy.Name, policy.TemplateMatchCondition, policy.NetDirectPortMatchCondition, policy.PriorityValue8021Action]), [
			['SMB', 'None', 445, 3], ['Cluster', 'Cluster', 0, 7], ['Default', 'Default', 0, 0],
		]);
		t.deepEqual(hv01.qosTrafficClasses.map(item => [item.Name, item.Algorithm, item.BandwidthPercentage, item.Priority]), [
			['[Default]', 'ETS', 49, [0, 1, 2, 4, 5, 6]], ['SMB', 'ETS', 50, [3]], ['Cluster', 'ETS', 1, [7]],
		]);
		t.deepEqual(hv01.qosFlowControl.filter(item => item.Enabled).map(item => item.Priority), [3]);
		t.deepEqual(hv01.adapterQos.map(item => [item.Enabled, item.OperationalFlowControl]), [[true, 'Priority 3 Enabled'], [true, 'Priority 3 Enabled']]);
		t.deepEqual(hv01.dcbx.map(item => [item.Willing, item.PolicySet]), [[false, 'Global']]);
		t.like(hv01.vmHost[0], {VirtualMachineMigrationEnabled: true, VirtualMachineMigrationPerformanceOption: 'SMB'});
		t.regex(sofs01.errors.vmHost ?? '', /Get-VMHost' is not recognized/);

		t.deepEqual(sofs01.clusterNodes.map(item => [item.Name, item.Id, item.State]), [['sofs01', '1', 'Up'], ['sofs02', '2', 'Up']]);
		t.deepEqual(sofs01.clusterNetworks.map(item => [item.Address, item.AddressMask, item.Role, item.State]), [
			['192.168.10.0', '255.255.255.0', 'Client', 'Up'], ['10.71.1.0', '255.255.255.0', 'ClusterAndClient', 'Up'], ['10.71.2.0', '255.255.255.0', 'ClusterAndClient', 'Up'],
		]);
		t.deepEqual(sofs01.clusterGroups.map(item => [item.Name, item.OwnerNode, item.State]), [['Cluster Group', 'sofs01', 'Online'], ['Available Storage', 'sofs01', 'Online'], ['sofs', 'sofs01', 'Online']]);
		t.deepEqual(sofs01.clusterSharedVolumes.map(item => [item.Name, item.OwnerNode, item.State]), [['Cluster Virtual Disk (vmstore)', 'sofs01', 'Online']]);
		t.regex(hv01.errors.clusterNodes ?? '', /cluster service is not running/);
	});
}

test('a failing required query is an infrastructure error; a missing role is a fact', async t => {
	const rig = await loadSimRig(simRig);
	const node = rig.nodes.find(candidate => candidate.role === 'sofs-node')!;
	const notRecognized = (cmdlet: string) => `The term '${cmdlet}' is not recognized as the name of a cmdlet, function, script file, or operable program.`;
	// What the node prints: every query empty, Get-VMHost missing (no Hyper-V role), and, on the second node, the
	// RDMA module missing too.
	const transport = (errors: Record<string, string>): Transport => ({
		target: node.name,
		async exec() {
			return {exitCode: 0, stdout: `${JSON.stringify({data: {}, errors})}\r\n`, stderr: '', durationMs: 1};
		},
		async close() {},
	});
	const partial = await readInventory(new WindowsNode(node, transport({vmHost: notRecognized('Get-VMHost')})));
	t.deepEqual(partial.vmHost, []);
	t.regex(partial.errors.vmHost ?? '', /Get-VMHost/);
	await t.throwsAsync(readInventory(new WindowsNode(node, transport({vmHost: notRecognized('Get-VMHost'), rdma: notRecognized('Get-NetAdapterRdma')}))), {
		message: /could not read rdma \(The term 'Get-NetAdapterRdma' is not recognized/,
	});
});
