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
