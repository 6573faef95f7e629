// The rdma-disable kind: Disable-NetAdapterRdma on named rNICs of a node (SMB falls back to TCP there, the links stay
// up), Enable-NetAdapterRdma to put it back, read back with Get-NetAdapterRdma; against the simulated rig.
import test from 'ava';
import type {FaultDevices} from '../../harness/kinds/fault-kind.js';
import {readAdapterRdma, readAdapterStatus} from '../../harness/kinds/faults/node-commands.js';
import {rdmaDisable, type RdmaDisableStep} from '../../harness/kinds/faults/rdma-disable.js';
import {faultKindOf} from '../../harness/kinds/index.js';
import {loadRig} from '../../harness/rig/load.js';
import {systemClock} from '../../harness/run/clock.js';
import {confirmState, injectFault, restoreFault} from '../../harness/run/fault-lifecycle.js';
import {RunRecorder} from '../../harness/run/recorder.js';
import type {FaultRecord} from '../../harness/run/run-data.js';
import {TeardownStack} from '../../harness/run/teardown.js';
import {FaultJournal} from '../../harness/safety/journal.js';
import {startSimulator} from '../../harness/sim/index.js';
import {simRig, tempDir} from '../helpers/cli.js';
import {devicesFor, scriptsSent} from '../helpers/fault-devices.js';

const rig = await loadRig(simRig);
const both = ['SLOT 3 Port 1', 'SLOT 3 Port 2'];

const step = (node: string, rnics: string[]): RdmaDisableStep => ({kind: 'rdma-disable', id: 'r1', node, rnics, atS: 10, restoreAtS: 20});

const start = async (t: import('ava').ExecutionContext) => {
	const sim = await startSimulator(await loadRig(simRig));
	t.teardown(async () => sim.stop());
	return {sim, devices: devicesFor(t, sim.rig)};
};

const rdmaOf = async (devices: FaultDevices, node: string, rnics: string[]) => Object.fromEntries(await readAdapterRdma(await devices.windowsNode(node), rnics));

test('inject turns RDMA off on each named rNIC (read back: Enabled false), the links stay up; restore turns it back on; restoring again is harmless', async t => {
	const {sim, devices} = await start(t);
	const fault = step('hv01', both);
	t.deepEqual(await rdmaDisable.readBack(devices, fault), {state: 'clear', detail: 'SLOT 3 Port 1 Enabled true, SLOT 3 Port 2 Enabled true'});

	await rdmaDisable.inject(devices, fault);
	t.deepEqual(await rdmaDisable.readBack(devices, fault), {state: 'faulted', detail: 'SLOT 3 Port 1 Enabled false, SLOT 3 Port 2 Enabled false'});
	t.deepEqual(Object.fromEntries(await readAdapterStatus(await devices.windowsNode('hv01'), both)), {'SLOT 3 Port 1': 'Up', 'SLOT 3 Port 2': 'Up'}, 'the links stay up');
	t.like(await (await devices.switchDriver('tor-a')).portStatus('Ethernet1/1'), {admin: 'up', oper: 'up'});
	t.deepEqual(await rdmaOf(devices, 'hv02', both), {'SLOT 3 Port 1': true, 'SLOT 3 Port 2': true}, 'another node is untouched');
	t.true(scriptsSent(sim.commands, 'hv01').some(script => script.includes("Disable-NetAdapterRdma -Name 'SLOT 3 Port 1','SLOT 3 Port 2'")));

	await rdmaDisable.restore(devices, fault);
	const back = await confirmState(faultKindOf(fault).kind, devices, fault, 'clear', rdmaDisable.confirmWithinMs.restore, systemClock);
	t.true(back.reached);
	t.deepEqual(await rdmaOf(devices, 'hv01', both), {'SLOT 3 Port 1': true, 'SLOT 3 Port 2': true});

	await t.notThrowsAsync(rdmaDisable.restore(devices, fault));
	t.is((await rdmaDisable.readBack(devices, fault)).state, 'clear');
});

test('one rNIC of the step off and the other on reads between; RDMA off on an rNIC outside the step does not count', async t => {
	const {devices} = await start(t);
	const hv01 = await devices.windowsNode('hv01');
	await hv01.powershell("Disable-NetAdapterRdma -Name 'SLOT 3 Port 2'");
	t.deepEqual(await rdmaDisable.readBack(devices, step('hv01', both)), {state: 'between', detail: 'SLOT 3 Port 1 Enabled true, SLOT 3 Port 2 Enabled false'});
	t.is((await rdmaDisable.readBack(devices, step('hv01', ['SLOT 3 Port 1']))).state, 'clear');
	t.is((await rdmaDisable.readBack(devices, step('hv01', ['SLOT 3 Port 2']))).state, 'faulted');
});

