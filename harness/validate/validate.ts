// Reads the live state of every node and every switch of a rig and judges each rule on it. Nodes and switches are
// read in parallel over the transports a run uses; anything that cannot be read is an infrastructure error for the
// whole validation (never a pass).
import type {Rig} from '../rig/schema.js';
import {switchDriver} from '../targets/switches/index.js';
import type {SwitchDriver} from '../targets/switch.js';
import {connectDevice, type ConnectOptions} from '../transport/connect.js';
import type {Transport} from '../transport/types.js';
import type {Verdict} from '../verdicts/verdict.js';
import {collectInventories} from '../windows/inventory/collect.js';
import {judgeHosts} from './host-rules.js';
import {collectSwitchState, type SwitchSnapshot} from './switch-state.js';
import {switchRules} from './switch-rules.js';

export interface ValidateOptions {
	signal?: AbortSignal;
	connect?: ConnectOptions;
}

const readSwitches = async (rig: Rig, options: ValidateOptions): Promise<SwitchSnapshot> => {
	const transports: Transport[] = [];
	try {
		const drivers = new Map<string, SwitchDriver>(await Promise.all(rig.switches.map(async device => {
			const transport = await connectDevice(rig, device, options.connect);
			transports.push(transport);
			return [device.name, switchDriver(device, transport)] as const;
		})));
		return await collectSwitchState(rig, drivers, options.signal ?? new AbortController().signal);
	} finally {
		await Promise.all(transports.map(async transport => transport.close()));
	}
};

/** Every check of a rig: host checks, then switch checks, with consequences of a dark switch port attributed to it. */
export const validateRig = async (rig: Rig, options: ValidateOptions = {}): Promise<Verdict[]> => {
	const [inventories, switches] = await Promise.all([
		collectInventories(rig, {...(options.signal ? {signal: options.signal} : {}), ...(options.connect ? {connect: options.connect} : {})}),
		readSwitches(rig, options),
	]);
	const rnicMacs = new Map(rig.nodes.flatMap(node => node.rnics.flatMap(rnic => {
		const mac = inventories.get(node.name)?.adapters.find(adapter => adapter.Name === rnic.name)?.MacAddress;
		return mac ? [[`${node.name}/${rnic.name}`, mac] as const] : [];
	})));
	return attributeTechnologyMismatch(attributeDarkPorts(rig, [...judgeHosts({rig, inventories}), ...switchRules(rig, switches, rnicMacs)], switches));
};

/**
 * iWARP and RoCE never connect, so a path whose two ends run different RDMA technologies carries no RDMA channel.
 * The smb-channels checks that fail because of it (its client rNIC's, and its server's) are reported as not judged,
 * pointing at rdma-technology, which names the path: one fault, one failure.
 */
export const attributeTechnologyMismatch = (checks: Verdict[]): Verdict[] => {
	const mismatched = checks.filter(check => check.id === 'rdma-technology' && check.status === 'fail' && check.target !== undefined).map(check => {
		const [client = '', server = ''] = check.target!.split(' <-> ');
		return {path: check.target!, client, server: server.split('/')[0]!};
	});
	return checks.map(check => {
		const cause = check.id === 'smb-channels' && check.status === 'fail' ? mismatched.find(path => check.target === path.client || check.target === path.server) : undefined;
		if (cause === undefined) {
			return check;
		}

		const {hint: _hint, ...rest} = check;
		return {...rest, status: 'skipped', summary: `not judged: ${cause.path} mixes RDMA technologies, see rdma-technology; ${check.summary}`};
	});
};

// Host rules whose checks fail on an rNIC with a dark link, and the one that fails on every rNIC reaching it.
const linkRules = new Set(['rnic-link', 'smb-client-interfaces', 'smb-channels']);
const pathRules = new Set(['smb-channels']);

/**
 * A switch port that is shut takes its rNIC's link down, and the SMB channels over it. The host checks that fail only
 * because of that (the rNIC's own link and channel checks, and the channel checks of rNICs on the same storage network,
 * whose peer it is) are reported as not judged, pointing at the switch check: one fault shows as one failure, and the
 * hint leads to the cause rather than to its symptoms.
 */
export const attributeDarkPorts = (rig: Rig, checks: Verdict[], switches: SwitchSnapshot): Verdict[] => {
	const shut = switches.ports.filter(port => port.status.admin === 'down');
	const networkOf = (target: string | undefined) => {
		const [node, rnic] = (target ?? '').split('/');
		return rig.nodes.find(candidate => candidate.name === node)?.rnics.find(candidate => candidate.name === rnic)?.network;
	};

	const causeFor = (check: Verdict) => shut.find(port => {
		const own = check.target === `${port.cable.node}/${port.cable.rnic}` || check.target === port.cable.node;
		return own ? linkRules.has(check.id) : pathRules.has(check.id) && networkOf(check.target) === port.cable.network;
	});
	return checks.map(check => {
		const cause = check.status === 'fail' ? causeFor(check) : undefined;
		if (cause === undefined) {
			return check;
		}

		const {hint: _hint, ...rest} = check;
		return {...rest, status: 'skipped', summary: `not judged: ${cause.switch} ${cause.port} (cabled to ${cause.cable.node} ${cause.cable.rnic}) is shut, see switch-port-up; ${check.summary}`};
	});
};
