// The nic-disable kind: Disable-NetAdapter on an rNIC's node, Enable-NetAdapter to put it back, each read back with
// Get-NetAdapter; against the simulated rig over real SSH on loopback.
import test from 'ava';
import type {FaultDevices} from '../../harness/kinds/fault-kind.js';
import {nicDisable, type NicDisableStep} from '../../harness/kinds/faults/nic-disable.js';
import {readAdapterStatus} from '../../harness/kinds/faults/node-commands.js';
import {faultKindOf} from '../../harness/kinds/index.js';
import {loadRig} from '../../harness/rig/load.js';
import {confirmState} from '../../harness/run/fault-lifecycle.js';
import {systemClock} from '../../harness/run/clock.js';
import {startSimulator} from '../../harness/sim/index.js';
import {simRig} from '../helpers/cli.js';
import {devicesFor, scriptsSent} from '../helpers/fault-devices.js';

const rig = await loadRig(simRig);

const step = (node: string, rnic: string): NicDisableStep => ({kind: 'nic-disable', id: 'n1', node, rnic, atS: 10, restoreAtS: 20});

const start = async (t: import('ava').ExecutionContext) => {
	const sim = await startSimulator(await loadRig(simRig));
	t.teardown(async () => sim.stop());
	return {sim, devices: devicesFor(t, sim.rig)};
};

const statusOf = async (devices: FaultDevices, node: string, rnic: string) => (await readAdapterStatus(await devices.windowsNode(node), [rnic])).get(rnic);

test('inject disables the adapter (read back: Status Disabled, its switch port admin up and link down), restore enables it, restoring again is harmless', async t => {
	const {sim, devices} = await start(t);
	const fault = step('hv01', 'SLOT 3 Port 1');
	const torA = await devices.switchDriver('tor-a');
	t.deepEqual(await nicDisable.readBack(devices, fault), {state: 'clear', detail: 'Status Up'});

	await nicDisable.inject(devices, fault);
	t.deepEqual(await nicDisable.readBack(devices, fault), {state: 'faulted', detail: 'Status Disabled'});
	t.is(await statusOf(devices, 'hv01', 'SLOT 3 Port 2'), 'Up', 'the other rNIC is untouched');
	// The host side pulled the cable: the switch sees the link go, its own port is not shut.
	t.like(await torA.portStatus('Ethernet1/1'), {admin: 'up', oper: 'down'});
	// The script sent is the one the plan prints, answering the confirmation prompt.
	const sent = scriptsSent(sim.commands, 'hv01');
	t.true(sent.some(script => script.includes("Disable-NetAdapter -Name 'SLOT 3 Port 1' -Confirm:$false")), sent.join('\n---\n'));

	await nicDisable.restore(devices, fault);
	const back = await confirmState(faultKindOf(fault).kind, devices, fault, 'clear', nicDisable.confirmWithinMs.restore, systemClock);
	t.true(back.reached);
	t.deepEqual(back.last, {state: 'clear', detail: 'Status Up'});
	t.like(await torA.portStatus('Ethernet1/1'), {admin: 'up', oper: 'up'});

	await t.notThrowsAsync(nicDisable.restore(devices, fault));
	t.deepEqual(await nicDisable.readBack(devices, fault), {state: 'clear', detail: 'Status Up'});
	t.is(scriptsSent(sim.commands, 'hv01').filter(script => script.includes('Enable-NetAdapter')).length, 2);
});

test('an adapter enabled but without link yet reads between, neither faulted nor clear', async t => {
	const {sim, devices} = await start(t);
	const fault = step('hv02', 'SLOT 3 Port 2');
	// The switch end is shut: the adapter is enabled, its link is down (Get-NetAdapter: Disconnected).
	await (await devices.switchDriver('tor-b')).setPortAdmin('Ethernet1/2', false);
	t.deepEqual(await nicDisable.readBack(devices, fault), {state: 'between', detail: 'Status Disconnected'});
	t.false(scriptsSent(sim.commands, 'hv02').some(script => /(Disable|Enable)-NetAdapter/.test(script)), 'a read-back changes nothing');
});

