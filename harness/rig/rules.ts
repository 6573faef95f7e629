// Design rules that span several parts of a rig file: references, uniqueness, addressing, cabling, QoS sums.
// Each rule runs on its own and may meet a structurally broken file (the structural errors are reported too),
// so a rule that throws on malformed data is skipped instead of hiding the others.
import type {Rig, RigSwitch} from './schema.js';
import {cidrContains, cidrsOverlap, ipv4ToNumber, isIpv4, parseCidr, type Cidr} from './ip.js';
import {isValidPortName, portFormats, portIndex, type PortIndex, type SwitchVendor} from './switch-ports.js';

export type IssuePath = Array<string | number>;

export interface RuleIssue {
	path: IssuePath;
	rule: string;
	message: string;
	received?: unknown;
}

type Report = (path: IssuePath, rule: string, message: string, received?: unknown) => void;
/** What several rules need, built once per rig rather than once per rNIC. */
interface RuleContext {
	/** The index of a switch's `ports` list, or undefined when it has none. */
	ports(device: RigSwitch): PortIndex | undefined;
}

type Rule = (rig: Rig, report: Report, context: RuleContext) => void;

const arrayOf = <T>(value: T[] | undefined): T[] => (Array.isArray(value) ? value : []);

const duplicates = <T>(items: T[], key: (item: T) => unknown, report: (index: number, value: unknown) => void) => {
	const seen = new Set<unknown>();
	for (const [index, item] of items.entries()) {
		const value = key(item);
		if (seen.has(value)) {
			report(index, value);
		}

		seen.add(value);
	}
};

const uniqueNames: Rule = (rig, report) => {
	for (const list of ['networks', 'nodes', 'switches'] as const) {
		duplicates(arrayOf<{name: string}>(rig[list]), item => item.name, (index, value) => {
			report([list, index, 'name'], 'unique names', `${list} names must be unique; "${String(value)}" appears more than once`, value);
		});
	}

	duplicates(arrayOf(rig.sofs?.shares), share => share.name.toLowerCase(), (index, value) => {
		report(['sofs', 'shares', index, 'name'], 'unique names', 'share names must be unique (case-insensitive)', value);
	});
	const addresses = arrayOf(rig.nodes).flatMap((node, n) => arrayOf(node.rnics).map((rnic, r) => ({path: ['nodes', n, 'rnics', r, 'address'], address: rnic.address})));
	duplicates(addresses, item => item.address, (index, value) => {
		report(addresses[index]!.path, 'unique addresses', `rNIC address ${String(value)} is used twice`, value);
	});
	for (const [n, node] of arrayOf(rig.nodes).entries()) {
		duplicates(arrayOf(node.rnics), rnic => rnic.name, (index, value) => {
			report(['nodes', n, 'rnics', index, 'name'], 'unique names', `rNIC names must be unique within node ${node.name}`, value);
		});
	}
};

/** Why a CIDR that looks nearly right is not one, so the message says what to change. */
const cidrProblem = (text: string): string => {
	const [address = '', prefixText = '', ...rest] = text.split('/');
	if (rest.length > 0 || !isIpv4(address) || !/^\d+$/.test(prefixText)) {
		return '';
	}

	const prefix = Number(prefixText);
	if (prefix > 32) {
		return `; the prefix length must be 0 to 32, not ${prefix}`;
	}

	const network = (ipv4ToNumber(address) & (prefix === 0 ? 0 : (0xFF_FF_FF_FF << (32 - prefix)))) >>> 0;
	const dotted = [24, 16, 8, 0].map(shift => (network >>> shift) & 255).join('.');
	return `; host bits are set (the network is ${dotted}/${prefix})`;
};

const networkCidrs: Rule = (rig, report) => {
	const parsed: Array<{cidr: Cidr; index: number}> = [];
	for (const [index, network] of arrayOf(rig.networks).entries()) {
		const cidr = parseCidr(network.cidr);
		if (cidr === undefined) {
			report(['networks', index, 'cidr'], 'CIDR', `must be an IPv4 network such as 10.71.1.0/24${cidrProblem(String(network.cidr))}`, network.cidr);
			continue;
		}

		const clash = parsed.find(other => cidrsOverlap(other.cidr, cidr));
		if (clash !== undefined) {
			report(['networks', index, 'cidr'], 'isolated subnets', `overlaps network ${rig.networks[clash.index]!.name}; storage subnets must be isolated`, network.cidr);
		}

		parsed.push({cidr, index});
	}

	const storage = arrayOf(rig.networks).filter(network => network.role === 'storage');
	if (storage.length < 2) {
		report(['networks'], 'two storage subnets', `the design needs two isolated storage networks (role: storage); found ${storage.length}`, storage.map(network => network.name));
	}
};

