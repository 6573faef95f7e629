// The cmdlets of a simulated node beyond the interpreter's own (inventory, adapter control, files), by lower-case name. Hyper-V cmdlets exist only on Hyper-V hosts, so on
// other nodes PowerShell reports them as not recognized, as a node without the role does.
import type {RigNode} from '../../../rig/schema.js';
import type {Fabric} from '../../fabric.js';
import type {Cmdlet} from '../ps-interpreter.js';
import {disableNetAdapter, disableNetAdapterRdma, enableNetAdapter, enableNetAdapterRdma} from './adapter-control.js';
import {getContent, newItem, removeItem} from './files.js';
import {
	getCluster, getClusterGroup, getClusterNetwork, getClusterNode, getClusterSharedVolume, getSmbWitnessClient, getVmHost, moveClusterGroup, resumeClusterNode,
	startClusterNode, stopClusterNode, suspendClusterNode,
} from './cluster.js';
import {getWinEvent} from './events.js';
import {getNetAdapterStatistics, getVm, moveClusterVirtualMachineRole, moveVm} from './hyperv.js';
import {getPnpDeviceProperty} from './device.js';
import {
	getCimInstance, getDnsClient, getNetAdapterAdvancedProperty, getNetAdapterBinding, getNetAdapterRdma, getNetIpAddress, getNetLbfoTeamMember, getNetRoute, getVmSwitchTeam,
} from './network.js';
import {getNetAdapterQos, getNetQosDcbxSetting, getNetQosFlowControl, getNetQosPolicy, getNetQosTrafficClass} from './qos.js';
import {
	getSmbBandwidthLimit, getSmbClientConfiguration, getSmbClientNetworkInterface, getSmbConnection, getSmbMultichannelConnectionWithHosts,
	getSmbMultichannelConstraint, getSmbServerConfiguration, getSmbServerNetworkInterface,
} from './smb.js';

export const inventoryCmdlets = (node: RigNode, fabric: Fabric): Array<[string, Cmdlet]> => [
	['get-ciminstance', getCimInstance(fabric, node)],
	['new-item', newItem(node, fabric)],
	['remove-item', removeItem(node, fabric)],
	['get-content', getContent(node, fabric)],
	['get-pnpdeviceproperty', getPnpDeviceProperty(node, fabric)],
	['disable-netadapter', disableNetAdapter(node, fabric)],
	['enable-netadapter', enableNetAdapter(node, fabric)],
	['disable-netadapterrdma', disableNetAdapterRdma(node, fabric)],
	['enable-netadapterrdma', enableNetAdapterRdma(node, fabric)],
	['get-netadapterrdma', getNetAdapterRdma(node, fabric)],
	['get-netadapteradvancedproperty', getNetAdapterAdvancedProperty(node, fabric)],
	['get-netadapterbinding', getNetAdapterBinding(node, fabric)],
	['get-netlbfoteammember', getNetLbfoTeamMember(node, fabric)],
	['get-netipaddress', getNetIpAddress(node, fabric)],
	['get-netroute', getNetRoute(node, fabric)],
	['get-dnsclient', getDnsClient(node, fabric)],
	['get-smbclientnetworkinterface', getSmbClientNetworkInterface(node, fabric)],
	['get-smbservernetworkinterface', getSmbServerNetworkInterface(node, fabric)],
	['get-smbmultichannelconnection', getSmbMultichannelConnectionWithHosts(node, fabric)],
	['get-smbmultichannelconstraint', getSmbMultichannelConstraint(node, fabric)],
	['get-smbconnection', getSmbConnection(node, fabric)],
	['get-smbclientconfiguration', getSmbClientConfiguration(node, fabric)],
	['get-smbserverconfiguration', getSmbServerConfiguration(node, fabric)],
	['get-smbbandwidthlimit', getSmbBandwidthLimit(node, fabric)],
	['get-smbwitnessclient', getSmbWitnessClient(node, fabric)],
	['get-netqospolicy', getNetQosPolicy(node, fabric)],
	['get-netqostrafficclass', getNetQosTrafficClass(node, fabric)],
	['get-netqosflowcontrol', getNetQosFlowControl(node, fabric)],
	['get-netadapterqos', getNetAdapterQos(node, fabric)],
	['get-netqosdcbxsetting', getNetQosDcbxSetting(node, fabric)],
	['get-clusternode', getClusterNode(node, fabric)],
	['get-clusternetwork', getClusterNetwork(node, fabric)],
	['get-clustergroup', getClusterGroup(node, fabric)],
	['get-clustersharedvolume', getClusterSharedVolume(node, fabric)],
	['get-cluster', getCluster(node, fabric)],
	['stop-clusternode', stopClusterNode(node, fabric)],
	['start-clusternode', startClusterNode(node, fabric)],
	['suspend-clusternode', suspendClusterNode(node, fabric)],
	['resume-clusternode', resumeClusterNode(node, fabric)],
	['move-clustergroup', moveClusterGroup(node, fabric)],
	['get-winevent', getWinEvent(node, fabric)],
	['get-netadapterstatistics', getNetAdapterStatistics(node, fabric)],
	...(node.role === 'hyperv-host' ? [
		['get-vmhost', getVmHost(node, fabric)], ['get-vmswitchteam', getVmSwitchTeam(node)], ['get-vm', getVm(node, fabric)], ['move-vm', moveVm(node, fabric)],
		['move-clustervirtualmachinerole', moveClusterVirtualMachineRole(node, fabric)],
	] as Array<[string, Cmdlet]> : []),
];
