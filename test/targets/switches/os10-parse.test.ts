import test from 'ava';
import {os10Qos, parseOs10Dcbx, parseOs10Interface, parseOs10Lldp, parseOs10PfcCounters, parseOs10Queues} from '../../../harness/targets/switches/os10-parse.js';

test('show interface: "is up, line protocol is up" (admin, then link) and the MTU line', t => {
	const text = 'Ethernet 1/1/1 is up, line protocol is up\nHardware is Eth, address is 3c:2c:30:aa:bb:01\nMTU 9216 bytes, IP MTU 9198 bytes\nLineSpeed 25G, Auto-Negotiation off\n';
	t.deepEqual(parseOs10Interface(text, 'ethernet1/1/1'), {port: 'ethernet1/1/1', admin: 'up', oper: 'up', speedGbps: 25, mtu: 9216});
	t.like(parseOs10Interface('Ethernet 1/1/2 is up, line protocol is down\n', 'ethernet1/1/2'), {admin: 'up', oper: 'down', reason: 'line protocol down'});
	t.like(parseOs10Interface('Ethernet 1/1/2 is down, line protocol is down\n', 'ethernet1/1/2'), {admin: 'down', oper: 'down'});
	t.is(parseOs10Interface(text, 'ethernet1/1/2'), undefined);
});

// Microsoft's reference OS10 QoS (AzureStack_Network_Switch_Config_Generator, std_dell_os10_fc/expected_qos.cfg).
const reference = (trust: string, extra: string[] = []) => [
	'trust dot1p-map AZLOCAL_DOT1P_TRUST', ' qos-group 0 dot1p 0-2,4-6', ' qos-group 3 dot1p 3', ' qos-group 7 dot1p 7', '!',
	'qos-map traffic-class AZLOCAL_QOS_MAP', ' queue 0 qos-group 0', ' queue 3 qos-group 3', ' queue 7 qos-group 7', '!',
	'class-map type network-qos AZLOCAL_COS3', ' match qos-group 3', '!',
	'policy-map type network-qos AZLOCAL_PFC', ' class AZLOCAL_COS3', '  pause', '  pfc-cos 3', '!',
	'class-map type queuing AZLOCAL_QUEUE0', ' match queue 0', 'class-map type queuing AZLOCAL_QUEUE3', ' match queue 3', 'class-map type queuing AZLOCAL_QUEUE7', ' match queue 7', '!',
	'policy-map type queuing AZLOCAL_ETS', ' class AZLOCAL_QUEUE0', '  bandwidth percent 48', ' class AZLOCAL_QUEUE3', '  bandwidth percent 50', '  random-detect ecn', ' class AZLOCAL_QUEUE7', '  bandwidth percent 2', '!',
	'system qos', ` ${trust}`, ' ets mode on', '!',
	'interface ethernet1/1/1', ' no shutdown', ' flowcontrol receive off', ...extra, ' ets mode on',
	' service-policy input type network-qos AZLOCAL_PFC', ' service-policy output type queuing AZLOCAL_ETS', ' qos-map traffic-class AZLOCAL_QOS_MAP', '!',
].join('\n');

test('running configuration: Microsoft\'s reference QoS gives PFC on 3, CoS trust and 48/50/2 ETS', t => {
	t.deepEqual(os10Qos(reference('trust-map dot1p AZLOCAL_DOT1P_TRUST', [' priority-flow-control mode on']), 'ethernet1/1/1'), {
		pfcMode: 'on', pfcPriorities: [3], trust: 'cos',
		ets: [
			{trafficClass: 0, priorities: [0, 1, 2, 4, 5, 6], algorithm: 'ets', bandwidthPercent: 48},
			{trafficClass: 3, priorities: [3], algorithm: 'ets', bandwidthPercent: 50},
			{trafficClass: 7, priorities: [7], algorithm: 'ets', bandwidthPercent: 2},
		],
	});
	const withoutPfc = os10Qos(reference('trust-map dscp default'), 'ethernet1/1/1')!;
	t.is(withoutPfc.pfcMode, 'off');
	t.is(withoutPfc.trust, 'dscp');
	t.is(os10Qos(reference('trust-map dot1p AZLOCAL_DOT1P_TRUST'), 'ethernet1/1/9'), undefined);
});

test('PFC details, queuing statistics, LLDP detail and DCBX', t => {
	const pfc = ['ethernet1/1/1', 'Admin Mode : true', 'Total Rx PFC Frames: 9', 'Cos    Rx               Tx', '-----------------------------------', ...[0, 1, 2, 3, 4, 5, 6, 7].map(cos => `${cos}      ${cos === 3 ? 9 : 0}                ${cos === 3 ? 4 : 0}`)].join('\n');
	t.deepEqual(parseOs10PfcCounters(pfc)?.[3], {priority: 3, rxPause: 9, txPause: 4});
	t.is(parseOs10PfcCounters('ethernet1/1/1\n'), undefined);
	const queues = 'Interface ethernet1/1/1\nQueue    Packets                 Bytes                   Dropped-Packets         Dropped-Bytes\n3        100                     409600                  2                       8192\n';
	t.deepEqual(parseOs10Queues(queues), [{queue: 3, txPackets: 100, txBytes: 409_600, drops: 2}]);
	t.is(parseOs10Queues('% Error'), undefined);
	const lldp = 'Remote Chassis ID Subtype: Mac address (4)\nRemote Chassis ID: 00:15:5d:00:00:10\nRemote Port ID: 00:15:5d:00:00:10\nRemote Port Description: SLOT 3 Port 1\nRemote System Name: hv01\n----\nRemote Chassis ID Subtype: Mac address (4)\nRemote Chassis ID: 00:15:5d:00:00:10\nRemote Port ID: 00:15:5d:00:00:10\nRemote System Name: \n';
	t.deepEqual(parseOs10Lldp(lldp), [
		{portId: '00:15:5d:00:00:10', chassisId: '00:15:5d:00:00:10', portDescription: 'SLOT 3 Port 1', systemName: 'hv01'},
		{portId: '00:15:5d:00:00:10', chassisId: '00:15:5d:00:00:10'},
	]);
	t.deepEqual(parseOs10Dcbx('Interface ethernet1/1/1\n    Port Role is Manual\n    DCBX Operational Status is Enabled\n    Local DCBX Compatibility mode is IEEEv2.5\n'), {enabled: true, version: 'ieee', willing: false});
	t.deepEqual(parseOs10Dcbx('    DCBX Operational Status is Disabled\n'), {enabled: false});
});

test('LLDP detail of a Windows host that advertises no system name: "Not Advertised" is absent, not a name', t => {
	const text = [
		'Remote Chassis ID Subtype: Mac address (4)', 'Remote Chassis ID: 00:15:5d:00:00:10', 'Remote Port Subtype: Mac address (3)', 'Remote Port ID: 00:15:5d:00:00:10',
		'Remote Port Description: Not Advertised', 'Local Port ID: ethernet1/1/1', 'Locally assigned remote Neighbor Index: 1', 'Remote TTL: 120',
		'Information valid for next 100 seconds', 'Remote System Name: Not Advertised', '---------------------------------------------------------------------------', '',
	].join('\n');
	t.deepEqual(parseOs10Lldp(text), [{portId: '00:15:5d:00:00:10', chassisId: '00:15:5d:00:00:10'}]);
});

test('DCBX output of no known shape is unrecognized (undefined), never "DCBX off"', t => {
	t.is(parseOs10Dcbx('% Error: Invalid input at "^" marker.\n'), undefined);
	t.is(parseOs10Dcbx(''), undefined);
});
