// A simulated community SONiC switch: its Linux shell reached over SSH exec, answering the sonic-utilities
// commands and redis-cli reads the SONiC driver uses. A healthy simulated SONiC has been set to trust CoS (a
// DOT1P_TO_TC_MAP bound to each storage port); the `switch-trust-dscp` misconfiguration reproduces stock SONiC,
// which classifies by DSCP (dscp_to_tc_map AZURE).
import type {Fabric} from '../fabric.js';
import type {ExecHandler} from '../ssh-server.js';
import {switchConfigs} from './state.js';
import {portTraffic} from '../traffic.js';
import {simVersionOutput} from './version.js';

const maxPort = 252;

export const sonicCanonicalPort = (text: string): string | undefined => {
	const match = /^Ethernet(\d+)$/.exec(text.trim());
	return match && Number(match[1]) <= maxPort ? `Ethernet${Number(match[1])}` : undefined;
};

const oidOf = (port: string) => `oid:0x${(0x1_00_0000_0000_00 + Number(port.slice('Ethernet'.length))).toString(16)}`;

/** tabulate's "simple" format, as sonic-utilities prints tables: columns right-aligned, two spaces apart. */
const tabulate = (headers: string[], rows: string[][]) => {
	const widths = headers.map((header, index) => Math.max(header.length, ...rows.map(row => row[index]!.length)));
	const line = (cells: string[]) => cells.map((cell, index) => cell.padStart(widths[index]!)).join('  ');
	return [line(headers), widths.map(width => '-'.repeat(width)).join('  '), ...rows.map(line)].join('\n');
};

const statusText = (fabric: Fabric, device: string, port: string) => {
	const admin = fabric.portAdmin(device, port);
	const adapter = fabric.cableAt(device, port);
	const up = admin && adapter !== undefined && fabric.linkUp(adapter);
	const index = Number(port.slice('Ethernet'.length));
	const lanes = [0, 1, 2, 3].map(lane => String(2304 + (index * 2) + lane)).join(',');
	const speed = `${adapter?.rnic.linkGbps ?? 25}G`;
	return `${tabulate(['Interface', 'Lanes', 'Speed', 'MTU', 'FEC', 'Alias', 'Vlan', 'Oper', 'Admin', 'Type', 'Asym PFC'], [
		[port, lanes, speed, String(switchConfigs(fabric).port(device, port).mtu), 'rs', `etp${(index / 4) + 1}`, 'trunk', up ? 'up' : 'down', admin ? 'up' : 'down', 'SFP/SFP+/SFP28', 'N/A'],
	])}\n`;
};

const pfcPriorityText = (fabric: Fabric, device: string, port: string) => {
	const config = switchConfigs(fabric).port(device, port);
	// SONiC has no DCBX-negotiated PFC; left "to DCBX" it is simply not enabled on the port.
	const enabled = config.pfcMode === 'on' && config.pfcPriorities.length > 0;
	return `${tabulate(['Interface', 'Lossless priorities'], [[port, enabled ? config.pfcPriorities.join(',') : 'N/A']])}\n`;
};

const countersHash = (fabric: Fabric, device: string, port: string) => {
	const traffic = portTraffic(fabric, device, port);
	const fields: Array<[string, number]> = [];
	for (let priority = 0; priority < 8; priority++) {
		fields.push([`SAI_PORT_STAT_PFC_${priority}_RX_PKTS`, traffic.rxPause[priority]!], [`SAI_PORT_STAT_PFC_${priority}_TX_PKTS`, traffic.txPause[priority]!]);
	}

	const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);
	fields.push(['SAI_PORT_STAT_IF_OUT_OCTETS', sum(traffic.queueTxBytes)], ['SAI_PORT_STAT_IF_OUT_UCAST_PKTS', sum(traffic.queueTxPackets)], ['SAI_PORT_STAT_IF_OUT_DISCARDS', sum(traffic.queueDrops)]);
	return `${fields.map(([field, value]) => `${field}\n${value}`).join('\n')}\n`;
};

const runningConfig = (fabric: Fabric, device: string) => {
	const configs = switchConfigs(fabric);
	const ports = configs.cabledPorts(device);
	const db: Record<string, Record<string, Record<string, string>>> = {
		PORT: {}, PORT_QOS_MAP: {}, DOT1P_TO_TC_MAP: {}, DSCP_TO_TC_MAP: {}, TC_TO_QUEUE_MAP: {AZURE: Object.fromEntries([0, 1, 2, 3, 4, 5, 6, 7].map(tc => [String(tc), String(tc)]))}, QUEUE: {}, SCHEDULER: {},
	};
	// Stock SONiC's AZURE DSCP map (qos_config.j2): DSCP 3 and 4 lossless, 46 → 5, 48 → 6, most others → 1.
	db.DSCP_TO_TC_MAP!.AZURE = Object.fromEntries(Array.from({length: 64}, (_, dscp) => [String(dscp), String(dscp === 3 ? 3 : dscp === 4 ? 4 : dscp === 46 ? 5 : dscp === 48 ? 6 : dscp === 8 ? 0 : 1)]));
	for (const port of ports) {
		const config = configs.port(device, port);
		const index = Number(port.slice('Ethernet'.length));
		db.PORT![port] = {admin_status: fabric.portAdmin(device, port) ? 'up' : 'down', alias: `etp${(index / 4) + 1}`, lanes: String(2304 + (index * 2)), mtu: String(config.mtu), speed: String((fabric.cableAt(device, port)?.rnic.linkGbps ?? 25) * 1000)};
		const mapName = `AZLOCAL_${port}`;
		db.DOT1P_TO_TC_MAP![mapName] = Object.fromEntries([0, 1, 2, 3, 4, 5, 6, 7].map(priority => [String(priority), String(config.ets.find(entry => entry.priorities.includes(priority))?.trafficClass ?? 0)]));
		db.PORT_QOS_MAP![port] = {
			...(config.trust === 'cos' ? {dot1p_to_tc_map: mapName} : {dscp_to_tc_map: 'AZURE'}),
			tc_to_queue_map: 'AZURE', tc_to_pg_map: 'AZURE', pfc_to_queue_map: 'AZURE',
			...(config.pfcMode === 'on' && config.pfcPriorities.length > 0 ? {pfc_enable: config.pfcPriorities.join(',')} : {}),
		};
		for (const entry of config.ets) {
			const scheduler = `scheduler.${port}.${entry.trafficClass}`;
			db.SCHEDULER![scheduler] = entry.algorithm === 'strict' ? {type: 'STRICT'} : {type: 'DWRR', weight: String(entry.bandwidthPercent)};
			db.QUEUE![`${port}|${entry.trafficClass}`] = {scheduler, ...(config.pfcPriorities.includes(entry.trafficClass) ? {wred_profile: 'AZURE_LOSSLESS'} : {})};
		}
	}

	return `${JSON.stringify(db, undefined, 4)}\n`;
};

