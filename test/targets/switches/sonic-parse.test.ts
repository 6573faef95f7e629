import test from 'ava';
import {parseRedisHash, parseSonicConfigDb, parseSonicLldp, parseSonicPfc, parseSonicPfcPriority, parseSonicQueues, parseSonicStatus, sonicEts, sonicPfcCounters, sonicTable, sonicTrust} from '../../../harness/targets/switches/sonic-parse.js';

test('show interfaces status: columns two spaces apart, including a Type with single spaces', t => {
	const text = [
		'  Interface            Lanes    Speed    MTU    FEC    Alias    Vlan    Oper    Admin             Type    Asym PFC',
		'-----------  ---------------  -------  -----  -----  -------  ------  ------  -------  ---------------  ----------',
		'  Ethernet0  2304,2305,2306,2307     100G   9100     rs   etp1    trunk      up       up  QSFP28 or later         N/A',
		'  Ethernet4  2308,2309,2310,2311     100G   9100     rs   etp2    trunk    down     down  QSFP28 or later         N/A',
	].join('\n');
	t.deepEqual(parseSonicStatus(text, 'Ethernet0'), {port: 'Ethernet0', admin: 'up', oper: 'up', speedGbps: 100, mtu: 9100});
	t.like(parseSonicStatus(text, 'Ethernet4'), {admin: 'down', oper: 'down', reason: 'admin down'});
	t.is(parseSonicStatus(text, 'Ethernet8'), undefined);
	t.deepEqual(sonicTable('no table here'), []);
});

test('show pfc priority: lossless priorities, N/A when PFC is off', t => {
	const text = 'Interface    Lossless priorities\n-----------  ---------------------\nEthernet0    3,4\nEthernet4    N/A\n';
	t.deepEqual(parseSonicPfcPriority(text, 'Ethernet0'), [3, 4]);
	t.deepEqual(parseSonicPfcPriority(text, 'Ethernet4'), []);
	t.is(parseSonicPfcPriority(text, 'Ethernet8'), undefined);
});

test('show pfc priority on a port with no QoS map: "Cannot find interface" is PFC not configured, not a parse failure', t => {
	t.deepEqual(parseSonicPfc('Cannot find interface Ethernet8\n', 'Ethernet8'), {mode: 'off', oper: false, priorities: [], reason: 'PFC not configured on this port (no QoS map: "Cannot find interface Ethernet8")'});
	const text = 'Interface    Lossless priorities\n-----------  ---------------------\nEthernet0    3,4\nEthernet4    N/A\n';
	t.deepEqual(parseSonicPfc(text, 'Ethernet0'), {mode: 'on', oper: true, priorities: [3, 4]});
	t.deepEqual(parseSonicPfc(text, 'Ethernet4'), {mode: 'off', oper: false, priorities: []});
	// Another port's complaint, or text of no known shape, is still unrecognized.
	t.is(parseSonicPfc('Cannot find interface Ethernet12\n', 'Ethernet8'), undefined);
	t.is(parseSonicPfc('Error: something else\n', 'Ethernet8'), undefined);
});

test('COUNTERS_DB through redis-cli: per-priority PFC frames', t => {
	const fields = [0, 1, 2, 3, 4, 5, 6, 7].flatMap(priority => [`SAI_PORT_STAT_PFC_${priority}_RX_PKTS`, String(priority === 3 ? 42 : 0), `SAI_PORT_STAT_PFC_${priority}_TX_PKTS`, String(priority === 3 ? 7 : 0)]);
	const counters = sonicPfcCounters(parseRedisHash(`${['SAI_PORT_STAT_IF_IN_OCTETS', '1000', ...fields].join('\n')}\n`));
	t.deepEqual(counters?.find(entry => entry.priority === 3), {priority: 3, rxPause: 42, txPause: 7});
	t.is(counters?.length, 8);
	t.is(sonicPfcCounters(parseRedisHash('')), undefined);
});

// CONFIG_DB as `show runningconfiguration all` prints it; the stock SONiC case classifies by DSCP (global map).
const stock = {
	PORT_QOS_MAP: {
		global: {dscp_to_tc_map: 'AZURE'},
		'Ethernet0,Ethernet4': {tc_to_queue_map: '[TC_TO_QUEUE_MAP|AZURE]', tc_to_pg_map: 'AZURE', pfc_enable: '3,4'},
	},
	DSCP_TO_TC_MAP: {AZURE: {0: '1', 3: '3', 4: '4', 46: '5', 48: '6'}},
	TC_TO_QUEUE_MAP: {AZURE: {0: '0', 1: '1', 2: '2', 3: '3', 4: '4', 5: '5', 6: '6', 7: '7'}},
	QUEUE: {'Ethernet0,Ethernet4|0-2': {scheduler: '[SCHEDULER|scheduler.0]'}, 'Ethernet0,Ethernet4|3-4': {scheduler: '[SCHEDULER|scheduler.1]', wred_profile: 'AZURE_LOSSLESS'}},
	SCHEDULER: {'scheduler.0': {type: 'DWRR', weight: '14'}, 'scheduler.1': {type: 'DWRR', weight: '15'}},
};

test('the SONiC DSCP-trust case: stock QoS (global dscp_to_tc_map) is DSCP trust', t => {
	const db = parseSonicConfigDb(stock)!;
	t.is(sonicTrust(db, 'Ethernet0'), 'dscp');
	// Stock weights 14/15 over queues 0-4: shares of the DWRR weights on the port.
	const ets = sonicEts(db, 'Ethernet0');
	t.deepEqual(ets.map(entry => entry.trafficClass), [0, 1, 2, 3, 4]);
	t.is(ets.find(entry => entry.trafficClass === 3)!.bandwidthPercent, Math.round(15 * 100 / ((14 * 3) + (15 * 2))));
});

