// The live migration suite: its plan (pure), and the real CLI against the simulated rig, healthy and with each
// misconfiguration its verdicts guard against.
import {existsSync, readFileSync} from 'node:fs';
import {join} from 'node:path';
import test from 'ava';
import {vmLiveMigration} from '../../harness/kinds/faults/vm-live-migration.js';
import {loadRig} from '../../harness/rig/load.js';
import suite from '../../suites/live-migration-over-smb.js';
import {rdmalab, simRig, tempDir} from '../helpers/cli.js';
import {limited} from '../helpers/limit.js';

const quick = ['--set', 'warmupS=2', '--set', 'preS=4', '--set', 'holdS=10', '--set', 'recoverS=10'];

interface ResultJson {
	verdicts: Array<{id: string; target?: string; status: string; summary: string; evidence: Record<string, unknown>}>;
}

const run = async (args: string[]) => {
	const out = join(await tempDir(), 'run');
	const result = await rdmalab(['run', 'live-migration-over-smb', '--rig', simRig, ...quick, ...args, '--out', out]);
	const json = existsSync(join(out, 'result.json')) ? JSON.parse(readFileSync(join(out, 'result.json'), 'utf8')) as ResultJson : undefined;
	return {...result, out, json};
};

const failed = (json: ResultJson | undefined) => (json?.verdicts ?? []).filter(verdict => verdict.status !== 'pass').map(verdict => `${verdict.id}/${verdict.target ?? ''} ${verdict.status}`);

test('the plan migrates the first host\'s test VM to the next host and back, with diskspd on the destination and both hosts watched', async t => {
	const planned = suite.plan(await loadRig(simRig), suite.params.parse({}));
	t.deepEqual(planned.faults, [{kind: 'vm-live-migration', id: 'migrate', vm: 'rdmalab-vm-hv01', from: 'hv01', to: 'hv02', atS: 8, restoreAtS: 38}]);
	t.like(planned.workloads[0], {kind: 'diskspd', node: 'hv02', params: {blockSize: 512 * 1024, pattern: 'sequential'}});
	t.deepEqual(planned.captures.map(capture => `${capture.kind} ${String(capture['node'])}`), ['typeperf hv01', 'typeperf hv02', 'host-state hv01', 'host-state hv02']);
	t.like(planned.captures[2], {vms: ['rdmalab-vm-hv01'], adapter: 'vEthernet (Management)'});
	t.is(planned.durationS, 3 + 5 + 30 + 30);
});

test('a host without a testVm, or a rig with one Hyper-V host, is a usage error; a VM the rig does not name is refused', async t => {
	const rig = await loadRig(simRig);
	const {testVm: _testVm, ...bare} = rig.nodes[0]!;
	t.throws(() => suite.plan({...rig, nodes: [bare, ...rig.nodes.slice(1)]}, suite.params.parse({host: 'hv01'})), {message: /hv01 has no testVm in the rig file/});
	t.throws(() => suite.plan(rig, suite.params.parse({host: 'hv01', to: 'hv01'})), {message: /needs a second Hyper-V host/});
	t.regex(vmLiveMigration.refusals({kind: 'vm-live-migration', id: 'x', vm: 'production-sql', from: 'hv01', to: 'hv02', atS: 1, restoreAtS: 2}, rig)[0]!.message, /production-sql: not the test VM the rig file names for hv01 \(testVm: rdmalab-vm-hv01\)/);
});

test('a healthy rig migrates over SMB Direct within the limit, leaves storage its share and takes the time its memory says', limited(async t => {
	const {exitCode, all, out, json} = await run([]);
	t.is(exitCode, 0, all);
	t.deepEqual(json!.verdicts.map(verdict => `${verdict.id}/${verdict.target ?? ''}`), [
		'over-smb-direct/out', 'within-migration-limit/out', 'storage-keeps-share/out', 'migration-time/out',
		'over-smb-direct/back', 'within-migration-limit/back', 'storage-keeps-share/back', 'migration-time/back',
	]);
	t.deepEqual(failed(json), []);
	const smb = json!.verdicts.find(verdict => verdict.id === 'over-smb-direct')!;
	t.is(smb.evidence['memoryMiB'], 4096, 'the memory Get-VM reports');
	for (const file of ['live-migration.png', 'counters/hv01.host.csv', 'counters/hv01.csv', 'diskspd/hv02-storage.xml']) {
		t.true(existsSync(join(out, file)), file);
	}
}));

test('no SMB bandwidth limit on the first host: its migration takes the links, and the storage beside it loses its share', limited(async t => {
	const {exitCode, stdout, all, json} = await run(['--misconfig', 'live-migration-unlimited']);
	t.is(exitCode, 1, all);
	t.deepEqual(failed(json), ['within-migration-limit/out fail', 'storage-keeps-share/out fail']);
	t.regex(stdout, /FAIL +Migration within the SMB bandwidth limit \(rdmalab-vm-hv01 hv01 → hv02\)/);
}));

test('migration over TCP/IP from the second host goes over management; a quarter of the limit on the first makes it late', limited(async t => {
	const {exitCode, stdout, all, json} = await run(['--misconfig', 'live-migration-tcpip', '--misconfig', 'live-migration-limit-low', '--set', 'holdS=30', '--set', 'recoverS=15']);
	t.is(exitCode, 1, all);
	t.deepEqual(failed(json), ['migration-time/out fail', 'over-smb-direct/back fail']);
	t.regex(stdout, /FAIL +Migration over SMB Direct on the rNICs \(rdmalab-vm-hv01 hv02 → hv01\)/);
	t.regex(json!.verdicts.find(verdict => verdict.id === 'over-smb-direct' && verdict.target === 'back')!.summary, /0 MiB left hv02's rNICs over RDMA and \d+(\.\d)? MiB its management adapter/);
}));
