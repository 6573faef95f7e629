import test from 'ava';
import type {PortDownStep} from '../../harness/kinds/faults/port-down.js';
import type {FaultStep, Plan} from '../../harness/plan/plan.js';
import {loadRig} from '../../harness/rig/load.js';
import type {Rig} from '../../harness/rig/schema.js';
import {assertInterlocks, injectionInterlocks, planInterlocks} from '../../harness/safety/interlocks.js';
import failover from '../../suites/multichannel-failover.js';
import {simRig} from '../helpers/cli.js';

const rig = await loadRig(simRig);
const healthyPlan = failover.plan(rig, failover.params.parse({}));

const fault = (id: string, switchName: string, port: string, cable: {node: string; rnic: string}, atS = 10, restoreAtS = 20): PortDownStep =>
	({kind: 'port-down', id, switch: switchName, port, cable, atS, restoreAtS});
const withFaults = (faults: FaultStep[], extra: Partial<Plan> = {}): Plan => ({...healthyPlan, faults, ...extra});
const rules = (plan: Plan, target: Rig = rig) => planInterlocks(plan, target).map(violation => violation.rule);

const hv01a = fault('a', 'tor-a', 'Ethernet1/1', {node: 'hv01', rnic: 'SLOT 3 Port 1'});
const hv01b = fault('b', 'tor-b', 'Ethernet1/1', {node: 'hv01', rnic: 'SLOT 3 Port 2'});

test('the failover suite\'s plan on the simulated rig passes every interlock', t => {
	// The plan does pull a cable (an empty plan would pass any interlock): hv01's first rNIC, alone.
	t.deepEqual((healthyPlan.faults as PortDownStep[]).map(step => `${step.switch} ${step.port} (${step.cable.node} ${step.cable.rnic})`), ['tor-a Ethernet1/1 (hv01 SLOT 3 Port 1)']);
	const [pull] = healthyPlan.faults;
	t.deepEqual(planInterlocks(healthyPlan, rig), []);
	t.notThrows(() => assertInterlocks(planInterlocks(healthyPlan, rig), rig));
	// Just before the shutdown, with nothing else down, the runner's own check lets it through too.
	t.deepEqual(injectionInterlocks(rig, pull!, [], false), []);
	// The same checks on the same fault do refuse it once it would cut hv01 off: with its other path already down,
	// or on a rig where the harness reaches hv01 through that rNIC. So the passes above are the rig's, not a no-op's.
	t.deepEqual(injectionInterlocks(rig, pull!, [hv01b], false).map(violation => violation.rule), ['all-paths-down']);
	const throughRnic = structuredClone(rig);
	const hv01 = throughRnic.nodes.find(node => node.name === 'hv01')!;
	hv01.ssh.address = hv01.rnics.find(rnic => rnic.name === 'SLOT 3 Port 1')!.address;
	t.throws(() => assertInterlocks(planInterlocks(healthyPlan, throughRnic), throughRnic), {code: 'INTERLOCK', message: /\[management-path\] tor-a Ethernet1\/1: refusing to fault the management path/});
});

test('targets outside the rig file are refused: unknown switch, uncabled port, a cable the rig file does not have', t => {
	t.deepEqual(rules(withFaults([fault('x', 'tor-z', 'Ethernet1/1', {node: 'hv01', rnic: 'SLOT 3 Port 1'})])), ['unknown-target']);
	const uncabled = planInterlocks(withFaults([fault('x', 'tor-a', 'Ethernet1/40', {node: 'hv01', rnic: 'SLOT 3 Port 1'})]), rig);
	t.is(uncabled.length, 1);
	t.regex(uncabled[0]!.message, /tor-a Ethernet1\/40: no rNIC in the rig file is cabled to this port/);
	const mismatch = planInterlocks(withFaults([fault('x', 'tor-a', 'Ethernet1/1', {node: 'hv02', rnic: 'SLOT 3 Port 1'})]), rig);
	t.regex(mismatch[0]!.message, /expects hv02 SLOT 3 Port 1 on it, the rig file cables hv01 SLOT 3 Port 1/);
});