test('a SONiC port set to trust CoS: dot1p_to_tc_map bound on the port, priority 3 to its own queue at 50 %', t => {
	const db = parseSonicConfigDb({
		PORT_QOS_MAP: {Ethernet0: {dot1p_to_tc_map: 'AZLOCAL', tc_to_queue_map: 'AZURE', pfc_enable: '3'}},
		DOT1P_TO_TC_MAP: {AZLOCAL: {0: '0', 1: '0', 2: '0', 3: '3', 4: '0', 5: '0', 6: '0', 7: '7'}},
		TC_TO_QUEUE_MAP: {AZURE: {0: '0', 3: '3', 7: '7'}},
		QUEUE: {'Ethernet0|0': {scheduler: 'default'}, 'Ethernet0|3': {scheduler: 'storage'}, 'Ethernet0|7': {scheduler: 'cluster'}},
		SCHEDULER: {default: {type: 'DWRR', weight: '49'}, storage: {type: 'DWRR', weight: '50'}, cluster: {type: 'DWRR', weight: '1'}},
	})!;
	t.is(sonicTrust(db, 'Ethernet0'), 'cos');
	t.deepEqual(sonicEts(db, 'Ethernet0'), [
		{trafficClass: 0, priorities: [0, 1, 2, 4, 5, 6], algorithm: 'ets', bandwidthPercent: 49},
		{trafficClass: 3, priorities: [3], algorithm: 'ets', bandwidthPercent: 50},
		{trafficClass: 7, priorities: [7], algorithm: 'ets', bandwidthPercent: 1},
	]);
	t.is(sonicTrust(db, 'Ethernet8'), 'none');
});

test('show queue counters --json', t => {
	const json = {Ethernet0: {UC0: {totalpacket: '10', totalbytes: '1,000', droppacket: '0', dropbytes: '0'}, UC3: {totalpacket: '5', totalbytes: '20480', droppacket: 'N/A', dropbytes: 'N/A'}, MC8: {totalpacket: '0', totalbytes: '0', droppacket: '0', dropbytes: '0'}}};
	t.deepEqual(parseSonicQueues(json, 'Ethernet0'), [{queue: 0, txBytes: 1000, txPackets: 10, drops: 0}, {queue: 3, txBytes: 20_480, txPackets: 5, drops: 0}]);
	t.is(parseSonicQueues(json, 'Ethernet4'), undefined);
});

test('show queue counters --json as real queuestat prints it: "time" and "cached_time" beside the queues', t => {
	const queue = (packets: string, bytes: string) => ({totalpacket: packets, totalbytes: bytes, droppacket: '0', dropbytes: '0'});
	const json = {Ethernet0: {UC0: queue('10', '1,000'), UC3: queue('5', '20480'), MC8: queue('0', '0'), time: '2024-05-02T10:11:12.123456', cached_time: '2024-05-02T09:00:00.000001'}};
	t.deepEqual(parseSonicQueues(json, 'Ethernet0'), [{queue: 0, txBytes: 1000, txPackets: 10, drops: 0}, {queue: 3, txBytes: 20_480, txPackets: 5, drops: 0}]);
	// Still unrecognized: an unknown key, or a known metadata key holding something other than a time string.
	t.is(parseSonicQueues({Ethernet0: {UC0: queue('1', '1'), surprise: 'x'}}, 'Ethernet0'), undefined);
	t.is(parseSonicQueues({Ethernet0: {UC0: queue('1', '1'), time: {}}}, 'Ethernet0'), undefined);
	t.is(parseSonicQueues({Ethernet0: {UC0: {totalpacket: '1'}}}, 'Ethernet0'), undefined);
});

test('show lldp neighbors of no known shape is unrecognized (undefined), never "no neighbour"', t => {
	t.is(parseSonicLldp('sudo: a terminal is required to read the password\n', 'Ethernet0'), undefined);
	t.is(parseSonicLldp('', 'Ethernet0'), undefined);
	const rule = '-------------------------------------------------------------------------------';
	t.deepEqual(parseSonicLldp(`${rule}\nLLDP neighbors:\n${rule}\n`, 'Ethernet0'), []);
});

test('show lldp neighbors (lldpctl): two agents on one port, none on another', t => {
	const rule = '-------------------------------------------------------------------------------';
	const text = [
		rule, 'LLDP neighbors:', rule,
		'Interface:    Ethernet0, via: LLDP, RID: 1, Time: 0 day, 00:01:20', '  Chassis:', '    ChassisID:    mac 00:15:5d:00:00:10', '    SysName:      hv01', '  Port:', '    PortID:       mac 00:15:5d:00:00:10', '    PortDescr:    SLOT 3 Port 1', rule,
		'Interface:    Ethernet0, via: LLDP, RID: 2, Time: 0 day, 00:01:20', '  Chassis:', '    ChassisID:    mac 00:15:5d:00:00:10', '  Port:', '    PortID:       mac 00:15:5d:00:00:10', rule,
	].join('\n');
	t.deepEqual(parseSonicLldp(text, 'Ethernet0'), [
		{portId: '00:15:5d:00:00:10', chassisId: '00:15:5d:00:00:10', systemName: 'hv01', portDescription: 'SLOT 3 Port 1'},
		{portId: '00:15:5d:00:00:10', chassisId: '00:15:5d:00:00:10'},
	]);
	t.deepEqual(parseSonicLldp(text, 'Ethernet4'), []);
});
