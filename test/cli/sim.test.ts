// `rdmalab sim` as a standalone simulated rig, and runs driven against it through the rig file it writes: the same
// path a physical rig takes. Ctrl+C while a port is shut must leave the port up.
import {existsSync, readFileSync} from 'node:fs';
import {join} from 'node:path';
import test from 'ava';
import {execa} from 'execa';
import {loadRig} from '../../harness/rig/load.js';
import {FaultJournal} from '../../harness/safety/journal.js';
import {leaseFile} from '../../harness/safety/state-dir.js';
import {NxosDriver} from '../../harness/targets/switches/nxos.js';
import {connectDevice} from '../../harness/transport/connect.js';
import {bin, quickFailover, rdmalab, startSimProcess, stateDirFor, waitForLine} from '../helpers/cli.js';
import {repoRoot} from '../helpers/paths.js';
import {resultIn} from '../helpers/result.js';

const startSim = startSimProcess;

test('sim --list-misconfigs names every misconfiguration with what it does', async t => {
	const {exitCode, stdout} = await rdmalab(['sim', '--list-misconfigs']);
	t.is(exitCode, 0);
	for (const name of ['rnic2-rdma-disabled', 'rnic2-port-down', 'no-channel-readd', 'share-not-ca']) {
		t.regex(stdout, new RegExp(`^${name} +\\S`, 'm'));
	}
});

test('sim serves one SSH server per device on 127.0.0.1 and writes a rig file with their pinned keys', async t => {
	const {sim, rigFile} = await startSim(t);
	const rig = await loadRig(rigFile);
	t.false(rig.simulated);
	t.is(rig.nodes.length, 4);
	for (const device of [...rig.nodes, ...rig.switches]) {
		t.is(device.ssh.address, '127.0.0.1');
		t.true(device.ssh.port > 0);
		t.regex(device.ssh.hostKeys?.[0] ?? '', /^ssh-ed25519 /);
	}

	sim.kill('SIGINT');
	const {exitCode, stdout} = await sim;
	t.is(exitCode, 0);
	t.regex(stdout, /simulated rig stopped/);
});

const interrupted = test.macro(async (t, signal: 'SIGINT' | 'SIGTERM') => {
	const {rigFile, folder} = await startSim(t);
	const out = join(folder, 'run');
	const state = stateDirFor();
	const run = execa('node', [bin, 'run', 'multichannel-failover', '--rig', rigFile, ...quickFailover, '--out', out], {cwd: repoRoot, reject: false, env: {RDMALAB_STATE_DIR: state}});
	await waitForLine(run.stderr, /port shut: tor-a Ethernet1\/1/);

	// The port really is down before the interrupt.
	const rig = await loadRig(rigFile);
	const transport = await connectDevice(rig, rig.switches.find(device => device.name === 'tor-a')!);
	t.teardown(async () => transport.close());
	const driver = new NxosDriver('tor-a', transport);
	t.is((await driver.portStatus('Ethernet1/1')).admin, 'down');

	run.kill(signal);
	const {exitCode, stdout, stderr} = await run;
	t.is(exitCode, 130, stderr);
	t.regex(stdout, /^INTERRUPTED$/m);
	t.regex(stderr, /teardown: no shutdown on tor-a Ethernet1\/1/);
	const status = await driver.portStatus('Ethernet1/1');
	t.is(status.admin, 'up');
	t.is(status.oper, 'up');
	const events = readFileSync(join(out, 'events.jsonl'), 'utf8');
	t.regex(events, /"type":"fault-restored"/);
	const result = await resultIn(out);
	t.is(result?.outcome, 'interrupted');
	// What was captured before the interrupt is kept.
	t.true(readFileSync(join(out, 'counters', 'hv01.csv'), 'utf8').split('\n').length > 5);
	t.true(existsSync(join(out, 'report.html')));
	// The journal saw the fault and its confirmed restore; the lock is released.
	const journal = new FaultJournal(state, rig.name);
	t.deepEqual((await journal.records()).map(record => record.type), ['intent', 'restored']);
	t.false(existsSync(leaseFile(state, rig.name)));
});

test('Ctrl+C while the port is shut: the run restores the port, keeps its data and exits 130', interrupted, 'SIGINT');
test('SIGTERM behaves like the first Ctrl+C: port restored, partial run written, exit 130', interrupted, 'SIGTERM');

test('a bad suite parameter fails before any command reaches a device', async t => {
	const {rigFile, folder} = await startSim(t);
	// No --out: run from the test's folder, so that a run that did start could only write runs/ there.
	const {exitCode} = await rdmalab(['run', 'multichannel-failover', '--rig', rigFile, '--set', 'holdS=2'], {cwd: folder});
	t.is(exitCode, 2);
	t.throws(() => readFileSync(join(folder, 'commands.jsonl'), 'utf8'), {code: 'ENOENT'});
});
