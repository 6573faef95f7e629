import test from 'ava';
import type {PortDownStep} from '../../harness/kinds/faults/port-down.js';
import type {FaultStep, Plan} from '../../harness/plan/plan.js';
import {loadRig} from '../../harness/rig/load.js';
import {blastRadius} from '../../harness/safety/blast-radius.js';
import failover from '../../suites/multichannel-failover.js';
import {simRig} from '../helpers/cli.js';

const rig = await loadRig(simRig);
const base = failover.plan(rig, failover.params.parse({}));
const fault = (switchName: string, port: string, node: string, rnic: string, atS = 10, restoreAtS = 20): PortDownStep =>
	({kind: 'port-down', id: `${switchName}-${port}`, switch: switchName, port, cable: {node, rnic}, atS, restoreAtS});
const plan = (...faults: FaultStep[]): Plan => ({...base, faults, allowAllPathsDown: true});

test('the failover suite: hv01 loses storage-a for the hold time and is left on one path', t => {
	const windows = blastRadius(base, rig);
	t.is(windows.length, 1);
	t.like(windows[0], {fromS: 15, toS: 25});
	t.deepEqual(windows[0]!.nodes, [{node: 'hv01', lost: [{rnic: 'SLOT 3 Port 1', network: 'storage-a'}], left: [{rnic: 'SLOT 3 Port 2', network: 'storage-b'}]}]);
	t.deepEqual(windows[0]!.warnings, ['hv01 is left with a single storage path, storage-b (SLOT 3 Port 2), for 10 s: one more failure cuts it off']);
});

test('overlapping faults split the timeline into windows, each with what is down then', t => {
	const windows = blastRadius(plan(fault('tor-a', 'Ethernet1/1', 'hv01', 'SLOT 3 Port 1', 10, 30), fault('tor-a', 'Ethernet1/2', 'hv02', 'SLOT 3 Port 1', 20, 40)), rig);
	t.deepEqual(windows.map(window => [window.fromS, window.toS, window.nodes.map(node => node.node)]), [[10, 20, ['hv01']], [20, 30, ['hv01', 'hv02']], [30, 40, ['hv02']]]);
	t.deepEqual(blastRadius({...base, faults: []}, rig), []);
});

test('a host and the file server on disjoint networks: its I/O to the share stops', t => {
	const windows = blastRadius(plan(
		fault('tor-a', 'Ethernet1/1', 'hv01', 'SLOT 3 Port 1'),
		fault('tor-b', 'Ethernet1/11', 'sofs01', 'Storage B'),
		fault('tor-b', 'Ethernet1/12', 'sofs02', 'Storage B'),
	), rig);
	t.true(windows[0]!.warnings.includes('hv01 shares no storage network with any sofs node for 10 s: its I/O to \\\\sofs stops'));
	t.false(windows[0]!.warnings.some(warning => warning.startsWith('hv02 shares')));
});

test('cluster quorum: one of two nodes isolated is at risk, none isolated is not mentioned', t => {
	const one = blastRadius(plan(fault('tor-a', 'Ethernet1/11', 'sofs01', 'Storage A'), fault('tor-b', 'Ethernet1/11', 'sofs01', 'Storage B')), rig)[0]!;
	t.true(one.warnings.includes('sofs01 loses every storage path for 10 s: it is cut off from storage'));
	t.true(one.warnings.some(warning => /^cluster sofs-cl quorum at risk: sofs01 isolated from storage, 1 of 2 nodes keep a path \(a majority needs 2/.test(warning)));
	const three = structuredClone(rig);
	three.sofs.nodes.push('hv02');
	const minority = blastRadius(plan(fault('tor-a', 'Ethernet1/11', 'sofs01', 'Storage A'), fault('tor-b', 'Ethernet1/11', 'sofs01', 'Storage B')), three)[0]!;
	t.true(minority.warnings.some(warning => warning.startsWith('cluster sofs-cl: sofs01 isolated from storage and may be removed from the cluster; 2 of 3 nodes keep quorum')));
	t.false(blastRadius(base, rig)[0]!.warnings.some(warning => warning.includes('quorum')));
});

test('each window names its faults as their kinds describe them; a disabled NIC loses its path, RDMA off warns of TCP', t => {
	t.deepEqual(blastRadius(base, rig)[0]!.down, ['tor-a Ethernet1/1 (hv01 SLOT 3 Port 1)']);
	const nic: FaultStep = {kind: 'nic-disable', id: 'n', node: 'hv02', rnic: 'SLOT 3 Port 2', atS: 10, restoreAtS: 20};
	const rdma: FaultStep = {kind: 'rdma-disable', id: 'r', node: 'sofs01', rnics: ['Storage A', 'Storage B'], atS: 10, restoreAtS: 20};
	const [window] = blastRadius(plan(nic, rdma), rig);
	t.deepEqual(window!.down, ['hv02 SLOT 3 Port 2', 'sofs01 Storage A, Storage B']);
	t.deepEqual(window!.nodes, [{node: 'hv02', lost: [{rnic: 'SLOT 3 Port 2', network: 'storage-b'}], left: [{rnic: 'SLOT 3 Port 1', network: 'storage-a'}]}], 'RDMA off loses no path');
	t.deepEqual(window!.warnings, [
		'sofs01 Storage A runs SMB over TCP for 10 s (RDMA off): more CPU per byte and a lower ceiling',
		'sofs01 Storage B runs SMB over TCP for 10 s (RDMA off): more CPU per byte and a lower ceiling',
		'hv02 is left with a single storage path, storage-a (SLOT 3 Port 1), for 10 s: one more failure cuts it off',
	]);
});
