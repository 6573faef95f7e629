// End to end: each misconfiguration the qos-shares verdicts guard against makes the real CLI exit 1, naming the
// verdicts that failed, on the simulated rig. One run at a time, as in qos-shares.test.ts.
import test from 'ava';
import {simRig} from '../helpers/cli.js';
import {limited} from '../helpers/limit.js';
import {runQos, statuses} from '../helpers/qos.js';

const misconfigured = test.macro(limited(async (t, misconfigs: string[], failing: string[]) => {
	const {exitCode, stdout, all, json} = await runQos(simRig, misconfigs);
	t.is(exitCode, 1, all);
	t.regex(stdout, /^FAIL$/m);
	const failed = Object.entries(statuses(json)).filter(([, status]) => status === 'fail').map(([id]) => id);
	t.deepEqual(failed, failing, JSON.stringify(json?.verdicts.map(verdict => [verdict.id, verdict.status, verdict.summary])));
	for (const id of failing) {
		const {title} = json!.verdicts.find(verdict => verdict.id === id)!;
		t.true(stdout.split('\n').some(line => line.includes('FAIL') && line.includes(title)), `stdout names ${title}`);
	}
}));

test.serial('switch-ets-smb-share: SMB gets less than its reservation', misconfigured, ['switch-ets-smb-share'], ['smb-ets-share']);
test.serial('switch-pfc-auto: no pauses, drops in the SMB queue', misconfigured, ['switch-pfc-auto'], ['pfc-pauses-smb', 'lossless-no-drops']);
test.serial('switch-trust-dscp: SMB and the heartbeats land in the default queue', misconfigured, ['switch-trust-dscp'], ['smb-ets-share', 'heartbeat-not-starved', 'pfc-pauses-smb', 'smb-takes-link', 'host-switch-agree']);
test.serial('qos-smb-priority-4: the host and the switch disagree on SMB\'s class', misconfigured, ['qos-smb-priority-4'], ['smb-takes-link', 'host-switch-agree']);
