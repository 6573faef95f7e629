// The cluster as it saw itself during the run, polled at an interval through one member (in Windows PowerShell
// 5.1; through the next member that answers while that one's cluster service is down): the heartbeat settings (Get-Cluster SameSubnetDelay, SameSubnetThreshold), every node's state
// (Get-ClusterNode), where each watched role runs (Get-ClusterGroup), each cluster network's state
// (Get-ClusterNetwork, matched to the rig's networks by address) and each host's SMB Witness registrations
// (Get-SmbWitnessClient). Enum states are kept as the cmdlets' integer values (ClusterNodeState, ClusterGroupState,
// ClusterNetworkState), a node or role the cluster does not list as missing; written to counters/<node>.cluster.csv.
//
// With `events`, each poll also reads the FailoverClustering events of every member's System log since the capture
// started (Get-WinEvent), kept in the capture's `events` with their time on the run's timeline.
import {z} from 'zod';
import {HarnessError} from '../../errors.js';
import type {CapturedEvent} from '../../run/run-data.js';
import {clusterColumn} from '../../verdicts/cluster-state.js';
import {powershellExe} from '../../windows/powershell.js';
import {queryWindowsPowerShell, runWindowsPowerShell} from '../../windows/windows-powershell.js';
import {parseWinEvents, winEventScript} from '../../windows/events.js';
import {clusterGroupItem, clusterNetworkItem, clusterNodeItem, witnessItem} from '../../windows/inventory/queries.js';
import {psNumber} from '../../windows/ps-json.js';
import {psQuery, type BatchResult} from '../../windows/query.js';
import {defineCaptureKind, type RunningCapture} from '../capture-kind.js';
import {startPolling} from './polling.js';
import type {FaultDevices} from '../fault-kind.js';

export const clusterStateStep = z.strictObject({
	kind: z.literal('cluster-state'),
	/** The member the cluster is read through; when its cluster service is not running, the next member that answers. */
	node: z.string(),
	/** The cluster's nodes: their states, and (with events) their System logs. */
	members: z.array(z.string()).min(1),
	/** Roles whose owner is watched. */
	groups: z.array(z.string()),
	/** The rig's networks the cluster's are matched to, by network address. */
	networks: z.array(z.strictObject({name: z.string(), address: z.string()})),
	/** SMB clients whose witness registrations are watched. */
	clients: z.array(z.string()),
	/** FailoverClustering event IDs to read from every member, or none. */
	events: z.array(z.number().int()).default([]),
	intervalS: z.number().int().positive(),
	samples: z.number().int().positive(),
});

export type ClusterStateStep = z.output<typeof clusterStateStep>;

export const eventProvider = 'Microsoft-Windows-FailoverClustering';

const clusterItem = z.object({Name: z.string(), SameSubnetDelay: psNumber, SameSubnetThreshold: psNumber});

const queries = {
	cluster: psQuery('cluster', 'Get-Cluster | Select-Object -Property Name,SameSubnetDelay,SameSubnetThreshold', clusterItem),
	nodes: psQuery('nodes', 'Get-ClusterNode | Select-Object -Property Name,Id,State', clusterNodeItem),
	groups: psQuery('groups', 'Get-ClusterGroup | Select-Object -Property Name,OwnerNode,State', clusterGroupItem),
	networks: psQuery('networks', 'Get-ClusterNetwork | Select-Object -Property Name,Address,AddressMask,Role,State', clusterNetworkItem),
	witness: psQuery('witness', 'Get-SmbWitnessClient | Select-Object -Property ClientName,FileServerNodeName,WitnessNodeName,NetworkName,State', witnessItem),
};

// The cmdlets' integer values, from the names the inventory's enums give them back.
const codes = {
	node: {Up: 0, Down: 1, Paused: 2, Joining: 3},
	group: {Online: 0, Offline: 1, Failed: 2, PartialOnline: 3, Pending: 4},
	network: {Unavailable: 0, Down: 1, Partitioned: 2, Up: 3},
} as const;

const codeOf = (map: Record<string, number>, name: string | undefined): number | null => (name === undefined ? null : map[name] ?? null);

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
/** Witness names are host names or FQDNs (ClientName is the client's FQDN): compared by their first label. */
const sameHost = (a: string, b: string) => same(a.split('.')[0]!, b.split('.')[0]!);

/** Column names, in a stable order, for a step. */
export const clusterColumns = (step: ClusterStateStep): string[] => [
	clusterColumn.heartbeatDelayMs,
	clusterColumn.heartbeatThreshold,
	...step.members.map(clusterColumn.nodeState),
	...step.groups.flatMap(group => [`group ${group} state`, ...step.members.map(node => clusterColumn.groupOn(group, node))]),
	...step.networks.map(network => clusterColumn.networkState(network.name)),
	...step.clients.flatMap(client => [clusterColumn.registrations(client), ...step.members.map(node => clusterColumn.witnessNames(client, node))]),
];

type Reading = BatchResult<typeof queries>['data'];

const networkOf = (step: ClusterStateStep, address: string) => step.networks.find(network => network.address === address)?.name;

