import {join} from 'node:path';
import test from 'ava';
import {misconfigs} from '../../harness/sim/misconfigs/index.js';
import {switchRuleList, switchRules} from '../../harness/validate/switch-rules.js';
import {collectSwitchState} from '../../harness/validate/switch-state.js';
import {simRig} from '../helpers/cli.js';
import {repoRoot} from '../helpers/paths.js';
import {openSwitches} from '../helpers/switch-sim.js';

const mixedRig = join(repoRoot, 'lab-configs', 'sim-rig-mixed-switches.yaml');
const nvueRig = join(repoRoot, 'lab-configs', 'sim-rig-nvue-switches.yaml');
const ruleIds: string[] = Object.values(switchRuleList).map(rule => rule.id);
const switchMisconfigs = misconfigs.filter(misconfig => misconfig.rule !== undefined && ruleIds.includes(misconfig.rule));

const validate = async (rigFile: string, names: string[] = []) => {
	const session = await openSwitches(rigFile, names);
	try {
		const snapshot = await collectSwitchState(session.sim.rig, session.drivers, AbortSignal.timeout(60_000));
		return {snapshot, checks: switchRules(session.sim.rig, snapshot)};
	} finally {
		await session.close();
	}
};

test('every switch rule has exactly one misconfiguration', t => {
	t.deepEqual(switchMisconfigs.map(misconfig => misconfig.rule).sort(), [...ruleIds].sort());
});

for (const [label, rigFile, backup] of [['nxos sim-rig.yaml', simRig, false], ['mixed-vendor rig', mixedRig, true], ['nvue rig', nvueRig, false]] as const) {
	test.serial(`${label}: a healthy rig passes every switch rule`, async t => {
		const {snapshot, checks} = await validate(rigFile);
		t.true(snapshot.ports.length >= 8);
		t.deepEqual(checks.filter(check => check.status === 'fail'), []);
		const skipped = [...new Set(checks.filter(check => check.status === 'skip').map(check => check.rule))];
		t.deepEqual(skipped, backup ? [] : ['switch-backup-priority']);
		t.is(checks.length, snapshot.ports.length * ruleIds.length);
	});

	for (const misconfig of switchMisconfigs) {
		test.serial(`${label}: ${misconfig.name} fails ${misconfig.rule!} and no other rule`, async t => {
			if (misconfig.rule === 'switch-backup-priority' && !backup) {
				// The rig has no backup server on the storage links: the misconfiguration refuses to apply, the rule skips.
				await t.throwsAsync(validate(rigFile, [misconfig.name]), {message: /needs a rig whose backup server shares the storage links/});
				return;
			}

			const {checks} = await validate(rigFile, [misconfig.name]);
			const failed = checks.filter(check => check.status === 'fail');
			t.true(failed.length > 0);
			t.deepEqual([...new Set(failed.map(check => check.rule))], [misconfig.rule!]);
			for (const check of failed) {
				t.truthy(check.hint);
				t.truthy(check.message);
			}

			// Every vendor's driver must see the mistake, not only the first switch's (the shut port is on one switch).
			if (misconfig.name !== 'switch-port-shut') {
				t.deepEqual(new Set(failed.map(check => check.target.split('/')[0])), new Set(['tor-a', 'tor-b']));
			}
		});
	}
}
