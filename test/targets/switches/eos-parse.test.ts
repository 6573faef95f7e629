import test from 'ava';
import {eosEts, parseEosDcbx, parseEosLldp, parseEosMtu, parseEosPfc, parseEosPfcCounters, parseEosQosInterface, parseEosQosMaps, parseEosQueues, parseEosStatus} from '../../../harness/targets/switches/eos-parse.js';

test('interface status: connected, notconnect and disabled (admin down)', t => {
	const json = {interfaceStatuses: {
		Ethernet1: {linkStatus: 'connected', lineProtocolStatus: 'up', bandwidth: 25e9},
		Ethernet2: {linkStatus: 'notconnect', lineProtocolStatus: 'down', bandwidth: 25e9},
		Ethernet3: {linkStatus: 'disabled', lineProtocolStatus: 'down'},
	}};
	t.deepEqual(parseEosStatus(json, 'Ethernet1'), {port: 'Ethernet1', admin: 'up', oper: 'up', speedGbps: 25});
	t.like(parseEosStatus(json, 'Ethernet2'), {admin: 'up', oper: 'down', reason: 'notconnect'});
	t.like(parseEosStatus(json, 'Ethernet3'), {admin: 'down', oper: 'down'});
	t.is(parseEosStatus({}, 'Ethernet1'), undefined);
});

test('PFC status and the reference\'s per-port PFC counters JSON', t => {
	t.deepEqual(parseEosPfc({enabled: true, interfaceStatuses: {Ethernet1: {enabled: true, active: true, priorities: [3]}}}, 'Ethernet1'), {mode: 'on', oper: true, priorities: [3]});
	t.deepEqual(parseEosPfc({interfaceStatuses: {Ethernet1: {enabled: false, active: false}}, priorities: [3]}, 'Ethernet1'), {mode: 'off', oper: false, priorities: [3]});
	t.deepEqual(parseEosPfcCounters({interfaceCounters: {Ethernet1: {rxFrames: 12, txFrames: 3}}}, 'Ethernet1'), [{priority: 'all', rxPause: 12, txPause: 3}]);
});

const qosInterface = (trust: string) => [
	'Ethernet1:', `   Trust Mode: ${trust}`, '   Default COS: 0', '   Default DSCP: 0', '',
	'   Tx    Bandwidth  Shape Rate     Priority   ECN/WRED', '   Queue (percent)  (units)', '   ------------------------------------------------------------',
	'   7     - / -      -   / -  ( - ) SP / SP    D',
	'   3     50 / 50    -   / -  ( - ) RR / RR    E',
	'   0     49 / 48    -   / -  ( - ) RR / RR    D',
].join('\n');

const maps = [
	'Cos-tc map:', '      cos:   0   1   2   3   4   5   6   7', '  ----------------------------------------', '       tc:   1   0   2   3   4   5   6   7', '',
	'Tc - tx-queue map:', '       tc:   0   1   2   3   4   5   6   7', '  ----------------------------------------', ' tx-queue:   0   0   0   3   0   0   0   7',
].join('\n');

test('show qos interfaces: trust mode and operational queue bandwidth; with show qos maps the ETS classes', t => {
	const qos = parseEosQosInterface(qosInterface('COS'))!;
	t.is(qos.trust, 'cos');
	t.is(parseEosQosInterface(qosInterface('DSCP'))!.trust, 'dscp');
	t.is(parseEosQosInterface(qosInterface('UNTRUSTED'))!.trust, 'none');
	t.is(parseEosQosInterface('Ethernet1:\n'), undefined);
	t.deepEqual(eosEts(qos, parseEosQosMaps(maps)!), [
		{trafficClass: 0, priorities: [0, 1, 2, 4, 5, 6], algorithm: 'ets', bandwidthPercent: 48},
		{trafficClass: 3, priorities: [3], algorithm: 'ets', bandwidthPercent: 50},
		{trafficClass: 7, priorities: [7], algorithm: 'strict', bandwidthPercent: 0},
	]);
	t.is(parseEosQosMaps('Cos-tc map:\n'), undefined);
});

test('queue counters, LLDP detail, DCBX and MTU', t => {
	t.deepEqual(parseEosQueues({egressQueueCounters: {interfaces: {Ethernet1: {ucastQueues: {UC3: {enqueuedPackets: 2, enqueuedBytes: 8192, droppedPackets: 1}, UC0: {enqueuedPackets: 1, enqueuedBytes: 64, droppedPackets: 0}}}}}}, 'Ethernet1'),
		[{queue: 0, txBytes: 64, txPackets: 1, drops: 0}, {queue: 3, txBytes: 8192, txPackets: 2, drops: 1}]);
	const lldp = {lldpNeighbors: {Ethernet1: {lldpNeighborInfo: [{chassisId: '0015.5d00.0010', systemName: 'hv01', neighborInterfaceInfo: {interfaceId: '"0015.5d00.0010"', interfaceId_v2: '0015.5d00.0010', interfaceDescription: 'SLOT 3 Port 1'}}]}}};
	t.deepEqual(parseEosLldp(lldp, 'Ethernet1'), [{portId: '0015.5d00.0010', systemName: 'hv01', portDescription: 'SLOT 3 Port 1', chassisId: '0015.5d00.0010'}]);
	t.deepEqual(parseEosLldp({lldpNeighbors: {}}, 'Ethernet1'), []);
	t.deepEqual(parseEosDcbx('Ethernet1:\nIEEE DCBX is enabled and active\n'), {enabled: true, version: 'ieee', willing: false});
	t.deepEqual(parseEosDcbx('Ethernet1:\nDCBX is disabled\n'), {enabled: false});
	t.is(parseEosMtu({interfaces: {Ethernet1: {mtu: 9214, l2Mtu: 0}}}, 'Ethernet1'), 9214);
	t.is(parseEosMtu({interfaces: {Ethernet1: {mtu: 1500, l2Mtu: 9216}}}, 'Ethernet1'), 9216);
});

test('queue counters on Jericho platforms (7280R, 7500R): ingressVoqCounters per traffic class', t => {
	const voq = (packets: number, bytes: number, drops: number) => ({droppedBytes: drops * 4096, enqueuedPackets: packets, enqueuedBytes: bytes, droppedPackets: drops});
	const json = {ingressVoqCounters: {interfaces: {'Ethernet23/1': {trafficClasses: {TC7: voq(3, 192, 0), TC3: voq(20, 81_920, 2), TC0: voq(5, 320, 0)}}}}};
	t.deepEqual(parseEosQueues(json, 'Ethernet23/1'), [
		{queue: 0, txBytes: 320, txPackets: 5, drops: 0},
		{queue: 3, txBytes: 81_920, txPackets: 20, drops: 2},
		{queue: 7, txBytes: 192, txPackets: 3, drops: 0},
	]);
	t.is(parseEosQueues(json, 'Ethernet1'), undefined);
	t.is(parseEosQueues({someOtherCounters: {interfaces: {}}}, 'Ethernet1'), undefined);
});

test('show dcbx output of no known shape is unrecognized (undefined), never "DCBX off"', t => {
	t.is(parseEosDcbx('% Invalid input\n'), undefined);
	t.is(parseEosDcbx(''), undefined);
});
