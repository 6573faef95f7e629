import test from 'ava';
import {parseCounterPath} from '../../harness/counters/counter-path.js';
import {counterAvailability, counterMatches, counterSetsOf, parseDiscovery, setMarker} from '../../harness/counters/discovery.js';

// What the discovery script prints: a marker per set, then typeperf -qx's own output for it (CRLF, status lines).
const listing = [
	`${setMarker}RDMA Activity`,
	'\\RDMA Activity(Mellanox ConnectX-4 Lx Ethernet Adapter)\\RDMA Inbound Bytes/sec',
	'\\RDMA Activity(Mellanox ConnectX-4 Lx Ethernet Adapter #2)\\RDMA Inbound Bytes/sec',
	'\\RDMA Activity(Mellanox ConnectX-4 Lx Ethernet Adapter)\\RDMA Outbound Bytes/sec',
	'The command completed successfully.',
	`${setMarker}SMB Direct Connection`,
	'',
	'Error: The specified object was not found on the computer.',
	`${setMarker}SMB Direct`,
	'\\SMB Direct\\Bytes RDMA Written/sec',
	'The command completed successfully.',
	`${setMarker}Network Adapter`,
	'\\Network Adapter(Mellanox ConnectX-4 Lx Ethernet Adapter _2)\\Bytes Total/sec',
	'The command completed successfully.',
].join('\r\n');

test('parseDiscovery splits the output per set, paths apart from typeperf\'s messages', t => {
	const sets = parseDiscovery(listing);
	t.deepEqual(sets.map(set => [set.set, set.paths.length, set.messages.length]), [
		['RDMA Activity', 3, 1], ['SMB Direct Connection', 0, 1], ['SMB Direct', 1, 1], ['Network Adapter', 1, 1],
	]);
	t.is(sets[0]!.paths[1]!.instance, 'Mellanox ConnectX-4 Lx Ethernet Adapter #2');
	t.is(sets[2]!.paths[0]!.instance, undefined);
});

test('counterSetsOf lists each set once, whatever the case', t => {
	t.deepEqual(counterSetsOf(['\\RDMA Activity(*)\\RDMA Inbound Bytes/sec', '\\rdma activity(x)\\RDMA Outbound Bytes/sec', '\\SMB Direct\\Bytes Sent/sec']), ['RDMA Activity', 'SMB Direct']);
});

test('available counters are kept; missing ones carry why: set absent, renamed, counter or instance absent', t => {
	const {available, missing} = counterAvailability([
		'\\RDMA Activity(Mellanox ConnectX-4 Lx Ethernet Adapter #2)\\RDMA Inbound Bytes/sec',
		'\\rdma activity(*)\\rdma outbound bytes/sec',
		'\\RDMA Activity(Mellanox ConnectX-4 Lx Ethernet Adapter #3)\\RDMA Inbound Bytes/sec',
		'\\RDMA Activity(*)\\RDMA Connection Errors',
		'\\SMB Direct Connection(_Total)\\Bytes RDMA Written/sec',
		'\\SMB Direct\\Bytes RDMA Written/sec',
		'\\Network Adapter(Mellanox ConnectX-4 Lx Ethernet Adapter _2)\\Bytes Total/sec',
		'\\Cluster CSVFS(_Total)\\Reads/sec',
	], parseDiscovery(listing));
	t.deepEqual(available, [
		'\\RDMA Activity(Mellanox ConnectX-4 Lx Ethernet Adapter #2)\\RDMA Inbound Bytes/sec',
		'\\rdma activity(*)\\rdma outbound bytes/sec',
		'\\SMB Direct\\Bytes RDMA Written/sec',
		'\\Network Adapter(Mellanox ConnectX-4 Lx Ethernet Adapter _2)\\Bytes Total/sec',
	]);
	t.deepEqual(missing.map(entry => entry.counter), [
		'\\RDMA Activity(Mellanox ConnectX-4 Lx Ethernet Adapter #3)\\RDMA Inbound Bytes/sec',
		'\\RDMA Activity(*)\\RDMA Connection Errors',
		'\\SMB Direct Connection(_Total)\\Bytes RDMA Written/sec',
		'\\Cluster CSVFS(_Total)\\Reads/sec',
	]);
	t.regex(missing[0]!.reason, /no instance "Mellanox ConnectX-4 Lx Ethernet Adapter #3" \(it has: Mellanox ConnectX-4 Lx Ethernet Adapter, Mellanox ConnectX-4 Lx Ethernet Adapter #2\)/);
	t.is(missing[1]!.reason, '"RDMA Activity" has no counter "RDMA Connection Errors"');
	t.is(missing[2]!.reason, 'the node has no "SMB Direct Connection" counter set; this build names it "SMB Direct"');
	t.is(missing[3]!.reason, 'the node has no "Cluster CSVFS" counter set');
});

test('a set whose listing is only typeperf\'s error is missing, with the error quoted', t => {
	const {missing} = counterAvailability(['\\SMB Direct Connection(_Total)\\Bytes Sent/sec'], parseDiscovery(`${setMarker}SMB Direct Connection\r\nError: The specified object was not found on the computer.\r\n`));
	t.is(missing[0]!.reason, 'the node has no "SMB Direct Connection" counter set (typeperf: Error: The specified object was not found on the computer.)');
});

test('counterMatches: wildcards match any instance or counter; the machine does not matter', t => {
	const reported = parseCounterPath('\\\\HV01\\RDMA Activity(Mellanox ConnectX-4 Lx Ethernet Adapter #2)\\RDMA Inbound Bytes/sec');
	t.true(counterMatches(parseCounterPath('\\RDMA Activity(*)\\RDMA Inbound Bytes/sec'), reported));
	t.true(counterMatches(parseCounterPath('\\rdma activity(*)\\*'), reported));
	t.true(counterMatches(parseCounterPath('\\RDMA Activity(Mellanox ConnectX-4 Lx Ethernet Adapter #2)\\RDMA Inbound Bytes/sec'), reported));
	t.false(counterMatches(parseCounterPath('\\RDMA Activity(Mellanox ConnectX-4 Lx Ethernet Adapter)\\RDMA Inbound Bytes/sec'), reported));
	t.false(counterMatches(parseCounterPath('\\RDMA Activity(*)\\RDMA Outbound Bytes/sec'), reported));
	t.false(counterMatches(parseCounterPath('\\Network Adapter(*)\\*'), reported));
});
