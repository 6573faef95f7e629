// A simulated NVIDIA/Mellanox Onyx (MLNX-OS) switch reached over SSH exec: the show commands the Onyx driver
// sends, in the `| json-print` shapes of the real outputs in test/fixtures/switches/onyx (every value a string,
// each interface a list of per-table objects), the text counters, and interface configuration (`configure
// terminal`, `interface ethernet 1/<p>`, `shutdown`, `exit`), one command per line. Unknown input gets Onyx's
// "% Unrecognized command" line.
import type {Fabric} from '../fabric.js';
import type {ExecHandler} from '../ssh-server.js';
import {pfcOperational, switchConfigs, type SimPortConfig} from './state.js';
import {portTraffic} from '../traffic.js';
import {simVersionOutput} from './version.js';

const maxPort = 64;

/** `ethernet 1/5`, `eth 1/5`, `ethernet1/5` and `Eth1/5` name the same port; JSON names it Eth1/5. */
export const onyxCanonicalPort = (text: string): string | undefined => {
	const match = /^(?:ethernet|eth)\s*1\/(\d{1,2})(\/\d)?$/i.exec(text.trim());
	return match && Number(match[1]) >= 1 && Number(match[1]) <= maxPort ? `Eth1/${Number(match[1])}${match[2] ?? ''}` : undefined;
};

const unrecognized = (line: string) => `% Unrecognized command "${line}".\nType "?" for help.\n`;
const priorities = [0, 1, 2, 3, 4, 5, 6, 7];
const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);

/** Switch-wide settings (PFC priorities) follow the first cabled port: misconfigurations change every port alike. */
const globalConfig = (fabric: Fabric, device: string): SimPortConfig | undefined => {
	const configs = switchConfigs(fabric);
	const first = configs.cabledPorts(device)[0];
	return first === undefined ? undefined : configs.port(device, first);
};

const tcOf = (config: SimPortConfig, priority: number) => config.ets.find(entry => entry.priorities.includes(priority))?.trafficClass ?? 0;

/** `show interfaces ethernet 1/<p> | json-print`, as onyx_interfaces_show.cfg: a list of entries named by "header". */
const interfaceJson = (fabric: Fabric, device: string, port: string) => {
	const admin = fabric.portAdmin(device, port);
	const adapter = fabric.cableAt(device, port);
	const up = admin && adapter !== undefined && fabric.linkUp(adapter);
	const {mtu} = switchConfigs(fabric).port(device, port);
	const traffic = portTraffic(fabric, device, port);
	const number = Number(/\/(\d+)/.exec(port)?.[1] ?? 0);
	return [{
		Fec: 'auto', 'Mac address': `7c:fe:90:f0:54:${number.toString(16).padStart(2, '0')}`,
		'Actual speed': `${adapter?.rnic.linkGbps ?? 25} Gbps`, MTU: `${mtu} bytes(Maximum packet size ${mtu + 22} bytes)`, header: port,
		'Flow-control': 'receive off send off', Description: 'N\\A', 'Admin state': admin ? 'Enabled' : 'Disabled', 'Operational state': up ? 'Up' : 'Down',
		'Switchport mode': 'trunk',
		Tx: {packets: String(sum(traffic.queueTxPackets)), bytes: String(sum(traffic.queueTxBytes)), 'discard packets': String(sum(traffic.queueDrops)), 'error packets': '0'},
		Rx: {packets: String(Math.ceil(sum(traffic.rxBytes) / 4174)), bytes: String(sum(traffic.rxBytes)), 'discard packets': '0', 'error packets': '0'},
	}];
};

/**
 * `show dcb priority-flow-control | json-print`: the global table, then the per-interface table (onyx_pfc_interface
 * fixtures' shape) for every cabled port. Windows sends no DCB TLVs, so a port on Auto is operationally disabled.
 */
const pfcJson = (fabric: Fabric, device: string) => {
	const global = globalConfig(fabric, device);
	const enabled = global?.pfcPriorities ?? [];
	const configs = switchConfigs(fabric);
	// Onyx lists every port of the switch; the front panel here is 32 ports plus whatever the rig cables beyond.
	const ports = [...new Set([...Array.from({length: 32}, (_, index) => `Eth1/${index + 1}`), ...configs.cabledPorts(device)])];
	const table = Object.fromEntries(ports.map(port => {
		const config = configs.port(device, port);
		return [port, [{'PFC admin': config.pfcMode === 'on' ? 'on' : config.pfcMode === 'auto' ? 'Auto' : 'off', 'PFC oper': pfcOperational(config) ? 'Enabled' : 'Disabled'}]];
	}));
	return [
		{PFC: enabled.length > 0 ? 'enabled' : 'disabled', 'Priority Enabled List': enabled.join(' '), 'Priority Disabled List': priorities.filter(priority => !enabled.includes(priority)).join(' ')},
		table,
	];
};