const queueCountersJson = (fabric: Fabric, device: string, port: string) => {
	const traffic = portTraffic(fabric, device, port);
	const queues: Record<string, Record<string, string>> = {};
	for (let queue = 0; queue < 8; queue++) {
		queues[`UC${queue}`] = {totalpacket: String(traffic.queueTxPackets[queue]), totalbytes: String(traffic.queueTxBytes[queue]), droppacket: String(traffic.queueDrops[queue]), dropbytes: String(traffic.queueDrops[queue]! * 4174)};
	}

	for (let queue = 0; queue < 8; queue++) {
		queues[`MC${queue + 8}`] = {totalpacket: '0', totalbytes: '0', droppacket: '0', dropbytes: '0'};
	}

	// queuestat prints the time of the reading beside the queues (datetime.isoformat(), local time, no zone).
	const now = new Date();
	const time = new Date(now.getTime() - (now.getTimezoneOffset() * 60_000)).toISOString().replace('Z', '000');
	return `${JSON.stringify({[port]: {...queues, time}}, undefined, 4)}\n`;
};

const lldpText = (fabric: Fabric, device: string, port: string) => {
	const rule = '-------------------------------------------------------------------------------';
	const blocks = switchConfigs(fabric).port(device, port).lldp.map((neighbor, index) => [
		`Interface:    ${port}, via: LLDP, RID: ${index + 1}, Time: 0 day, 00:01:20`,
		'  Chassis:',
		`    ChassisID:    mac ${neighbor.chassisId}`,
		...(neighbor.systemName === '' ? [] : [`    SysName:      ${neighbor.systemName}`, '    SysDescr:     Microsoft Windows Server 2022 Datacenter']),
		'    TTL:          120',
		'  Port:',
		`    PortID:       mac ${neighbor.portId}`,
		...(neighbor.portDescription === '' ? [] : [`    PortDescr:    ${neighbor.portDescription}`]),
		rule,
	].join('\n'));
	return `${rule}\nLLDP neighbors:\n${rule}\n${blocks.join('\n')}\n`;
};

const noSuchCommand = (command: string) => `Usage: show [OPTIONS] COMMAND [ARGS]...\nTry "show -h" for help.\n\nError: No such command "${command}".\n`;

export const sonicHandler = (device: string, fabric: Fabric): ExecHandler => async process => {
	const command = process.command.trim();
	const portCommand = /^(show interfaces status|show pfc priority|show lldp neighbors|show queue counters|sudo -n config interface (?:shutdown|startup)|redis-cli -n 2 HGET COUNTERS_PORT_NAME_MAP) (\S+)( --json| -j)?$/.exec(command);
	if (portCommand) {
		const port = sonicCanonicalPort(portCommand[2]!);
		if (port === undefined) {
			process.stderr(`Error: Interface ${portCommand[2]!} is invalid\n`);
			return 1;
		}

		const verb = portCommand[1]!;
		if (verb === 'show queue counters' && portCommand[3] === undefined) {
			process.stderr('Error: the simulator prints queue counters only as JSON (--json)\n');
			return 2;
		}

		if (verb.startsWith('sudo -n config interface')) {
			fabric.setPortAdmin(device, port, verb.endsWith('startup'));
			return 0;
		}

		process.stdout(verb === 'show interfaces status' ? statusText(fabric, device, port)
			: verb === 'show pfc priority' ? pfcPriorityText(fabric, device, port)
				: verb === 'show lldp neighbors' ? lldpText(fabric, device, port)
					: verb === 'show queue counters' ? queueCountersJson(fabric, device, port)
						: `${oidOf(port)}\n`);
		return 0;
	}

	const counters = /^redis-cli -n 2 HGETALL COUNTERS:(oid:0x[\da-f]+)$/.exec(command);
	if (counters) {
		const port = switchConfigs(fabric).cabledPorts(device).find(candidate => oidOf(candidate) === counters[1]);
		process.stdout(port === undefined ? '' : countersHash(fabric, device, port));
		return 0;
	}

	if (command === 'show version') {
		process.stdout(simVersionOutput.sonic(device));
		return 0;
	}

	if (command === 'show runningconfiguration all') {
		process.stdout(runningConfig(fabric, device));
		return 0;
	}

	process.stderr(noSuchCommand(command.split(/\s+/)[1] ?? command));
	return 2;
};
