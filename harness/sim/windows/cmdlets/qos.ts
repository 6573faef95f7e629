// DCB / QoS cmdlets of a simulated node: policies, traffic classes, flow control and DCBX (the global settings,
// PolicySet 0), and each rNIC's operational QoS state (Get-NetAdapterQos).
import type {RigNode} from '../../../rig/schema.js';
import type {Fabric} from '../../fabric.js';
import {nodeState} from '../node-state.js';
import type {Cmdlet} from '../ps-interpreter.js';

const priorities = [0, 1, 2, 3, 4, 5, 6, 7];

export const getNetQosPolicy = (node: RigNode, fabric: Fabric): Cmdlet => () => nodeState(fabric, node.name).qosPolicies.map(policy => ({...policy}));

export const getNetQosTrafficClass = (node: RigNode, fabric: Fabric): Cmdlet => () => nodeState(fabric, node.name).trafficClasses.map(traffic => ({
	Name: traffic.name, Algorithm: traffic.algorithm, BandwidthPercentage: traffic.bandwidth, Priority: [...traffic.priorities], PolicySet: 0, IfIndex: 0,
}));

export const getNetQosFlowControl = (node: RigNode, fabric: Fabric): Cmdlet => () => {
	const enabled = nodeState(fabric, node.name).pfcPriorities;
	return priorities.map(priority => ({Name: `Priority${priority}`, Priority: priority, Enabled: enabled.has(priority), PolicySet: 0, IfIndex: 0}));
};

/** The text Get-NetAdapterQos shows for the flow control the adapter operates with. */
export const operationalFlowControlText = (enabled: readonly number[]): string => {
	if (enabled.length === 0) {
		return 'All Priorities Disabled';
	}

	return enabled.length === 1 ? `Priority ${enabled[0]!} Enabled` : `Priorities ${enabled.join(',')} Enabled`;
};

export const getNetAdapterQos = (node: RigNode, fabric: Fabric): Cmdlet => () => {
	const state = nodeState(fabric, node.name);
	// The adapter operates with the host's settings when DCBX is not willing (otherwise the switch's).
	const enabled = [...state.pfcPriorities].sort((a, b) => a - b);
	return fabric.adaptersOf(node.name).map(adapter => {
		const config = state.rnics.get(adapter.rnic.name)!;
		return {Name: adapter.rnic.name, Enabled: config.qosEnabled, OperationalFlowControl: operationalFlowControlText(config.qosEnabled ? enabled : [])};
	});
};

export const getNetQosDcbxSetting = (node: RigNode, fabric: Fabric): Cmdlet => () => [
	{Willing: nodeState(fabric, node.name).dcbxWilling, PolicySet: 0, InterfaceIndex: 0, InterfaceAlias: null},
];
