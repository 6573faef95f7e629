// Switch-side rules of `rdmalab validate`: every switch port cabled to an rNIC must carry the host's DCB policy
// as the rig file states it (the host side is judged against the same rig values, so agreeing with the rig means
// agreeing with the host). Pure: the rig and a snapshot in, verdicts out.
import type {Rig} from '../rig/schema.js';
import type {Verdict} from '../verdicts/verdict.js';
import {checker, type Rule} from './check.js';
import type {SwitchPortSnapshot, SwitchSnapshot} from './switch-state.js';

export const switchRuleList = {
	portUp: {id: 'switch-port-up', title: 'Switch ports cabled to rNICs are up', hint: 'no shutdown on the port; if it stays down check the optic, the cable and the rNIC'},
	pfcForced: {id: 'switch-pfc-forced', title: 'PFC forced on (not auto/DCBX) and operational for the SMB priority (RoCE, or DCB required)', hint: 'NX-OS/OS10: priority-flow-control mode on; EOS: priority-flow-control on; SONiC: config interface pfc priority <if> 3 on; NVUE: nv set qos pfc default-global switch-priority 3; do not rely on DCBX'},
	pfcPriorities: {id: 'switch-pfc-priorities', title: 'No lossless priority the rig does not list, and every one it lists besides SMB\'s', hint: 'disable PFC (no-drop) on every priority the hosts do not pause on; a lossless class the hosts do not honour can deadlock the fabric'},
	etsSmbShare: {id: 'switch-ets-smb-share', title: 'ETS share of the SMB traffic class equals the hosts\'', hint: 'set the bandwidth of the queue carrying the SMB priority to the share the rig gives qos.smb (NX-OS: bandwidth remaining percent in the queuing policy)'},
	trustCos: {id: 'switch-trust-cos', title: 'Ports classify by 802.1p CoS, not DSCP', hint: 'Windows marks the 802.1p priority only: trust CoS/dot1p on the port (SONiC: bind a DOT1P_TO_TC_MAP in PORT_QOS_MAP; EOS: qos trust cos; NVUE: nv set qos mapping default-global trust l2)'},
	mtu: {id: 'switch-mtu', title: 'Port MTU at least the hosts\' jumbo frame size', hint: 'raise the port MTU (9216 on most switches) so jumbo frames from the rNICs are not dropped'},
	lldpNeighbor: {id: 'switch-lldp-neighbor', title: 'Exactly one LLDP neighbour per storage port, the rNIC\'s node', hint: 'two neighbours usually mean the NIC firmware LLDP agent competes with Windows (Mellanox: mlxconfig LLDP_NB_TX_MODE_P1=0 LLDP_NB_DCBX_P1=0); a wrong neighbour means the cabling differs from the rig file'},
	backupPriority: {id: 'switch-backup-priority', title: 'The backup priority has its own traffic class on the ports the backup traffic crosses', hint: 'map the backup priority to its own queue with the share the rig gives qos.backup, as on the hosts'},
} as const satisfies Record<string, Rule>;

/**
 * `rnicMacs` holds the MAC address of each rNIC from the node inventory (Get-NetAdapter MacAddress), keyed
 * `<node>/<rnic>`: the LLDP neighbour is identified by it first, by its system name only when the MAC is unknown or
 * not advertised.
 */
export const switchRules = (rig: Rig, snapshot: SwitchSnapshot, rnicMacs: ReadonlyMap<string, string> = new Map()): Verdict[] => snapshot.ports.flatMap(port => [
	portUp(port),
	pfcForced(rig, port),
	pfcPriorities(rig, port),
	etsSmbShare(rig, port),
	trustCos(rig, port),
	mtu(rig, port),
	lldpNeighbor(port, rnicMacs.get(`${port.cable.node}/${port.cable.rnic}`)),
	backupPriority(rig, port),
]);

const target = (port: SwitchPortSnapshot) => `${port.switch}/${port.port}`;
// RoCE is lossless only with PFC; iWARP recovers losses over TCP, so PFC is judged there only if the rig demands DCB.
const needsPfc = (rig: Rig) => rig.storage.transport === 'RoCE' || rig.storage.transport === 'RoCEv2' || rig.storage.dcb === 'required';
const cable = (port: SwitchPortSnapshot) => `${port.cable.node} ${port.cable.rnic}`;