test('the management path is refused: an rNIC on the management network, or one the harness reaches its node through', t => {
	const onMgmt = structuredClone(rig);
	onMgmt.nodes[0]!.rnics[0]!.network = 'mgmt';
	t.deepEqual(rules(healthyPlan, onMgmt), ['management-path']);
	const sshOverStorage = structuredClone(rig);
	sshOverStorage.nodes[0]!.ssh.address = '10.71.1.11';
	const violations = planInterlocks(healthyPlan, sshOverStorage);
	t.deepEqual(violations.map(violation => violation.rule), ['management-path']);
	t.regex(violations[0]!.message, /the harness reaches hv01 at 10\.71\.1\.11, which is SLOT 3 Port 1's address/);
	const inSubnet = structuredClone(rig);
	inSubnet.nodes[0]!.ssh.address = '10.71.1.200';
	t.regex(planInterlocks(healthyPlan, inSubnet)[0]!.message, /inside storage-a \(10\.71\.1\.0\/24\)/);
	t.throws(() => assertInterlocks(violations, sshOverStorage), {message: /refusing to run: an interlock refuses a fault:\n {2}\[management-path\]/});
});

test('every storage path of a node at once is refused unless the plan declares it; one after the other is fine', t => {
	t.deepEqual(rules(withFaults([hv01a, hv01b])), ['all-paths-down']);
	t.regex(planInterlocks(withFaults([hv01a, hv01b]), rig)[0]!.message, /takes every storage path of hv01 \(SLOT 3 Port 1, SLOT 3 Port 2\)/);
	t.deepEqual(rules(withFaults([hv01a, hv01b], {allowAllPathsDown: true})), []);
	t.deepEqual(rules(withFaults([hv01a, {...hv01b, atS: 20, restoreAtS: 30}])), []);
	// Different nodes' first rNICs at once leave each node a path.
	t.deepEqual(rules(withFaults([hv01a, fault('c', 'tor-a', 'Ethernet1/2', {node: 'hv02', rnic: 'SLOT 3 Port 1'})])), []);
});

test('just before an injection, the faults actually in place count', t => {
	t.deepEqual(injectionInterlocks(rig, hv01b, [], false), []);
	t.deepEqual(injectionInterlocks(rig, hv01b, [hv01a], false).map(violation => violation.rule), ['all-paths-down']);
	t.deepEqual(injectionInterlocks(rig, hv01b, [hv01a], true), []);
});

// Other kinds, judged by their effects: a NIC disabled on the host takes its path like a shut port; RDMA off keeps it.
const nicOff = (id: string, node: string, rnic: string, atS = 10, restoreAtS = 20): FaultStep => ({kind: 'nic-disable', id, node, rnic, atS, restoreAtS});
const rdmaOff = (id: string, node: string, rnics: string[], atS = 10, restoreAtS = 20): FaultStep => ({kind: 'rdma-disable', id, node, rnics, atS, restoreAtS});

test('every storage path of a node is counted across kinds: a shut port and a disabled NIC take both, RDMA off takes none', t => {
	const violations = planInterlocks(withFaults([hv01a, nicOff('n', 'hv01', 'SLOT 3 Port 2')]), rig);
	t.deepEqual(violations.map(violation => [violation.rule, violation.fault]), [['all-paths-down', 'n']]);
	t.regex(violations[0]!.message, /^hv01 SLOT 3 Port 2: with tor-a Ethernet1\/1 \(hv01 SLOT 3 Port 1\) already down this takes every storage path of hv01/);
	t.deepEqual(rules(withFaults([nicOff('n1', 'hv01', 'SLOT 3 Port 1'), nicOff('n2', 'hv01', 'SLOT 3 Port 2')])), ['all-paths-down']);
	t.deepEqual(rules(withFaults([hv01a, rdmaOff('r', 'hv01', ['SLOT 3 Port 1', 'SLOT 3 Port 2'])])), []);
	t.deepEqual(injectionInterlocks(rig, nicOff('n', 'hv01', 'SLOT 3 Port 2'), [hv01a], false).map(violation => violation.rule), ['all-paths-down']);
	t.deepEqual(injectionInterlocks(rig, hv01b, [rdmaOff('r', 'hv01', ['SLOT 3 Port 1'])], false), []);
});

test('a node\'s own faults are refused by their kind: an rNIC the rig file does not have, the management adapter, an rNIC on the management path', t => {
	const unknown = planInterlocks(withFaults([nicOff('n', 'hv01', 'SLOT 9 Port 9'), rdmaOff('r', 'hv01', ['SLOT 3 Port 1', 'SLOT 9 Port 9'])]), rig);
	t.deepEqual(unknown.map(violation => [violation.rule, violation.fault]), [['unknown-target', 'n'], ['unknown-target', 'r']]);
	t.regex(unknown[0]!.message, /^hv01 SLOT 9 Port 9: the rig file has no such rNIC/);
	t.regex(unknown[1]!.message, /^hv01 SLOT 9 Port 9: the rig file has no such rNIC/);
	// The management adapter is not an rNIC of the rig file: refused, whatever the rule says.
	const management = rig.nodes[0]!.management.adapter;
	const mgmtAdapter = planInterlocks(withFaults([nicOff('m', 'hv01', management)]), rig);
	t.is(mgmtAdapter.length, 1);
	t.regex(mgmtAdapter[0]!.message, /^hv01 vEthernet \(Management\): /);
	const onMgmt = structuredClone(rig);
	onMgmt.nodes[0]!.rnics[0]!.network = 'mgmt';
	const refused = planInterlocks(withFaults([nicOff('n', 'hv01', 'SLOT 3 Port 1')]), onMgmt);
	t.deepEqual(refused.map(violation => violation.rule), ['management-path']);
	t.regex(refused[0]!.message, /hv01 SLOT 3 Port 1: refusing to disable the management path: it is cabled to hv01's management adapter/);
	t.deepEqual(planInterlocks(withFaults([rdmaOff('r', 'hv01', ['SLOT 3 Port 1'])]), onMgmt), [], 'RDMA off keeps the link: the harness is not cut off');
});
