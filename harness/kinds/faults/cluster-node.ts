// Taking a cluster node away and bringing it back, two kinds: planned, `Suspend-ClusterNode -Drain` (its roles move
// off, the node is Paused), and unplanned, `Stop-ClusterNode` (its cluster service stops, the node is Down and its
// roles fail over). The restore brings the node back (`Resume-ClusterNode`; `Start-ClusterNode`, then waiting for it
// to be Up) and moves the role home (`Move-ClusterGroup -Node`). Commands and read-backs go through another member
// (`via`), whose cluster service keeps running; the node itself stays reachable over management either way.
//
// Confirmed by reading the cluster back: the node Paused (Down) and the role Online on another node; then the node
// Up and the role Online on it again. Refused on a node the rig file does not list as a SOFS node, and refused
// (by the interlocks) when the cluster would lose quorum or the file server every node; checked again live just
// before the command, against what the cluster says is up.
import {z} from 'zod';
import {HarnessError} from '../../errors.js';
import type {PlanCommand} from '../../plan/command.js';
import type {Rig} from '../../rig/schema.js';
import {sleep, systemClock} from '../../run/clock.js';
import type {WindowsNode} from '../../targets/windows-node.js';
import {queryWindowsPowerShell, runWindowsPowerShell} from '../../windows/windows-powershell.js';
import {clusterGroupItem, clusterNodeItem} from '../../windows/inventory/queries.js';
import {powershellExe, psString} from '../../windows/powershell.js';
import {psQuery} from '../../windows/query.js';
import {defineFaultKind, noEffect, type FaultDevices, type FaultKind, type FaultReading} from '../fault-kind.js';

const variants = {
	'cluster-node-drain': {
		inject: (node: string) => `Suspend-ClusterNode -Name ${psString(node)} -Drain`,
		bringBack: (node: string) => `Resume-ClusterNode -Name ${psString(node)}`,
		away: 'Paused',
		verbs: {inject: 'drain', restore: 'resume', injected: 'cluster node drained', restored: 'cluster node resumed, role home', undo: 'Resume-ClusterNode and move the role home on'},
		what: 'drained (planned: Suspend-ClusterNode -Drain)',
	},
	'cluster-node-stop': {
		inject: (node: string) => `Stop-ClusterNode -Name ${psString(node)}`,
		bringBack: (node: string) => `Start-ClusterNode -Name ${psString(node)}`,
		away: 'Down',
		verbs: {inject: 'stop', restore: 'start', injected: 'cluster node stopped', restored: 'cluster node started, role home', undo: 'Start-ClusterNode and move the role home on'},
		what: 'stopped (unplanned: Stop-ClusterNode)',
	},
} as const;

export type ClusterNodeKind = keyof typeof variants;

const stepOf = <K extends ClusterNodeKind>(kind: K) => z.strictObject({
	kind: z.literal(kind),
	id: z.string(),
	/** The SOFS node taken away. */
	node: z.string(),
	/** Another member the commands go through. */
	via: z.string(),
	/** The clustered role brought home afterwards: the file server role. */
	group: z.string(),
	/** Whether the cluster has a witness whose vote counts (the rig file's cluster.witness), for the live quorum check. */
	witness: z.boolean(),
	atS: z.number(),
	restoreAtS: z.number(),
});

export type ClusterNodeStep = z.output<ReturnType<typeof stepOf>>;

// A drain moves every role first; a started node joins before it is Up.
const awayWithinMs = 120_000;
const backWithinMs = 180_000;

const moveHomeScript = (step: ClusterNodeStep) => `Move-ClusterGroup -Name ${psString(step.group)} -Node ${psString(step.node)}`;
const readScripts = (step: ClusterNodeStep) => ({
	nodes: psQuery('nodes', 'Get-ClusterNode | Select-Object -Property Name,Id,State', clusterNodeItem),
	group: psQuery('group', `Get-ClusterGroup -Name ${psString(step.group)} | Select-Object -Property Name,OwnerNode,State`, clusterGroupItem),
});

const command = (script: string, confirm: PlanCommand['confirm']): PlanCommand => ({kind: 'powershell', exe: powershellExe('5.1'), script, ...(confirm === undefined ? {} : {confirm})});

interface ClusterView {
	nodes: Array<{Name: string; State: string}>;
	owner: string | null;
	groupState: string;
}

const readCluster = async (node: WindowsNode, step: ClusterNodeStep, signal?: AbortSignal): Promise<ClusterView> => {
	const queries = readScripts(step);
	const result = await queryWindowsPowerShell(node, queries, signal);
	for (const [key, message] of Object.entries(result.errors)) {
		throw new HarnessError('COMMAND_FAILED', `${key === 'nodes' ? 'Get-ClusterNode' : 'Get-ClusterGroup'} on ${node.name}: ${String(message)}`, {target: node.name, hint: 'the node the harness reads the cluster through must be a member whose cluster service runs'});
	}

	const group = result.data.group?.[0];
	return {nodes: result.data.nodes ?? [], owner: group?.OwnerNode ?? null, groupState: group?.State ?? 'not found'};
};

const same = (a: string | null | undefined, b: string) => a?.toLowerCase() === b.toLowerCase();

const stateOf = (view: ClusterView, node: string) => view.nodes.find(candidate => same(candidate.Name, node))?.State ?? 'not a member';

const reading = (kind: ClusterNodeKind, step: ClusterNodeStep, view: ClusterView): FaultReading => {
	const state = stateOf(view, step.node);
	const online = view.groupState === 'Online';
	const detail = `${step.node} ${state}; ${step.group} on ${view.owner ?? 'no node'} (${view.groupState})`;
	if (state === variants[kind].away && online && !same(view.owner, step.node)) {
		return {state: 'faulted', detail};
	}

	return {state: state === 'Up' && online && same(view.owner, step.node) ? 'clear' : 'between', detail};
};

