// Heartbeat resilience: one storage link of a cluster node is pulled (its switch port shut, or its adapter disabled),
// on each storage network in turn, for longer than the cluster's heartbeat threshold (SameSubnetDelay ×
// SameSubnetThreshold, read from the cluster). With cluster traffic allowed on every storage network the heartbeat
// keeps another path: no node may leave membership, no network may partition beyond the pulled interface, and the
// pulled link's cluster network must go down and come back up.
import {z} from 'zod';
import {HarnessError} from '../harness/errors.js';
import {clusterStateStep} from '../harness/kinds/captures/cluster-state.js';
import type {NicDisableStep} from '../harness/kinds/faults/nic-disable.js';
import {portDownOf} from '../harness/kinds/faults/port-down.js';
import type {Plan} from '../harness/plan/plan.js';
import type {RunRecord} from '../harness/record/record.js';
import type {Rig} from '../harness/rig/schema.js';
import {storageRnics} from '../harness/rig/topology.js';
import {clockMisalignment, timelineToleranceMs} from '../harness/run/clock-drift.js';
import {defineSuite} from '../harness/suite.js';
import {clusterColumn, clusterSeries, networkStates} from '../harness/verdicts/cluster-state.js';
import {heartbeatThresholdMs, heartbeatVerdicts, membershipEvent, partitionEvents, type HeartbeatMeasurements} from '../harness/verdicts/heartbeat.js';
import type {ReportSection} from '../reports/model.js';
import {nodeAndVia} from './cluster-nodes.js';

// Read beside the judged ones: an interface (1125) and a network (1128) back up.
const upEvents = [1125, 1128];

const params = z.strictObject({
	/** The cluster node whose links are pulled; the first SOFS node by default. */
	node: z.string().optional(),
	/** The member the cluster is read through; the next SOFS node by default. */
	via: z.string().optional(),
	/** `port-down` shuts the switch port; `nic-disable` disables the adapter on the node. */
	fault: z.enum(['port-down', 'nic-disable']).default('port-down'),
	/** The storage network whose link is pulled; each in turn by default. */
	network: z.string().optional(),
	/** Seconds of readings before the first pull. */
	preFaultS: z.number().int().min(2).max(3600).default(5),
	/** Seconds each link stays pulled: past the heartbeat threshold (Windows Server 2016 and later: 1 s × 10). */
	holdS: z.number().int().min(2).max(3600).default(25),
	/** Seconds after each restore: the interface and the network back up. */
	recoverS: z.number().int().min(3).max(3600).default(15),
	sampleIntervalS: z.number().int().min(1).max(60).default(1),
});

export type HeartbeatParams = z.output<typeof params>;

const firstStorageNetwork = (rig: Rig): {network?: string} => {
	const network = rig.networks.find(candidate => candidate.role === 'storage')?.name;
	return network === undefined ? {} : {network};
};

