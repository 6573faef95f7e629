// Host DCB rules: QoS policies per traffic type, PFC on the rig's priorities, ETS shares, DCBX not willing, QoS on
// every rNIC with the adapter operating what the host configures, and the backup traffic's own policy. RoCE needs
// PFC; on iWARP and TCP rigs PFC is optional (off passes, on must match) and ETS still applies.
import type {Rig} from '../rig/schema.js';
import {checker, type Rule} from './check.js';
import {dcbInUse, flowControlPriorities, inventoryOf, isRoce, rnicViews, sameSet} from './host-facts.js';
import type {HostRule} from './host-rule.js';
import type {NodeInventory} from '../windows/inventory/read.js';

type Policy = NodeInventory['qosPolicies'][number];

const notApplicable = (rig: Rig) => (rig.qos === undefined ? 'the rig file declares no QoS policy' : 'the rig file says DCB is not used (storage.dcb: none)');

/** When the DCB feature is not installed the NetQos DCB cmdlets fail; that is a finding on a rig that uses DCB. */
const dcbQueryFailed = (rule: Rule, inventory: NodeInventory, key: 'qosTrafficClasses' | 'qosFlowControl' | 'adapterQos' | 'dcbx', target = inventory.node) => {
	const error = inventory.errors[key];
	return error === undefined ? undefined : checker(rule).fail(target, `cannot read the DCB settings: ${error}`, {query: key, error});
};

const globalPfc = (inventory: NodeInventory) => inventory.qosFlowControl.filter(item => item.PolicySet === 'Global' && item.Enabled).map(item => item.Priority);

export const qosPolicies: HostRule = {
	rule: {id: 'qos-policies', title: 'QoS policies: SMB Direct (NetDirect 445), cluster and default traffic on the rig\'s priorities', hint: 'New-NetQosPolicy SMB -NetDirectPortMatchCondition 445 -PriorityValue8021Action 3; New-NetQosPolicy Cluster -Cluster -PriorityValue8021Action 7; New-NetQosPolicy Default -Default -PriorityValue8021Action 0'},
	judge(facts) {
		const check = checker(qosPolicies.rule);
		const {qos} = facts.rig;
		if (!dcbInUse(facts.rig) || qos === undefined) {
			return [check.skip(facts.rig.name, notApplicable(facts.rig))];
		}

		const wanted: Array<[string, (policy: Policy) => boolean, number]> = [
			['SMB (NetDirect 445)', policy => policy.NetDirectPortMatchCondition === 445, qos.smb.priority],
			['cluster', policy => policy.TemplateMatchCondition === 'Cluster', qos.cluster.priority],
			['default', policy => policy.TemplateMatchCondition === 'Default', qos.default.priority],
		];
		return facts.rig.nodes.map(node => {
			const policies = inventoryOf(facts, node.name).qosPolicies;
			const found = wanted.map(([label, match, priority]) => {
				const policy = policies.find(match);
				return {label, expected: priority, policy: policy?.Name ?? null, priority: policy?.PriorityValue8021Action ?? null};
			});
			const bad = found.filter(item => item.priority !== item.expected);
			const message = bad.length === 0
				? found.map(item => `${item.label} on ${item.expected}`).join(', ')
				: bad.map(item => (item.policy === null ? `no ${item.label} policy` : `${item.label} policy "${item.policy}" on ${String(item.priority)}, expected ${item.expected}`)).join('; ');
			return check.expect(bad.length === 0, node.name, message, {policies: found});
		});
	},
};