test('refused on its own: an rNIC the rig file does not have (each named), the management adapter', t => {
	t.deepEqual(rdmaDisable.refusals(step('hv01', both), rig), []);
	t.deepEqual(rdmaDisable.refusals(step('hv01', ['SLOT 3 Port 1', 'SLOT 9 Port 9']), rig), [{rule: 'unknown-target', message: 'hv01 SLOT 9 Port 9: the rig file has no such rNIC'}]);
	t.is(rdmaDisable.refusals(step('hv01', [rig.nodes[0]!.management.adapter]), rig).length, 1);
	t.is(rdmaDisable.refusals(step('hv09', ['SLOT 3 Port 1']), rig).length, 1);
	t.throws(() => faultKindOf(step('hv01', [])), {message: /fault step r1 is not a valid rdma-disable step: rnics: /}, 'at least one rNIC');
});

test('the plan\'s commands: Disable- and Enable-NetAdapterRdma on the named rNICs, each confirmed by Get-NetAdapterRdma', t => {
	const {inject, restore} = rdmaDisable.commands(step('sofs01', ['Storage A', 'Storage B']), rig);
	t.deepEqual(inject, {
		kind: 'powershell', exe: 'powershell.exe', script: "Disable-NetAdapterRdma -Name 'Storage A','Storage B'",
		confirm: {line: "Get-NetAdapterRdma -Name 'Storage A','Storage B' | Select-Object Name, Enabled", until: 'Enabled False on each', withinS: 15},
	});
	t.deepEqual(restore, {
		kind: 'powershell', exe: 'powershell.exe', script: "Enable-NetAdapterRdma -Name 'Storage A','Storage B'",
		confirm: {line: "Get-NetAdapterRdma -Name 'Storage A','Storage B' | Select-Object Name, Enabled", until: 'Enabled True on each', withinS: 15},
	});
	t.like(rdmaDisable.commands(step('hv02', ['SLOT 3 Port 1']), rig).inject, {exe: 'pwsh.exe'}, 'hv02 runs PowerShell 7');
});

test('its effect: RDMA off on each rNIC, no path down; its device is the node; its words', t => {
	const fault = step('sofs01', ['Storage A', 'Storage B']);
	t.deepEqual(rdmaDisable.effect(fault, rig), {pathsDown: [], rdmaOff: [{node: 'sofs01', rnic: 'Storage A'}, {node: 'sofs01', rnic: 'Storage B'}], nodesOut: []});
	t.deepEqual(rdmaDisable.device(fault), {type: 'node', name: 'sofs01'});
	t.is(rdmaDisable.describe(fault), 'sofs01 Storage A, Storage B');
	t.deepEqual(rdmaDisable.planText(fault), {inject: 'disable RDMA on Storage A, Storage B (SMB falls back to TCP there)', restore: 'enable RDMA on Storage A, Storage B'});
	t.is<unknown, unknown>(faultKindOf(fault).kind, rdmaDisable, 'registered under its kind');
});

test('RDMA found off before the run is left as found through the fault lifecycle: nothing sent, nothing journaled, no undo; the others go off and come back', async t => {
	const {sim, devices} = await start(t);
	await (await devices.windowsNode('hv01')).powershell("Disable-NetAdapterRdma -Name 'SLOT 3 Port 2'");
	const dir = await tempDir();
	const journal = new FaultJournal(dir, 'lab');
	const teardown = new TeardownStack();
	const lines: string[] = [];
	const context = (fault: RdmaDisableStep) => ({
		kind: faultKindOf(fault).kind, step: fault, record: {id: fault.id, kind: fault.kind, target: rdmaDisable.describe(fault), step: fault} as FaultRecord,
		devices, teardown, recorder: new RunRecorder(`${dir}/run`), clock: systemClock, log(line: string) {
			lines.push(line);
		}, journal: {journal, runId: 'run-1'},
	});
	const [off, on] = [context({...step('hv01', ['SLOT 3 Port 2']), id: 'r2'}), context({...step('hv01', ['SLOT 3 Port 1']), id: 'r1'})];
	const scriptsBefore = scriptsSent(sim.commands, 'hv01').length;
	const left = await injectFault(off, AbortSignal.timeout(30_000));
	t.is(left, undefined);
	t.true(off.record.foundInPlace);
	t.is(off.record.injectedAtS, undefined);
	t.deepEqual(lines, ['hv01 SLOT 3 Port 2: RDMA disabled already, before this run (SLOT 3 Port 2 Enabled false); left as found, neither injected nor restored']);
	t.false(scriptsSent(sim.commands, 'hv01').slice(scriptsBefore).some(script => /(Disable|Enable)-NetAdapterRdma/.test(script)), 'only read');
	t.deepEqual(await journal.pending(), []);
	t.deepEqual(teardown.pending, []);

	const entry = await injectFault(on, AbortSignal.timeout(30_000));
	t.not(entry, undefined);
	await restoreFault(off, left, AbortSignal.timeout(30_000));
	await restoreFault(on, entry, AbortSignal.timeout(30_000));
	t.deepEqual(await rdmaOf(devices, 'hv01', both), {'SLOT 3 Port 1': true, 'SLOT 3 Port 2': false}, 'the rig as it was found');
	t.deepEqual(await journal.pending(), []);
});
