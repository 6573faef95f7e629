// The Onyx parsers on real switch outputs: the fixtures in test/fixtures/switches/onyx are copied unchanged from
// ansible/ansible's Onyx unit tests (see SOURCES.md). Where no public sample exists, the test says so and uses
// output shaped as the nearest real one.
import {readFileSync} from 'node:fs';
import test from 'ava';
import {onyxEts, onyxInterfaceArg, parseOnyxDcbx, parseOnyxEts, parseOnyxInterface, parseOnyxLldpRemote, parseOnyxPfc, parseOnyxPfcCounters, parseOnyxQos, parseOnyxTcCounters} from '../../../harness/targets/switches/onyx-parse.js';
import {fixture} from '../../helpers/paths.js';

const real = (name: string): unknown => JSON.parse(readFileSync(fixture('switches', 'onyx', name), 'utf8')) as unknown;

test('commands name ports as `ethernet 1/<p>`', t => {
	t.is(onyxInterfaceArg('Eth1/5'), 'ethernet 1/5');
	t.is(onyxInterfaceArg('Eth1/1/2'), 'ethernet 1/1/2');
});

test('show interfaces ethernet (real): admin Enabled, operational Down, 40 Gbps, MTU 1500', t => {
	t.deepEqual(parseOnyxInterface(real('onyx_interfaces_show.cfg'), 'Eth1/1'), {port: 'Eth1/1', admin: 'up', oper: 'down', reason: 'Down', speedGbps: 40, mtu: 1500});
	// Entries of other interfaces (VLANs) in the same list are not taken for the port.
	t.is(parseOnyxInterface(real('onyx_interfaces_show.cfg'), 'Eth1/2'), undefined);
	t.deepEqual(parseOnyxInterface(real('onyx_facts_show_interfaces_ethernet.cfg'), 'Eth1/2'), {port: 'Eth1/2', admin: 'up', oper: 'down', reason: 'Down', speedGbps: 100, mtu: 1500});
});

test('show interfaces ethernet: an admin-down port and the interface-keyed shape', t => {
	const keyed = {'Eth1/3': [{'Admin state': 'Disabled', 'Operational state': 'Down', 'Actual speed': '25 Gbps', MTU: '9216 bytes(Maximum packet size 9238 bytes)'}]};
	t.deepEqual(parseOnyxInterface(keyed, 'Eth1/3'), {port: 'Eth1/3', admin: 'down', oper: 'down', reason: 'admin down', speedGbps: 25, mtu: 9216});
	t.like(parseOnyxInterface({'Eth1/3': [{'Admin state': 'Enabled', 'Operational state': 'Up'}]}, 'Eth1/3'), {admin: 'up', oper: 'up'});
	t.is(parseOnyxInterface({'Eth1/3': [{Description: 'N/A'}]}, 'Eth1/3'), undefined);
});

test('show dcb priority-flow-control (real, per-interface shape): forced on and Enabled; Auto and Disabled', t => {
	t.deepEqual(parseOnyxPfc(real('onyx_pfc_interface_enabled.cfg'), 'Eth1/1'), {mode: 'on', oper: true});
	t.deepEqual(parseOnyxPfc(real('onyx_pfc_interface_enabled.cfg'), 'Eth1/1/2'), {mode: 'on', oper: true});
	t.deepEqual(parseOnyxPfc(real('onyx_pfc_interface_disabled.cfg'), 'Eth1/1'), {mode: 'auto', oper: false});
	t.is(parseOnyxPfc(real('onyx_pfc_interface_enabled.cfg'), 'Eth1/7'), undefined);
});