/** `show dcb ets interface ethernet 1/<p> | json-print`, as onyx_show_dcb_ets_interface.cfg, all eight TCs. */
const etsJson = (fabric: Fabric, device: string, port: string) => {
	const config = switchConfigs(fabric).port(device, port);
	const perTc = Object.fromEntries(priorities.map(tc => {
		const entry = config.ets.find(candidate => candidate.trafficClass === tc);
		const strict = entry?.algorithm === 'strict';
		const weight = strict ? 0 : entry?.bandwidthPercent ?? 0;
		return [String(tc), [{'S.Mode': strict ? 'Strict' : 'WRR', 'BW Sh.(Mbps)': 'N/A', 'W(%)': String(weight), 'BW Gr.(Mbps)': '0', W: String(weight)}]];
	}));
	return [{[port]: [
		{'Multicast unaware mapping': 'disabled', 'Interface Bandwidth Shape [Mbps]': 'N/A'},
		{Flags: [{'S.Mode': 'Scheduling Mode [Strict/WRR]', 'Bw.Sh': 'Bandwidth Shaper', D: '-', W: 'Weight', 'Bw.Gr': 'Bandwidth Guaranteed'}]},
		{'ETS per TC': [perTc]},
	]}];
};

/** `show qos interface ethernet 1/<p> | json-print`, as show_qos_interface_ethernet.cfg: trust L2 (CoS) or L3 (DSCP). */
const qosJson = (fabric: Fabric, device: string, port: string) => {
	const config = switchConfigs(fabric).port(device, port);
	const ingress = Object.fromEntries(priorities.map(priority => [`${priority}(0) ${priority}(1)`, [{'switch-priority': String(priority), DSCP: priorities.map(low => String((priority * 8) + low)).join(' ')}]]));
	const egress = Object.fromEntries(priorities.map(priority => [String(priority), [{'PCP(DEI)': `${priority}(0)`, TC: String(tcOf(config, priority)), DSCP: String(priority * 8)}]]));
	return [{[port]: [
		{'PCP,DEI rewrite': 'disabled', 'Default switch-priority': '0', 'IP PCP;DEI rewrite': 'enable', 'Default DEI': '0', 'Default PCP': '0', 'Trust mode': config.trust === 'cos' ? 'L2' : 'L3', 'DSCP rewrite': 'disabled'},
		{'PCP(DEI); DSCP to switch-priority mapping': [ingress]},
		{'PCP(DEI); DSCP rewrite mapping (switch-priority to PCP(DEI); DSCP; traffic-class)': [{'Egress Interface': port}, egress]},
	]}];
};

/** `show lldp interfaces ethernet 1/<p> remote | json-print`: one object per neighbour (no public sample; see onyx-parse). */
const lldpRemoteJson = (fabric: Fabric, device: string, port: string) => {
	const neighbors = switchConfigs(fabric).port(device, port).lldp;
	return neighbors.length === 0 ? {} : {[port]: neighbors.map((neighbor, index) => ({
		'Remote Index': String(index + 1), 'Remote chassis id': neighbor.chassisId, 'chassis id subtype': 'Mac Address (4)',
		'Remote port-id': neighbor.portId, 'port id subtype': 'Mac Address (3)', 'Remote port description': neighbor.portDescription || 'N/A',
		'Remote system name': neighbor.systemName || 'N/A', 'Remote system description': neighbor.systemName ? 'Microsoft Windows Server 2022 Datacenter' : 'N/A',
	}))};
};

/** `show lldp interfaces ethernet 1/<p> | json-print`, as onyx_lldp_interface_show.cfg; DCBX off drops the DCB TLVs. */
const lldpInterfaceJson = (fabric: Fabric, device: string, port: string) => {
	const {dcbx} = switchConfigs(fabric).port(device, port);
	return {[port]: [{Receive: 'Enabled', Transmit: 'Enabled', TLVs: dcbx.enabled ? 'PD, SN, SD, SC, MA, PFC, AP, ETS-C, ETS-R' : 'PD, SN, SD, SC, MA'}]};
};

const pad = (value: number) => String(value).padEnd(21);

