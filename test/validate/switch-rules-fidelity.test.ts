// Switch rules judged on snapshots in the shapes real switches answer (issue FIDELITY), without a simulator.
import test from 'ava';
import {loadRig} from '../../harness/rig/load.js';
import {switchRules} from '../../harness/validate/switch-rules.js';
import type {SwitchPortSnapshot} from '../../harness/validate/switch-state.js';
import {simRig} from '../helpers/cli.js';

const port = (overrides: Partial<SwitchPortSnapshot> = {}): SwitchPortSnapshot => ({
	switch: 'tor-a', vendor: 'sonic', port: 'Ethernet8', cable: {node: 'hv01', rnic: 'SLOT 3 Port 1', network: 'storage-a'},
	status: {port: 'Ethernet8', admin: 'up', oper: 'up', speedGbps: 25},
	pfc: {mode: 'on', oper: true, priorities: [3]},
	pfcCounters: [], ets: [{trafficClass: 3, priorities: [3], algorithm: 'ets', bandwidthPercent: 50}], trust: 'cos', queues: [],
	lldp: [{systemName: 'hv01', portId: 'SLOT 3 Port 1'}], dcbx: {enabled: false}, mtu: 9216,
	...overrides,
});

test('SONiC PFC not configured on the port (no QoS map) is a failed switch-pfc-forced naming the reason', async t => {
	const rig = await loadRig(simRig);
	const smb = rig.qos!.smb.priority;
	const verdicts = switchRules(rig, {ports: [port({pfc: {mode: 'off', oper: false, priorities: [], reason: 'PFC not configured on this port (no QoS map: "Cannot find interface Ethernet8")'}})]});
	const forced = verdicts.find(verdict => verdict.id === 'switch-pfc-forced')!;
	t.is(forced.status, 'fail');
	t.regex(forced.summary, /PFC not configured on this port/);
	t.regex(forced.summary, new RegExp(`priority ${smb} lossless`));
});

test('switch-lldp-neighbor identifies a host that advertises no system name by the rNIC\'s MAC (chassis or port ID)', async t => {
	const rig = await loadRig(simRig);
	const macs = new Map([['hv01/SLOT 3 Port 1', '00-15-5D-00-00-10']]);
	const judge = (lldp: SwitchPortSnapshot['lldp'], rnicMacs = macs) => switchRules(rig, {ports: [port({lldp})]}, rnicMacs).find(verdict => verdict.id === 'switch-lldp-neighbor')!;
	// OS10 "Not Advertised" (absent), lldpctl "mac 00:15:5d:..", EOS "0015.5d00.0010": the same MAC in every notation.
	t.is(judge([{chassisId: '00:15:5d:00:00:10', portId: '00:15:5d:00:00:10'}]).status, 'pass');
	t.is(judge([{chassisId: '0015.5d00.0010', portId: 'Ethernet 3'}]).status, 'pass');
	t.is(judge([{chassisId: '11:22:33:44:55:66', portId: '00:15:5d:00:00:10'}]).status, 'pass');
	t.regex(judge([{chassisId: '00:15:5d:00:00:10', portId: '00:15:5d:00:00:10'}]).summary, /by MAC/);
	// Another MAC and no name: a wrong neighbour. No MAC in the inventory: the system name decides.
	t.is(judge([{chassisId: '00:15:5d:00:00:99', portId: '00:15:5d:00:00:99'}]).status, 'fail');
	t.is(judge([{chassisId: '00:15:5d:00:00:99', portId: 'x', systemName: 'hv01'}], new Map()).status, 'pass');
	t.is(judge([{chassisId: '00:15:5d:00:00:10', portId: 'x'}], new Map()).status, 'fail');
});
