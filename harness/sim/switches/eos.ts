// A simulated Arista EOS switch reached over SSH exec: the show commands the EOS driver sends (with `| json`
// where EOS has it) and interface configuration (`configure terminal`, `interface`, `shutdown`, `end`), one
// command per line. Unknown input gets EOS's "% Invalid input" line.
import type {Fabric} from '../fabric.js';
import type {ExecHandler} from '../ssh-server.js';
import {pfcOperational, switchConfigs} from './state.js';
import {portTraffic} from '../traffic.js';
import {simVersionOutput} from './version.js';

const portCount = 54;

/** EOS accepts Et5, Eth5, Ethernet5 and "ethernet 5"; the canonical form is Ethernet5. */
export const eosCanonicalPort = (text: string): string | undefined => {
	const match = /^(?:et|eth|ethernet)\s*(\d+)$/i.exec(text.trim());
	return match && Number(match[1]) >= 1 && Number(match[1]) <= portCount ? `Ethernet${Number(match[1])}` : undefined;
};

const invalid = '% Invalid input\n';

const linkState = (fabric: Fabric, device: string, port: string) => {
	const admin = fabric.portAdmin(device, port);
	const adapter = fabric.cableAt(device, port);
	const up = admin && adapter !== undefined && fabric.linkUp(adapter);
	return {admin, up, gbps: adapter?.rnic.linkGbps ?? 25};
};

const statusJson = (fabric: Fabric, device: string, port: string) => {
	const {admin, up, gbps} = linkState(fabric, device, port);
	return {interfaceStatuses: {[port]: {
		description: '', linkStatus: admin ? (up ? 'connected' : 'notconnect') : 'disabled', lineProtocolStatus: up ? 'up' : 'down',
		vlanInformation: {interfaceMode: 'trunk', interfaceForwardingModel: 'bridged'}, bandwidth: gbps * 1e9, interfaceType: `${gbps}GBASE-CR`, duplex: 'duplexFull', autoNegotiateActive: false,
	}}};
};

const interfaceJson = (fabric: Fabric, device: string, port: string) => {
	const {admin, up, gbps} = linkState(fabric, device, port);
	const config = switchConfigs(fabric).port(device, port);
	return {interfaces: {[port]: {
		name: port, forwardingModel: 'bridged', lineProtocolStatus: up ? 'up' : 'down', interfaceStatus: admin ? (up ? 'connected' : 'notconnect') : 'disabled',
		hardware: 'ethernet', mtu: config.mtu, l2Mtu: config.mtu, bandwidth: gbps * 1e9, description: '', autoNegotiate: 'off', duplex: 'duplexFull',
	}}};
};

const pfcStatusJson = (fabric: Fabric, device: string, port: string) => {
	const config = switchConfigs(fabric).port(device, port);
	// EOS has no DCBX-negotiated PFC: the mistake of leaving PFC to DCBX shows as PFC not configured on the port.
	const enabled = config.pfcMode === 'on';
	return {enabled: true, priorities: config.pfcPriorities, interfaceStatuses: {[port]: {enabled, active: enabled && pfcOperational(config) && linkState(fabric, device, port).up, priorities: config.pfcPriorities, dcbxActive: config.dcbx.enabled}}};
};

const pfcCountersJson = (fabric: Fabric, device: string, port: string) => {
	const traffic = portTraffic(fabric, device, port);
	const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);
	return {interfaceCounters: {[port]: {rxFrames: sum(traffic.rxPause), txFrames: sum(traffic.txPause)}}};
};

const qosInterfaceText = (fabric: Fabric, device: string, port: string) => {
	const config = switchConfigs(fabric).port(device, port);
	const lines = [
		`${port}:`, `   Trust Mode: ${config.trust === 'cos' ? 'COS' : 'DSCP'}`, '   Default COS: 0', '   Default DSCP: 0', '',
		'   Port shaping rate: disabled', '',
		'   Tx    Bandwidth  Shape Rate     Priority   ECN/WRED', '   Queue (percent)  (units)', '   ------------------------------------------------------------',
	];
	for (let queue = 7; queue >= 0; queue--) {
		const entry = config.ets.find(candidate => candidate.trafficClass === queue);
		const strict = entry?.algorithm === 'strict';
		const bandwidth = strict ? '-' : String(entry?.bandwidthPercent ?? 0);
		const priority = strict ? 'SP' : 'RR';
		lines.push(`   ${queue}     ${`${bandwidth} / ${bandwidth}`.padEnd(10)} -   / -  ( - ) ${priority} / ${priority}    ${config.pfcPriorities.includes(queue) ? 'E' : 'D'}`);
	}

	return `${lines.join('\n')}\n\n`;
};

