// Host rules on inventories read from the simulated rig and then changed the way a node without a feature
// answers: a DCB cmdlet that fails is a failed check on a DCB rig, never a pass and never a crash.
import test from 'ava';
import {judgeHosts} from '../../harness/validate/host-rules.js';
import {simRig} from '../helpers/cli.js';
import {loadSimRig, simulatedInventories} from '../helpers/sim-inventory.js';

test('DCB cmdlets that fail (no Data Center Bridging feature) fail the DCB rules of that node with the error', async t => {
	const rig = await loadSimRig(simRig);
	const {inventories} = await simulatedInventories(rig);
	const sofs02 = inventories.get('sofs02')!;
	const error = 'The Data Center Bridging feature is not installed.';
	inventories.set('sofs02', {
		...sofs02, qosTrafficClasses: [], qosFlowControl: [], adapterQos: [], dcbx: [],
		errors: {...sofs02.errors, qosTrafficClasses: error, qosFlowControl: error, adapterQos: error, dcbx: error},
	});
	const failed = judgeHosts({rig, inventories}).filter(check => check.status === 'fail');
	t.deepEqual(failed.map(check => [check.id, check.target]), [
		['qos-pfc', 'sofs02'], ['qos-ets', 'sofs02'], ['qos-dcbx-willing', 'sofs02'], ['qos-adapter', 'sofs02/Storage A'], ['qos-adapter', 'sofs02/Storage B'],
	]);
	t.true(failed.every(check => check.summary === `cannot read the DCB settings: ${error}`));
});

test('a cluster no SOFS node can read fails the cluster rule with each node\'s error', async t => {
	const rig = await loadSimRig(simRig);
	const {inventories} = await simulatedInventories(rig);
	for (const name of rig.sofs.nodes) {
		const inventory = inventories.get(name)!;
		inventories.set(name, {...inventory, clusterNetworks: [], errors: {...inventory.errors, clusterNetworks: 'The cluster service is not running.'}});
	}

	const checks = judgeHosts({rig, inventories}).filter(check => check.id === 'cluster-networks');
	t.is(checks.length, 1);
	t.is(checks[0]?.status, 'fail');
	t.regex(checks[0]?.summary ?? '', /sofs01: The cluster service is not running.*sofs02: The cluster service is not running/);
});
