// The run manifest from what the run reads: node inventories from the simulated rig (the same PowerShell, over SSH)
// and its misconfigurations, and what the diff says when something moved.
import test from 'ava';
import {formatChange, manifestChanges} from '../../harness/manifest/diff.js';
import {hashed, nodeManifest, rigManifest, type DeviceManifest, type RigManifest} from '../../harness/manifest/manifest.js';
import type {Rig} from '../../harness/rig/schema.js';
import type {NodeInventory} from '../../harness/windows/inventory/read.js';
import {simRig} from '../helpers/cli.js';
import {loadSimRig, simulatedInventories} from '../helpers/sim-inventory.js';

const rig = await loadSimRig(simRig);

const devices = (sim: Rig, inventories: Map<string, NodeInventory>): DeviceManifest => {
	const manifest: DeviceManifest = {nodes: {}, switches: {}, unread: []};
	for (const node of sim.nodes) {
		const built = nodeManifest(node, inventories.get(node.name)!);
		manifest.nodes[node.name] = built.manifest;
		manifest.unread.push(...built.unread);
	}

	return manifest;
};

const manifestOf = async (misconfigs: string[] = []): Promise<RigManifest> => {
	const {inventories} = await simulatedInventories(rig, misconfigs);
	return rigManifest(devices(rig, inventories), rig);
};

// Read before any test is declared (AVA wants them declared at once): the healthy rig, and hv01's raw inventory.
const {inventories: healthyInventories} = await simulatedInventories(rig);
const healthy = rigManifest(devices(rig, healthyInventories), rig);
const healthyInventory = healthyInventories.get('hv01')!;

test('a node: OS with its update revision, each rNIC\'s driver, firmware and link speed, and a hash of its DCB / QoS configuration', t => {
	const hv01 = healthy.nodes['hv01']!;
	t.deepEqual(hv01.os, {name: 'Windows Server 2022 Datacenter', version: '21H2', build: '20348.2340'});
	t.deepEqual(hv01.rnics['SLOT 3 Port 1'], {
		description: 'Mellanox ConnectX-4 Lx Ethernet Adapter', driver: {name: 'mlx5.sys', version: '3.10.50000', provider: 'Mellanox Technologies Ltd.'}, firmware: '14.32.1010', linkGbps: 25,
	});
	t.regex(hv01.dcb.sha256, /^[\da-f]{64}$/);
	t.like(hv01.dcb.content, {trafficClasses: {SMB: {BandwidthPercentage: 50, Priority: [3]}}, flowControl: {'priority 3': true, 'priority 4': false}, dcbxWilling: {global: false}});
	t.deepEqual(healthy.unread, []);
});

test('the same rig read twice hashes the same: nothing that moves by itself (boot time, counters, link state) is in it', async t => {
	const again = await manifestOf();
	t.is(again.nodes['hv01']!.dcb.sha256, healthy.nodes['hv01']!.dcb.sha256);
	t.deepEqual(manifestChanges(healthy, again), []);
});

test('a changed configuration or a slower link is named, not just a different hash', async t => {
	const ets = await manifestOf(['qos-ets-smb-30']);
	const etsChanges = manifestChanges(healthy, ets).map(formatChange);
	t.true(etsChanges.some(line => /^\S+ DCB\/QoS trafficClasses SMB BandwidthPercentage: 50 → 30$/.test(line)), etsChanges.join('\n'));
	const slow = await manifestOf(['rnic-slow-link']);
	t.deepEqual(manifestChanges(healthy, slow).map(formatChange), ['hv01 SLOT 3 Port 1 link speed (Gb/s): 25 → 10']);
});

test('what a node cannot say is not reported, with the reason, never guessed', t => {
	// A real driver that sets no DEVPKEY_Device_FirmwareVersion answers Type 0 (Empty) with no Data.
	const inventory = structuredClone(healthyInventory);
	inventory.firmware = inventory.firmware.map(item => ({...item, Type: 0, Data: null}));
	inventory.osBuild = [];
	inventory.errors = {osBuild: 'Cannot find path \'HKLM:\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\' because it does not exist.'};
	const {manifest, unread} = nodeManifest(rig.nodes.find(node => node.name === 'hv01')!, inventory);
	t.is(manifest.rnics['SLOT 3 Port 1']!.firmware, null);
	t.is(manifest.os.build, '20348', 'the build without its update revision, from Win32_OperatingSystem');
	t.deepEqual(unread, ['hv01: OS update revision not read (Cannot find path \'HKLM:\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\' because it does not exist.)']);
	const failed = structuredClone(healthyInventory);
	failed.firmware = [];
	failed.errors = {firmware: 'The term \'Get-PnpDeviceProperty\' is not recognized as the name of a cmdlet'};
	t.deepEqual(nodeManifest(rig.nodes.find(node => node.name === 'hv01')!, failed).unread, ['hv01: rNIC firmware not read (The term \'Get-PnpDeviceProperty\' is not recognized as the name of a cmdlet)']);
});

test('diff: the rig file by its keys, devices only one run read as one line, lists by their names', t => {
	const changedRig = structuredClone(rig);
	changedRig.simulation = {...rig.simulation, timings: {...rig.simulation!['timings'] as object, failoverDetectionMs: 2500}};
	changedRig.nodes.find(node => node.name === 'hv01')!.rnics[1]!.linkGbps = 10;
	const after = rigManifest({...healthy, nodes: {hv01: healthy.nodes['hv01']!}, switches: {'tor-a': {vendor: 'nxos', os: {os: 'NX-OS', version: '10.4(1)'}, dcb: null}}}, changedRig);
	const before = rigManifest({...healthy, switches: {'tor-a': {vendor: 'nxos', os: {os: 'NX-OS', version: '10.3(4a)'}, dcb: hashed({})}}}, rig);
	t.deepEqual(manifestChanges(before, after).map(formatChange), [
		'hv02: read → not read by this run',
		'sofs01: read → not read by this run',
		'sofs02: read → not read by this run',
		'tor-a OS version: 10.3(4a) → 10.4(1)',
		'tor-a DCB/QoS: {} → none',
		'rig file nodes.hv01.rnics.SLOT 3 Port 2.linkGbps: 25 → 10',
		'rig file simulation.timings.failoverDetectionMs: 1500 → 2500',
	]);
});