const qosMapsText = (fabric: Fabric, device: string) => {
	const configs = switchConfigs(fabric);
	const first = configs.cabledPorts(device)[0];
	const ets = first === undefined ? [] : configs.port(device, first).ets;
	const cos = [0, 1, 2, 3, 4, 5, 6, 7];
	const tcOf = (priority: number) => ets.find(entry => entry.priorities.includes(priority))?.trafficClass ?? 0;
	const row = (values: number[]) => values.map(value => String(value).padStart(4)).join('');
	return [
		'Number of Traffic Classes supported: 8', 'Number of transmit queues supported: 8', '', 'Cos Rewrite: Disabled', 'Dscp Rewrite: Disabled', '',
		'Cos-tc map:', `      cos:${row(cos)}`, '  ----------------------------------------', `       tc:${row(cos.map(tcOf))}`, '',
		'Tc - tx-queue map:', `       tc:${row(cos)}`, '  ----------------------------------------', ` tx-queue:${row(cos)}`, '', '',
	].join('\n');
};

const queueCountersJson = (fabric: Fabric, device: string, port: string) => {
	const traffic = portTraffic(fabric, device, port);
	const ucastQueues = Object.fromEntries([0, 1, 2, 3, 4, 5, 6, 7].map(queue => [`UC${queue}`, {
		enqueuedPackets: traffic.queueTxPackets[queue]!, enqueuedBytes: traffic.queueTxBytes[queue]!, droppedPackets: traffic.queueDrops[queue]!, droppedBytes: traffic.queueDrops[queue]! * 4174,
	}]));
	return {egressQueueCounters: {interfaces: {[port]: {ucastQueues}}}};
};

const lldpJson = (fabric: Fabric, device: string, port: string) => {
	const neighbors = switchConfigs(fabric).port(device, port).lldp;
	return {lldpNeighbors: {[port]: {lldpNeighborInfo: neighbors.map(neighbor => ({
		chassisIdType: 'macAddress', chassisId: neighbor.chassisId, ttl: 120, neighborDiscoveryTime: 1_700_000_000, lastChangeTime: 1_700_000_000,
		...(neighbor.systemName === '' ? {} : {systemName: neighbor.systemName, systemDescription: 'Microsoft Windows Server 2022 Datacenter'}),
		neighborInterfaceInfo: {interfaceIdType: 'macAddress', interfaceId: `"${neighbor.portId}"`, interfaceId_v2: neighbor.portId, interfaceDescription: neighbor.portDescription},
	}))}}};
};

const dcbxText = (fabric: Fabric, device: string, port: string) => {
	const {dcbx} = switchConfigs(fabric).port(device, port);
	return dcbx.enabled ? `${port}:\n${dcbx.version.toUpperCase()} DCBX is enabled and active\nNo LLDPDU with DCBX TLVs received\n` : `${port}:\nDCBX is disabled\n`;
};

type Show = (fabric: Fabric, device: string, port: string) => unknown;

// Pattern → [answer, whether it is JSON]. A JSON answer is printed only with `| json` (text otherwise is not modelled).
const portShows: Array<[RegExp, Show, boolean]> = [
	[/^show interfaces (\S+) status$/i, statusJson, true],
	[/^show interfaces (\S+) counters queue$/i, queueCountersJson, true],
	[/^show interfaces (\S+)$/i, interfaceJson, true],
	[/^show priority-flow-control interfaces (\S+) status$/i, pfcStatusJson, true],
	[/^show priority-flow-control interfaces (\S+) counters$/i, pfcCountersJson, true],
	[/^show lldp neighbors (\S+) detail$/i, lldpJson, true],
	[/^show qos interfaces (\S+)$/i, qosInterfaceText, false],
	[/^show dcbx (\S+)$/i, dcbxText, false],
];

export const eosHandler = (device: string, fabric: Fabric): ExecHandler => async process => {
	let mode: 'exec' | 'config' | 'interface' = 'exec';
	let selected: string | undefined;
	for (const line of process.command.split('\n').map(text => text.trim()).filter(text => text !== '')) {
		const [body = '', ...pipes] = line.split(/\s*\|\s*/);
		const json = pipes.some(pipe => pipe.toLowerCase() === 'json');
		const lower = body.toLowerCase();
		const show = portShows.find(([pattern]) => pattern.test(body));
		if (show) {
			const port = eosCanonicalPort(show[0].exec(body)![1]!);
			if (port === undefined || show[2] !== json) {
				process.stdout(invalid);
				continue;
			}

			const answer = show[1](fabric, device, port);
			process.stdout(json ? `${JSON.stringify(answer, undefined, 2)}\n` : String(answer));
		} else if (/^show version$/i.test(body) && json) {
			process.stdout(simVersionOutput.eos(device));
		} else if (/^show qos maps$/i.test(body)) {
			process.stdout(qosMapsText(fabric, device));
		} else if (/^(conf|configure)( t| terminal)?$/i.test(body)) {
			mode = 'config';
		} else if (/^terminal length \d+$/i.test(body)) {
			process.stdout('Pagination disabled.\n');
		} else if (mode !== 'exec' && /^interface /i.test(body)) {
			selected = eosCanonicalPort(body.slice('interface '.length));
			mode = selected === undefined ? mode : 'interface';
			if (selected === undefined) {
				process.stdout(invalid);
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