const valuesOf = (step: ClusterStateStep, data: Reading): Array<number | null> => {
	const cluster = data.cluster?.[0];
	const node = (name: string) => data.nodes?.find(candidate => same(candidate.Name, name));
	const group = (name: string) => data.groups?.find(candidate => same(candidate.Name, name));
	const registrations = (client: string) => (data.witness ?? []).filter(entry => sameHost(entry.ClientName, client));
	return [
		cluster === undefined ? null : cluster.SameSubnetDelay,
		cluster === undefined ? null : cluster.SameSubnetThreshold,
		...step.members.map(name => codeOf(codes.node, node(name)?.State)),
		...step.groups.flatMap(name => {
			const found = group(name);
			return [codeOf(codes.group, found?.State), ...step.members.map(member => (found === undefined ? null : found.OwnerNode !== null && same(found.OwnerNode, member) ? 1 : 0))];
		}),
		...step.networks.map(network => codeOf(codes.network, data.networks?.find(candidate => networkOf(step, candidate.Address) === network.name)?.State)),
		...step.clients.flatMap(client => {
			const entries = registrations(client);
			return [entries.length, ...step.members.map(member => (entries.some(entry => sameHost(entry.WitnessNodeName, member) || sameHost(entry.FileServerNodeName, member)) ? 1 : 0))];
		}),
	];
};

/**
 * One reading of the cluster through the first member that answers: a node removed from membership (or stopped) has
 * no cluster service to ask, and the cluster's own view is what is read, through whichever member still has it.
 */
const readCluster = async (devices: FaultDevices, step: ClusterStateStep, signal: AbortSignal) => {
	const failures: string[] = [];
	for (const member of [step.node, ...step.members.filter(candidate => candidate !== step.node)]) {
		const result = await queryWindowsPowerShell(await devices.windowsNode(member), queries, signal);
		const failed = Object.entries(result.errors);
		if (failed.length === 0) {
			return result;
		}

		failures.push(`${member}: ${failed.map(([key, message]) => `${key}: ${String(message)}`).join('; ')}`);
	}

	throw new HarnessError('COMMAND_FAILED', `no member of the cluster answered: ${failures.join(' | ')}`, {
		target: step.node, hint: 'the cluster is read through a member whose cluster service runs, with the FailoverClusters and SmbWitness modules',
	});
};

export const clusterState = defineCaptureKind({
	kind: 'cluster-state',
	step: clusterStateStep,
	devices: step => ({nodes: [...new Set([step.node, ...step.members])], switches: []}),
	describe: step => `cluster state through ${step.node} every ${step.intervalS} s, ${step.samples} samples${step.events.length > 0 ? `, events ${step.events.join(', ')} of ${step.members.join(', ')}` : ''}`,
	planSteps: step => [
		{
			phase: 'start' as const, target: step.node,
			action: `poll the cluster every ${step.intervalS} s, ${step.samples} samples (Windows PowerShell 5.1)`,
			command: {kind: 'powershell' as const, exe: powershellExe('5.1'), script: Object.values(queries).map(query => query.pipeline).join('\n')},
		},
		...(step.events.length === 0 ? [] : step.members.map(member => ({
			phase: 'start' as const, target: member,
			action: `read ${eventProvider} events ${step.events.join(', ')} of the System log since the capture started, every ${step.intervalS} s`,
			command: {kind: 'powershell' as const, exe: powershellExe('5.1'), script: winEventScript({log: 'System', provider: eventProvider, ids: step.events, startUtcMs: 0}).replace(/\[datetime\]'[^']*'/, '[datetime]\'<capture start, UTC>\'')},
		}))),
	],
	async prepare() {
		return undefined;
	},
	async start(run, step): Promise<RunningCapture> {
		const events: CapturedEvent[] | undefined = step.events.length > 0 ? [] : undefined;
		const startedAt = run.now();
		const seen = new Set<string>();
		let clusterNetworks = new Map<string, string>();

		// Read on the orchestrator's clock (epoch ms); put on the timeline once its origin is fixed.
		const readEvents = async (member: string, signal: AbortSignal): Promise<Array<Omit<CapturedEvent, 't'> & {atMs: number}>> => {
			const clock = run.clockOf(member);
			if (clock === undefined) {
				throw new HarnessError('INTERNAL', `no clock reading of ${member}`, {target: member});
			}

			// A margin before the start: the node's clock is only known to within its reading.
			const script = winEventScript({log: 'System', provider: eventProvider, ids: step.events, startUtcMs: startedAt + clock.skewMs - 5000});
			const read = parseWinEvents(await runWindowsPowerShell(await run.devices.windowsNode(member), script, {label: 'Get-WinEvent', idempotent: true, signal}), member);
			return read.flatMap(event => {
				const key = `${member}|${event.recordId}`;
				if (seen.has(key)) {
					return [];
				}

				seen.add(key);
				const network = event.data.map(value => clusterNetworks.get(value)).find(name => name !== undefined);
				return [{
					atMs: event.timeUtcMs - clock.skewMs, node: member, provider: event.provider, id: event.id, recordId: event.recordId,
					level: event.level, data: event.data, message: event.message, ...(network === undefined ? {} : {network}),
				}];
			});
		};

		return startPolling(run, {
			data: {node: step.node, kind: 'cluster-state', file: `counters/${step.node}.cluster.csv`, columns: clusterColumns(step), samples: [], missing: [], ...(events === undefined ? {} : {events})},
			intervalS: step.intervalS,
			samples: step.samples,
			async read(signal) {
				const result = await readCluster(run.devices, step, signal);
				clusterNetworks = new Map((result.data.networks ?? []).flatMap(network => {
					const name = networkOf(step, network.Address);
					return name === undefined ? [] : [[network.Name, name] as const];
				}));
				if (events !== undefined) {
					const read = (await Promise.all(step.members.map(async member => readEvents(member, signal)))).flat();
					run.recorder.atOrigin(() => {
						events.push(...read.map(({atMs, ...event}) => ({t: run.recorder.toRunTime(atMs), ...event})));
						events.sort((a, b) => a.t - b.t);
					});
				}

				return valuesOf(step, result.data);
			},
		});
	},
});
