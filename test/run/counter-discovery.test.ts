// Counter discovery against the simulated rig over real SSH: the node's counter names (Perflib), then typeperf -qx
// per set in one round trip.
import test from 'ava';
import {loadRig} from '../../harness/rig/load.js';
import {discoverCounters, discoveryScript} from '../../harness/run/counter-discovery.js';
import {startSimulator} from '../../harness/sim/index.js';
import {WindowsNode} from '../../harness/targets/windows-node.js';
import {connectDevice} from '../../harness/transport/connect.js';
import {simRig} from '../helpers/cli.js';

const wanted = [
	'\\RDMA Activity(Mellanox ConnectX-4 Lx Ethernet Adapter #2)\\RDMA Inbound Bytes/sec',
	'\\SMB Direct Connection(_Total)\\Bytes RDMA Written/sec',
	'\\SMB Direct\\Bytes RDMA Written/sec',
	'\\Hyper-V Hypervisor Logical Processor(_Total)\\% Total Run Time',
	'\\Network Adapter(Mellanox ConnectX-4 Lx Ethernet Adapter _2)\\Bytes Total/sec',
];

const discover = async (misconfigs: string[]) => {
	const simulated = await startSimulator(await loadRig(simRig), {misconfigs});
	try {
		const node = simulated.rig.nodes.find(candidate => candidate.name === 'hv01')!;
		const transport = await connectDevice(simulated.rig, node);
		try {
			return {result: await discoverCounters(new WindowsNode(node, transport), wanted, new AbortController().signal), commands: simulated.commands};
		} finally {
			await transport.close();
		}
	} finally {
		await simulated.stop();
	}
};

test('a healthy Hyper-V host has every set but the Windows Server 2025 one: names, then one listing', async t => {
	const {result, commands} = await discover([]);
	t.deepEqual(result.available, wanted.filter(counter => !counter.startsWith('\\SMB Direct\\')));
	t.deepEqual(result.missing, [{counter: '\\SMB Direct\\Bytes RDMA Written/sec', reason: 'the node has no "SMB Direct" counter set; this build names it "SMB Direct Connection"'}]);
	t.is(commands.filter(command => command.device === 'hv01').length, 2);
});

test('counter-set-missing removes RDMA Activity from the host', async t => {
	const {result} = await discover(['counter-set-missing']);
	t.false(result.available.some(counter => counter.startsWith('\\RDMA Activity')));
	t.deepEqual(result.missing.map(entry => entry.counter), [wanted[0], wanted[2]]);
	t.is(result.missing[0]!.reason, 'the node has no "RDMA Activity" counter set (typeperf: Error: The specified object was not found on the computer.)');
});

test('the script lists each set behind its marker, names as PowerShell string literals', t => {
	t.is(discoveryScript(['RDMA Activity', 'O\'Brien']), [
		'$ErrorActionPreference = \'Continue\'',
		'[Console]::Out.WriteLine(\'rdmalab-set RDMA Activity\')',
		'& \'typeperf.exe\' \'-qx\' \'RDMA Activity\'',
		'[Console]::Out.WriteLine(\'rdmalab-set O\'\'Brien\')',
		'& \'typeperf.exe\' \'-qx\' \'O\'\'Brien\'',
		'exit 0',
	].join('\n'));
});

const germanRig = async () => {
	const rig = await loadRig(simRig);
	const nodes = (rig.simulation?.['nodes'] ?? {}) as Record<string, object>;
	return {...rig, simulation: {...rig.simulation, nodes: {...nodes, hv01: {...nodes['hv01'], language: 'de-DE'}}}};
};

test('a German host: English paths are mapped to its names (Perflib), listed in them, and judged in English', async t => {
	const simulated = await startSimulator(await germanRig(), {misconfigs: []});
	try {
		const node = simulated.rig.nodes.find(candidate => candidate.name === 'hv01')!;
		const transport = await connectDevice(simulated.rig, node);
		try {
			const result = await discoverCounters(new WindowsNode(node, transport), wanted, new AbortController().signal);
			t.deepEqual(result.available, wanted.filter(counter => !counter.startsWith('\\SMB Direct\\')));
			t.deepEqual(result.localized, {
				[wanted[0]!]: '\\RDMA-Aktivität(Mellanox ConnectX-4 Lx Ethernet Adapter #2)\\RDMA - eingehende Bytes/s',
				[wanted[4]!]: '\\Netzwerkadapter(Mellanox ConnectX-4 Lx Ethernet Adapter _2)\\Gesamtanzahl Bytes/s',
			});
			t.deepEqual(result.locale, {culture: 'de-DE', decimalSeparator: ',', ansiCodePage: 1252});
			// The simulated typeperf knows only the German names: every set was listed in them.
			t.deepEqual(result.missing.map(entry => entry.counter), ['\\SMB Direct\\Bytes RDMA Written/sec']);
		} finally {
			await transport.close();
		}
	} finally {
		await simulated.stop();
	}
});
