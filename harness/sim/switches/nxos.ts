// A simulated Cisco Nexus (NX-OS) reached over SSH exec. It understands the commands the harness sends, one per
// line or separated by ' ; ' as NX-OS allows: `show interface <if> [| json]`, the DCB show commands of
// nxos-dcb.ts, `configure terminal`, `interface <if>`, `shutdown`, `no shutdown`, `end`. Output follows NX-OS,
// including its '%' error lines.
import type {Fabric} from '../fabric.js';
import type {ExecHandler} from '../ssh-server.js';
import {nxosDcbxText, nxosLldpJson, nxosNetworkQosText, nxosPfcText, nxosQosPolicyText, nxosQueuingText} from './nxos-dcb.js';
import {switchConfigs} from './state.js';
import {simVersionOutput} from './version.js';

const portCount = 54;

/** NX-OS accepts e1/5, eth1/5, Ethernet1/5 and "ethernet 1/5"; the canonical form is Ethernet1/5. */
export const canonicalPort = (text: string): string | undefined => {
	const match = /^(?:e|eth|ethernet)\s*(\d+)\/(\d+)$/i.exec(text.trim());
	if (!match) {
		return undefined;
	}

	const [module, port] = [Number(match[1]), Number(match[2])];
	return module === 1 && port >= 1 && port <= portCount ? `Ethernet${module}/${port}` : undefined;
};

const caretError = (at: number, message: string) => `${' '.repeat(at)}^\n% ${message} at '^' marker.\n`;

const macFor = (device: string, port: string) => {
	const seed = [...`${device}${port}`].reduce((sum, char) => (sum * 31 + char.charCodeAt(0)) >>> 0, 7);
	const hex = seed.toString(16).padStart(8, '0');
	return `00de.${hex.slice(0, 4)}.${hex.slice(4, 8)}`;
};

const interfaceJson = (fabric: Fabric, device: string, port: string) => {
	const admin = fabric.portAdmin(device, port);
	const adapter = fabric.cableAt(device, port);
	const up = adapter !== undefined && fabric.linkUp(adapter);
	const speedGbps = adapter?.rnic.linkGbps ?? 25;
	const mac = macFor(device, port);
	return {
		TABLE_interface: {
			ROW_interface: {
				interface: port,
				state: up ? 'up' : 'down',
				...(up ? {} : {state_rsn_desc: admin ? 'Link not connected' : 'Administratively down'}),
				admin_state: admin ? 'up' : 'down',
				share_state: 'Dedicated',
				eth_hw_desc: '100/1000/10000/25000 Ethernet',
				eth_hw_addr: mac,
				eth_bia_addr: mac,
				eth_mtu: String(switchConfigs(fabric).port(device, port).mtu),
				eth_bw: speedGbps * 1_000_000,
				eth_dly: 10,
				eth_reliability: '255',
				eth_txload: '1',
				eth_rxload: '1',
				medium: 'broadcast',
				eth_mode: 'trunk',
				eth_duplex: 'full',
				eth_speed: up ? `${speedGbps} Gb/s` : 'auto-speed',
				eth_autoneg: 'on',
				eth_mdix: 'off',
				eth_ethertype: '0x8100',
			},
		},
	};
};

const interfaceText = (fabric: Fabric, device: string, port: string) => {
	const row = interfaceJson(fabric, device, port).TABLE_interface.ROW_interface;
	return [
		`${port} is ${row.state}${row.state_rsn_desc ? ` (${row.state_rsn_desc})` : ''}`,
		`admin state is ${row.admin_state}, Dedicated Interface`,
		`  Hardware: ${row.eth_hw_desc}, address: ${row.eth_hw_addr} (bia ${row.eth_bia_addr})`,
		`  MTU ${row.eth_mtu} bytes, BW ${row.eth_bw} Kbit , DLY ${row.eth_dly} usec`,
		'  reliability 255/255, txload 1/255, rxload 1/255',
		'  Encapsulation ARPA, medium is broadcast',
		'  Port mode is trunk',
		`  full-duplex, ${row.eth_speed}, media type is 25G`,
		'',
	].join('\n');
};

export const nxosHandler = (device: string, fabric: Fabric): ExecHandler => async process => {
	let mode: 'exec' | 'config' | 'interface' = 'exec';
	let selected: string | undefined;
	const commands = process.command.split(/\s;\s|\n/).map(command => command.trim()).filter(command => command !== '');
	for (const command of commands) {
		const [body = '', pipe] = command.split(/\s*\|\s*/, 2);
		const words = body.split(/\s+/);
		const lower = body.toLowerCase();
		const dcbShow = /^show (interface|queuing interface|policy-map interface|lldp neighbors interface|lldp dcbx interface) (.+?)( priority-flow-control| input type qos| detail)?$/i.exec(body);
		if (dcbShow && (dcbShow[1]!.toLowerCase() !== 'interface' || dcbShow[3] !== undefined)) {
			const port = canonicalPort(dcbShow[2]!);
			if (port === undefined) {
				process.stdout(caretError(`show ${dcbShow[1]!} `.length, 'Invalid interface format'));
				continue;
			}

			const kind = `${dcbShow[1]!.toLowerCase()}${dcbShow[3]?.toLowerCase() ?? ''}`;
			const output = kind === 'interface priority-flow-control' ? nxosPfcText(fabric, device, port)
				: kind === 'queuing interface' ? nxosQueuingText(fabric, device, port)
					: kind === 'policy-map interface input type qos' ? nxosQosPolicyText(fabric, device, port)
						: kind === 'lldp neighbors interface detail' && pipe?.toLowerCase() === 'json' ? `${JSON.stringify(nxosLldpJson(fabric, device, port))}\n`
							: kind === 'lldp dcbx interface' ? nxosDcbxText(fabric, device, port) : undefined;
			if (output === undefined) {
				process.stdout(caretError(words[0]!.length + 1, 'Invalid command'));
				continue;
			}

			process.stdout(output);
		} else if (/^show version$/i.test(body) && pipe?.toLowerCase() === 'json') {
			process.stdout(simVersionOutput.nxos(device));
		} else if (/^show policy-map system type network-qos$/i.test(body)) {
			process.stdout(nxosNetworkQosText(fabric, device));
		} else if (/^show interface /i.test(body)) {
			const port = canonicalPort(body.slice('show interface '.length));
			if (port === undefined) {
				process.stdout(caretError('show interface '.length, 'Invalid interface format'));
				continue;
			}

			process.stdout(pipe?.toLowerCase() === 'json' ? `${JSON.stringify(interfaceJson(fabric, device, port))}\n` : interfaceText(fabric, device, port));
		} else if (/^(conf|config|configure)( t| terminal)?$/i.test(body)) {
			mode = 'config';
		} else if (/^terminal (length|width) \d+$/i.test(body)) {
			// Paging settings: nothing to print.
		} else if (mode !== 'exec' && /^interface /i.test(body)) {
			const port = canonicalPort(body.slice('interface '.length));
			if (port === undefined) {
				process.stdout(caretError('interface '.length, 'Invalid interface format'));
				continue;
			}

			mode = 'interface';
			selected = port;
		} else if (mode === 'interface' && selected !== undefined && (lower === 'shutdown' || lower === 'no shutdown')) {
			fabric.setPortAdmin(device, selected, lower === 'no shutdown');
		} else if (lower === 'end') {
			mode = 'exec';
			selected = undefined;
		} else if (lower === 'exit') {
			mode = mode === 'interface' ? 'config' : 'exec';
		} else {
			process.stdout(caretError(words[0]!.length + 1, 'Invalid command'));
		}
	}

	return 0;
};