const transportAndDcb: Rule = (rig, report) => {
	const {transport, dcb} = rig.storage;
	if ((transport === 'RoCE' || transport === 'RoCEv2') && dcb !== 'required') {
		report(['storage', 'dcb'], 'RoCE needs DCB', `${transport} is lossless only with PFC; set dcb: required`, dcb);
	}

	if (dcb !== 'none' && rig.qos === undefined) {
		report(['qos'], 'QoS policy', `dcb is ${dcb}, so the expected QoS policy (qos) must be given`);
	}

	if (transport === 'RoCE' || transport === 'RoCEv2') {
		for (const [index, network] of arrayOf(rig.networks).entries()) {
			if (network.role === 'storage' && !(typeof network.vlan === 'number' && network.vlan > 0)) {
				report(['networks', index, 'vlan'], 'RoCE VLAN', 'a RoCE storage network needs a non-zero VLAN so the 802.1p priority tag is carried', network.vlan);
			}
		}
	}
};

const qosPolicy: Rule = (rig, report) => {
	const {qos} = rig;
	if (qos === undefined) {
		return;
	}

	const reserved = qos.smb.bandwidthPercent + qos.cluster.bandwidthPercent + (qos.backup?.bandwidthPercent ?? 0);
	if (reserved > 99) {
		report(['qos'], 'ETS sum', `ETS reservations add up to ${reserved} %; Windows allows at most 99 % (the default class keeps at least 1 %)`, reserved);
	}

	const classes: Array<[string, number]> = [['smb', qos.smb.priority], ['cluster', qos.cluster.priority], ['default', qos.default.priority]];
	if (qos.backup) {
		classes.push(['backup', qos.backup.priority]);
	}

	duplicates(classes, ([, value]) => value, index => {
		const [label, value] = classes[index]!;
		report(['qos', label, 'priority'], 'distinct priorities', `priority ${value} is already used by another traffic class`, value);
	});
	if (!qos.pfcPriorities.includes(qos.smb.priority)) {
		report(['qos', 'pfcPriorities'], 'PFC on SMB', `PFC must be enabled on the SMB priority ${qos.smb.priority}`, qos.pfcPriorities);
	}

	for (const [label, value] of classes) {
		if (label !== 'smb' && qos.pfcPriorities.includes(value)) {
			report(['qos', 'pfcPriorities'], 'PFC on SMB only', `priority ${value} (${label}) must not be lossless; PFC belongs on the SMB priority only`, qos.pfcPriorities);
		}
	}
};

const credentialsExist: Rule = (rig, report) => {
	const known = new Set(Object.keys(rig.credentials ?? {}));
	for (const list of ['nodes', 'switches'] as const) {
		for (const [index, item] of arrayOf<{ssh: {credential: string}}>(rig[list]).entries()) {
			if (!known.has(item.ssh.credential)) {
				report([list, index, 'ssh', 'credential'], 'reference', `unknown credential; defined: ${[...known].join(', ') || 'none'}`, item.ssh.credential);
			}
		}
	}
};

const nodeAddressing: Rule = (rig, report) => {
	const networks = new Map(arrayOf(rig.networks).map(network => [network.name, network]));
	const storageNames = arrayOf(rig.networks).filter(network => network.role === 'storage').map(network => network.name);
	const inNetwork = (networkName: string, address: string | undefined, path: IssuePath) => {
		const cidr = parseCidr(networks.get(networkName)?.cidr ?? '');
		if (address !== undefined && cidr !== undefined && !cidrContains(cidr, address)) {
			report(path, 'address in subnet', `${address} is not inside network ${networkName} (${networks.get(networkName)!.cidr})`, address);
		}
	};

	for (const [n, node] of arrayOf(rig.nodes).entries()) {
		const management = networks.get(node.management.network);
		if (management === undefined) {
			report(['nodes', n, 'management', 'network'], 'reference', `unknown network; defined: ${[...networks.keys()].join(', ')}`, node.management.network);
		} else if (management.role !== 'management') {
			report(['nodes', n, 'management', 'network'], 'management is not storage', `the management path must be on a network with role management, not ${management.role}`, node.management.network);
		}

		inNetwork(node.management.network, node.management.address, ['nodes', n, 'management', 'address']);
		const used = new Map<string, number>();
		for (const [r, rnic] of arrayOf(node.rnics).entries()) {
			const network = networks.get(rnic.network);
			if (network === undefined) {
				report(['nodes', n, 'rnics', r, 'network'], 'reference', `unknown network; defined: ${[...networks.keys()].join(', ')}`, rnic.network);
				continue;
			}

			if (network.role !== 'storage') {
				report(['nodes', n, 'rnics', r, 'network'], 'rNIC on storage', `an rNIC must sit on a storage network, not on ${network.role} network ${network.name}`, rnic.network);
			}

			if (rnic.name === node.management.adapter) {
				report(['nodes', n, 'rnics', r, 'name'], 'management is not storage', `adapter "${rnic.name}" is the management adapter; it cannot also be a storage rNIC`, rnic.name);
			}

			const other = used.get(rnic.network);
			if (other !== undefined) {
				report(['nodes', n, 'rnics', r, 'network'], 'one rNIC per subnet', `rNICs ${node.rnics[other]!.name} and ${rnic.name} of ${node.name} are both on ${rnic.network}; each rNIC needs its own isolated subnet`, rnic.network);
			}

			used.set(rnic.network, r);
			inNetwork(rnic.network, rnic.address, ['nodes', n, 'rnics', r, 'address']);
		}

		if (node.role !== 'backup-server') {
			const missing = storageNames.filter(storageName => !used.has(storageName));
			if (missing.length > 0) {
				report(['nodes', n, 'rnics'], 'every subnet reaches every node', `${node.name} has no rNIC on ${missing.join(', ')}; each storage network must reach every host and SOFS node`, node.rnics.map(rnic => rnic.network));
			}
		}

		for (const [a, adapter] of arrayOf(node.adapters).entries()) {
			if (!networks.has(adapter.network)) {
				report(['nodes', n, 'adapters', a, 'network'], 'reference', `unknown network; defined: ${[...networks.keys()].join(', ')}`, adapter.network);
			}
		}
	}
};

