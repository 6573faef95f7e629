// `rdmalab validate` through the real CLI against the simulated rig on loopback SSH: the table and exit 0 when
// healthy, JSON and JUnit with exit 1 for a misconfiguration, and exit 2 (never a pass) when a node is unreachable.
import {readFileSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import test from 'ava';
import {stringify} from 'yaml';
import {startSimulator} from '../../harness/sim/index.js';
import {rdmalab, simRig, tempDir} from '../helpers/cli.js';
import {loadSimRig} from '../helpers/sim-inventory.js';

test('a healthy simulated rig passes every check: a table for people, exit 0', async t => {
	const {exitCode, stdout, all} = await rdmalab(['validate', '--rig', simRig]);
	t.is(exitCode, 0, all);
	t.regex(stdout, /^STATUS +RULE +TARGET +MESSAGE$/m);
	t.regex(stdout, /^PASS +rnic-rdma-enabled +hv01\/SLOT 3 Port 1 +Get-NetAdapterRdma Enabled true, \*NetworkDirect 1$/m);
	t.regex(stdout, /^SKIP +qos-backup +sim-converged +the rig file declares no backup server$/m);
	t.regex(stdout, /^\d+ checks: \d+ passed, 0 failed, 9 skipped$/m);
	t.regex(stdout, /^PASS +switch-pfc-forced +tor-a\/Ethernet1\/1 /m);
	t.notRegex(stdout, /^FAIL/m);
});

test('a misconfiguration fails its rule: --json carries the evidence and the hint, --junit one testcase per check, exit 1', async t => {
	const junit = join(await tempDir(), 'validate.xml');
	const {exitCode, stdout, all} = await rdmalab(['validate', '--rig', simRig, '--misconfig', 'rnic-default-gateway', '--json', '--junit', junit]);
	t.is(exitCode, 1, all);
	const json = JSON.parse(stdout) as {rig: string; summary: Record<string, number>; checks: Array<{id: string; title: string; target: string; status: string; summary: string; evidence: Record<string, unknown>; hint?: string}>};
	t.is(json.rig, 'sim-converged');
	const failed = json.checks.filter(check => check.status === 'fail');
	t.deepEqual(Object.keys(json.summary), ['pass', 'fail', 'skip', 'error']);
	t.is(json.summary['fail'], failed.length);
	t.is(json.summary['skip'], json.checks.filter(check => check.status === 'skipped').length);
	t.is(json.summary['error'], 0);
	t.deepEqual(failed.map(check => [check.id, check.target, check.evidence['gateways']]), [['rnic-no-gateway', 'hv02/SLOT 3 Port 1', ['10.71.1.1']]]);
	t.is(failed[0]!.summary, 'default gateway 10.71.1.1');
	t.regex(failed[0]!.title, /No default gateway on an rNIC/);
	t.regex(failed[0]!.hint ?? '', /Remove-NetRoute/);
	const xml = readFileSync(junit, 'utf8');
	t.is(xml.match(/<testcase /g)?.length, json.checks.length);
	t.regex(xml, /<testcase classname="rnic-no-gateway" name="hv02\/SLOT 3 Port 1"[^>]*>\s*<failure message="default gateway 10\.71\.1\.1 \(hint: Remove-NetRoute/);
	t.regex(xml, /<testsuite [^>]*failures="1"[^>]*skipped="9"/);
});

test('an unreachable node is an infrastructure error: exit 2, no table, the node named', async t => {
	const sim = await startSimulator(await loadSimRig(simRig));
	t.teardown(async () => sim.stop());
	// hv01 stops answering; the others still do.
	await sim.servers.find(server => server.device === 'hv01')!.close();
	const file = join(await tempDir(), 'rig.yaml');
	writeFileSync(file, stringify(sim.rig));
	const {exitCode, stdout, stderr} = await rdmalab(['validate', '--rig', file]);
	t.is(exitCode, 2, stderr);
	t.is(stdout, '');
	t.regex(stderr, /hv01: cannot connect to 127\.0\.0\.1:\d+/);
});

test('sim --list-misconfigs shows the rule each host misconfiguration fails', async t => {
	const {exitCode, stdout} = await rdmalab(['sim', '--list-misconfigs']);
	t.is(exitCode, 0);
	t.regex(stdout, /^rnic-default-gateway +\[fails rnic-no-gateway\] /m);
	t.regex(stdout, /^dcbx-willing +\[fails qos-dcbx-willing\] /m);
});

test('validate without --rig is a usage error', async t => {
	const {exitCode, stderr} = await rdmalab(['validate']);
	t.is(exitCode, 2);
	t.regex(stderr, /rdmalab validate needs --rig <file>/);
});