/** The votes the cluster keeps if `node` goes, as the cluster itself says who is up (the SOFS nodes are its members). */
const assertQuorumLive = (step: ClusterNodeStep, view: ClusterView, what: string) => {
	const up = view.nodes.filter(candidate => candidate.State === 'Up' && !same(candidate.Name, step.node)).length;
	const witness = step.witness ? 1 : 0;
	if (up === 0 || (up + witness) * 2 <= view.nodes.length + witness) {
		throw new HarnessError('INTERLOCK', `refusing to ${what} ${step.node}: the cluster reports ${view.nodes.map(candidate => `${candidate.Name} ${candidate.State}`).join(', ')}; without ${step.node}, ${up === 0 ? `${step.group} has no node` : `${up + witness} of ${view.nodes.length + witness} votes is no majority`}`, {
			target: step.via, hint: 'bring the cluster\'s other nodes up first (Get-ClusterNode); nothing was sent',
		});
	}
};

const kindOf = <K extends ClusterNodeKind>(kind: K) => {
	const variant = variants[kind];
	const step = stepOf(kind);
	type Step = z.output<typeof step>;
	const viaNode = async (devices: FaultDevices, s: Step) => devices.windowsNode(s.via);
	return defineFaultKind<Step>({
		kind,
		step,
		verbs: variant.verbs,
		confirmWithinMs: {inject: awayWithinMs, restore: backWithinMs},
		describe: s => `cluster node ${s.node} (${s.group})`,
		planText: s => ({
			inject: `${kind === 'cluster-node-drain' ? 'drain' : 'stop'} cluster node ${s.node} (its roles, ${s.group} among them, move to the other nodes)`,
			restore: `${kind === 'cluster-node-drain' ? 'resume' : 'start'} ${s.node}, then move ${s.group} back to it`,
		}),
		device: s => ({type: 'node', name: s.via}),
		effect: s => ({...noEffect(), nodesOut: [s.node]}),
		refusals(s, rig) {
			const problems: Array<{rule: 'unknown-target'; message: string}> = [];
			if (rig.cluster === undefined) {
				problems.push({rule: 'unknown-target', message: `${s.node}: the rig file declares no cluster (cluster:), so the harness takes no cluster node away`});
			}

			for (const [role, name] of [['node', s.node], ['via', s.via]] as const) {
				if (!rig.sofs.nodes.includes(name)) {
					problems.push({rule: 'unknown-target', message: `${name}: not a SOFS node of the rig file (${rig.sofs.nodes.join(', ')}); the ${role === 'node' ? 'node taken away' : 'node the commands go through'} must be one`});
				}
			}

			if (s.node === s.via) {
				problems.push({rule: 'unknown-target', message: `${s.node}: the commands must go through another node than the one taken away`});
			}

			return problems;
		},
		commands: s => ({
			inject: command(variant.inject(s.node), {line: 'Get-ClusterNode; Get-ClusterGroup', until: `${s.node} ${variant.away} and ${s.group} Online on another node`, withinS: awayWithinMs / 1000}),
			restore: command(`${variant.bringBack(s.node)}\n${moveHomeScript(s)}`, {line: 'Get-ClusterNode; Get-ClusterGroup', until: `${s.node} Up and ${s.group} Online on it`, withinS: backWithinMs / 1000}),
		}),
		async inject(devices, s, signal) {
			const via = await viaNode(devices, s);
			assertQuorumLive(s, await readCluster(via, s, signal), kind === 'cluster-node-drain' ? 'drain' : 'stop');

			await runWindowsPowerShell(via, variant.inject(s.node), {label: variant.inject(s.node), idempotent: false, ...(signal === undefined ? {} : {signal})});
		},
		// Idempotent: each step is sent only when the cluster says it is still needed.
		async restore(devices, s, signal) {
			const via = await viaNode(devices, s);
			const options = {idempotent: true, ...(signal === undefined ? {} : {signal})};
			let view = await readCluster(via, s, signal);
			if (stateOf(view, s.node) !== 'Up') {
				await runWindowsPowerShell(via, variant.bringBack(s.node), {label: variant.bringBack(s.node), ...options});
				// A started node joins before it is Up; the role can only move to it then.
				const deadline = systemClock.monotonic() + backWithinMs;
				while (stateOf(view, s.node) !== 'Up' && systemClock.monotonic() < deadline) {
					await sleep(500, signal);
					view = await readCluster(via, s, signal);
				}
			}

			if (!same(view.owner, s.node)) {
				await runWindowsPowerShell(via, moveHomeScript(s), {label: moveHomeScript(s), ...options});
			}
		},
		async readBack(devices, s, signal) {
			return reading(kind, s, await readCluster(await viaNode(devices, s), s, signal));
		},
	});
};

export const clusterNodeDrain = kindOf('cluster-node-drain') as unknown as FaultKind<ClusterNodeStep>;
export const clusterNodeStop = kindOf('cluster-node-stop') as unknown as FaultKind<ClusterNodeStep>;

/** The step that takes `node` away (through `via`) and brings it and the file server role back. */
export const clusterNodeStepOf = (rig: Rig, kind: ClusterNodeKind, id: string, node: string, via: string, atS: number, restoreAtS: number): ClusterNodeStep => ({
	kind, id, node, via, group: rig.sofs.name, witness: rig.cluster?.witness !== undefined && rig.cluster.witness !== 'none', atS, restoreAtS,
});