test('a command that fails on the node is COMMAND_FAILED naming the node and the step', async t => {
	const {devices} = await start(t);
	// Not in the rig file, so the interlocks would refuse it; sent anyway, the node says it has no such adapter.
	const error = await t.throwsAsync(nicDisable.inject(devices, step('hv01', 'SLOT 9 Port 9')));
	t.like(error, {code: 'COMMAND_FAILED', target: 'hv01'});
	t.regex(error!.message, /^disable SLOT 9 Port 9 failed: .*No MSFT_NetAdapter objects found with property 'Name' equal to 'SLOT 9 Port 9'/);
	// Reading it back fails the same way: an error, never a state.
	await t.throwsAsync(nicDisable.readBack(devices, step('hv01', 'SLOT 9 Port 9')), {code: 'COMMAND_FAILED', message: /^Get-NetAdapter: .*SLOT 9 Port 9/});
});

test('refused on its own: an rNIC the rig file does not have, the management adapter, an rNIC on the management path', t => {
	t.deepEqual(nicDisable.refusals(step('hv01', 'SLOT 3 Port 1'), rig), []);
	t.deepEqual(nicDisable.refusals(step('hv01', 'SLOT 9 Port 9'), rig), [{rule: 'unknown-target', message: 'hv01 SLOT 9 Port 9: the rig file has no such rNIC; the harness does not disable adapters it cannot account for'}]);
	t.deepEqual(nicDisable.refusals(step('hv09', 'SLOT 3 Port 1'), rig).map(refusal => refusal.rule), ['unknown-target']);
	// The adapter the harness reaches the node through: never disabled, whatever rule refuses it.
	for (const node of rig.nodes) {
		const refusals = nicDisable.refusals(step(node.name, node.management.adapter), rig);
		t.is(refusals.length, 1, node.management.adapter);
		t.true(refusals[0]!.message.startsWith(`${node.name} ${node.management.adapter}: `));
	}

	const onMgmt = structuredClone(rig);
	onMgmt.nodes[0]!.rnics[1]!.network = 'mgmt';
	t.deepEqual(nicDisable.refusals(step('hv01', 'SLOT 3 Port 2'), onMgmt), [{rule: 'management-path', message: 'hv01 SLOT 3 Port 2: refusing to disable the management path: it is cabled to hv01\'s management adapter (SLOT 3 Port 2 on mgmt)'}]);
	const sshOverStorage = structuredClone(rig);
	sshOverStorage.nodes[0]!.ssh.address = '10.71.1.11';
	t.deepEqual(nicDisable.refusals(step('hv01', 'SLOT 3 Port 1'), sshOverStorage).map(refusal => refusal.rule), ['management-path']);
	t.deepEqual(nicDisable.refusals(step('hv01', 'SLOT 3 Port 2'), sshOverStorage), [], 'the other rNIC does not carry the harness');
});

test('the plan\'s commands: Disable-NetAdapter with -Confirm:$false, confirmed by Status Disabled; Enable-NetAdapter, confirmed by Status Up; in the node\'s PowerShell', t => {
	const {inject, restore} = nicDisable.commands(step('hv01', 'SLOT 3 Port 1'), rig);
	t.deepEqual(inject, {
		kind: 'powershell', exe: 'powershell.exe', script: "Disable-NetAdapter -Name 'SLOT 3 Port 1' -Confirm:$false",
		confirm: {line: "Get-NetAdapter -Name 'SLOT 3 Port 1' | Select-Object Name, Status", until: 'Status Disabled', withinS: 15},
	});
	t.deepEqual(restore, {
		kind: 'powershell', exe: 'powershell.exe', script: "Enable-NetAdapter -Name 'SLOT 3 Port 1'",
		confirm: {line: "Get-NetAdapter -Name 'SLOT 3 Port 1' | Select-Object Name, Status", until: 'Status Up', withinS: 60},
	});
	// hv02 runs PowerShell 7; a quote in a name stays inside its literal.
	t.like(nicDisable.commands(step('hv02', "O'Brien"), rig).inject, {exe: 'pwsh.exe', script: "Disable-NetAdapter -Name 'O''Brien' -Confirm:$false"});
});

test('its effect: the rNIC\'s path is down (RDMA is not the point); its device is the node; its words', t => {
	const fault = step('sofs01', 'Storage B');
	t.deepEqual(nicDisable.effect(fault, rig), {pathsDown: [{node: 'sofs01', rnic: 'Storage B'}], rdmaOff: [], nodesOut: []});
	t.deepEqual(nicDisable.device(fault), {type: 'node', name: 'sofs01'});
	t.is(nicDisable.describe(fault), 'sofs01 Storage B');
	t.deepEqual(nicDisable.planText(fault), {inject: 'disable Storage B (pulls its link from the host side)', restore: 'enable Storage B (back once its link is up)'});
	t.is<unknown, unknown>(faultKindOf(fault).kind, nicDisable, 'registered under its kind');
});