const pfcCountersText = (fabric: Fabric, device: string, port: string, priority: number) => {
	const traffic = portTraffic(fabric, device, port);
	return `Rx:\n  ${pad(traffic.rxPause[priority]!)}pause packets\n  ${pad(traffic.rxPause[priority]! * 3)}pause duration\n\nTx:\n  ${pad(traffic.txPause[priority]!)}pause packets\n  ${pad(traffic.txPause[priority]! * 3)}pause duration\n\n`;
};

const tcCountersText = (fabric: Fabric, device: string, port: string, tc: number) => {
	const traffic = portTraffic(fabric, device, port);
	return `Tx:\n  ${pad(traffic.queueTxPackets[tc]!)}packets\n  ${pad(traffic.queueTxBytes[tc]!)}bytes\n  ${pad(traffic.queueDrops[tc]!)}no buffer discard\n  ${pad(0)}wred discard\n\n`;
};

type JsonShow = (fabric: Fabric, device: string, port: string) => unknown;
type TextShow = (fabric: Fabric, device: string, port: string, index: number) => string;

const jsonShows: Array<[RegExp, JsonShow]> = [
	[/^show interfaces (ethernet \S+)$/i, interfaceJson],
	[/^show dcb ets interface (ethernet \S+)$/i, etsJson],
	[/^show qos interface (ethernet \S+)$/i, qosJson],
	[/^show lldp interfaces (ethernet \S+) remote$/i, lldpRemoteJson],
	[/^show lldp interfaces (ethernet \S+)$/i, lldpInterfaceJson],
];

const textShows: Array<[RegExp, TextShow]> = [
	[/^show interfaces (ethernet \S+) counters pfc prio ([0-7])$/i, pfcCountersText],
	[/^show interfaces (ethernet \S+) counters tc ([0-7])$/i, tcCountersText],
];

export const onyxHandler = (device: string, fabric: Fabric): ExecHandler => async process => {
	// Onyx logs a user in in standard mode (>); `configure terminal` needs `enable` (#) first.
	let mode: 'standard' | 'enable' | 'config' | 'interface' = 'standard';
	let selected: string | undefined;
	for (const line of process.command.split('\n').map(text => text.trim()).filter(text => text !== '')) {
		const [body = '', ...pipes] = line.split(/\s*\|\s*/);
		const json = pipes.some(pipe => pipe.toLowerCase() === 'json-print');
		const lower = body.toLowerCase();
		const jsonShow = jsonShows.find(([pattern]) => pattern.test(body));
		const textShow = textShows.find(([pattern]) => pattern.test(body));
		if (jsonShow && json) {
			const port = onyxCanonicalPort(jsonShow[0].exec(body)![1]!);
			process.stdout(port === undefined ? unrecognized(line) : `${JSON.stringify(jsonShow[1](fabric, device, port), undefined, 4)}\n`);
		} else if (/^show version$/i.test(body) && json) {
			process.stdout(simVersionOutput.onyx(device));
		} else if (/^show dcb priority-flow-control$/i.test(body) && json) {
			process.stdout(`${JSON.stringify(pfcJson(fabric, device), undefined, 4)}\n`);
		} else if (textShow && !json) {
			const match = textShow[0].exec(body)!;
			const port = onyxCanonicalPort(match[1]!);
			process.stdout(port === undefined ? unrecognized(line) : textShow[1](fabric, device, port, Number(match[2])));
		} else if (/^no cli session paging enable$/i.test(body)) {
			// Paging off: nothing to print.
		} else if (/^(en|enable)$/i.test(body)) {
			mode = mode === 'standard' ? 'enable' : mode;
		} else if (mode !== 'standard' && /^(conf|configure)( t| terminal)$/i.test(body)) {
			mode = 'config';
		} else if ((mode === 'config' || mode === 'interface') && /^interface /i.test(body)) {
			selected = onyxCanonicalPort(body.slice('interface '.length));
			mode = selected === undefined ? mode : 'interface';
			if (selected === undefined) {
				process.stdout(unrecognized(line));
			}
		} else if (mode === 'interface' && selected !== undefined && (lower === 'shutdown' || lower === 'no shutdown')) {
			fabric.setPortAdmin(device, selected, lower === 'no shutdown');
		} else if (lower === 'exit') {
			mode = mode === 'interface' ? 'config' : mode === 'config' ? 'enable' : 'standard';
			selected = mode === 'config' ? selected : undefined;
		} else {
			// Text forms of the JSON shows are not modelled; the driver never asks for them.
			process.stdout(unrecognized(line));
		}
	}

	return 0;
};