const plan = (rig: Rig, p: HeartbeatParams): Plan => {
	if (rig.cluster === undefined || rig.sofs.nodes.length < 2) {
		throw new HarnessError('USAGE', `${rig.name} has no cluster of two or more nodes (cluster:, sofs.nodes)`, {target: rig.name});
	}

	const {node, via} = nodeAndVia(rig, p, 'the node whose links are pulled');
	const all = storageRnics(rig, rig.nodes.find(candidate => candidate.name === node)!);
	const rnics = p.network === undefined ? all : all.filter(rnic => rnic.network === p.network);
	if (rnics.length === 0) {
		throw new HarnessError('USAGE', `${node} has no storage link${p.network === undefined ? '' : ` on network ${p.network}`}`, {target: node, hint: all.length === 0 ? 'cable one of its rNICs to a storage network in the rig file' : `network: one of ${all.map(rnic => rnic.network).join(', ')}`});
	}

	const cycleS = p.holdS + p.recoverS;
	const durationS = p.preFaultS + (rnics.length * cycleS);
	const faults = rnics.map((rnic, index) => {
		const atS = p.preFaultS + (index * cycleS);
		const id = `pull-${rnic.network}`;
		return p.fault === 'port-down'
			? portDownOf(rig, node, rnic.name, id, atS, atS + p.holdS)
			: {kind: 'nic-disable' as const, id, node, rnic: rnic.name, atS, restoreAtS: atS + p.holdS} satisfies NicDisableStep;
	});
	return {
		suite: 'heartbeat-resilience',
		rig: rig.name,
		durationS,
		captures: [clusterStateStep.parse({
			kind: 'cluster-state', node: via, members: rig.sofs.nodes, groups: [],
			networks: rig.networks.map(network => ({name: network.name, address: network.cidr.split('/')[0]!})),
			clients: [], events: [...partitionEvents, membershipEvent, ...upEvents].sort((a, b) => a - b),
			intervalS: p.sampleIntervalS, samples: Math.ceil((durationS + 6) / p.sampleIntervalS),
		})],
		workloads: [],
		faults,
		windows: [
			{name: 'baseline', fromS: 0, toS: p.preFaultS},
			...faults.flatMap(step => [{name: step.id, fromS: step.atS, toS: step.restoreAtS}, {name: `${step.id}-recovery`, fromS: step.restoreAtS, toS: step.restoreAtS + p.recoverS}]),
		],
		notes: [
			`${node}'s storage links are pulled one at a time (${rnics.map(rnic => `${rnic.name} on ${rnic.network}`).join(', then ')}), ${p.fault === 'port-down' ? 'by shutting their switch ports' : 'by disabling the adapters on the node'}, for ${p.holdS} s each`,
			`the hold must outlast SameSubnetDelay × SameSubnetThreshold as Get-Cluster reports them (read during the run; the verdicts are not judged otherwise)`,
			`the cluster is read through ${via} every ${p.sampleIntervalS} s, and the FailoverClustering events of ${rig.sofs.nodes.join(', ')} (Get-WinEvent, System log)`,
		],
	};
};

const measurements = (record: RunRecord, p: HeartbeatParams): HeartbeatMeasurements => {
	const {data, plan: planned, rig} = record;
	const capture = planned.captures.find(step => step.kind === 'cluster-state');
	const cluster = data.captures.find(candidate => candidate.kind === 'cluster-state' && candidate.node === capture?.['node']);
	const members = (capture?.['members'] as string[] | undefined) ?? rig.sofs.nodes;
	const readingsEndS = Math.max(data.durationS, cluster?.samples.at(-1)?.t ?? 0);
	const misaligned = members.map(node => clockMisalignment(node, data.nodes[node], timelineToleranceMs(p.sampleIntervalS))).find(reason => reason !== undefined);
	return {
		pulls: planned.faults.map((step, index) => {
			const fault = data.faults.find(candidate => candidate.id === step.id);
			const cable = step.kind === 'port-down' ? step['cable'] as {node: string; rnic: string} : {node: String(step['node']), rnic: String(step['rnic'])};
			const rnic = rig.nodes.find(node => node.name === cable.node)?.rnics.find(candidate => candidate.name === cable.rnic);
			return {
				id: step.id, node: cable.node, network: rnic?.network ?? '', adapter: cable.rnic,
				...(fault?.injectSentAtS === undefined ? {} : {sentS: fault.injectSentAtS}),
				...(fault?.confirmedAtS === undefined ? {} : {confirmedS: fault.confirmedAtS}),
				...(fault?.restoreSentAtS === undefined ? {} : {restoreSentS: fault.restoreSentAtS}),
				...(fault?.restoreConfirmedAtS === undefined ? {} : {restoreConfirmedS: fault.restoreConfirmedAtS}),
				untilS: data.faults.find(candidate => candidate.id === planned.faults[index + 1]?.id)?.injectSentAtS ?? readingsEndS,
			};
		}),
		...(cluster === undefined || cluster.samples.length === 0 ? {} : {cluster}),
		members,
		...(misaligned === undefined ? {} : {misaligned}),
	};
};