/** A `ports` list in a message: its first entries, so a long list does not swamp the line. */
const describePorts = (entries: readonly string[]): string => {
	const shown = entries.slice(0, 6).join(', ');
	return entries.length > 6 ? `${shown} ... (${entries.length} entries)` : shown;
};

const portLists: Rule = (rig, report, context) => {
	for (const [index, device] of arrayOf(rig.switches).entries()) {
		const problem = context.ports(device)?.problem;
		if (problem !== undefined) {
			report(['switches', index, 'ports', problem.index], 'port list', problem.message, problem.entry);
		}
	}
};

const cabling: Rule = (rig, report, context) => {
	const switches = new Map(arrayOf(rig.switches).map(device => [device.name, device]));
	const taken = new Map<string, string>();
	for (const [n, node] of arrayOf(rig.nodes).entries()) {
		for (const [r, rnic] of arrayOf(node.rnics).entries()) {
			const path = ['nodes', n, 'rnics', r, 'cable'];
			const device = switches.get(rnic.cable.switch);
			if (device === undefined) {
				report([...path, 'switch'], 'reference', `unknown switch; defined: ${[...switches.keys()].join(', ')}`, rnic.cable.switch);
				continue;
			}

			const vendor = device.vendor as SwitchVendor;
			if (!isValidPortName(vendor, rnic.cable.port)) {
				report([...path, 'port'], 'port name', `not a ${vendor} port name; write it as the switch CLI does, e.g. ${portFormats[vendor].example}`, rnic.cable.port);
				continue;
			}

			// A refused list (portLists reports it) cannot say which ports exist.
			const ports = context.ports(device);
			if (ports !== undefined && ports.problem === undefined && !ports.has(rnic.cable.port)) {
				report([...path, 'port'], 'port exists', `${device.name} has no port ${rnic.cable.port}; its ports are ${describePorts(device.ports!)}`, rnic.cable.port);
				continue;
			}

			const key = `${device.name} ${rnic.cable.port}`;
			const holder = taken.get(key);
			if (holder !== undefined) {
				report([...path, 'port'], 'one cable per port', `${key} is already cabled to ${holder}`, rnic.cable.port);
			}

			taken.set(key, `${node.name} ${rnic.name}`);
		}
	}
};

const roles: Rule = (rig, report) => {
	const nodes = new Map(arrayOf(rig.nodes).map(node => [node.name, node]));
	for (const [index, nodeName] of arrayOf(rig.sofs.nodes).entries()) {
		const node = nodes.get(nodeName);
		if (node === undefined) {
			report(['sofs', 'nodes', index], 'reference', `unknown node; defined: ${[...nodes.keys()].join(', ')}`, nodeName);
		} else if (node.role !== 'sofs-node') {
			report(['sofs', 'nodes', index], 'role', `${nodeName} has role ${node.role}, not sofs-node`, nodeName);
		}
	}

	if (!arrayOf(rig.nodes).some(node => node.role === 'hyperv-host')) {
		report(['nodes'], 'role', 'the rig needs at least one node with role hyperv-host', arrayOf(rig.nodes).map(node => node.role));
	}
};