/** Why DCB rules do not apply to this rig, if they do not. */
const noDcb = (rig: Rig): string | undefined => {
	if (rig.storage.transport === 'TCP') {
		return 'the rig declares TCP-only multichannel; DCB is not judged';
	}

	if (rig.storage.dcb === 'none' || rig.qos === undefined) {
		return 'the rig declares no DCB (storage.dcb none)';
	}

	return undefined;
};

const portUp = (port: SwitchPortSnapshot): Verdict => {
	const check = checker(switchRuleList.portUp);
	const {admin, oper, reason} = port.status;
	return check.expect(admin === 'up' && oper === 'up', target(port), `admin ${admin}, link ${oper}${reason ? ` (${reason})` : ''}; cabled to ${cable(port)}`, {status: port.status, cable: port.cable});
};

const pfcForced = (rig: Rig, port: SwitchPortSnapshot): Verdict => {
	const check = checker(switchRuleList.pfcForced);
	const skip = noDcb(rig) ?? (needsPfc(rig) ? undefined : `${rig.storage.transport} does not need PFC (it runs over TCP) and the rig makes DCB optional`);
	if (skip !== undefined || rig.qos === undefined) {
		return check.skip(target(port), skip ?? 'no qos block', {transport: rig.storage.transport});
	}

	const smb = rig.qos.smb.priority;
	const {mode, oper, priorities} = port.pfc;
	const ok = mode === 'on' && oper && priorities.includes(smb);
	const found = `mode ${mode}, oper ${oper ? 'on' : 'off'}, lossless priorities [${priorities.join(',')}]${port.pfc.reason ? ` (${port.pfc.reason})` : ''}`;
	return check.expect(ok, target(port), ok ? `${found}` : `${found}; expected mode on (forced), oper on, priority ${smb} lossless`, {pfc: port.pfc, expectedPriority: smb});
};

const sameSet = (a: number[], b: number[]) => a.length === b.length && a.every(value => b.includes(value));

const pfcPriorities = (rig: Rig, port: SwitchPortSnapshot): Verdict => {
	const check = checker(switchRuleList.pfcPriorities);
	const skip = noDcb(rig) ?? (needsPfc(rig) ? undefined : `${rig.storage.transport} does not need PFC and the rig makes DCB optional; which priorities are lossless is not judged`);
	if (skip !== undefined || rig.qos === undefined) {
		return check.skip(target(port), skip ?? 'no qos block', {transport: rig.storage.transport});
	}

	// The SMB priority itself is switch-pfc-forced's to judge; this rule is about every other lossless priority.
	const smb = rig.qos.smb.priority;
	const expected = rig.qos.pfcPriorities.toSorted((a, b) => a - b);
	const found = port.pfc.priorities;
	const ok = sameSet(found.filter(priority => priority !== smb), expected.filter(priority => priority !== smb));
	return check.expect(ok, target(port), `lossless priorities [${found.join(',')}], expected [${expected.join(',')}]`, {found, expected});
};

const etsSmbShare = (rig: Rig, port: SwitchPortSnapshot): Verdict => {
	const check = checker(switchRuleList.etsSmbShare);
	const skip = noDcb(rig);
	if (skip !== undefined || rig.qos === undefined) {
		return check.skip(target(port), skip ?? 'no qos block', {});
	}

	const {priority, bandwidthPercent} = rig.qos.smb;
	const entry = port.ets.find(candidate => candidate.priorities.includes(priority));
	if (entry === undefined) {
		return check.fail(target(port), `no traffic class carries priority ${priority}`, {ets: port.ets, expected: {priority, bandwidthPercent}});
	}

	const ok = entry.algorithm === 'ets' && entry.bandwidthPercent === bandwidthPercent;
	const found = entry.algorithm === 'strict' ? `traffic class ${entry.trafficClass} is strict priority` : `traffic class ${entry.trafficClass} has ${entry.bandwidthPercent} %`;
	return check.expect(ok, target(port), `priority ${priority}: ${found}, expected ETS ${bandwidthPercent} %`, {class: entry, expected: {priority, bandwidthPercent}});
};

const trustCos = (rig: Rig, port: SwitchPortSnapshot): Verdict => {
	const check = checker(switchRuleList.trustCos);
	const skip = noDcb(rig);
	if (skip !== undefined) {
		return check.skip(target(port), skip, {});
	}

	// 'both' is not enough: trusting DSCP as well, an IP packet (RoCEv2 is UDP/IP) is classified by its DSCP.
	return check.expect(port.trust === 'cos', target(port), `classifies by ${port.trust === 'none' ? 'nothing (untrusted)' : port.trust === 'both' ? 'DSCP for IP traffic and CoS otherwise' : port.trust === 'cos' ? '802.1p CoS' : 'DSCP'}`, {trust: port.trust, expected: 'cos'});
};