// The two versioned shapes (mellanox.onyx onyx_pfc_interface.py load_current_config) built around the real
// per-interface table: a list with the global table at [0] and the interface table at [2] (≥ 3.6.6000), and an
// object with the interface table under "Table 2" (older).
test('show dcb priority-flow-control: the ≥ 3.6.6000 list and the older "Table 2" object, with the global priorities', t => {
	const table = real('onyx_pfc_interface_enabled.cfg');
	const global = {PFC: 'enabled', 'Priority Enabled List': '3', 'Priority Disabled List': '0 1 2 4 5 6 7'};
	t.deepEqual(parseOnyxPfc([global, {}, table], 'Eth1/1'), {mode: 'on', oper: true, priorities: [3]});
	t.deepEqual(parseOnyxPfc({...global, 'Priority Enabled List': '3 4', 'Table 2': table}, 'Eth1/1'), {mode: 'on', oper: true, priorities: [3, 4]});
	// PFC disabled switch-wide: no port runs it, whatever its own mode.
	t.deepEqual(parseOnyxPfc([{...global, PFC: 'disabled'}, {}, table], 'Eth1/1'), {mode: 'on', oper: false, priorities: []});
	t.deepEqual(parseOnyxPfc([global, {}, real('onyx_pfc_interface_disabled.cfg')], 'Eth1/1'), {mode: 'auto', oper: false, priorities: [3]});
});

test('show dcb ets interface (real): WRR weights as percent, strict classes at 0', t => {
	t.deepEqual(parseOnyxEts(real('onyx_show_dcb_ets_interface.cfg'), 'Eth1/1'), [
		{trafficClass: 0, strict: false, bandwidthPercent: 17},
		{trafficClass: 1, strict: false, bandwidthPercent: 17},
		{trafficClass: 2, strict: true, bandwidthPercent: 0},
		{trafficClass: 3, strict: true, bandwidthPercent: 0},
		{trafficClass: 4, strict: false, bandwidthPercent: 16},
		{trafficClass: 5, strict: false, bandwidthPercent: 17},
		{trafficClass: 6, strict: false, bandwidthPercent: 16},
		{trafficClass: 7, strict: false, bandwidthPercent: 17},
	]);
	t.is(parseOnyxEts(real('onyx_show_dcb_ets_interface.cfg'), 'Eth1/2'), undefined);
});

test('show qos interface (real): trust both, identity PCP → switch-priority → TC maps', t => {
	const qos = parseOnyxQos(real('show_qos_interface_ethernet.cfg'), 'Eth1/1')!;
	t.is(qos.trust, 'both');
	t.deepEqual([...qos.tcOfPriority].sort(([a], [b]) => a - b), [0, 1, 2, 3, 4, 5, 6, 7].map(priority => [priority, priority]));
	t.is(parseOnyxQos(real('show_qos_interface_ethernet.cfg'), 'Eth1/2'), undefined);
});

test('show qos interface: trust modes L2 (the default) = CoS, L3 = DSCP, port = none; a remapped TC', t => {
	const fixtureJson = real('show_qos_interface_ethernet.cfg') as Array<Record<string, Array<Record<string, unknown>>>>;
	const withTrust = (mode: string) => JSON.parse(JSON.stringify(fixtureJson).replace('"Trust mode":"both"', `"Trust mode":"${mode}"`)) as unknown;
	t.is(parseOnyxQos(withTrust('L2'), 'Eth1/1')?.trust, 'cos');
	t.is(parseOnyxQos(withTrust('L3'), 'Eth1/1')?.trust, 'dscp');
	t.is(parseOnyxQos(withTrust('port'), 'Eth1/1')?.trust, 'none');
	// Switch-priorities 0-2 and 4-6 sent to TC 0: ETS then reports those priorities on TC 0.
	const remapped = JSON.parse(JSON.stringify(fixtureJson).replaceAll(/"TC":"[124-6]"/g, '"TC":"0"')) as unknown;
	const qos = parseOnyxQos(remapped, 'Eth1/1')!;
	const ets = onyxEts(parseOnyxEts(real('onyx_show_dcb_ets_interface.cfg'), 'Eth1/1')!, qos);
	t.deepEqual(ets.find(entry => entry.trafficClass === 0), {trafficClass: 0, priorities: [0, 1, 2, 4, 5, 6], algorithm: 'ets', bandwidthPercent: 17});
	t.deepEqual(ets.find(entry => entry.trafficClass === 3), {trafficClass: 3, priorities: [3], algorithm: 'strict', bandwidthPercent: 0});
	t.deepEqual(ets.find(entry => entry.trafficClass === 4)?.priorities, []);
});

