import test from 'ava';
import {nvueEts, parseNvueLink, parseNvueLldp, parseNvuePfcProfile, parseNvuePfcStats, parseNvuePortProfile, parseNvueQueues, parseNvueTrust} from '../../../harness/targets/switches/nvue-parse.js';

test('link: admin and operational status, MTU', t => {
	t.deepEqual(parseNvueLink({'admin-status': 'up', 'oper-status': 'up', mtu: 9216, speed: '25G'}, 'swp1'), {port: 'swp1', admin: 'up', oper: 'up', mtu: 9216, speedGbps: 25});
	t.like(parseNvueLink({'admin-status': 'down', 'oper-status': 'down', mtu: 9216}, 'swp1'), {admin: 'down', oper: 'down', reason: 'admin down'});
	t.is(parseNvueLink({mtu: 9216}, 'swp1'), undefined);
});

test('PFC: the port\'s profile, its rx/tx and switch priorities', t => {
	t.is(parseNvuePortProfile({profile: 'default-global'}), 'default-global');
	t.is(parseNvuePortProfile({}), undefined);
	t.deepEqual(parseNvuePfcProfile({'cable-length': 100, rx: 'enabled', tx: 'enabled', 'switch-priority': {3: {}}}), {enabled: true, priorities: [3]});
	t.deepEqual(parseNvuePfcProfile({rx: 'disabled', tx: 'enabled', 'switch-priority': {3: {}, 4: {}}}), {enabled: false, priorities: [3, 4]});
});

test('the reference\'s PFC and egress queue statistics columns, as JSON', t => {
	t.deepEqual(parseNvuePfcStats({0: {'rx-pause-frames': 0, 'rx-pause-duration': 0, 'tx-pause-frames': 0, 'tx-pause-duration': 0}, 3: {'rx-pause-frames': 9, 'rx-pause-duration': 27, 'tx-pause-frames': 2, 'tx-pause-duration': 6}}),
		[{priority: 0, rxPause: 0, txPause: 0}, {priority: 3, rxPause: 9, txPause: 2}]);
	t.deepEqual(parseNvueQueues({3: {'tx-frames': 4, 'tx-bytes': 16_384, 'tx-uc-buffer-discards': 1, 'wred-discards': 2}}), [{queue: 3, txBytes: 16_384, txPackets: 4, drops: 3}]);
});

test('ETS from the egress scheduler and the switch-priority → traffic-class mapping; trust', t => {
	const scheduler = {'traffic-class': {0: {mode: 'dwrr', 'bw-percent': 50}, 3: {mode: 'dwrr', 'bw-percent': 50}, 6: {mode: 'strict'}}};
	const mapping = {'switch-priority': {0: {'traffic-class': 0}, 1: {'traffic-class': 0}, 3: {'traffic-class': 3}, 6: {'traffic-class': 6}}};
	t.deepEqual(nvueEts(scheduler, mapping), [
		{trafficClass: 0, priorities: [0, 1], algorithm: 'ets', bandwidthPercent: 50},
		{trafficClass: 3, priorities: [3], algorithm: 'ets', bandwidthPercent: 50},
		{trafficClass: 6, priorities: [6], algorithm: 'strict', bandwidthPercent: 0},
	]);
	t.is(parseNvueTrust({trust: 'l2'}), 'cos');
	t.is(parseNvueTrust({trust: 'l3'}), 'dscp');
	t.is(parseNvueTrust({trust: 'both'}), 'both');
	t.is(parseNvueTrust({}), undefined);
});

test('LLDP neighbours and DCBX TLVs', t => {
	const parsed = parseNvueLldp({'dcbx-pfc-tlv': 'on', neighbor: {hv01: {chassis: {'chassis-id': '00:15:5d:00:00:10', 'system-name': 'hv01'}, port: {name: '00:15:5d:00:00:10', description: 'SLOT 3 Port 1'}}}})!;
	t.deepEqual(parsed.neighbors, [{portId: '00:15:5d:00:00:10', systemName: 'hv01', portDescription: 'SLOT 3 Port 1', chassisId: '00:15:5d:00:00:10'}]);
	t.deepEqual(parsed.dcbx, {enabled: true, version: 'ieee', willing: false});
	t.deepEqual(parseNvueLldp({'dcbx-pfc-tlv': 'off'}), {neighbors: [], dcbx: {enabled: false}});
});
