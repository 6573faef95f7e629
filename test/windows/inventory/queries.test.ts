// Parsing of inventory output as real Windows prints it, written by hand after formats.md §5: one object vs an array
// vs nothing, 5.1 `\/Date(ms)\/` vs 7 ISO dates, enums as integers, 5.1's \u0026 escapes, string[] registry values.
import test from 'ava';
import {parseBatch} from '../../../harness/windows/query.js';
import {clusterQueries, nodeQueries} from '../../../harness/windows/inventory/queries.js';

const batch = (data: Record<string, unknown>, errors: Record<string, string> = {}) => JSON.stringify({data, errors});

test('one object, an array and nothing all read as lists', t => {
	const rdma = {Name: 'SLOT 3 Port 1', InterfaceDescription: 'Mellanox ConnectX-4 Lx Ethernet Adapter', Enabled: true, OperationalState: true, PFC: 1, ETS: 1};
	const one = parseBatch(batch({rdma}), {rdma: nodeQueries.rdma}, 'hv01');
	t.deepEqual(one.data.rdma, [rdma]);
	const two = parseBatch(batch({rdma: [rdma, {...rdma, Name: 'SLOT 3 Port 2', Enabled: false}]}), {rdma: nodeQueries.rdma}, 'hv01');
	t.deepEqual(two.data.rdma?.map(item => item.Enabled), [true, false]);
	// @() of nothing is an empty array; a pipeline whose output was dropped can also leave null.
	t.deepEqual(parseBatch(batch({rdma: []}), {rdma: nodeQueries.rdma}, 'hv01').data.rdma, []);
	t.deepEqual(parseBatch(batch({rdma: null}), {rdma: nodeQueries.rdma}, 'hv01').data.rdma, []);
});

test('LastBootUpTime reads from 5.1 /Date(ms)/, its ETS wrapper and 7 ISO 8601', t => {
	const ms = Date.UTC(2026, 0, 5, 6, 30, 12);
	const os = (LastBootUpTime: unknown) => ({Caption: 'Microsoft Windows Server 2022 Datacenter', Version: '10.0.20348', BuildNumber: '20348', LastBootUpTime});
	const stdout51 = `{"data":{"os":${JSON.stringify(os('X')).replace('"X"', `"\\/Date(${ms})\\/"`)}},"errors":{}}`;
	t.is(parseBatch(stdout51, {os: nodeQueries.os}, 'n').data.os?.[0]?.LastBootUpTime.getTime(), ms);
	const wrapped = batch({os: os({value: `/Date(${ms})/`, DisplayHint: 2, DateTime: 'Monday, January 5, 2026 7:30:12 AM'})});
	t.is(parseBatch(wrapped, {os: nodeQueries.os}, 'n').data.os?.[0]?.LastBootUpTime.getTime(), ms);
	const iso = batch({os: os('2026-01-05T07:30:12.0000000+01:00')});
	t.is(parseBatch(iso, {os: nodeQueries.os}, 'n').data.os?.[0]?.LastBootUpTime.getTime(), ms);
	const local = batch({os: os('2026-01-05T07:30:12')});
	t.throws(() => parseBatch(local, {os: nodeQueries.os}, 'n'), {message: /os\[0] .*LastBootUpTime/});
});

