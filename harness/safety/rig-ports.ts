// The rig as the last line of defence. The lease and the journal keep apart the runs that share a state directory;
// nothing local can see a run from another state directory or another orchestrator, a port someone shut by hand, or a
// dead optic, and a suite would measure any of them as its own fault and pass or fail on it. So before each shutdown
// the run reads every switch port the rig file cables to an rNIC and refuses to go on if one is down that this run
// did not shut itself.
import pLimit from 'p-limit';
import {HarnessError} from '../errors.js';
import type {FaultStepBase} from '../kinds/fault-kind.js';
import type {Plan} from '../plan/plan.js';
import {readAdapterStatus} from '../kinds/faults/node-commands.js';
import {storageRnics} from '../rig/topology.js';
import type {WindowsNode} from '../targets/windows-node.js';
import {pathsDownBy} from './interlocks.js';
import type {Rig} from '../rig/schema.js';
import type {PortControl, PortStatus} from '../targets/switch.js';

export interface WatchedPort {
	switch: string;
	port: string;
	node: string;
	rnic: string;
}

export interface DownPort extends WatchedPort {
	status: PortStatus;
}

export interface SwitchPort {
	switch: string;
	port: string;
}

// Reads per switch at once: enough to read a rack's ports in a few round trips, few enough for a switch's SSH server
// (NX-OS and EOS cap sessions and channels) and its control-plane policing.
const readsPerSwitch = 4;

const key = (entry: SwitchPort) => `${entry.switch}\u0000${entry.port.toLowerCase()}`;

/** Every switch port the rig file cables to an rNIC: the ports a run may fault and must find up. */
export const watchedPorts = (rig: Rig): WatchedPort[] => {
	const seen = new Set<string>();
	return rig.nodes.flatMap(node => node.rnics.map(rnic => ({switch: rnic.cable.switch, port: rnic.cable.port, node: node.name, rnic: rnic.name})))
		.filter(entry => !seen.has(key(entry)) && Boolean(seen.add(key(entry))));
};

/**
 * The switches a run connects to: those its faults go to and, when it faults a switch at all, every switch the rig
 * cables an rNIC to, so their ports can be read before each fault. A plan that only faults nodes (a lab where the
 * harness may not touch the switches) connects to none.
 */
export const withWatchedSwitches = <T extends {switches: string[]}>(targets: T, _plan: Pick<Plan, 'faults'>, rig: Rig): T => ({
	...targets,
	switches: targets.switches.length === 0 ? targets.switches : [...new Set([...targets.switches, ...watchedPorts(rig).map(entry => entry.switch)])],
});

/** The switch ports these faults take down on purpose (the cables of the rNICs they cut), which may read down. */
export const expectedDown = (rig: Rig, faults: readonly FaultStepBase[]): SwitchPort[] => [...pathsDownBy(rig, faults)].flatMap(path => {
	const [node, rnic] = path.split('|');
	const cable = rig.nodes.find(candidate => candidate.name === node)?.rnics.find(candidate => candidate.name === rnic)?.cable;
	return cable === undefined ? [] : [{switch: cable.switch, port: cable.port}];
});

/** Reads every watched port except `expected` (one command per port, a few at a time per switch, switches in parallel). */
export const unexpectedlyDown = async (rig: Rig, switches: ReadonlyMap<string, PortControl>, expected: readonly SwitchPort[], signal?: AbortSignal): Promise<DownPort[]> => {
	const skip = new Set(expected.map(key));
	const ports = watchedPorts(rig).filter(entry => !skip.has(key(entry)));
	const bySwitch = new Map<string, WatchedPort[]>();
	for (const entry of ports) {
		bySwitch.set(entry.switch, [...(bySwitch.get(entry.switch) ?? []), entry]);
	}

	const read = await Promise.all([...bySwitch].map(async ([name, entries]) => {
		const driver = switches.get(name);
		if (driver === undefined) {
			throw new HarnessError('INTERNAL', `no connection to switch ${name} to check its ports before a shutdown`, {target: name, hint: 'the runner connects to every switch the rig cables an rNIC to when the plan has faults (withWatchedSwitches)'});
		}

		const limit = pLimit(readsPerSwitch);
		return Promise.all(entries.map(async entry => limit(async () => ({...entry, status: await driver.portStatus(entry.port, signal)}))));
	}));
	return read.flat().filter(entry => entry.status.admin === 'down' || entry.status.oper === 'down');
};

export const describeDownPort = (entry: DownPort): string =>
	`${entry.switch} ${entry.port} (${entry.node} ${entry.rnic}): admin ${entry.status.admin}, link ${entry.status.oper}${entry.status.reason ? ` (${entry.status.reason})` : ''}`;

/** The refusal when another path is down: it names each one, and nothing has been touched or journaled. */
export const unexpectedlyDownError = (device: string, what: string, down: readonly DownPort[]): HarnessError => pathsDownError(device, what, down.map(entry => ({
	line: describeDownPort(entry), count: 'port(s) the rig file cables to an rNIC',
})), {down});

const pathsDownError = (device: string, what: string, down: ReadonlyArray<{line: string; count: string}>, details: Record<string, unknown>): HarnessError => new HarnessError('INTERLOCK',
	`refusing to ${what}: ${down.length} other ${down[0]?.count ?? 'path(s)'} are down and this run did not take them down:\n${down.map(entry => `  ${entry.line}`).join('\n')}`, {
		target: device,
		hint: 'another run may be faulting this rig (from another state directory or orchestrator), something may have been shut or disabled by hand, or the link is broken; nothing was touched. Find out why, bring it up, and run again',
		details,
	});

/**
 * The rig check before a fault: nothing may be down but what this run's own faults take down. Through the switches
 * when the run may read them (every port the rig file cables to an rNIC); otherwise, where the harness may not touch
 * the switches, through the nodes it is connected to (each storage rNIC's Status).
 */
export const assertNothingElseDown = async (rig: Rig, devices: {switches: ReadonlyMap<string, PortControl>; nodes: ReadonlyMap<string, WindowsNode>}, ownFaults: readonly FaultStepBase[], fault: {device: string; what: string}, signal?: AbortSignal): Promise<void> => {
	if (devices.switches.size > 0) {
		const down = await unexpectedlyDown(rig, devices.switches, expectedDown(rig, ownFaults), signal);
		if (down.length > 0) {
			throw unexpectedlyDownError(fault.device, fault.what, down);
		}

		return;
	}

	const expected = pathsDownBy(rig, ownFaults);
	const read = await Promise.all([...devices.nodes.values()].map(async node => {
		const rnics = storageRnics(rig, node.node).map(rnic => rnic.name).filter(rnic => !expected.has(`${node.name}|${rnic}`));
		const status = rnics.length === 0 ? new Map<string, string>() : await readAdapterStatus(node, rnics, signal);
		return rnics.filter(rnic => status.get(rnic) !== 'Up').map(rnic => ({node: node.name, rnic, status: status.get(rnic) ?? 'not present'}));
	}));
	const down = read.flat();
	if (down.length > 0) {
		throw pathsDownError(fault.device, fault.what, down.map(entry => ({line: `${entry.node} ${entry.rnic}: Status ${entry.status}`, count: 'storage rNIC(s)'})), {down});
	}
};
