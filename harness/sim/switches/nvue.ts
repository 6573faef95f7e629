// A simulated NVIDIA Cumulus Linux switch driven through NVUE: `nv show ... -o json` for the reads the NVUE
// driver does and `nv set interface <swp> link state up|down` + `nv config apply -y` for shut/no-shut (the
// pending revision takes effect only when applied). QoS profiles are the default-global ones.
import type {Fabric} from '../fabric.js';
import type {ExecHandler} from '../ssh-server.js';
import {switchConfigs, type SimPortConfig} from './state.js';
import {portTraffic} from '../traffic.js';
import {simVersionOutput} from './version.js';

export const nvueCanonicalPort = (text: string): string | undefined => (/^swp([1-9]\d{0,2})(s\d)?$/.test(text) ? text : undefined);

/** Global profiles follow the switch's first cabled port (misconfigurations change every port alike). */
const globalConfig = (fabric: Fabric, device: string): SimPortConfig | undefined => {
	const configs = switchConfigs(fabric);
	const first = configs.cabledPorts(device)[0];
	return first === undefined ? undefined : configs.port(device, first);
};

const linkJson = (fabric: Fabric, device: string, port: string) => {
	const admin = fabric.portAdmin(device, port);
	const adapter = fabric.cableAt(device, port);
	const up = admin && adapter !== undefined && fabric.linkUp(adapter);
	const traffic = portTraffic(fabric, device, port);
	const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);
	return {
		'admin-status': admin ? 'up' : 'down', 'oper-status': up ? 'up' : 'down', ...(up ? {} : {'oper-status-reason': admin ? 'no-carrier' : 'admin-down'}),
		'auto-negotiate': 'off', duplex: 'full', speed: `${adapter?.rnic.linkGbps ?? 25}G`, mtu: switchConfigs(fabric).port(device, port).mtu, 'fec': 'auto',
		state: {[admin ? 'up' : 'down']: {}},
		stats: {'carrier-transitions': 1, 'in-bytes': sum(traffic.rxBytes), 'out-bytes': sum(traffic.queueTxBytes), 'in-drops': 0, 'out-drops': sum(traffic.queueDrops), 'in-errors': 0, 'out-errors': 0},
	};
};

const portPfcJson = (fabric: Fabric, device: string, port: string) => (switchConfigs(fabric).port(device, port).pfcMode === 'on' ? {profile: 'default-global'} : {});

const pfcProfileJson = (config: SimPortConfig) => ({
	'cable-length': 100, 'port-buffer': '25.00 KB', rx: 'enabled', tx: 'enabled', 'xoff-threshold': '10.00 KB', 'xon-threshold': '10.00 KB',
	'switch-priority': Object.fromEntries(config.pfcPriorities.map(priority => [String(priority), {}])),
});

const schedulerJson = (config: SimPortConfig) => ({'traffic-class': Object.fromEntries(config.ets.map(entry => [String(entry.trafficClass), entry.algorithm === 'strict' ? {mode: 'strict'} : {mode: 'dwrr', 'bw-percent': entry.bandwidthPercent}]))});

const queueMappingJson = (config: SimPortConfig) => ({'switch-priority': Object.fromEntries([0, 1, 2, 3, 4, 5, 6, 7].map(priority => [String(priority), {'traffic-class': config.ets.find(entry => entry.priorities.includes(priority))?.trafficClass ?? 0}]))});

const mappingJson = (config: SimPortConfig) => ({
	trust: config.trust === 'cos' ? 'l2' : 'l3',
	pcp: Object.fromEntries([0, 1, 2, 3, 4, 5, 6, 7].map(pcp => [String(pcp), {'switch-priority': pcp}])),
	dscp: Object.fromEntries(Array.from({length: 64}, (_, dscp) => [String(dscp), {'switch-priority': dscp >> 3}])),
});

const pfcStatsJson = (fabric: Fabric, device: string, port: string) => {
	const traffic = portTraffic(fabric, device, port);
	return Object.fromEntries([0, 1, 2, 3, 4, 5, 6, 7].map(priority => [String(priority), {
		'rx-pause-frames': traffic.rxPause[priority]!, 'rx-pause-duration': traffic.rxPause[priority]! * 3, 'tx-pause-frames': traffic.txPause[priority]!, 'tx-pause-duration': traffic.txPause[priority]! * 3,
	}]));
};