test('enum integers map to the names the cmdlets show; unknown values stay visible', t => {
	const networks = parseBatch(batch({clusterNetworks: [
		{Name: 'Cluster Network 1', Address: '10.71.1.0', AddressMask: '255.255.255.0', Role: 3, State: 3},
		{Name: 'Cluster Network 2', Address: '10.71.2.0', AddressMask: '255.255.255.0', Role: 0, State: 1},
		{Name: 'Cluster Network 3', Address: '192.168.10.0', AddressMask: '255.255.255.0', Role: 9, State: 3},
	]}), {clusterNetworks: clusterQueries.clusterNetworks}, 'sofs01').data.clusterNetworks!;
	t.deepEqual(networks.map(network => network.Role), ['ClusterAndClient', 'None', 'Unknown(9)']);
	t.deepEqual(networks.map(network => network.State), ['Up', 'Down', 'Up']);

	const host = parseBatch(batch({vmHost: {VirtualMachineMigrationEnabled: true, VirtualMachineMigrationPerformanceOption: 2, MaximumVirtualMachineMigrations: 2}}), {vmHost: nodeQueries.vmHost}, 'hv01').data.vmHost!;
	t.is(host[0]?.VirtualMachineMigrationPerformanceOption, 'SMB');

	const policies = parseBatch(batch({qosPolicies: [
		{Name: 'SMB', Owner: 'Group Policy (Machine)', NetworkProfile: 0, Precedence: 127, TemplateMatchCondition: 0, NetDirectPortMatchCondition: 445, IPProtocolMatchCondition: 0, IPDstPortMatchCondition: 0, PriorityValue8021Action: 3},
		{Name: 'Cluster', Owner: 'Group Policy (Machine)', NetworkProfile: 0, Precedence: 127, TemplateMatchCondition: 8, NetDirectPortMatchCondition: 0, IPProtocolMatchCondition: 0, IPDstPortMatchCondition: 0, PriorityValue8021Action: 7},
	]}), {qosPolicies: nodeQueries.qosPolicies}, 'hv01').data.qosPolicies!;
	t.deepEqual(policies.map(policy => [policy.TemplateMatchCondition, policy.PriorityValue8021Action]), [['None', 3], ['Cluster', 7]]);

	const classes = parseBatch(batch({qosTrafficClasses: [
		{Name: '[Default]', Algorithm: 2, BandwidthPercentage: 49, Priority: [0, 1, 2, 4, 5, 6], PolicySet: 0, IfIndex: 0},
		{Name: 'SMB', Algorithm: 2, BandwidthPercentage: 50, Priority: 3, PolicySet: 0, IfIndex: 0},
		{Name: 'Cluster', Algorithm: 0, BandwidthPercentage: 1, Priority: [7], PolicySet: 0, IfIndex: 0},
	]}), {qosTrafficClasses: nodeQueries.qosTrafficClasses}, 'hv01').data.qosTrafficClasses!;
	t.deepEqual(classes.map(item => [item.Algorithm, item.Priority]), [['ETS', [0, 1, 2, 4, 5, 6]], ['ETS', [3]], ['Strict', [7]]]);
});

test('5.1 \\u0026 escapes and one-string registry values read as text and lists', t => {
	const stdout = '{"data":{"advanced":[{"Name":"R\\u0026D Storage","RegistryKeyword":"*NetworkDirectTechnology","RegistryValue":["4"],"DisplayValue":"RoCEv2"},'
		+ '{"Name":"R\\u0026D Storage","RegistryKeyword":"VlanID","RegistryValue":"711","DisplayValue":"711"}]},"errors":{}}';
	const advanced = parseBatch(stdout, {advanced: nodeQueries.advanced}, 'hv01').data.advanced!;
	t.deepEqual(advanced.map(item => [item.Name, item.RegistryValue]), [['R&D Storage', ['4']], ['R&D Storage', ['711']]]);
});

test('a cmdlet\'s own error is kept per query and the other queries still parse', t => {
	const result = parseBatch(batch({smbClientConfig: {EnableMultiChannel: true, RequireSecuritySignature: false}}, {vmHost: 'The term \'Get-VMHost\' is not recognized'}), {vmHost: nodeQueries.vmHost, smbClientConfig: nodeQueries.smbClientConfig}, 'sofs01');
	t.is(result.errors.vmHost, 'The term \'Get-VMHost\' is not recognized');
	t.is(result.data.smbClientConfig?.[0]?.EnableMultiChannel, true);
});

test('a missing required property is a parse error naming the query and property', t => {
	t.throws(() => parseBatch(batch({dnsClients: {InterfaceAlias: 'SLOT 3 Port 1', InterfaceIndex: 11}}), {dnsClients: nodeQueries.dnsClients}, 'hv01'), {message: /dnsClients\[0] .*RegisterThisConnectionsAddress/});
});

test('5.1 console layout (two spaces after the colon, wide hanging indent, CRLF) parses like compressed JSON', t => {
	const stdout = [
		'{',
		'    "data":  {',
		'                 "dcbx":  {',
		'                              "Willing":  false,',
		'                              "PolicySet":  0,',
		'                              "InterfaceIndex":  0,',
		'                              "InterfaceAlias":  null',
		'                          }',
		'             },',
		'    "errors":  {',
		'',
		'               }',
		'}',
	].join('\r\n');
	t.deepEqual(parseBatch(stdout, {dcbx: nodeQueries.dcbx}, 'hv01').data.dcbx, [{Willing: false, PolicySet: 'Global', InterfaceIndex: 0, InterfaceAlias: null}]);
});

test('every query selects explicit properties through Select-Object', t => {
	for (const query of [...Object.values(nodeQueries), ...Object.values(clusterQueries)]) {
		t.regex(query.pipeline, /\| Select-Object -Property [A-Za-z0-9,]+$/, query.key);
	}
});
