// End to end on a simulated German Windows Server host (`simulation.nodes.hv01.language: de-DE`): typeperf there
// takes and prints only German counter names (`\RDMA-Aktivität(…)\RDMA - eingehende Bytes/s`) and the culture has a
// decimal comma. The failover suite, which asks for English paths, must pass on it, and keep English names in the
// run record with the node's own beside them; a real fault on such a host must still fail its verdicts.
import {existsSync, readFileSync, writeFileSync} from 'node:fs';
import {rm} from 'node:fs/promises';
import {join} from 'node:path';
import test, {type ExecutionContext} from 'ava';
import type {RunRecord} from '../../harness/record/record.js';
import {quickFailover, rdmalab, simRig, tempDir} from '../helpers/cli.js';
import {limited} from '../helpers/limit.js';

const germanHost = async (t: ExecutionContext) => {
	const dir = await tempDir();
	t.teardown(async () => rm(dir, {recursive: true, force: true}));
	const text = readFileSync(simRig, 'utf8');
	const localized = text.replace(/^(\s+hv01: \{ utcOffsetMinutes: 60, clockSkewMs: 420) \}$/m, '$1, language: de-DE }');
	t.not(localized, text, 'the simulated rig names hv01 in its simulation block');
	const rig = join(dir, 'sim-rig-de.yaml');
	writeFileSync(rig, localized);
	return {rig, out: join(dir, 'run')};
};

const run = async (t: ExecutionContext, misconfigs: string[] = []) => {
	const {rig, out} = await germanHost(t);
	const result = await rdmalab(['run', 'multichannel-failover', '--rig', rig, ...misconfigs.flatMap(name => ['--misconfig', name]), ...quickFailover, '--out', out]);
	const record = existsSync(join(out, 'record.json')) ? JSON.parse(readFileSync(join(out, 'record.json'), 'utf8')) as RunRecord : undefined;
	const json = existsSync(join(out, 'result.json')) ? JSON.parse(readFileSync(join(out, 'result.json'), 'utf8')) as {verdicts: Array<{id: string; status: string}>} : undefined;
	return {...result, out, record, statuses: Object.fromEntries((json?.verdicts ?? []).map(verdict => [verdict.id, verdict.status]))};
};

test('a German host passes the failover suite; the record keeps English names and the node\'s German ones', limited(async t => {
	const {exitCode, all, out, record, statuses} = await run(t);
	t.is(exitCode, 0, all);
	t.deepEqual(statuses, {'io-errors': 'pass', 'longest-stall': 'pass', 'fault-throughput': 'pass', 'restored-rnic-carries-traffic': 'pass', 'balanced-after-recovery': 'pass'});
	const capture = record!.data.captures.find(candidate => candidate.node === 'hv01')!;
	t.deepEqual(capture.missing, []);
	t.true(capture.columns.includes('\\\\HV01\\RDMA Activity(Mellanox ConnectX-4 Lx Ethernet Adapter)\\RDMA Inbound Bytes/sec'), capture.columns.join(' | '));
	t.true(capture.localizedColumns?.includes('\\\\HV01\\RDMA-Aktivität(Mellanox ConnectX-4 Lx Ethernet Adapter)\\RDMA - eingehende Bytes/s'), capture.localizedColumns?.join(' | '));
	t.deepEqual(capture.locale, {culture: 'de-DE', decimalSeparator: ',', ansiCodePage: 1252});
	// The raw output is what the German node printed; the normalized CSV is headed in English.
	t.regex(readFileSync(join(out, 'counters/hv01.typeperf.csv'), 'utf8'), /\\RDMA-Aktivität\(Mellanox ConnectX-4 Lx Ethernet Adapter #2\)\\RDMA - ausgehende Bytes\/s"/);
	t.regex(readFileSync(join(out, 'counters/hv01.csv'), 'utf8').split('\n')[0]!, /\\Network Adapter\(Mellanox ConnectX-4 Lx Ethernet Adapter _2\)\\Bytes Total\/sec/);
	// The English nodes of the same rig record no second set of names.
	t.is(record!.data.captures.find(candidate => candidate.node === 'sofs01')?.localizedColumns, undefined);
}));

test('RDMA off on the German host\'s second rNIC still fails the verdicts that guard against it', limited(async t => {
	const {exitCode, all, statuses} = await run(t, ['rnic2-rdma-disabled']);
	t.is(exitCode, 1, all);
	t.deepEqual(Object.entries(statuses).filter(([, status]) => status === 'fail').map(([id]) => id), ['fault-throughput', 'balanced-after-recovery']);
}));
