// The SOFS node failover suite: its plan (pure), its refusals, and the real CLI against the simulated rig, healthy
// and with each misconfiguration its verdicts guard against.
import {existsSync, readFileSync} from 'node:fs';
import {join} from 'node:path';
import test from 'ava';
import {isDiskspdStep} from '../../harness/plan/plan.js';
import {loadRig} from '../../harness/rig/load.js';
import {planInterlocks} from '../../harness/safety/interlocks.js';
import type {FaultRecord} from '../../harness/run/run-data.js';
import suite from '../../suites/sofs-node-failover.js';
import {rdmalab, simRig, tempDir} from '../helpers/cli.js';
import {limited} from '../helpers/limit.js';
import {events} from '../helpers/matrix.js';

const quick = ['--set', 'warmupS=2', '--set', 'preFaultS=4', '--set', 'holdS=8', '--set', 'recoverS=10'];

const plan = async (settings: Record<string, unknown> = {}) => suite.plan(await loadRig(simRig), suite.params.parse(settings));

interface ResultJson {
	verdicts: Array<{id: string; target?: string; status: string; summary: string; evidence: Record<string, unknown>}>;
	faults: FaultRecord[];
}

const run = async (args: string[]) => {
	const out = join(await tempDir(), 'run');
	const result = await rdmalab(['run', 'sofs-node-failover', '--rig', simRig, ...quick, ...args, '--out', out]);
	const json = existsSync(join(out, 'result.json')) ? JSON.parse(readFileSync(join(out, 'result.json'), 'utf8')) as ResultJson : undefined;
	return {...result, out, json};
};

const statuses = (json: ResultJson | undefined) => (json?.verdicts ?? []).map(verdict => `${verdict.id}${verdict.target === undefined ? '' : `/${verdict.target}`} ${verdict.status}`);

test('the plan drains, then stops the first SOFS node through the second, each held and restored in turn, under fleet load', async t => {
	const planned = await plan({holdS: 12, recoverS: 15});
	t.deepEqual(planned.faults, [
		{kind: 'cluster-node-drain', id: 'drain-1', node: 'sofs01', via: 'sofs02', group: 'sofs', witness: true, atS: 15, restoreAtS: 27},
		{kind: 'cluster-node-stop', id: 'stop-2', node: 'sofs01', via: 'sofs02', group: 'sofs', witness: true, atS: 42, restoreAtS: 54},
	]);
	t.deepEqual(planned.workloads.filter(isDiskspdStep).map(step => [step.id, step.node, step.params.targets[0]!.path]), [['load-hv01', 'hv01', '\\\\sofs\\vmstore\\rdmalab-hv01.dat'], ['load-hv02', 'hv02', '\\\\sofs\\vmstore\\rdmalab-hv02.dat']]);
	t.is(planned.durationS, 5 + 10 + (2 * 27));
	t.like(planned.captures[0], {kind: 'cluster-state', node: 'sofs02', members: ['sofs01', 'sofs02'], groups: ['sofs'], clients: ['hv01', 'hv02']});
	t.true(planned.captures[0]!.samples * planned.captures[0]!.intervalS >= planned.durationS);
	t.deepEqual((await plan({node: 'sofs02', variants: ['stop']})).faults.map(step => [step['node'], step['via']]), [['sofs02', 'sofs01']]);
});

test('a two-node cluster without a declared witness, or a plan taking both nodes, is refused by the interlocks', async t => {
	const rig = await loadRig(simRig);
	const noWitness = {...rig, cluster: {name: 'sofs-cl'}};
	const refused = planInterlocks(suite.plan(noWitness, suite.params.parse({})), noWitness);
	t.deepEqual(refused.map(violation => violation.rule), ['cluster-quorum', 'cluster-quorum']);
	t.regex(refused[0]!.message, /cluster node sofs01 \(sofs\): 1 of 2 votes left \(sofs02\) is no majority; the cluster sofs-cl would lose quorum \(the rig file declares no cluster witness: cluster.witness\)/);

	const planned = suite.plan(rig, suite.params.parse({variants: ['stop']}));
	const both = {...planned, faults: [...planned.faults, {...planned.faults[0]!, id: 'other', node: 'sofs02', via: 'sofs01'}]};
	t.regex(planInterlocks(both, rig).map(violation => violation.message).join('\n'), /cluster node sofs02 \(sofs\) with cluster node sofs01 \(sofs\) in place: this takes every node of the file server sofs \(sofs01, sofs02\) out/);
});

test('parameters that leave the witness unjudgeable are refused; a node outside the SOFS is a usage error', async t => {
	t.false(suite.params.safeParse({holdS: 5}).success);
	t.false(suite.params.safeParse({recoverS: 5, thresholds: {settleS: 3}}).success);
	t.true(suite.params.safeParse({holdS: 6, recoverS: 6}).success);
	await t.throwsAsync(plan({node: 'hv01'}), {message: /hv01 is not a SOFS node to use as the node taken away/});
});

test('a healthy rig passes both variants: clients move in seconds, witnesses move, the role goes and comes home', limited(async t => {
	const {exitCode, all, out, json} = await run([]);
	t.is(exitCode, 0, all);
	t.deepEqual(statuses(json), [
		'io-errors pass', 'longest-pause/hv01 pass', 'longest-pause/hv02 pass', 'witness-moves pass',
		'role-owner-moved-and-back/drain-1 pass', 'role-owner-moved-and-back/stop-2 pass',
	]);
	// hv01 was on the node taken away: it paused, but for seconds; hv02 was not.
	const pause = (host: string) => Number(json!.verdicts.find(verdict => verdict.target === host)!.evidence['pauseMs']);
	t.true(pause('hv01') > 500 && pause('hv01') <= 10_000, String(pause('hv01')));
	t.true(pause('hv02') < pause('hv01'));
	for (const file of ['sofs-failover.png', 'counters/sofs02.cluster.csv', 'diskspd/hv01-load-hv01.xml', 'report.html']) {
		t.true(existsSync(join(out, file)), file);
	}

	const order = events(out).filter(event => event.type.startsWith('fault-')).map(event => `${event.type} ${String(event['fault'])}`);
	t.deepEqual(order, [
		'fault-intent drain-1', 'fault-sent drain-1', 'fault-confirmed drain-1', 'fault-restore-sent drain-1', 'fault-restored drain-1',
		'fault-intent stop-2', 'fault-sent stop-2', 'fault-confirmed stop-2', 'fault-restore-sent stop-2', 'fault-restored stop-2',
	]);
}));

test('a share that is not continuously available fails on I/O errors when the node stops', limited(async t => {
	const {exitCode, stdout, all, json} = await run(['--misconfig', 'share-not-ca', '--set', 'variants=[stop]']);
	t.is(exitCode, 1, all);
	t.true(statuses(json).includes('io-errors fail'), statuses(json).join(', '));
	t.regex(stdout, /FAIL +No I\/O errors on any host/);
}));

test('hosts without SMB Witness registrations fail the witness verdict, and pause for SMB\'s time-outs', limited(async t => {
	const {exitCode, stdout, all, json} = await run(['--misconfig', 'witness-not-registered', '--set', 'variants=[drain]']);
	t.is(exitCode, 1, all);
	t.deepEqual(statuses(json).filter(status => status.endsWith('fail')), ['longest-pause/hv01 fail', 'witness-moves fail']);
	t.regex(stdout, /FAIL +SMB Witness registrations move to surviving nodes/);
	t.regex(json!.verdicts.find(verdict => verdict.id === 'witness-moves')!.summary, /hv01 had no SMB Witness registration before sofs01 was taken away/);
}));