const backupAttachment: Rule = (rig, report) => {
	const {backup} = rig;
	if (backup === undefined) {
		return;
	}

	const node = arrayOf(rig.nodes).find(candidate => candidate.name === backup.node);
	if (node === undefined) {
		report(['backup', 'node'], 'reference', 'unknown node', backup.node);
	} else if (node.role !== 'backup-server') {
		report(['backup', 'node'], 'role', `${backup.node} has role ${node.role}, not backup-server`, backup.node);
	}

	if (backup.attachment !== 'dedicated-nic' && rig.qos?.backup === undefined) {
		report(['qos', 'backup'], 'backup QoS', `a ${backup.attachment} backup server shares the storage links, so qos.backup must give its priority and share`);
	}

	if (backup.attachment === 'dedicated-nic') {
		const network = arrayOf(rig.networks).find(candidate => candidate.name === backup.network);
		if (network?.role !== 'backup') {
			report(['backup', 'network'], 'backup network', 'a dedicated-nic backup needs backup.network naming a network with role backup', backup.network);
		} else if (node !== undefined && !arrayOf(node.adapters).some(adapter => adapter.network === network.name)) {
			report(['backup', 'network'], 'backup network', `${node.name} has no adapter on ${network.name}; list it under adapters`, backup.network);
		}
	}

	if (backup.attachment === 'backup-vlan') {
		const storageVlans = arrayOf(rig.networks).filter(network => network.role === 'storage').map(network => network.vlan);
		if (backup.vlan === undefined) {
			report(['backup', 'vlan'], 'backup VLAN', 'a backup-vlan attachment needs backup.vlan');
		} else if (storageVlans.includes(backup.vlan)) {
			report(['backup', 'vlan'], 'backup VLAN', `VLAN ${backup.vlan} is a storage VLAN; the backup VLAN must be its own`, backup.vlan);
		}
	}

	if (backup.attachment === 'dual-homed' && node !== undefined && arrayOf(node.rnics).length === 0) {
		report(['backup', 'attachment'], 'backup network', `a dual-homed backup server needs rNICs on the storage networks`, backup.attachment);
	}
};

const pinnedHostKeys: Rule = (rig, report) => {
	if (rig.knownHosts !== undefined) {
		return;
	}

	for (const list of ['nodes', 'switches'] as const) {
		for (const [index, item] of arrayOf<{name: string; ssh: {hostKeys?: string[]}}>(rig[list]).entries()) {
			if (item.ssh.hostKeys === undefined) {
				report([list, index, 'ssh', 'hostKeys'], 'host key pinning', `no pinned host key for ${item.name}; add ssh.hostKeys (ssh-keyscan -t ed25519 <address>) or a knownHosts file`);
			}
		}
	}
};

const managementPath: Rule = (rig, report) => {
	const storage = arrayOf(rig.networks).filter(network => network.role === 'storage').map(network => ({network, cidr: parseCidr(network.cidr)}));
	for (const list of ['nodes', 'switches'] as const) {
		for (const [index, item] of arrayOf<{ssh: {address: string}}>(rig[list]).entries()) {
			const hit = storage.find(({cidr}) => cidr !== undefined && /^\d+\.\d+\.\d+\.\d+$/.test(item.ssh.address) && cidrContains(cidr, item.ssh.address));
			if (hit !== undefined) {
				report([list, index, 'ssh', 'address'], 'management path', `the harness must reach devices over management, but ${item.ssh.address} is on storage network ${hit.network.name}; a storage fault would cut it off`, item.ssh.address);
			}
		}
	}
};

export const rules = {
	uniqueNames, networkCidrs, transportAndDcb, qosPolicy, credentialsExist, nodeAddressing, portLists, cabling, roles, backupAttachment, pinnedHostKeys, managementPath,
} satisfies Record<string, Rule>;

export type RuleName = keyof typeof rules;

export interface CheckOptions {
	/** Builds a switch's port index; replaceable so a test can count how often it runs. */
	portIndex?: (entries: readonly string[]) => PortIndex;
}

/**
 * Runs every rule but those in `skip`; a rule that trips over malformed data is skipped (its data has structural
 * errors of its own).
 */
export const checkRules = (rig: Rig, options: CheckOptions = {}, skip: ReadonlySet<RuleName> = new Set()): RuleIssue[] => {
	const issues: RuleIssue[] = [];
	const report: Report = (path, rule, message, received) => {
		issues.push({path, rule, message, received});
	};

	// Once per switch: checking every rNIC's cable against a freshly built list made the work rNICs × ports.
	const indexes = new Map<RigSwitch, PortIndex | undefined>();
	const context: RuleContext = {
		ports(device) {
			if (!indexes.has(device)) {
				indexes.set(device, Array.isArray(device.ports) ? (options.portIndex ?? portIndex)(device.ports) : undefined);
			}

			return indexes.get(device);
		},
	};

	for (const [name, rule] of Object.entries(rules) as Array<[RuleName, Rule]>) {
		if (skip.has(name)) {
			continue;
		}

		try {
			rule(rig, report, context);
		} catch {}
	}

	return issues;
};
