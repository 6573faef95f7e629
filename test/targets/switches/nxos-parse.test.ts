import {readFileSync} from 'node:fs';
import test from 'ava';
import {nxosEts, nxosPfcCounters, nxosQueueCounters, parseNxosDcbx, parseNxosLldp, parseNxosMtu, parseNxosNetworkQos, parseNxosPfc, parseNxosQosPolicy, parseNxosQueuing, readNxosNetworkQos, readNxosQosPolicy} from '../../../harness/targets/switches/nxos-parse.js';
import {parseError} from '../../../harness/targets/switch.js';
import {fixture} from '../../helpers/paths.js';

test('show interface priority-flow-control: the reference\'s "Mode Auto, Oper Off" row and a healthy "On (8)" row', t => {
	const text = [
		'',
		'============================================================',
		'Port               Mode Oper(VL bmap)  RxPPP      TxPPP     ',
		'============================================================',
		'',
		'Ethernet1/47       Auto Off           7316       762946',
		'Ethernet1/1        On   On (8)        0          12',
		'Eth1/2             On   On (18)       5          0',
	].join('\n');
	t.deepEqual(parseNxosPfc(text), [
		{port: 'Ethernet1/47', mode: 'auto', oper: false, operPriorities: [], rxPpp: 7316, txPpp: 762_946},
		{port: 'Ethernet1/1', mode: 'on', oper: true, operPriorities: [3], rxPpp: 0, txPpp: 12},
		{port: 'Eth1/2', mode: 'on', oper: true, operPriorities: [3, 4], rxPpp: 5, txPpp: 0},
	]);
	t.deepEqual(parseNxosPfc('% Invalid command at \'^\' marker.'), []);
});

test('network-qos policy: lossless CoS from pause pfc-cos, MTU per class', t => {
	const text = [
		'  Type network-qos policy-maps',
		'  ============================',
		'  policy-map type network-qos QOS_NETWORK',
		'    class type network-qos c-8q-nq3',
		'      match qos-group 3',
		'      pause pfc-cos 3',
		'      mtu 9216',
		'    class type network-qos c-8q-nq-default',
		'      match qos-group 0',
		'      mtu 9216',
		'    class type network-qos c-8q-nq4',
		'      match qos-group 4',
		'      pause buffer-size 100000 pause-threshold 50000 resume-threshold 40000 pfc-cos 4,5',
	].join('\n');
	t.deepEqual(parseNxosNetworkQos(text), [
		{name: 'c-8q-nq3', qosGroup: 3, pauseCos: [3], mtu: 9216},
		{name: 'c-8q-nq-default', qosGroup: 0, pauseCos: [], mtu: 9216},
		{name: 'c-8q-nq4', qosGroup: 4, pauseCos: [4, 5]},
	]);
});

const queuing = [
	'Egress Queuing for Ethernet1/1 [System]',
	'------------------------------------------------------------------------------',
	'QoS-Group# Bandwidth% PrioLevel                Shape                   QLimit',
	'                                   Min          Max        Units   ',
	'------------------------------------------------------------------------------',
	'      7             -         1           -            -     -            9(D)',
	'      3            50         -           -            -     -            9(D)',
	'      0            49         -           -            -     -            9(D)',
	'+-------------------------------------------------------------+',
	'|                              QOS GROUP 3                    |',
	'+-------------------------------------------------------------+',
	'|                           |  Unicast       |Multicast       |',
	'+-------------------------------------------------------------+',
	'|                   Tx Pkts |          123456|               0|',
	'|                   Tx Byts |       512000000|               0|',
	'| WRED/AFD & Tail Drop Pkts |               7|               0|',
	'+-------------------------------------------------------------+',
	'PFC Statistics',
	'------------------------------------------------------------------------------',
	'TxPPP:                    4, RxPPP:                   10',
	'------------------------------------------------------------------------------',
	'',
	'PFC_COS QOS_Group   TxPause                 TxCount         RxPause          RxCount',
	'     0        0    Inactive                       0        Inactive                0',
	'     3        3      Active                       4          Active               10',
	'     7        7    Inactive                       0        Inactive                0',
].join('\n');