const report = (record: RunRecord, p: HeartbeatParams): ReportSection[] => {
	const m = measurements(record, p);
	if (m.cluster === undefined) {
		return [];
	}

	const networks = [...new Set(m.pulls.map(pull => pull.network))];
	const thresholdMs = heartbeatThresholdMs(m.cluster);
	const events = m.cluster.events ?? [];
	return [
		{
			kind: 'chart',
			file: 'heartbeat.png',
			caption: 'State of each pulled link\'s cluster network as Get-ClusterNetwork reported it (3 Up, 2 Partitioned, 1 Down), the pulls shaded, and every FailoverClustering event marked',
			chart: {
				title: `Heartbeat resilience: ${m.pulls[0]?.node ?? ''}'s storage links pulled in turn`,
				subtitle: `heartbeat threshold ${thresholdMs === undefined ? 'unknown' : `${thresholdMs} ms`} (SameSubnetDelay × SameSubnetThreshold)`,
				axes: [{id: 'left', label: 'Cluster network state', unit: 'state', min: 0, max: 3.5, integer: true}],
				series: networks.map((network, index) => ({
					id: `network${index + 1}`, label: network, unit: 'state', axis: 'left' as const, style: 'step' as const,
					points: (clusterSeries(m.cluster!, clusterColumn.networkState(network)) ?? []).flatMap(point => (point.v === null ? [] : [{t: point.t, v: point.v}])),
				})),
				bands: m.pulls.flatMap(pull => (pull.sentS === undefined ? [] : [{startS: pull.sentS, endS: pull.restoreConfirmedS ?? pull.restoreSentS ?? record.data.durationS, label: `${pull.node} ${pull.adapter} pulled`}])),
				// An interface's events name it (`sofs01 - Storage A`), a network's the rig network it is.
				markers: [...new Map(events.map(event => [`${event.id}|${event.data.join('|')}`, event])).values()].map(event => ({t: event.t, label: `${event.id} ${event.data.length === 3 ? event.data[0]! : event.network ?? event.data[0] ?? ''}`})),
				xMaxS: Math.ceil(Math.max(record.data.durationS, ...m.cluster.samples.map(sample => sample.t)) / 5) * 5,
			},
		},
		{
			kind: 'table',
			title: 'FailoverClustering events during the run (Get-WinEvent, System log)',
			columns: ['Time (s)', 'Node', 'Event', 'Level', 'Insertion strings'],
			rows: events.map(event => [Math.round(event.t * 10) / 10, event.node, event.id, event.level ?? '', event.data.join(' · ')]),
			caption: `Network states: ${Object.entries(networkStates).map(([value, name]) => `${value} ${name}`).join(', ')}.`,
		},
	];
};

export default defineSuite({
	name: 'heartbeat-resilience',
	title: 'Cluster heartbeat resilience to one storage link',
	description: 'Pull one storage link of a cluster node at a time, past the heartbeat threshold; no node may leave membership and no network partition beyond the pulled link.',
	params,
	plan,
	// Quick: the first storage network's link, by switch port, held 12 s: past Windows' default heartbeat threshold
	// (1 s × 10); a cluster with a longer threshold needs the full profile. Full: each storage network in turn, by
	// switch port and by disabling the adapter, default holds.
	certify: (rig, profile) => (profile === 'quick'
		? [{label: 'port-down', settings: {fault: 'port-down', preFaultS: 3, holdS: 12, recoverS: 5, ...firstStorageNetwork(rig)}}]
		: (['port-down', 'nic-disable'] as const).map(fault => ({label: fault, settings: {fault}}))),
	judge: (record, p) => heartbeatVerdicts(measurements(record, p)),
	report: (record, _verdicts, p) => report(record, p),
});