test('show lldp interfaces (real): DCBX on with LLDP both ways and DCB TLVs, off with LLDP disabled', t => {
	t.deepEqual(parseOnyxDcbx(real('onyx_lldp_interface_show.cfg'), 'Eth1/1'), {enabled: true, version: 'ieee'});
	t.deepEqual(parseOnyxDcbx(real('onyx_lldp_interface_show.cfg'), 'Eth1/2'), {enabled: false});
	t.deepEqual(parseOnyxDcbx({'Eth1/3': [{Receive: 'Enabled', Transmit: 'Enabled', TLVs: 'PD, SN, SD, SC, MA'}]}, 'Eth1/3'), {enabled: false});
	t.is(parseOnyxDcbx(real('onyx_lldp_interface_show.cfg'), 'Eth1/9'), undefined);
});

// No public sample of `show lldp interfaces ethernet 1/<p> remote | json-print`: shaped as the real `show lldp
// interfaces` output (interface → list of objects) with the field names of Onyx's remote table.
test('show lldp interfaces remote: one object per neighbour; none when the port has no key', t => {
	const json = {'Eth1/1': [
		{'Remote Index': '1', 'Remote chassis id': '0c:42:a1:00:00:01', 'chassis id subtype': 'Mac Address (4)', 'Remote port-id': '0c:42:a1:00:00:01', 'port id subtype': 'Mac Address (3)', 'Remote port description': 'SLOT 3 Port 1', 'Remote system name': 'hv01'},
		{'Remote Index': '2', 'Remote chassis id': '0c:42:a1:00:00:01', 'Remote port-id': '0c:42:a1:00:00:01', 'Remote port description': 'N/A', 'Remote system name': 'N/A'},
	]};
	t.deepEqual(parseOnyxLldpRemote(json, 'Eth1/1'), [
		{portId: '0c:42:a1:00:00:01', systemName: 'hv01', portDescription: 'SLOT 3 Port 1', chassisId: '0c:42:a1:00:00:01'},
		{portId: '0c:42:a1:00:00:01', chassisId: '0c:42:a1:00:00:01'},
	]);
	t.deepEqual(parseOnyxLldpRemote({}, 'Eth1/1'), []);
	t.is(parseOnyxLldpRemote([], 'Eth1/1'), undefined);
});

// No public sample of the whole PFC counter output: intel/mfd-switchmanagement greps "<n> pause packets"; the
// sample has Rx and Tx sections each with that line.
test('counters pfc prio: Rx and Tx pause packets; refused without both', t => {
	const text = 'Rx:\n  1234                 pause packets\n  5678                 pause duration\n\nTx:\n  42                   pause packets\n  99                   pause duration\n';
	t.deepEqual(parseOnyxPfcCounters(text), {rxPause: 1234, txPause: 42});
	t.is(parseOnyxPfcCounters('Rx:\n  1 pause packets\n'), undefined);
	t.is(parseOnyxPfcCounters('% Unrecognized command\n'), undefined);
});

// No public sample of `counters tc <n>` either: Onyx's counter layout ("<n>  packets", "<n>  bytes", discards).
test('counters tc: packets, bytes and discards of a traffic class', t => {
	const text = 'Tx:\n  1000                 packets\n  4174000              bytes\n  3                    no buffer discard\n  2                    wred discard\n';
	t.deepEqual(parseOnyxTcCounters(text, 3), {queue: 3, txPackets: 1000, txBytes: 4_174_000, drops: 5});
	t.is(parseOnyxTcCounters('Tx:\n  1000 packets\n', 3), undefined);
});
