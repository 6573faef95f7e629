// Lease and journal together, against the simulated rig: a run killed with a port shut leaves a stale lock and an
// unrestored fault; the next run refuses (or restores first), restore restores then takes the lock.
import {writeFileSync} from 'node:fs';
import {hostname} from 'node:os';
import test from 'ava';
import {execa} from 'execa';
import {loadRig} from '../../harness/rig/load.js';
import {FaultJournal} from '../../harness/safety/journal.js';
import {leaseFile} from '../../harness/safety/state-dir.js';
import {takeRig} from '../../harness/safety/take-rig.js';
import {startSimulator} from '../../harness/sim/index.js';
import {NxosDriver} from '../../harness/targets/switches/nxos.js';
import {connectDevice} from '../../harness/transport/connect.js';
import {simRig, tempDir} from '../helpers/cli.js';
import {journalPortDown} from '../helpers/journal.js';

test('a stale lock (dead pid) with a port still shut: refused for a plain run, restored first for --restore-first', async t => {
	const rig = await loadRig(simRig);
	const sim = await startSimulator(rig);
	t.teardown(async () => sim.stop());
	const transport = await connectDevice(sim.rig, sim.rig.switches[0]!);
	t.teardown(async () => transport.close());
	const torA = new NxosDriver('tor-a', transport);
	const dir = await tempDir();
	const journal = new FaultJournal(dir, rig.name);
	// A process that has exited: its pid is dead on this host.
	const exited = execa('node', ['-e', '']);
	const {pid} = exited;
	await exited;
	writeFileSync(leaseFile(dir, rig.name), JSON.stringify({user: 'lab', pid, host: hostname(), runId: 'killed-run', purpose: 'run', startedAt: new Date().toISOString(), expiresAt: new Date(Date.now() + 600_000).toISOString()}));
	await journalPortDown(journal, {runId: 'killed-run', faultId: 'pull', switch: 'tor-a', port: 'Ethernet1/1', cable: {node: 'hv01', rnic: 'SLOT 3 Port 1'}});
	await torA.setPortAdmin('Ethernet1/1', false);

	const lines: string[] = [];
	const options = {rig: sim.rig, file: 'rig.yaml', stateDir: dir, runId: 'next', purpose: 'run multichannel-failover', log: (line: string) => lines.push(line)};
	const refused = await t.throwsAsync(takeRig({...options, pending: 'refuse'}), {message: /rig sim-converged has 1 unrestored fault\(s\) from an earlier run:\n {2}port-down tor-a Ethernet1\/1 \(hv01 SLOT 3 Port 1\) by run killed-run/});
	t.regex((refused as {hint?: string}).hint ?? '', /run rdmalab restore --rig rig\.yaml, or pass --restore-first/);
	t.is((await torA.portStatus('Ethernet1/1')).admin, 'down', 'a refused run touches nothing');

	const {lease} = await takeRig({...options, pending: 'restore'});
	t.is(lease.tookOver?.holder.runId, 'killed-run');
	t.like(await torA.portStatus('Ethernet1/1'), {admin: 'up', oper: 'up'});
	t.deepEqual(await journal.pending(), []);
	t.true(lines.some(line => /the rig lock of lab \(pid \d+ .* is stale \(its process \d+ on .* is gone\)/.test(line)));
	// The restore happened before the lock changed hands: the journal says who restored, as part of the takeover.
	t.like((await journal.records()).at(-1), {type: 'restored', by: 'run multichannel-failover next (stale lock takeover)'});
	await lease.release();
});
