// The heartbeat resilience suite: its plan (pure), and the real CLI against a simulated rig whose heartbeat threshold
// is 500 ms × 4 (so a hold of 5 s outlasts it), healthy and with each misconfiguration its verdicts guard against.
import {existsSync, readFileSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import test from 'ava';
import {loadRig} from '../../harness/rig/load.js';
import suite from '../../suites/heartbeat-resilience.js';
import {rdmalab, simRig, tempDir} from '../helpers/cli.js';
import {limited} from '../helpers/limit.js';

const quick = ['--set', 'preFaultS=3', '--set', 'holdS=5', '--set', 'recoverS=6'];

/** The simulated rig with a short heartbeat threshold, as a rig file. */
const fastRig = async (): Promise<string> => {
	const file = join(await tempDir(), 'rig.yaml');
	const text = readFileSync(simRig, 'utf8').replace(/^simulation:$/m, 'simulation:\n  cluster: { sameSubnetDelayMs: 500, sameSubnetThreshold: 4 }');
	writeFileSync(file, text);
	return file;
};

interface ResultJson {
	verdicts: Array<{id: string; target?: string; status: string; summary: string; evidence: Record<string, unknown>}>;
}

const run = async (args: string[]) => {
	const out = join(await tempDir(), 'run');
	const result = await rdmalab(['run', 'heartbeat-resilience', '--rig', await fastRig(), ...quick, ...args, '--out', out]);
	const json = existsSync(join(out, 'result.json')) ? JSON.parse(readFileSync(join(out, 'result.json'), 'utf8')) as ResultJson : undefined;
	return {...result, out, json};
};

const statuses = (json: ResultJson | undefined) => (json?.verdicts ?? []).map(verdict => `${verdict.id}${verdict.target === undefined ? '' : `/${verdict.target}`} ${verdict.status}`);

test('the plan pulls each storage link of the first SOFS node in turn, reading the cluster and its events through the second', async t => {
	const planned = suite.plan(await loadRig(simRig), suite.params.parse({}));
	t.deepEqual(planned.faults.map(step => [step.kind, step.id, step['switch'], step['port'], step.atS, step.restoreAtS]), [
		['port-down', 'pull-storage-a', 'tor-a', 'Ethernet1/11', 5, 30],
		['port-down', 'pull-storage-b', 'tor-b', 'Ethernet1/11', 45, 70],
	]);
	t.deepEqual(planned.workloads, []);
	t.like(planned.captures[0], {kind: 'cluster-state', node: 'sofs02', members: ['sofs01', 'sofs02'], events: [1125, 1126, 1127, 1128, 1129, 1130, 1135]});
	const host = suite.plan(await loadRig(simRig), suite.params.parse({fault: 'nic-disable', node: 'sofs02'}));
	t.deepEqual(host.faults.map(step => [step.kind, step['node'], step['rnic']]), [['nic-disable', 'sofs02', 'Storage A'], ['nic-disable', 'sofs02', 'Storage B']]);
	t.like(host.captures[0], {node: 'sofs01'});
});

test('network= pulls that storage network\'s link alone; the quick certification pulls the first one', async t => {
	const rig = await loadRig(simRig);
	const one = suite.plan(rig, suite.params.parse({network: 'storage-b'}));
	t.deepEqual(one.faults.map(step => [step.id, step['switch'], step.atS, step.restoreAtS]), [['pull-storage-b', 'tor-b', 5, 30]]);
	t.is(one.durationS, 5 + 25 + 15);
	t.throws(() => suite.plan(rig, suite.params.parse({network: 'mgmt'})), {message: /sofs01 has no storage link on network mgmt/});
	const [quick] = suite.certify!(rig, 'quick');
	t.is(suite.plan(rig, suite.params.parse(quick!.settings)).faults.length, 1);
	t.is(suite.certify!(rig, 'full').every(variant => suite.plan(rig, suite.params.parse(variant.settings)).faults.length === 2), true);
});

test('a rig without a cluster is a usage error', async t => {
	const {cluster: _cluster, ...rig} = await loadRig(simRig);
	t.throws(() => suite.plan(rig as Awaited<ReturnType<typeof loadRig>>, suite.params.parse({})), {message: /has no cluster of two or more nodes/});
});

test('a healthy rig keeps every node and partitions nothing; each pulled network goes down and comes back', limited(async t => {
	const {exitCode, all, out, json} = await run([]);
	t.is(exitCode, 0, all);
	t.deepEqual(statuses(json), ['no-node-removed pass', 'no-unexpected-partition pass', 'pulled-network-down-and-up/pull-storage-a pass', 'pulled-network-down-and-up/pull-storage-b pass']);
	t.true(existsSync(join(out, 'heartbeat.png')));
	// The events were read from the nodes' logs: the pulled interface failed and its network went down, each time.
	const expected = json!.verdicts.find(verdict => verdict.id === 'no-unexpected-partition')!.evidence['expected'] as string[];
	t.true(expected.some(event => event.startsWith('1127 on ') && event.includes('sofs01 - Storage A')), expected.join('\n'));
	t.true(expected.some(event => event.startsWith('1127 on ') && event.includes('sofs01 - Storage B')), expected.join('\n'));
}));

test('cluster traffic allowed on one storage network only: a node leaves membership, and the other network is never watched', limited(async t => {
	const {exitCode, stdout, all, json} = await run(['--misconfig', 'cluster-network-no-cluster-traffic']);
	t.is(exitCode, 1, all);
	t.deepEqual(statuses(json).filter(status => status.endsWith('fail')), ['no-node-removed fail', 'pulled-network-down-and-up/pull-storage-b fail']);
	t.regex(stdout, /FAIL +No node leaves cluster membership/);
	t.regex(json!.verdicts[0]!.summary, /node sofs02 removed from membership \(1135 on sofs01/);
}));

test('heartbeats dropped on the other network: partitions beyond the pulled link (pulled from the host side)', limited(async t => {
	const {exitCode, stdout, all, json} = await run(['--misconfig', 'cluster-heartbeat-blocked', '--set', 'fault=nic-disable']);
	t.is(exitCode, 1, all);
	t.true(statuses(json).includes('no-unexpected-partition fail'), statuses(json).join(', '));
	t.regex(stdout, /FAIL +No network partition beyond the pulled link/);
	t.regex(json!.verdicts.find(verdict => verdict.id === 'no-unexpected-partition')!.summary, /1126 on sofs0\d at .* \(sofs02 - Storage B, sofs02, Cluster Network 3\)/);
}));
