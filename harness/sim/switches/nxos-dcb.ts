// NX-OS DCB show commands of the simulated Nexus, printed from the switch configuration (state.ts) and the
// traffic of the fabric model, in the layouts the NX-OS 9.3/10.x CLI uses.
import type {Fabric} from '../fabric.js';
import {pfcOperational, switchConfigs} from './state.js';
import {portTraffic} from '../traffic.js';

const pad = (value: string | number, width: number) => String(value).padStart(width);

/** `show interface <if> priority-flow-control`: `Mode On, Oper On (8)` when healthy, `Auto Off` when left to DCBX. */
export const nxosPfcText = (fabric: Fabric, device: string, port: string): string => {
	const config = switchConfigs(fabric).port(device, port);
	const traffic = portTraffic(fabric, device, port);
	const oper = pfcOperational(config);
	const bitmap = config.pfcPriorities.reduce((sum, priority) => sum | (1 << priority), 0);
	const mode = {on: 'On', auto: 'Auto', off: 'Off'}[config.pfcMode];
	const operText = oper ? `On (${bitmap.toString(16)})` : 'Off';
	const total = (values: number[]) => values.reduce((sum, value) => sum + value, 0);
	return [
		'',
		'============================================================',
		'Port               Mode Oper(VL bmap)  RxPPP      TxPPP     ',
		'============================================================',
		'',
		`${port.padEnd(18)} ${mode.padEnd(4)} ${operText.padEnd(14)} ${String(total(traffic.rxPause)).padEnd(10)} ${String(total(traffic.txPause)).padEnd(10)}`,
		'',
	].join('\n');
};

/** The system network-qos policy; one per switch, so it follows the switch's first cabled port. */
export const nxosNetworkQosText = (fabric: Fabric, device: string): string => {
	const configs = switchConfigs(fabric);
	const first = configs.cabledPorts(device)[0];
	const config = first === undefined ? undefined : configs.port(device, first);
	const lines = ['', '  Type network-qos policy-maps', '  ============================', '  policy-map type network-qos QOS_NETWORK'];
	for (const entry of config?.ets ?? []) {
		lines.push(`    class type network-qos c-8q-nq${entry.trafficClass === 0 ? '-default' : entry.trafficClass}`, `      match qos-group ${entry.trafficClass}`);
		const paused = entry.priorities.filter(priority => config!.pfcPriorities.includes(priority));
		if (paused.length > 0) {
			lines.push(`      pause pfc-cos ${paused.join(',')}`);
		}

		lines.push(`      mtu ${config!.mtu}`);
	}

	return `${lines.join('\n')}\n`;
};

/** `show queuing interface <if>`: egress scheduler, per-QoS-group counters, PFC per CoS. */
export const nxosQueuingText = (fabric: Fabric, device: string, port: string): string => {
	const config = switchConfigs(fabric).port(device, port);
	const traffic = portTraffic(fabric, device, port);
	const groupOf = (cos: number) => config.ets.find(entry => entry.priorities.includes(cos))?.trafficClass ?? 0;
	const lines = [
		'', 'slot  1', '=======', '', '',
		`Egress Queuing for ${port} [System]`,
		'------------------------------------------------------------------------------',
		'QoS-Group# Bandwidth% PrioLevel                Shape                   QLimit',
		'                                   Min          Max        Units   ',
		'------------------------------------------------------------------------------',
	];
	for (let group = 7; group >= 0; group--) {
		const entry = config.ets.find(candidate => candidate.trafficClass === group);
		const bandwidth = entry === undefined ? '0' : entry.algorithm === 'strict' ? '-' : String(entry.bandwidthPercent);
		const level = entry?.algorithm === 'strict' ? '1' : '-';
		lines.push(`      ${group}    ${pad(bandwidth, 10)}  ${pad(level, 8)}           -            -     -            9(D)`);
	}

	for (let group = 0; group < 8; group++) {
		lines.push(
			'+-------------------------------------------------------------+',
			`|                              QOS GROUP ${group}                    |`,
			'+-------------------------------------------------------------+',
			'|                           |  Unicast       |Multicast       |',
			'+-------------------------------------------------------------+',
			`|                   Tx Pkts |${pad(traffic.queueTxPackets[group]!, 16)}|               0|`,
			`|                   Tx Byts |${pad(traffic.queueTxBytes[group]!, 16)}|               0|`,
			`| WRED/AFD & Tail Drop Pkts |${pad(traffic.queueDrops[group]!, 16)}|               0|`,
			`| WRED/AFD & Tail Drop Byts |${pad(traffic.queueDrops[group]! * 4174, 16)}|               0|`,
			'|              Q Depth Byts |               0|               0|',
			'|       WD & Tail Drop Pkts |               0|               0|',
			'+-------------------------------------------------------------+',
		);
	}

	const total = (values: number[]) => values.reduce((sum, value) => sum + value, 0);
	lines.push(
		'', `Ingress Queuing for ${port}`, '-----------------------------------------------------',
		'QoS-Group#                 Pause                    ', '            Buff Size       Pause Th      Resume Th ',
		'-----------------------------------------------------',
		...[7, 6, 5, 4, 3, 2, 1, 0].map(group => (config.pfcPriorities.some(priority => groupOf(priority) === group)
			? `      ${group}         342848        40560        38280`
			: `      ${group}              -            -            - `)),
		'', 'PFC Statistics', '------------------------------------------------------------------------------',
		`TxPPP:                    ${total(traffic.txPause)}, RxPPP:                    ${total(traffic.rxPause)}`,
		'------------------------------------------------------------------------------', '',
		'PFC_COS QOS_Group   TxPause                 TxCount         RxPause          RxCount',
		...[0, 1, 2, 3, 4, 5, 6, 7].map(cos => `     ${cos}        ${groupOf(cos)}    Inactive ${pad(traffic.txPause[cos]!, 22)}        Inactive ${pad(traffic.rxPause[cos]!, 16)}`),
		'------------------------------------------------------------------------------', '',
	);
	return lines.join('\n');
};

