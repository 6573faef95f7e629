import {join} from 'node:path';
import test from 'ava';
import {misconfigs} from '../../harness/sim/misconfigs/index.js';
import {loadRig} from '../../harness/rig/load.js';
import {startSimulator} from '../../harness/sim/index.js';
import {switchRuleList, switchRules} from '../../harness/validate/switch-rules.js';
import {collectSwitchState} from '../../harness/validate/switch-state.js';
import {validateRig} from '../../harness/validate/validate.js';
import {simRig} from '../helpers/cli.js';
import {repoRoot} from '../helpers/paths.js';
import {openSwitches} from '../helpers/switch-sim.js';

const mixedRig = join(repoRoot, 'lab-configs', 'sim-rig-mixed-switches.yaml');
const nvueRig = join(repoRoot, 'lab-configs', 'sim-rig-nvue-switches.yaml');
const os10Rig = join(repoRoot, 'lab-configs', 'sim-rig-os10-switches.yaml');
const onyxRig = join(repoRoot, 'lab-configs', 'sim-rig-onyx-switches.yaml');
const ruleIds: string[] = Object.values(switchRuleList).map(rule => rule.id);
const switchMisconfigs = misconfigs.filter(misconfig => misconfig.rule !== undefined && ruleIds.includes(misconfig.rule));

// The whole validation (hosts and switches), so "no other rule" covers the host rules too.
const validate = async (rigFile: string, names: string[] = []) => {
	const sim = await startSimulator(await loadRig(rigFile), {misconfigs: names, file: rigFile});
	try {
		const checks = await validateRig(sim.rig, {signal: AbortSignal.timeout(60_000)});
		const switchChecks = checks.filter(check => ruleIds.includes(check.id));
		return {checks, switchChecks, ports: new Set(switchChecks.map(check => check.target)).size};
	} finally {
		await sim.stop();
	}
};

test('every switch rule has exactly one misconfiguration', t => {
	t.deepEqual(switchMisconfigs.map(misconfig => misconfig.rule).sort(), [...ruleIds].sort());
});

for (const [label, rigFile, backup] of [['nxos sim-rig.yaml', simRig, false], ['mixed-vendor rig', mixedRig, true], ['nvue rig', nvueRig, false], ['os10 rig', os10Rig, false], ['onyx rig', onyxRig, false]] as const) {
	test.serial(`${label}: a healthy rig passes every rule`, async t => {
		const {checks, switchChecks, ports} = await validate(rigFile);
		t.true(ports >= 8);
		t.deepEqual(checks.filter(check => check.status === 'fail'), []);
		const skipped = [...new Set(switchChecks.filter(check => check.status === 'skipped').map(check => check.id))];
		t.deepEqual(skipped, backup ? [] : ['switch-backup-priority']);
		t.is(switchChecks.length, ports * ruleIds.length);
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
			t.deepEqual([...new Set(failed.map(check => check.id))], [misconfig.rule!]);
			for (const check of failed) {
				t.truthy(check.hint);
				t.truthy(check.summary);
			}

			// Every vendor's driver must see the mistake, not only the first switch's (the shut port is on one switch,
			// and the host checks its dark link fails are attributed to it).
			if (misconfig.name === 'switch-port-shut') {
				t.true(checks.some(check => check.status === 'skipped' && check.id === 'rnic-link' && check.summary.startsWith('not judged: ')));
			} else {
				t.deepEqual(new Set(failed.map(check => check.target?.split('/')[0])), new Set(['tor-a', 'tor-b']));
			}
		});
	}
}

const iwarpRig = join(repoRoot, 'lab-configs', 'sim-rig-iwarp.yaml');

test.serial('iWARP rig: PFC is optional (the PFC rules skip, even with PFC left to DCBX) while ETS still applies', async t => {
	const healthy = await validate(iwarpRig);
	t.deepEqual(healthy.checks.filter(check => check.status === 'fail'), []);
	const pfcChecks = healthy.checks.filter(check => check.id === 'switch-pfc-forced' || check.id === 'switch-pfc-priorities');
	t.true(pfcChecks.length > 0 && pfcChecks.every(check => check.status === 'skipped' && /iWARP does not need PFC/.test(check.summary)));

	const pfcAuto = await validate(iwarpRig, ['switch-pfc-auto']);
	t.deepEqual(pfcAuto.checks.filter(check => check.status === 'fail'), []);
	const ets = await validate(iwarpRig, ['switch-ets-smb-share']);
	t.deepEqual([...new Set(ets.checks.filter(check => check.status === 'fail').map(check => check.id))], ['switch-ets-smb-share']);
});

test.serial('TCP-only rig: DCB rules skip with the reason; link, MTU and LLDP are still judged', async t => {
	const session = await openSwitches(simRig, ['switch-pfc-auto', 'switch-trust-dscp', 'switch-mtu-1500']);
	try {
		const snapshot = await collectSwitchState(session.sim.rig, session.drivers, AbortSignal.timeout(60_000));
		const rig = {...session.sim.rig, storage: {...session.sim.rig.storage, transport: 'TCP' as const, dcb: 'none' as const}};
		const checks = switchRules(rig, snapshot);
		const dcbRules = ['switch-pfc-forced', 'switch-pfc-priorities', 'switch-ets-smb-share', 'switch-trust-cos', 'switch-backup-priority'];
		t.true(checks.filter(check => dcbRules.includes(check.id)).every(check => check.status === 'skipped' && /TCP-only/.test(check.summary)));
		t.deepEqual([...new Set(checks.filter(check => check.status === 'fail').map(check => check.id))], ['switch-mtu']);
		t.true(checks.filter(check => check.id === 'switch-lldp-neighbor' || check.id === 'switch-port-up').every(check => check.status === 'pass'));
	} finally {
		await session.close();
	}
});

test.serial('checks carry evidence of what was read and what was expected', async t => {
	const {checks} = await validate(simRig, ['switch-ets-smb-share']);
	const failed = checks.find(check => check.status === 'fail')!;
	t.is(failed.target, 'tor-a/Ethernet1/1');
	t.regex(failed.summary, /priority 3: traffic class 3 has 30 %, expected ETS 50 %/);
	t.like(failed.evidence, {class: {trafficClass: 3, bandwidthPercent: 30}, expected: {priority: 3, bandwidthPercent: 50}});
});