const egressStatsJson = (fabric: Fabric, device: string, port: string) => {
	const traffic = portTraffic(fabric, device, port);
	return Object.fromEntries([0, 1, 2, 3, 4, 5, 6, 7].map(tc => [String(tc), {'tx-frames': traffic.queueTxPackets[tc]!, 'tx-bytes': traffic.queueTxBytes[tc]!, 'tx-uc-buffer-discards': traffic.queueDrops[tc]!, 'wred-discards': 0}]));
};

const lldpJson = (fabric: Fabric, device: string, port: string) => {
	const config = switchConfigs(fabric).port(device, port);
	const tlv = config.dcbx.enabled ? 'on' : 'off';
	return {
		'dcbx-ets-config-tlv': tlv, 'dcbx-ets-recomm-tlv': tlv, 'dcbx-pfc-tlv': tlv,
		neighbor: Object.fromEntries(config.lldp.map((neighbor, index) => [neighbor.systemName === '' ? neighbor.chassisId : neighbor.systemName + (index > 0 ? `-${index}` : ''), {
			age: 120,
			chassis: {'chassis-id': neighbor.chassisId, ...(neighbor.systemName === '' ? {} : {'system-name': neighbor.systemName, 'system-description': 'Microsoft Windows Server 2022 Datacenter'})},
			port: {name: neighbor.portId, type: 'mac', ...(neighbor.portDescription === '' ? {} : {description: neighbor.portDescription}), ttl: 120},
		}])),
	};
};

type PortShow = (fabric: Fabric, device: string, port: string) => unknown;
const portShows: Array<[RegExp, PortShow]> = [
	[/^interface (\S+) link$/, linkJson],
	[/^interface (\S+) qos pfc$/, portPfcJson],
	[/^interface (\S+) counters qos pfc-stats$/, pfcStatsJson],
	[/^interface (\S+) counters qos egress-queue-stats$/, egressStatsJson],
	[/^interface (\S+) lldp$/, lldpJson],
];

const profileShows: Array<[RegExp, (config: SimPortConfig) => unknown]> = [
	[/^qos pfc default-global$/, pfcProfileJson],
	[/^qos egress-scheduler default-global$/, schedulerJson],
	[/^qos egress-queue-mapping default-global$/, queueMappingJson],
	[/^qos mapping default-global$/, mappingJson],
];

export const nvueHandler = (device: string, fabric: Fabric): ExecHandler => {
	// `nv set` stages a change; `nv config apply` makes it live. Staged changes belong to the switch, not a session.
	const pending = new Map<string, boolean>();
	return async process => {
		for (const command of process.command.split(/\s*&&\s*|\n/).map(text => text.trim()).filter(text => text !== '')) {
			const show = /^nv show (.+?) -o json$/.exec(command);
			const set = /^nv set interface (\S+) link state (up|down)$/.exec(command);
			if (show) {
				const portShow = portShows.find(([pattern]) => pattern.test(show[1]!));
				const profileShow = profileShows.find(([pattern]) => pattern.test(show[1]!));
				const config = globalConfig(fabric, device);
				if (show[1] === 'system') {
					process.stdout(simVersionOutput.nvue(device));
				} else if (portShow) {
					const port = nvueCanonicalPort(portShow[0].exec(show[1]!)![1]!);
					if (port === undefined) {
						process.stderr(`Error: Invalid interface name: ${portShow[0].exec(show[1]!)![1]!}\n`);
						return 1;
					}

					process.stdout(`${JSON.stringify(portShow[1](fabric, device, port), undefined, 2)}\n`);
				} else if (profileShow && config !== undefined) {
					process.stdout(`${JSON.stringify(profileShow[1](config), undefined, 2)}\n`);
				} else {
					process.stderr(`Error: The requested item does not exist.\n`);
					return 1;
				}
			} else if (set) {
				const port = nvueCanonicalPort(set[1]!);
				if (port === undefined) {
					process.stderr(`Error: Invalid interface name: ${set[1]!}\n`);
					return 1;
				}

				pending.set(port, set[2] === 'up');
			} else if (/^nv config apply( -y| --assume-yes)?$/.test(command)) {
				for (const [port, up] of pending) {
					fabric.setPortAdmin(device, port, up);
				}

				pending.clear();
				process.stdout('applied\n');
			} else {
				process.stderr(`Error: unknown command: ${command}\n`);
				return 1;
			}
		}

		return 0;
	};
};
