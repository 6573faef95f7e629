// Simulated typeperf.exe writing to the console: `typeperf <paths...> -si <s> -sc <n>`. Paths resolve against the
// counter sets the node really has (wildcard instances expand; a path that matches nothing is left out, and with
// nothing valid typeperf says so); each row is printed when its interval ends, on the node's local clock, with
// rate counters averaged over the interval from the fabric model.
import {networkAdapterInstance, parseCounterPath, type CounterPath} from '../../counters/counter-path.js';
import type {RigNode} from '../../rig/schema.js';
import type {Fabric} from '../fabric.js';
import {hasCounterSet} from '../misconfigs/workload.js';
import {simSleep} from '../sleep.js';
import {cpuPercent, logicalProcessors, rdmaErrorCounts, type RdmaErrorCounts} from '../transport-cost.js';
import {localName} from './locale.js';
import type {NativeProgram} from './host.js';
import {localParts, typeperfHeader, typeperfRow, typeperfTrailer} from './typeperf-console.js';

type Reader = (from: number, to: number) => number;

interface CounterSet {
	object: string;
	instances: string[];
	counters: Record<string, (instance: string) => Reader>;
}

const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);

/** The counter sets of a node, in its display language, with readers over a fabric interval. */
const counterSets = (node: RigNode, fabric: Fabric): CounterSet[] => {
	const adapters = fabric.adaptersOf(node.name);
	const byDescription = (instance: string) => adapters.find(adapter => adapter.rnic.interfaceDescription.toLowerCase() === instance.toLowerCase());
	const byMangled = (instance: string) => adapters.find(adapter => networkAdapterInstance(adapter.rnic.interfaceDescription).toLowerCase() === instance.toLowerCase());
	const rate = (pick: (instance: string) => string | undefined, field: 'rdmaIn' | 'rdmaOut' | 'tcpIn' | 'tcpOut' | 'rdmaConnections' | 'tcp' | 'rdma', scale = 1) => (instance: string): Reader => (from, to) => {
		const name = pick(instance);
		const rates = name === undefined ? undefined : fabric.adapterRates(node.name, from, to).get(name);
		if (rates === undefined) {
			// The management adapter: a trickle of its own traffic.
			return 25_000 * scale;
		}

		const value = field === 'tcp' ? rates.tcpIn + rates.tcpOut : field === 'rdma' ? rates.rdmaIn + rates.rdmaOut : rates[field];
		return value * scale;
	};

	const rdmaName = (instance: string) => byDescription(instance)?.rnic.name;
	const nicName = (instance: string) => byMangled(instance)?.rnic.name;
	const shareRate = (field: 'readBytes' | 'writeBytes' | 'reads' | 'writes' | 'directReadBytes' | 'directWriteBytes' | 'data' | 'requests'): (instance: string) => Reader => () => (from, to) => {
		const rates = fabric.shareRates(node.name, from, to);
		return field === 'data' ? rates.readBytes + rates.writeBytes : field === 'requests' ? rates.reads + rates.writes : rates[field];
	};

	const processor: Reader = (from, to) => cpuPercent(fabric, node.name, from, to);
	// Counts since the rig started (raw counters), read at the end of the interval.
	const errors = (field: keyof RdmaErrorCounts) => (instance: string): Reader => (_from, to) => {
		const name = rdmaName(instance);
		return name === undefined ? 0 : rdmaErrorCounts(fabric, node.name, name, to)[field];
	};

	const shares = fabric.rig.sofs.shares.map(share => share.name);
	const rdmaTotal = (field: 'rdmaIn' | 'rdmaOut'): Reader => (from, to) => sum([...fabric.adapterRates(node.name, from, to).values()].map(rates => rates[field]));
	const sets: CounterSet[] = [
		{
			object: 'RDMA Activity',
			instances: adapters.map(adapter => adapter.rnic.interfaceDescription),
			counters: {
				'RDMA Inbound Bytes/sec': rate(rdmaName, 'rdmaIn'),
				'RDMA Outbound Bytes/sec': rate(rdmaName, 'rdmaOut'),
				'RDMA Inbound Frames/sec': rate(rdmaName, 'rdmaIn', 1 / 4096),
				'RDMA Outbound Frames/sec': rate(rdmaName, 'rdmaOut', 1 / 4096),
				'RDMA Active Connections': instance => (from, to) => fabric.adapterRates(node.name, from, to).get(rdmaName(instance) ?? '')?.rdmaConnections ?? 0,
				'RDMA Completion Queue Errors': errors('completionQueueErrors'),
				'RDMA Connection Errors': errors('connectionErrors'),
				'RDMA Failed Connection Attempts': errors('failedConnectionAttempts'),
			},
		},
		{
			object: 'Network Adapter',
			instances: [networkAdapterInstance(node.management.kind === 'vnic' ? 'Hyper-V Virtual Ethernet Adapter' : 'Microsoft Network Adapter Multiplexor Driver'), ...adapters.map(adapter => networkAdapterInstance(adapter.rnic.interfaceDescription))],
			counters: {
				'Bytes Total/sec': rate(nicName, 'tcp'),
				'Bytes Received/sec': rate(nicName, 'tcpIn'),
				'Bytes Sent/sec': rate(nicName, 'tcpOut'),
				'Current Bandwidth': instance => () => (byMangled(instance)?.rnic.linkGbps ?? 10) * 1e9,
			},
		},
		{
			object: 'Processor Information',
			instances: ['_Total', '0,_Total', ...Array.from({length: logicalProcessors}, (_, index) => `0,${index}`)],
			counters: {'% Processor Time': () => processor, '% Privileged Time': () => (from, to) => processor(from, to) * 0.8},
		},
		...(node.role === 'sofs-node'
			? [{object: 'SMB Server Shares', instances: [...shares, '_Total'], counters: {
				'Data Bytes/sec': shareRate('data'), 'Read Bytes/sec': shareRate('readBytes'), 'Write Bytes/sec': shareRate('writeBytes'), 'Data Requests/sec': shareRate('requests'),
			}}]
			: [{object: 'SMB Client Shares', instances: shares.map(share => `\\\\${fabric.rig.sofs.name}\\${share}`), counters: {
				'Data Bytes/sec': shareRate('data'), 'Read Bytes/sec': shareRate('readBytes'), 'Write Bytes/sec': shareRate('writeBytes'),
				'Data Requests/sec': shareRate('requests'), 'Read Requests/sec': shareRate('reads'), 'Write Requests/sec': shareRate('writes'),
				'Read Bytes transmitted via SMB Direct/sec': shareRate('directReadBytes'), 'Write Bytes transmitted via SMB Direct/sec': shareRate('directWriteBytes'),
			}}]),
		{
			// Windows Server 2016-2022 name; SMB reads arrive as RDMA writes from the server.
			object: 'SMB Direct Connection',
			instances: ['_Total'],
			counters: {
				'Bytes RDMA Read/sec': () => rdmaTotal('rdmaOut'),
				'Bytes RDMA Written/sec': () => rdmaTotal('rdmaIn'),
				'Bytes Received/sec': () => rdmaTotal('rdmaIn'),
				'Bytes Sent/sec': () => rdmaTotal('rdmaOut'),
			},
		},
		...(node.role === 'hyperv-host'
			? [{object: 'Hyper-V Hypervisor Logical Processor', instances: ['_Total', ...Array.from({length: logicalProcessors}, (_, index) => `Hv LP ${index}`)], counters: {
				'% Total Run Time': () => processor, '% Hypervisor Run Time': () => (from: number, to: number) => processor(from, to) * 0.2, '% Guest Run Time': () => () => 0,
			}}]
			: []),
	];
	// typeperf takes and prints the names of the node's display language.
	const language = fabric.config.nodes[node.name]?.language ?? 'en-US';
	return sets.filter(set => hasCounterSet(fabric, node.name, set.object)).map(set => ({
		...set,
		object: localName(language, set.object),
		counters: Object.fromEntries(Object.entries(set.counters).map(([counter, reader]) => [localName(language, counter), reader])),
	}));
};

