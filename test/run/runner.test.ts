// The runner checks the interlocks on the whole plan before it connects to anything.
import test from 'ava';
import {loadRig} from '../../harness/rig/load.js';
import {RunRecorder} from '../../harness/run/recorder.js';
import {executePlan} from '../../harness/run/runner.js';
import {startSimulator} from '../../harness/sim/index.js';
import failover from '../../suites/multichannel-failover.js';
import {simRig, tempDir} from '../helpers/cli.js';

test('a plan an interlock refuses ends as an INTERLOCK error before any command reaches the rig', async t => {
	const sim = await startSimulator(await loadRig(simRig));
	t.teardown(async () => sim.stop());
	const plan = failover.plan(sim.rig, failover.params.parse({}));
	// Both rNICs of hv01 at once, which the suite does not declare.
	const second = {...plan.faults[0]!, id: 'pull-rnic-2', switch: 'tor-b', cable: {node: 'hv01', rnic: 'SLOT 3 Port 2'}};
	const recorder = new RunRecorder(`${await tempDir()}/run`);
	const data = await executePlan({rig: sim.rig, plan: {...plan, faults: [...plan.faults, second]}, recorder, signal: new AbortController().signal, log() {}});
	await recorder.close();
	t.deepEqual(data.errors.map(error => error.code), ['INTERLOCK']);
	t.regex(data.errors[0]!.message, /\[all-paths-down\] tor-b Ethernet1\/1 \(hv01 SLOT 3 Port 2\): with tor-a Ethernet1\/1 .* takes every storage path of hv01/);
	t.is(sim.commands.length, 0);
});
