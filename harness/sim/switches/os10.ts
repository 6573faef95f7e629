// A simulated Dell OS10 switch: text show commands and the running configuration of Microsoft's reference QoS
// (AZLOCAL_* trust map, qos-map, network-qos and queuing policies), rebuilt from the switch configuration of
// state.ts, so a misconfiguration shows up in the configuration the way an operator's mistake would.
import type {Fabric} from '../fabric.js';
import type {ExecHandler} from '../ssh-server.js';
import {switchConfigs, type SimPortConfig} from './state.js';
import {portTraffic} from '../traffic.js';
import {simVersionOutput} from './version.js';

export const os10CanonicalPort = (text: string): string | undefined => {
	const match = /^ethernet\s*(1)\/(1)\/(\d{1,2})(:\d)?$/i.exec(text.trim());
	return match && Number(match[3]) >= 1 && Number(match[3]) <= 54 ? `ethernet1/1/${Number(match[3])}${match[4] ?? ''}` : undefined;
};

const invalid = '% Error: Invalid input at "^" marker.\n';

const link = (fabric: Fabric, device: string, port: string) => {
	const admin = fabric.portAdmin(device, port);
	const adapter = fabric.cableAt(device, port);
	return {admin, up: admin && adapter !== undefined && fabric.linkUp(adapter), gbps: adapter?.rnic.linkGbps ?? 25};
};

const interfaceText = (fabric: Fabric, device: string, port: string) => {
	const {admin, up, gbps} = link(fabric, device, port);
	const mtu = switchConfigs(fabric).port(device, port).mtu;
	const traffic = portTraffic(fabric, device, port);
	const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);
	return [
		`Ethernet ${port.slice('ethernet'.length)} is ${admin ? 'up' : 'down'}, line protocol is ${up ? 'up' : 'down'}`,
		'Hardware is Eth, address is 3c:2c:30:aa:bb:01', '    Current address is 3c:2c:30:aa:bb:01',
		`Pluggable media present, SFP28 type is ${gbps}GBASE-CR-1.0M`, 'Interface index is 17305640', 'Internet address is not set',
		`MTU ${mtu} bytes, IP MTU ${mtu - 18} bytes`, `LineSpeed ${up ? `${gbps}G` : '0'}, Auto-Negotiation off`, 'FEC is auto, Current FEC is off',
		'Flowcontrol rx off tx off', 'ARP type: ARPA, ARP Timeout: 60', 'Queuing strategy: fifo',
		'Input statistics:', `     ${sum(traffic.rxBytes)} octets`, 'Output statistics:', `     ${sum(traffic.queueTxBytes)} octets`, '',
	].join('\n');
};

/** Running configuration: one set of AZLOCAL maps per distinct port configuration, bound on each port. */
const runningConfig = (fabric: Fabric, device: string) => {
	const configs = switchConfigs(fabric);
	const ports = configs.cabledPorts(device);
	const lines: string[] = ['! Version 10.5.4.2', 'hostname ' + device, '!'];
	const profiles: SimPortConfig[] = [];
	const profileOf = (config: SimPortConfig) => {
		let index = profiles.findIndex(candidate => JSON.stringify(candidate) === JSON.stringify({...config, lldp: candidate.lldp}));
		if (index < 0) {
			profiles.push(config);
			index = profiles.length - 1;
		}

		return index;
	};

	const bound = ports.map(port => ({port, config: configs.port(device, port), profile: profileOf(configs.port(device, port))}));
	for (const [index, config] of profiles.entries()) {
		const suffix = index === 0 ? '' : `_${index}`;
		lines.push(`trust dot1p-map AZLOCAL_DOT1P_TRUST${suffix}`);
		for (const entry of config.ets) {
			lines.push(` qos-group ${entry.trafficClass} dot1p ${entry.priorities.join(',')}`);
		}

		lines.push('!', `qos-map traffic-class AZLOCAL_QOS_MAP${suffix}`, ...config.ets.map(entry => ` queue ${entry.trafficClass} qos-group ${entry.trafficClass}`), '!');
		for (const entry of config.ets) {
			lines.push(`class-map type network-qos AZLOCAL_COS${entry.trafficClass}${suffix}`, ` match qos-group ${entry.trafficClass}`, '!');
			lines.push(`class-map type queuing AZLOCAL_QUEUE${entry.trafficClass}${suffix}`, ` match queue ${entry.trafficClass}`, '!');
		}

		lines.push(`policy-map type network-qos AZLOCAL_PFC${suffix}`);
		for (const entry of config.ets.filter(candidate => candidate.priorities.some(priority => config.pfcPriorities.includes(priority)))) {
			lines.push(` class AZLOCAL_COS${entry.trafficClass}${suffix}`, '  pause', '  pause buffer-size 100 pause-threshold 50 resume-threshold 10', `  pfc-cos ${entry.priorities.filter(priority => config.pfcPriorities.includes(priority)).join(',')}`);
		}

		lines.push('!', `policy-map type queuing AZLOCAL_ETS${suffix}`);
		for (const entry of config.ets) {
			lines.push(` class AZLOCAL_QUEUE${entry.trafficClass}${suffix}`, entry.algorithm === 'strict' ? '  priority' : `  bandwidth percent ${entry.bandwidthPercent}`);
		}

		lines.push('!');
	}

	lines.push('system qos', ' ets mode on', '!');
	for (const {port, config, profile} of bound) {
		const suffix = profile === 0 ? '' : `_${profile}`;
		lines.push(
			`interface ${port}`, ' no shutdown'.replace(' no', fabric.portAdmin(device, port) ? ' no' : ''), ' switchport mode trunk', ` mtu ${config.mtu}`, ' flowcontrol receive off',
			...(config.pfcMode === 'on' ? [' priority-flow-control mode on'] : []), ' ets mode on',
			` service-policy input type network-qos AZLOCAL_PFC${suffix}`, ` service-policy output type queuing AZLOCAL_ETS${suffix}`,
			` qos-map traffic-class AZLOCAL_QOS_MAP${suffix}`,
			config.trust === 'cos' ? ` trust-map dot1p AZLOCAL_DOT1P_TRUST${suffix}` : ' trust-map dscp default',
			'!',
		);
	}

	return `${lines.join('\n')}\n`;
};

