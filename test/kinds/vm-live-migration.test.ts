// The vm-live-migration kind: Move-VM on the VM's host, returning once it has switched over, read back with Get-VM on
// both hosts; migrated home by the restore, which is harmless to repeat. Against the simulated rig over real SSH.
import test from 'ava';
import {vmLiveMigration, type VmLiveMigrationStep} from '../../harness/kinds/faults/vm-live-migration.js';
import type {Rig} from '../../harness/rig/schema.js';
import {simLiveMigration} from '../../harness/sim/live-migration.js';
import {startSimulator} from '../../harness/sim/index.js';
import {simRig} from '../helpers/cli.js';
import {devicesFor, scriptsSent} from '../helpers/fault-devices.js';
import {loadSimRig} from '../helpers/sim-inventory.js';

// A small VM: its migration takes well under a second at the limit.
const small = (rig: Rig) => {
	rig.simulation = {...rig.simulation, vms: {'rdmalab-vm-hv01': {memoryMB: 256}}};
};

const step: VmLiveMigrationStep = {kind: 'vm-live-migration', id: 'm', vm: 'rdmalab-vm-hv01', from: 'hv01', to: 'hv02', atS: 10, restoreAtS: 20};

test('migrate to hv02 (Get-VM: running there, absent from hv01), back home by the restore; restoring again sends nothing', async t => {
	const sim = await startSimulator(await loadSimRig(simRig, small));
	t.teardown(async () => sim.stop());
	const devices = devicesFor(t, sim.rig);
	t.deepEqual(await vmLiveMigration.readBack(devices, step), {state: 'clear', detail: 'rdmalab-vm-hv01: hv01 Running, hv02 absent'});

	await vmLiveMigration.inject(devices, step);
	t.deepEqual(await vmLiveMigration.readBack(devices, step), {state: 'faulted', detail: 'rdmalab-vm-hv01: hv01 absent, hv02 Running'});
	const [migration] = simLiveMigration(sim.fabric).migrations;
	t.like(migration, {from: 'hv01', to: 'hv02', transport: 'rdma', bytesPerS: 750 * 1024 * 1024});
	t.true(scriptsSent(sim.commands, 'hv01').some(script => script.includes('Move-VM -Name \'rdmalab-vm-hv01\' -DestinationHost \'hv02\'')));

	await vmLiveMigration.restore(devices, step);
	t.deepEqual(await vmLiveMigration.readBack(devices, step), {state: 'clear', detail: 'rdmalab-vm-hv01: hv01 Running, hv02 absent'});
	t.true(scriptsSent(sim.commands, 'hv02').some(script => script.includes('Move-VM -Name \'rdmalab-vm-hv01\' -DestinationHost \'hv01\'')), 'sent on the host the VM was on');
	await vmLiveMigration.restore(devices, step);
	t.is(simLiveMigration(sim.fabric).migrations.length, 2, 'the VM was home: no third migration');
});

test('a move from a host the VM is not on fails as Hyper-V does, naming the node', async t => {
	const sim = await startSimulator(await loadSimRig(simRig, small));
	t.teardown(async () => sim.stop());
	const devices = devicesFor(t, sim.rig);
	const error = await t.throwsAsync(vmLiveMigration.inject(devices, {...step, from: 'hv02', to: 'hv01'}));
	t.like(error, {code: 'COMMAND_FAILED', target: 'hv02'});
	t.regex(error!.message, /Hyper-V was unable to find a virtual machine with name "rdmalab-vm-hv01"/);
});