test('show queuing interface: ETS per QoS group with its CoS values, per-group counters and per-CoS pauses', t => {
	const parsed = parseNxosQueuing(queuing);
	t.deepEqual(nxosEts(parsed), [
		{trafficClass: 0, priorities: [0], algorithm: 'ets', bandwidthPercent: 49},
		{trafficClass: 3, priorities: [3], algorithm: 'ets', bandwidthPercent: 50},
		{trafficClass: 7, priorities: [7], algorithm: 'strict', bandwidthPercent: 0},
	]);
	t.deepEqual(nxosQueueCounters(parsed), [{queue: 3, txBytes: 512_000_000, txPackets: 123_456, drops: 7}]);
	t.deepEqual(nxosPfcCounters(parsed).find(entry => entry.priority === 3), {priority: 3, rxPause: 10, txPause: 4});
});

test('input qos policy: match cos is CoS trust, match dscp DSCP trust, no policy nothing', t => {
	t.is(parseNxosQosPolicy('  Service-policy (qos) input:   AZLocal_SERVICES\n    Class-map (qos):   RDMA (match-all)\n      Match: cos 3\n      set qos-group 3\n'), 'cos');
	t.is(parseNxosQosPolicy('    Class-map (qos):   RDMA (match-all)\n      Match: dscp 26\n      set qos-group 3\n'), 'dscp');
	t.is(parseNxosQosPolicy('      Match: cos 3\n      Match: dscp 26\n'), 'both');
	t.is(parseNxosQosPolicy('\nGlobal statistics status :   enabled\n\nEthernet1/1\n'), 'none');
});

test('LLDP detail JSON: one row as an object, several as an array, none as an empty body', t => {
	const row = {chassis_id: '0015.5d00.0010', port_id: '0015.5d00.0010', sys_name: 'hv01', port_desc: 'SLOT 3 Port 1', l_port_id: 'Eth1/1'};
	t.deepEqual(parseNxosLldp({TABLE_nbor_detail: {ROW_nbor_detail: row}}), [{portId: '0015.5d00.0010', systemName: 'hv01', portDescription: 'SLOT 3 Port 1', chassisId: '0015.5d00.0010'}]);
	t.is(parseNxosLldp({TABLE_nbor_detail: {ROW_nbor_detail: [row, {port_id: 'x'}]}})!.length, 2);
	t.deepEqual(parseNxosLldp({}), []);
	t.is(parseNxosLldp({TABLE_nbor_detail: {ROW_nbor_detail: {sys_name: 'no port id'}}}), undefined);
});

test('DCBX and MTU', t => {
	t.deepEqual(parseNxosDcbx('Local DCBXP Control information:\n  Detected: IEEE 802.1\n  Willing: No\n'), {enabled: true, version: 'ieee', willing: false});
	t.deepEqual(parseNxosDcbx('  Detected: CIN\n'), {enabled: true, version: 'cin'});
	t.is(parseNxosMtu({TABLE_interface: {ROW_interface: {interface: 'Ethernet1/1', eth_mtu: '9216'}}}, 'Ethernet1/1'), 9216);
	t.is(parseNxosMtu({TABLE_interface: {ROW_interface: [{interface: 'Ethernet1/2', eth_mtu: 1500}]}}, 'Ethernet1/1'), undefined);
});

test('network-qos policy, display layout (Nexus 5000 style, test/fixtures/switches/nxos): the same lossless CoS as the configuration layout', t => {
	const display = readFileSync(fixture('switches', 'nxos', 'show-policy-map-system-network-qos.display.txt'), 'utf8');
	// The same policy as the configuration layout prints it.
	const config = [
		'  Type network-qos policy-maps',
		'  ============================',
		'  policy-map type network-qos RDMA-NQ',
		'    class type network-qos c-nq3',
		'      match qos-group 3',
		'      pause no-drop pfc-cos 3',
		'      mtu 9216',
		'    class type network-qos c-nq5',
		'      match qos-group 5',
		'      mtu 1500',
		'    class type network-qos class-default',
		'      match qos-group 0',
		'      mtu 9216',
		'      multicast-optimize',
	].join('\n');
	const expected = [
		{name: 'c-nq3', qosGroup: 3, pauseCos: [3], mtu: 9216},
		{name: 'c-nq5', qosGroup: 5, pauseCos: [], mtu: 1500},
		{name: 'class-default', qosGroup: 0, pauseCos: [], mtu: 9216},
	];
	t.deepEqual(readNxosNetworkQos(display), {classes: expected});
	t.deepEqual(readNxosNetworkQos(config), {classes: expected});
	// CRLF, a (match-any) class suffix, a CoS range: still the same reading.
	const variant = display.replace('c-nq3\n', 'c-nq3 (match-any)\n').replace('pfc-cos 3', 'pfc-cos 3-4').replaceAll('\n', '\r\n');
	t.deepEqual(readNxosNetworkQos(variant).classes[0], {name: 'c-nq3', qosGroup: 3, pauseCos: [3, 4], mtu: 9216});
});