// `typeperf -qx "<set>"`: every path of the set, without the machine, then the status line; a set the node does
// not have is PDH_CSTATUS_NO_OBJECT.
const listSet = (sets: CounterSet[], name: string): {text: string; code: number} => {
	const set = sets.find(candidate => candidate.object.toLowerCase() === name.toLowerCase());
	if (set === undefined) {
		return {text: '\r\nError: The specified object was not found on the computer.\r\n', code: 1};
	}

	const lines = set.instances.flatMap(instance => Object.keys(set.counters).map(counter => `\\${set.object}(${instance})\\${counter}`));
	return {text: `${lines.join('\r\n')}\r\nThe command completed successfully.\r\n`, code: 0};
};

interface Column {
	path: CounterPath;
	read: Reader;
}

const resolve = (sets: CounterSet[], requested: string): Column[] => {
	let wanted: CounterPath;
	try {
		wanted = parseCounterPath(requested);
	} catch {
		return [];
	}

	const set = sets.find(candidate => candidate.object.toLowerCase() === wanted.object.toLowerCase());
	if (set === undefined) {
		return [];
	}

	const instances = wanted.instance === '*' ? set.instances : set.instances.filter(instance => instance.toLowerCase() === wanted.instance?.toLowerCase());
	const counters = wanted.counter === '*' ? Object.keys(set.counters) : Object.keys(set.counters).filter(counter => counter.toLowerCase() === wanted.counter.toLowerCase());
	return instances.flatMap(instance => counters.map(counter => ({path: {object: set.object, instance, counter}, read: set.counters[counter]!(instance)})));
};

export const typeperf: NativeProgram = async (args, {node, fabric, clock, process}) => {
	if (args[0]?.toLowerCase() === '-qx') {
		const listing = listSet(counterSets(node, fabric), args[1] ?? '');
		process.stdout(listing.text);
		return listing.code;
	}

	const paths: string[] = [];
	let intervalS = 1;
	let count = Infinity;
	for (let index = 0; index < args.length; index++) {
		const arg = args[index]!;
		if (arg.toLowerCase() === '-si') {
			intervalS = Number(args[++index]);
		} else if (arg.toLowerCase() === '-sc') {
			count = Number(args[++index]);
		} else if (arg.startsWith('\\')) {
			paths.push(arg);
		} else {
			process.stdout(`\r\nError: Invalid option "${arg}".\r\n`);
			return 1;
		}
	}

	const sets = counterSets(node, fabric);
	const columns = paths.flatMap(path => resolve(sets, path));
	if (columns.length === 0) {
		process.stdout('\r\nError: No valid counters.\r\n');
		return 1;
	}

	await simSleep(fabric.config.nodes[node.name]?.typeperfStartMs ?? 0, process.signal);
	const machine = node.name.toUpperCase();
	process.stdout(typeperfHeader(machine, columns.map(column => `\\${column.path.object}(${column.path.instance!})\\${column.path.counter}`)));
	const start = fabric.now();
	for (let sample = 1; sample <= count; sample++) {
		const end = start + (sample * intervalS * 1000);
		await simSleep(end - fabric.now(), process.signal);
		if (process.signal.aborted) {
			return 1;
		}

		const from = end - (intervalS * 1000);
		process.stdout(typeperfRow(localParts(clock.utcNow(), clock.offsetMinutes), columns.map(column => column.read(from, end))));
	}

	process.stdout(typeperfTrailer());
	return 0;
};
