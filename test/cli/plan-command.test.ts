// `rdmalab plan` prints what a run would do and touches nothing: against a running simulated rig, not one command
// reaches a device; the output is the golden file whichever endpoints the rig file has.
import {existsSync, readFileSync} from 'node:fs';
import test from 'ava';
import type {PlanReport} from '../../harness/safety/plan-report.js';
import {rdmalab, simRig, startSimProcess} from '../helpers/cli.js';
import {fixture} from '../helpers/paths.js';

const golden = fixture('plan', 'multichannel-failover.sim-rig.txt');

test('plan on lab-configs/sim-rig.yaml prints the golden plan and starts no simulator', async t => {
	const {exitCode, stdout, stderr} = await rdmalab(['plan', 'multichannel-failover', '--rig', simRig]);
	t.is(exitCode, 0, stderr);
	t.is(`${stdout}\n`, readFileSync(golden, 'utf8'));
	t.notRegex(stdout, /127\.0\.0\.1|192\.168\./);
});

test('plan against a running simulated rig: the simulator records no command received', async t => {
	const {rigFile, log} = await startSimProcess(t);
	const {exitCode, stdout} = await rdmalab(['plan', 'multichannel-failover', '--rig', rigFile]);
	t.is(exitCode, 0);
	// Same plan as for the rig file it was written from: no ports, no clocks in it.
	t.is(`${stdout}\n`, readFileSync(golden, 'utf8'));
	const json = await rdmalab(['plan', 'multichannel-failover', '--rig', rigFile, '--json', '--set', 'holdS=12']);
	const report = JSON.parse(json.stdout) as PlanReport;
	t.deepEqual(report.timeline.filter(step => step.target === 'tor-a').map(step => step.atS), [15, 27]);
	t.true(!existsSync(log) || readFileSync(log, 'utf8') === '', 'no command reached the simulated rig');
});