const mtu = (rig: Rig, port: SwitchPortSnapshot): Verdict => {
	const check = checker(switchRuleList.mtu);
	const expected = rig.storage.jumboPacket;
	return check.expect(port.mtu >= expected, target(port), `MTU ${port.mtu}, hosts send frames up to ${expected} bytes (*JumboPacket)`, {mtu: port.mtu, jumboPacket: expected});
};

/** Windows advertises its computer name; some agents send the FQDN. */
const sameHost = (systemName: string | undefined, node: string) => systemName !== undefined && systemName.split('.')[0]!.toLowerCase() === node.toLowerCase();

/** A MAC address as 12 lower-case hex digits, whatever the notation (00-15-5D-.., 00:15:5d:.., 0015.5d00..); undefined if it is not one. */
export const macKey = (text: string | undefined): string | undefined => {
	const hex = (text ?? '').trim().replace(/^mac\s+/i, '').replaceAll(/[-:.\s]/g, '').toLowerCase();
	return /^[\da-f]{12}$/.test(hex) ? hex : undefined;
};

const lldpNeighbor = (port: SwitchPortSnapshot, rnicMac: string | undefined): Verdict => {
	const check = checker(switchRuleList.lldpNeighbor);
	const names = port.lldp.map(neighbor => neighbor.systemName ?? `(no system name, chassis ${neighbor.chassisId ?? '?'}, port ${neighbor.portId})`);
	const expected = `${port.cable.node}${rnicMac === undefined ? '' : ` (${port.cable.rnic}, MAC ${rnicMac})`}`;
	const evidence = {neighbors: port.lldp, expected: port.cable.node, ...(rnicMac === undefined ? {} : {expectedMac: rnicMac})};
	if (port.lldp.length !== 1) {
		return check.fail(target(port), `${port.lldp.length} LLDP neighbours${names.length > 0 ? ` (${names.join(', ')})` : ''}, expected exactly one: ${expected}`, evidence);
	}

	// A switch engineer identifies the neighbour by its chassis ID or port ID, the rNIC's MAC; the name is the fallback.
	const neighbor = port.lldp[0]!;
	const mac = macKey(rnicMac);
	const byMac = mac !== undefined && (macKey(neighbor.chassisId) === mac || macKey(neighbor.portId) === mac);
	const ok = byMac || sameHost(neighbor.systemName, port.cable.node);
	return check.expect(ok, target(port), `LLDP neighbour ${names[0]!}${byMac ? ' (by MAC)' : ''}, expected ${expected}`, evidence);
};

const backupPriority = (rig: Rig, port: SwitchPortSnapshot): Verdict => {
	const check = checker(switchRuleList.backupPriority);
	const skip = noDcb(rig);
	if (skip !== undefined) {
		return check.skip(target(port), skip, {});
	}

	if (rig.backup === undefined || rig.qos?.backup === undefined) {
		return check.skip(target(port), 'the rig declares no backup server on the storage links', {});
	}

	if (rig.backup.attachment === 'dedicated-nic') {
		return check.skip(target(port), `backup server ${rig.backup.node} has its own network; backup traffic does not cross this port`, {attachment: rig.backup.attachment});
	}

	const {priority, bandwidthPercent} = rig.qos.backup;
	const fallback = rig.qos.default.priority;
	const entry = port.ets.find(candidate => candidate.priorities.includes(priority));
	const own = entry !== undefined && !entry.priorities.includes(fallback);
	const ok = own && entry.algorithm === 'ets' && entry.bandwidthPercent === bandwidthPercent;
	const found = entry === undefined ? 'no traffic class carries it' : own ? `traffic class ${entry.trafficClass} with ${entry.algorithm === 'strict' ? 'strict priority' : `${entry.bandwidthPercent} %`}` : `it shares the default traffic class ${entry.trafficClass}`;
	return check.expect(ok, target(port), `backup priority ${priority}: ${found}; expected its own class with ${bandwidthPercent} % (${rig.backup.attachment} backup server ${rig.backup.node})`, {class: entry, expected: {priority, bandwidthPercent}});
};
