// Runs, verdicts and manifests as the history stores them, for the store and regression tests.
import type {HistoryRun, StoredVerdict} from '../../harness/history/history.js';
import {paramsHash} from '../../harness/history/history.js';
import {hashed, type RigManifest} from '../../harness/manifest/manifest.js';

export const manifestFor = (driverVersion: string, extra: Partial<RigManifest> = {}): RigManifest => ({
	nodes: {
		hv01: {
			os: {name: 'Windows Server 2022 Datacenter', version: '21H2', build: '20348.2340'},
			rnics: {'SLOT 3 Port 1': {description: 'Mellanox ConnectX-4 Lx Ethernet Adapter', driver: {name: 'mlx5.sys', version: driverVersion, provider: 'Mellanox Technologies Ltd.'}, firmware: '14.32.1010', linkGbps: 25}},
			dcb: hashed({policies: {SMB: {PriorityValue8021Action: 3}}}),
		},
	},
	switches: {'tor-a': {vendor: 'nxos', os: {os: 'NX-OS', version: '10.3(4a)'}, dcb: hashed({'Ethernet1/1': {pfc: {mode: 'on', priorities: [3]}, ets: {'TC 3': {priorities: [3], algorithm: 'ets', bandwidthPercent: 50}}, trust: 'cos', mtu: 9216, dcbx: {enabled: false}}})}},
	unread: [],
	rigFile: hashed({name: 'lab-rig-1'}),
	...extra,
});

export const verdictWith = (id: string, value: number, status: StoredVerdict['status'] = 'pass'): StoredVerdict => ({
	id, title: `verdict ${id}`, status, summary: `${id} measured`, threshold: '≤ 5000 ms', measured: `${value} ms`, evidence: {value},
	metric: {name: `${id}Ms`, value, unit: 'ms', better: 'lower', resolution: 100}, source: 'suite',
});

let sequence = 0;

export const historyRun = (fields: Partial<HistoryRun> = {}): HistoryRun => {
	sequence++;
	const params = fields.params ?? {holdS: 10};
	return {
		id: `20261201-0000${String(sequence).padStart(2, '0')}-multichannel-failover.${sequence.toString(16).padStart(6, '0')}`,
		startedAt: new Date(Date.UTC(2026, 11, 1) + (sequence * 3_600_000)).toISOString(),
		rig: 'lab-rig-1', suite: 'multichannel-failover', variant: null, paramsHash: paramsHash(params), params, kind: 'nightly', certification: null,
		outcome: 'passed', regression: null, folder: '/runs/x', host: 'orchestrator-1', manifest: manifestFor('3.10.50000'),
		verdicts: [verdictWith('stall', 1500)],
		...fields,
	};
};