const pfcDetailsText = (fabric: Fabric, device: string, port: string) => {
	const config = switchConfigs(fabric).port(device, port);
	const traffic = portTraffic(fabric, device, port);
	const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);
	return [
		port, `Admin Mode : ${config.pfcMode === 'on'}`, `Operstatus: ${config.pfcMode === 'on'}`, `Local Priority list: ${config.pfcPriorities.join(',')}`,
		`Total Rx PFC Frames: ${sum(traffic.rxPause)}`, `Total Tx PFC frames: ${sum(traffic.txPause)}`,
		'Cos    Rx               Tx', '-----------------------------------',
		...[0, 1, 2, 3, 4, 5, 6, 7].map(cos => `${cos}      ${String(traffic.rxPause[cos]).padEnd(16)} ${traffic.txPause[cos]}`), '',
	].join('\n');
};

const queuingText = (fabric: Fabric, device: string, port: string) => {
	const traffic = portTraffic(fabric, device, port);
	return [
		`Interface ${port}`, 'Queue    Packets                 Bytes                   Dropped-Packets         Dropped-Bytes',
		...[0, 1, 2, 3, 4, 5, 6, 7].map(queue => `${queue}        ${String(traffic.queueTxPackets[queue]).padEnd(24)}${String(traffic.queueTxBytes[queue]).padEnd(24)}${String(traffic.queueDrops[queue]).padEnd(24)}${traffic.queueDrops[queue]! * 4174}`), '',
	].join('\n');
};

const lldpText = (fabric: Fabric, device: string, port: string) => switchConfigs(fabric).port(device, port).lldp.map((neighbor, index) => [
	'Remote Chassis ID Subtype: Mac address (4)', `Remote Chassis ID: ${neighbor.chassisId}`, 'Remote Port Subtype: Mac address (3)', `Remote Port ID: ${neighbor.portId}`,
	`Remote Port Description: ${neighbor.portDescription === '' ? 'Not Advertised' : neighbor.portDescription}`, `Local Port ID: ${port}`, `Locally assigned remote Neighbor Index: ${index + 1}`, 'Remote TTL: 120',
	'Information valid for next 100 seconds', `Remote System Name: ${neighbor.systemName === '' ? 'Not Advertised' : neighbor.systemName}`, '---------------------------------------------------------------------------', '',
].join('\n')).join('');

const dcbxText = (fabric: Fabric, device: string, port: string) => {
	const {dcbx} = switchConfigs(fabric).port(device, port);
	return [
		`Interface ${port}`, '    Port Role is Manual', `    DCBX Operational Status is ${dcbx.enabled ? 'Enabled' : 'Disabled'}`, '    Is Configuration Source? FALSE',
		`    Local DCBX Compatibility mode is ${dcbx.version === 'ieee' ? 'IEEEv2.5' : 'CEE'}`, `    Local DCBX Configured mode is ${dcbx.version === 'ieee' ? 'IEEEv2.5' : 'CEE'}`, '',
	].join('\n');
};

type Show = (fabric: Fabric, device: string, port: string) => string;
const shows: Array<[RegExp, Show]> = [
	[/^show interface (ethernet\s*\S+) priority-flow-control details$/i, pfcDetailsText],
	[/^show interface (ethernet\s*\S+)$/i, interfaceText],
	[/^show queuing statistics interface (ethernet\s*\S+)$/i, queuingText],
	[/^show lldp neighbors interface (ethernet\s*\S+) detail$/i, lldpText],
	[/^show lldp dcbx interface (ethernet\s*\S+)$/i, dcbxText],
];

export const os10Handler = (device: string, fabric: Fabric): ExecHandler => async process => {
	let mode: 'exec' | 'config' | 'interface' = 'exec';
	let selected: string | undefined;
	for (const line of process.command.split('\n').map(text => text.trim()).filter(text => text !== '')) {
		const lower = line.toLowerCase();
		const show = shows.find(([pattern]) => pattern.test(line));
		if (show) {
			const port = os10CanonicalPort(show[0].exec(line)![1]!);
			process.stdout(port === undefined ? invalid : show[1](fabric, device, port));
		} else if (lower === 'show version') {
			process.stdout(simVersionOutput.os10(device));
		} else if (lower === 'show running-configuration') {
			process.stdout(runningConfig(fabric, device));
		} else if (/^(configure|configure terminal)$/i.test(line)) {
			mode = 'config';
		} else if (/^terminal length \d+$/i.test(line)) {
			// Paging settings: nothing to print.
		} else if (mode !== 'exec' && /^interface /i.test(line)) {
			selected = os10CanonicalPort(line.slice('interface '.length));
			if (selected === undefined) {
				process.stdout(invalid);
			} else {
				mode = 'interface';
			}
		} else if (mode === 'interface' && selected !== undefined && (lower === 'shutdown' || lower === 'no shutdown')) {
			fabric.setPortAdmin(device, selected, lower === 'no shutdown');
		} else if (lower === 'end') {
			mode = 'exec';
			selected = undefined;
		} else if (lower === 'exit') {
			mode = mode === 'interface' ? 'config' : 'exec';
		} else {
			process.stdout(invalid);
		}
	}

	return 0;
};