export const qosPfc: HostRule = {
	rule: {id: 'qos-pfc', title: 'PFC enabled on the rig\'s lossless priorities only', hint: 'Enable-NetQosFlowControl -Priority 3; Disable-NetQosFlowControl -Priority 0,1,2,4,5,6,7'},
	judge(facts) {
		const check = checker(qosPfc.rule);
		const {qos} = facts.rig;
		if (!dcbInUse(facts.rig) || qos === undefined) {
			return [check.skip(facts.rig.name, notApplicable(facts.rig))];
		}

		return facts.rig.nodes.map(node => {
			const inventory = inventoryOf(facts, node.name);
			const failed = dcbQueryFailed(qosPfc.rule, inventory, 'qosFlowControl');
			if (failed !== undefined) {
				return failed;
			}

			const enabled = globalPfc(inventory);
			const optionalOff = !isRoce(facts.rig) && enabled.length === 0;
			const ok = sameSet(enabled, qos.pfcPriorities) || optionalOff;
			const message = optionalOff ? `PFC off (optional on ${facts.rig.storage.transport})` : `PFC on ${enabled.join(',') || 'no priority'} (rig: ${qos.pfcPriorities.join(',')})`;
			return check.expect(ok, node.name, message, {enabled, expected: qos.pfcPriorities});
		});
	},
};

export const qosEts: HostRule = {
	rule: {id: 'qos-ets', title: 'ETS traffic classes with the rig\'s bandwidth shares, reservations at most 99 %', hint: 'New-NetQosTrafficClass SMB -Priority 3 -BandwidthPercentage 50 -Algorithm ETS (Set-NetQosTrafficClass to change it)'},
	judge(facts) {
		const check = checker(qosEts.rule);
		const {qos} = facts.rig;
		if (!dcbInUse(facts.rig) || qos === undefined) {
			return [check.skip(facts.rig.name, notApplicable(facts.rig))];
		}

		const wanted = [['SMB', qos.smb], ['cluster', qos.cluster], ...(qos.backup === undefined ? [] : [['backup', qos.backup] as const])] as const;
		return facts.rig.nodes.map(node => {
			const inventory = inventoryOf(facts, node.name);
			const failed = dcbQueryFailed(qosEts.rule, inventory, 'qosTrafficClasses');
			if (failed !== undefined) {
				return failed;
			}

			const classes = inventory.qosTrafficClasses.filter(item => item.PolicySet === 'Global');
			const found = wanted.map(([label, expected]) => {
				const traffic = classes.find(item => item.Name !== '[Default]' && item.Priority.includes(expected.priority));
				return {label, priority: expected.priority, expected: expected.bandwidthPercent, bandwidth: traffic?.BandwidthPercentage ?? null, algorithm: traffic?.Algorithm ?? null};
			});
			const reserved = classes.filter(item => item.Name !== '[Default]').reduce((sum, item) => sum + item.BandwidthPercentage, 0);
			const bad = found.filter(item => item.bandwidth !== item.expected || item.algorithm !== 'ETS');
			const message = [
				...bad.map(item => (item.bandwidth === null ? `no traffic class for priority ${item.priority} (${item.label})` : `${item.label} class ${item.algorithm} ${item.bandwidth} %, expected ETS ${item.expected} %`)),
				...(reserved > 99 ? [`reservations sum to ${reserved} %`] : []),
			].join('; ') || `${found.map(item => `${item.label} ${item.bandwidth} %`).join(', ')}, ${reserved} % reserved`;
			return check.expect(bad.length === 0 && reserved <= 99, node.name, message, {classes: found, reserved});
		});
	},
};

export const qosDcbx: HostRule = {
	rule: {id: 'qos-dcbx-willing', title: 'DCBX Willing as the rig file says (false: the host keeps its own DCB settings)', hint: 'Set-NetQosDcbxSetting -Willing $false'},
	judge(facts) {
		const check = checker(qosDcbx.rule);
		const {qos} = facts.rig;
		if (!dcbInUse(facts.rig) || qos === undefined) {
			return [check.skip(facts.rig.name, notApplicable(facts.rig))];
		}

		return facts.rig.nodes.map(node => {
			const inventory = inventoryOf(facts, node.name);
			const failed = dcbQueryFailed(qosDcbx.rule, inventory, 'dcbx');
			if (failed !== undefined) {
				return failed;
			}

			const willing = inventory.dcbx.filter(item => item.PolicySet === 'Global' || item.InterfaceAlias === null || item.InterfaceAlias === undefined).map(item => item.Willing);
			const value = willing[0];
			return check.expect(value === qos.dcbxWilling, node.name, `Willing ${value === undefined ? 'not reported' : String(value)} (rig: ${String(qos.dcbxWilling)})`, {willing: value ?? null, expected: qos.dcbxWilling});
		});
	},
};