test('network-qos policy in a layout the parser does not know: the first unplaced line, never "no lossless priority"', t => {
	const display = readFileSync(fixture('switches', 'nxos', 'show-policy-map-system-network-qos.display.txt'), 'utf8');
	// A display layout whose class body holds a line of another shape (the Nexus 7000 "Match: cos" body).
	const unknown = display.replace('      match qos-group 3\n', '      Match: cos 3\n');
	t.deepEqual(readNxosNetworkQos(unknown), {classes: [{name: 'c-nq3', pauseCos: []}], unplaced: 'Match: cos 3'});
	t.deepEqual(parseNxosNetworkQos(unknown), []);
	const error = parseError('tor-a', 'show policy-map system type network-qos', unknown, undefined, readNxosNetworkQos(unknown).unplaced);
	t.is(error.code, 'PARSE');
	t.regex(error.message, /^show policy-map system type network-qos: unexpected output; could not place the line "Match: cos 3"/);
	// A class header of one layout under the policy header of the other is not placed either.
	t.is(readNxosNetworkQos('  Service-policy (network-qos) input:   P\n    class type network-qos c1\n      mtu 9216\n').unplaced, 'class type network-qos c1');
	t.is(readNxosNetworkQos('  policy-map type network-qos P\n    Class-map (network-qos):   c1\n').unplaced, 'Class-map (network-qos):   c1');
	// A lossless class that names no CoS, an error, nothing at all: unplaced, not "PFC off".
	t.is(readNxosNetworkQos('  policy-map type network-qos P\n    class type network-qos c1\n      pause no-drop\n').unplaced, 'pause no-drop');
	t.is(readNxosNetworkQos('  Service-policy (network-qos) input:   P\n    Class-map (network-qos):   c1\n      pause no-drop\n').unplaced, 'pause no-drop');
	t.is(readNxosNetworkQos('% Invalid command at \'^\' marker.\n').unplaced, '% Invalid command at \'^\' marker.');
	t.is(readNxosNetworkQos('\n').unplaced, '(no network-qos class in the output)');
	// The configuration layout with settings that do not bear on PFC is fully placed.
	const config = '  Type network-qos policy-maps\n  ====\n  policy-map type network-qos JUMBO\n    class type network-qos class-default\n      mtu 9216\n      multicast-optimize\n';
	t.deepEqual(readNxosNetworkQos(config), {classes: [{name: 'class-default', pauseCos: [], mtu: 9216}]});
});

test('input qos policy text of no known layout is unplaced, never "nothing trusted"', t => {
	t.deepEqual(readNxosQosPolicy('policy-map type qos AZLocal_SERVICES\n  class RDMA\n    set qos-group 3\n'), {trust: 'none', unplaced: 'policy-map type qos AZLocal_SERVICES'});
	t.deepEqual(readNxosQosPolicy(''), {trust: 'none'});
	t.deepEqual(readNxosQosPolicy('\nGlobal statistics status :   enabled\n\nEthernet1/1\n'), {trust: 'none'});
	t.deepEqual(readNxosQosPolicy('  Service-policy (qos) input:   P\n    Class-map (qos):   RDMA (match-all)\n      Match: cos 3\n'), {trust: 'cos'});
});

test('show lldp dcbx text of no known shape is unrecognized (undefined), never "DCBX enabled"', t => {
	t.is(parseNxosDcbx('LLDP is running\n'), undefined);
	t.is(parseNxosDcbx(''), undefined);
});
