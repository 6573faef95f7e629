import test from 'ava';
import {HarnessError, isHarnessError} from '../../harness/errors.js';
import {loadRig} from '../../harness/rig/load.js';
import type {SwitchDriver} from '../../harness/targets/switch.js';
import {cabledPorts, collectSwitchState} from '../../harness/validate/switch-state.js';
import {simRig} from '../helpers/cli.js';
import {openSwitches} from '../helpers/switch-sim.js';

test('every port cabled to an rNIC is read, in rig file order, with the rNIC it leads to', async t => {
	const session = await openSwitches(simRig);
	try {
		const snapshot = await collectSwitchState(session.sim.rig, session.drivers, AbortSignal.timeout(60_000));
		t.deepEqual(snapshot.ports.map(port => `${port.switch}/${port.port}`), cabledPorts(session.sim.rig).map(entry => `${entry.switch}/${entry.port}`));
		t.deepEqual(snapshot.ports[0]!.cable, {node: 'hv01', rnic: 'SLOT 3 Port 1', network: 'storage-a'});
		t.is(snapshot.ports[0]!.vendor, 'nxos');
	} finally {
		await session.close();
	}
});

test('a switch that cannot be read is an infrastructure error, never a check', async t => {
	const rig = await loadRig(simRig);
	const failing = {
		name: 'tor-a', vendor: 'nxos',
		async portStatus() {
			throw new HarnessError('PARSE', 'show interface Ethernet1/1 | json: unexpected output', {target: 'tor-a'});
		},
	} as unknown as SwitchDriver;
	const error = await t.throwsAsync(collectSwitchState(rig, new Map([['tor-a', failing], ['tor-b', failing]]), AbortSignal.timeout(5000)));
	t.true(isHarnessError(error));
	t.is((error as HarnessError).code, 'PARSE');

	const missing = await t.throwsAsync(collectSwitchState(rig, new Map(), AbortSignal.timeout(5000)));
	t.true(isHarnessError(missing));
	t.is(missing!.message, 'no connection to switch tor-a');
	t.truthy((missing as HarnessError).hint);
});