export const qosAdapter: HostRule = {
	rule: {id: 'qos-adapter', title: 'QoS enabled on every rNIC, operating the flow control the host configures', hint: 'Enable-NetAdapterQos -Name <rNIC>; if the operational state differs, check DCBX Willing and the adapter firmware\'s own DCB settings'},
	judge(facts) {
		const check = checker(qosAdapter.rule);
		if (!dcbInUse(facts.rig)) {
			return [check.skip(facts.rig.name, notApplicable(facts.rig))];
		}

		return rnicViews(facts).map(({rnic, inventory, target}) => {
			const failed = dcbQueryFailed(qosAdapter.rule, inventory, 'adapterQos', target) ?? dcbQueryFailed(qosAdapter.rule, inventory, 'qosFlowControl', target);
			if (failed !== undefined) {
				return failed;
			}

			const row = inventory.adapterQos.find(item => item.Name === rnic.name);
			if (row === undefined) {
				return check.fail(target, 'Get-NetAdapterQos does not list the rNIC', {});
			}

			const configured = globalPfc(inventory);
			const operational = flowControlPriorities(row.OperationalFlowControl);
			const ok = row.Enabled && sameSet(operational, configured);
			const message = row.Enabled ? `operational flow control "${row.OperationalFlowControl ?? ''}", configured ${configured.join(',') || 'none'}` : 'QoS disabled on the adapter';
			return check.expect(ok, target, message, {enabled: row.Enabled, operational, configured});
		});
	},
};

/** When backup traffic shares the rNICs (a dual-homed server or a VLAN over them), it needs its own class. */
export const qosBackup: HostRule = {
	rule: {id: 'qos-backup', title: 'A QoS policy for the backup protocol where backup shares the storage networks', hint: 'New-NetQosPolicy Backup -IPDstPortMatchCondition <port> -IPProtocolMatchCondition TCP -PriorityValue8021Action <priority> (or -NetDirectPortMatchCondition for an RDMA backup protocol)'},
	judge(facts) {
		const check = checker(qosBackup.rule);
		const {backup, qos} = facts.rig;
		if (backup === undefined || backup.attachment === 'dedicated-nic') {
			return [check.skip(facts.rig.name, backup === undefined ? 'the rig file declares no backup server' : 'backup uses its own NIC and network, not the storage networks')];
		}

		if (!dcbInUse(facts.rig) || qos === undefined) {
			return [check.skip(facts.rig.name, notApplicable(facts.rig))];
		}

		const expected = qos.backup;
		return facts.rig.nodes.map(node => {
			const policies = inventoryOf(facts, node.name).qosPolicies;
			const policy = expected === undefined ? undefined : policies.find(item => ('tcpPort' in expected.match
				? item.IPDstPortMatchCondition === expected.match.tcpPort && item.IPProtocolMatchCondition !== 'UDP'
				: item.NetDirectPortMatchCondition === expected.match.netDirectPort));
			const ok = expected !== undefined && policy?.PriorityValue8021Action === expected.priority;
			const message = expected === undefined ? 'the rig file declares backup on the storage networks but no qos.backup class'
				: policy === undefined ? `no policy matching ${'tcpPort' in expected.match ? `TCP port ${expected.match.tcpPort}` : `NetDirect port ${expected.match.netDirectPort}`}`
					: `policy "${policy.Name}" on ${String(policy.PriorityValue8021Action)} (rig: ${expected.priority})`;
			return check.expect(ok, node.name, message, {policy: policy?.Name ?? null, priority: policy?.PriorityValue8021Action ?? null, expected: expected?.priority ?? null});
		});
	},
};

export const qosRules: HostRule[] = [qosPolicies, qosPfc, qosEts, qosDcbx, qosAdapter, qosBackup];