/** `show policy-map interface <if> input type qos`: the Microsoft reference AZLocal_SERVICES policy (match cos). */
export const nxosQosPolicyText = (fabric: Fabric, device: string, port: string): string => {
	const config = switchConfigs(fabric).port(device, port);
	const qos = fabric.rig.qos;
	const classes = qos === undefined ? [] : [['RDMA', qos.smb.priority], ['CLUSTER', qos.cluster.priority], ...(qos.backup ? [['BACKUP', qos.backup.priority] as const] : [])] as const;
	const lines = ['', 'Global statistics status :   enabled', '', port, '', '  Service-policy (qos) input:   AZLocal_SERVICES', '    SNMP Policy Index:  285213859', ''];
	for (const [name, priority] of classes) {
		// Trusting DSCP, the policy matches the DSCP values stock configs use instead (RDMA on 26, cluster on 48).
		const match = config.trust === 'cos' ? `cos ${priority}` : `dscp ${name === 'RDMA' ? 26 : name === 'CLUSTER' ? 48 : 10}`;
		lines.push(`    Class-map (qos):   ${name} (match-all)`, '', '      Slot 1', '        0 packets', '      Aggregate forwarded :', '        0 packets', `      Match: ${match}`, `      set qos-group ${priority}`, '');
	}

	lines.push('    Class-map (qos):   class-default (match-any)', '', '      Slot 1', '        0 packets', '      Aggregate forwarded :', '        0 packets', '      set qos-group 0', '');
	return lines.join('\n');
};

/** `show lldp neighbors interface <if> detail | json`. */
export const nxosLldpJson = (fabric: Fabric, device: string, port: string): unknown => {
	const neighbors = switchConfigs(fabric).port(device, port).lldp;
	if (neighbors.length === 0) {
		return {};
	}

	const rows = neighbors.map(neighbor => ({
		chassis_type: 'Mac Address', chassis_id: neighbor.chassisId, port_type: 'Mac Address', port_id: neighbor.portId,
		l_port_id: port.replace('Ethernet', 'Eth'), port_desc: neighbor.portDescription, sys_name: neighbor.systemName,
		sys_desc: 'Microsoft Windows Server 2022 Datacenter', ttl: 120, system_capability: 'S', enabled_capability: 'S', mgmt_addr: 'not advertised', vlan_id: 'not advertised',
	}));
	return {TABLE_nbor_detail: {ROW_nbor_detail: rows.length === 1 ? rows[0] : rows}};
};

/** `show lldp dcbx interface <if>`. */
export const nxosDcbxText = (fabric: Fabric, device: string, port: string): string => {
	const {dcbx} = switchConfigs(fabric).port(device, port);
	if (!dcbx.enabled) {
		return `Interface ${port}: DCBX is disabled\n`;
	}

	return [
		'Local DCBXP Control information:',
		`  Operation version: 00  Max version: 00  Seq no: 1  Ack no: 0`,
		`  Detected: ${dcbx.version === 'ieee' ? 'IEEE 802.1' : 'CEE'}`,
		`  Willing: ${dcbx.willing ? 'Yes' : 'No'}`,
		'',
	].join('\n');
};
