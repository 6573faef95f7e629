// The perfmon counter sets the harness reads, with their English names as Windows Server prints them
// (reference/windows-tools.md §C, formats.md §6). Names change between builds (WS2025 renamed `SMB Direct
// Connection` to `SMB Direct`) and are localized, so nothing here is trusted blindly: every set a capture asks
// for is discovered on the node first (counters/discovery.ts) and a set or counter the node lacks is reported
// missing, never read as zero.
import type {RigNode} from '../rig/schema.js';
import {formatCounterPath, networkAdapterInstance, type CounterPath} from './counter-path.js';

export interface CounterSetEntry {
	/** The PDH object name. */
	set: string;
	/** What an instance of the set is, for people reading a missing-counter report. */
	instances: string;
	counters: readonly string[];
	/** Other names of the same set on other builds; a node that has one of these has the set under another name. */
	renamedAs?: readonly string[];
	note?: string;
}

export const counterCatalogue: readonly CounterSetEntry[] = [
	{
		set: 'RDMA Activity',
		instances: 'adapter InterfaceDescription as is, e.g. "Mellanox ConnectX-4 Lx Ethernet Adapter #2"',
		counters: [
			'RDMA Accepted Connections', 'RDMA Active Connections', 'RDMA Completion Queue Errors', 'RDMA Connection Errors',
			'RDMA Failed Connection Attempts', 'RDMA Inbound Bytes/sec', 'RDMA Inbound Frames/sec', 'RDMA Initiated Connections',
			'RDMA Outbound Bytes/sec', 'RDMA Outbound Frames/sec',
		],
		note: 'the driver must populate them; Get-NetAdapterRdma RdmaMissingCounterInfo shows gaps',
	},
	{
		set: 'SMB Direct Connection',
		instances: 'one per connection ("local IP:port / remote IP:port") and _Total',
		counters: [
			'Bytes RDMA Read/sec', 'Bytes RDMA Written/sec', 'Bytes Received/sec', 'Bytes Sent/sec', 'Memory Regions',
			'RDMA Registrations/sec', 'Receives/sec', 'Remote Invalidations/sec', 'Sends/sec',
		],
		renamedAs: ['SMB Direct'],
		note: 'Windows Server 2016 to 2022; Windows Server 2025 calls the set "SMB Direct"',
	},
	{
		set: 'SMB Direct',
		instances: 'none (single-instance set)',
		counters: ['Bytes RDMA Read/sec', 'Bytes RDMA Written/sec', 'Bytes Received/sec', 'Bytes Sent/sec'],
		renamedAs: ['SMB Direct Connection'],
		note: 'Windows Server 2025 / Azure Local 24H2 name of SMB Direct Connection',
	},
	{
		set: 'SMB Client Shares',
		instances: '\\\\server\\share',
		counters: [
			'Avg. Data Queue Length', 'Avg. Read Queue Length', 'Avg. sec/Data Request', 'Avg. sec/Read', 'Avg. sec/Write',
			'Avg. Write Queue Length', 'Credit Stalls/sec', 'Current Data Queue Length', 'Data Bytes/sec', 'Data Requests/sec',
			'Metadata Requests/sec', 'Read Bytes transmitted via SMB Direct/sec', 'Read Bytes/sec',
			'Read Requests transmitted via SMB Direct/sec', 'Read Requests/sec', 'Turbo I/O Reads/sec', 'Turbo I/O Writes/sec',
			'Write Bytes transmitted via SMB Direct/sec', 'Write Bytes/sec', 'Write Requests transmitted via SMB Direct/sec',
			'Write Requests/sec',
		],
	},
	{
		set: 'SMB Server Shares',
		instances: 'share name and _Total',
		counters: [
			'Avg. sec/Data Request', 'Avg. sec/Read', 'Avg. sec/Write', 'Current Open File Count', 'Data Bytes/sec',
			'Data Requests/sec', 'Read Bytes/sec', 'Read Requests/sec', 'Received Bytes/sec', 'Sent Bytes/sec',
			'Transferred Bytes/sec', 'Tree Connect Count', 'Write Bytes/sec', 'Write Requests/sec',
		],
	},
	{
		set: 'Network Adapter',
		instances: 'adapter InterfaceDescription with ( → [, ) → ], # → _, / → _',
		counters: [
			'Bytes Received/sec', 'Bytes Sent/sec', 'Bytes Total/sec', 'Current Bandwidth', 'Output Queue Length',
			'Packets Outbound Discarded', 'Packets Outbound Errors', 'Packets Received Discarded', 'Packets Received Errors',
			'Packets Received/sec', 'Packets Sent/sec', 'Packets/sec',
		],
	},
	{
		set: 'Processor Information',
		instances: '"group,core", "group,_Total" and _Total',
		counters: ['% Processor Time', '% Privileged Time', '% User Time', '% Idle Time', '% Interrupt Time', '% DPC Time', '% Processor Performance', '% Processor Utility'],
		note: 'on a Hyper-V host it shows only the root partition\'s virtual processors',
	},
	{
		set: 'Hyper-V Hypervisor Logical Processor',
		instances: '"Hv LP n" and _Total',
		counters: ['% Total Run Time', '% Guest Run Time', '% Hypervisor Run Time', '% Idle Time'],
		note: 'the physical CPU of a Hyper-V host',
	},
	{
		set: 'Cluster CSVFS',
		instances: 'CSV volume name and _Total',
		counters: [
			'Reads/sec', 'Writes/sec', 'Read Bytes/sec', 'Write Bytes/sec', 'Avg. sec/Read', 'Avg. sec/Write',
			'Avg. Read Queue Length', 'Avg. Write Queue Length', 'Current Read Queue Length', 'Current Write Queue Length',
		],
	},
];

export const catalogueEntry = (set: string): CounterSetEntry | undefined =>
	counterCatalogue.find(entry => entry.set.toLowerCase() === set.toLowerCase());

/**
 * The counter that measures a node's physical CPU: with Hyper-V on, Processor Information reflects only the root
 * partition, so a Hyper-V host is read through the hypervisor's logical processors.
 */
export const hostCpuCounter = (node: Pick<RigNode, 'role'>): CounterPath => (node.role === 'hyperv-host'
	? {object: 'Hyper-V Hypervisor Logical Processor', instance: '_Total', counter: '% Total Run Time'}
	: {object: 'Processor Information', instance: '_Total', counter: '% Processor Time'});

/**
 * A share's SMB Client Shares counters on a client (instance `\\server\share`): the data it moved, and how much of
 * it SMB Direct carried (the rest went over TCP).
 */
export const smbClientShareCounters = (server: string, share: string) => {
	const counter = (name: string): CounterPath => ({object: 'SMB Client Shares', instance: `\\\\${server}\\${share}`, counter: name});
	return {
		data: counter('Data Bytes/sec'),
		read: counter('Read Bytes/sec'),
		write: counter('Write Bytes/sec'),
		directRead: counter('Read Bytes transmitted via SMB Direct/sec'),
		directWrite: counter('Write Bytes transmitted via SMB Direct/sec'),
	};
};

/** `\Network Adapter(<escaped description>)\<counter>` for an adapter's InterfaceDescription. */
export const networkAdapterCounter = (interfaceDescription: string, counter: string): string =>
	formatCounterPath({object: 'Network Adapter', instance: networkAdapterInstance(interfaceDescription), counter});
