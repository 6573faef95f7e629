// A new suite is one module and nothing else: this test writes one to a temporary folder (RDMA turned off on a
// host's rNICs under load: SMB must carry on over TCP), using only registered kinds (typeperf capture, diskspd
// workload, rdma-disable fault), and runs it end to end through the real CLI on the simulated rig.
import {readFileSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {pathToFileURL} from 'node:url';
import test from 'ava';
import {rdmalab, simRig, tempDir} from '../helpers/cli.js';
import {repoRoot} from '../helpers/paths.js';

const dist = (file: string) => pathToFileURL(join(repoRoot, 'dist', file)).href;

const suiteSource = `
import {z} from '${import.meta.resolve('zod')}';
import {defineSuite} from '${dist('harness/suite.js')}';
import {rnicCounterPaths, rnicThroughput} from '${dist('harness/counters/rnic-counters.js')}';

const mean = values => values.reduce((sum, value) => sum + value, 0) / values.length;

export default defineSuite({
	name: 'rdma-off-fallback',
	title: 'SMB falls back to TCP while RDMA is off',
	description: 'Disable RDMA on a host\\'s rNICs under diskspd load; the I/O must go on over TCP.',
	params: z.strictObject({minTcpSharePct: z.number().default(50)}),
	plan(rig) {
		const host = rig.nodes.find(node => node.role === 'hyperv-host');
		return {
			suite: 'rdma-off-fallback', rig: rig.name, durationS: 16,
			captures: [{kind: 'typeperf', node: host.name, counters: host.rnics.flatMap(rnicCounterPaths), intervalS: 1, samples: 22}],
			workloads: [{kind: 'diskspd', id: 'load', node: host.name, atS: 0, params: {
				blockSize: 65536, threads: 2, outstanding: 8, writePercent: 0, pattern: 'random', durationS: 15, warmupS: 1, cooldownS: 0,
				caching: ['h'], bucketMs: 100, latency: true, targets: [{path: '\\\\\\\\' + rig.sofs.name + '\\\\' + rig.sofs.shares[0].name + '\\\\throwaway.dat', size: 1 << 30}],
			}}],
			faults: [{kind: 'rdma-disable', id: 'rdma-off', node: host.name, rnics: host.rnics.map(rnic => rnic.name), atS: 6, restoreAtS: 11}],
			windows: [{name: 'baseline', fromS: 2, toS: 6}, {name: 'rdma-off', fromS: 7, toS: 11}],
			notes: [],
		};
	},
	judge(record, p) {
		const host = record.rig.nodes.find(node => node.name === record.plan.workloads[0].node);
		const capture = record.data.captures.find(candidate => candidate.node === host.name);
		const window = name => record.plan.windows.find(candidate => candidate.name === name);
		const inWindow = (name, pick) => {
			const {fromS, toS} = window(name);
			return mean(host.rnics.map(rnic => mean(rnicThroughput(capture, rnic).filter(point => point.t > fromS && point.t <= toS && point.v !== null).map(pick))));
		};

		const baseline = inWindow('baseline', point => point.v);
		const tcpShare = 100 * inWindow('rdma-off', point => point.tcp) / baseline;
		const rdma = inWindow('rdma-off', point => point.rdma);
		return [{
			id: 'tcp-carries-io', title: 'TCP carries the I/O while RDMA is off', status: tcpShare >= p.minTcpSharePct && rdma < 1 ? 'pass' : 'fail',
			summary: \`TCP \${tcpShare.toFixed(0)} % of the baseline, RDMA \${rdma.toFixed(1)} MB/s\`, threshold: \`≥ \${p.minTcpSharePct} %\`, measured: \`\${tcpShare.toFixed(0)} %\`,
			evidence: {baselineMBps: baseline, tcpSharePct: tcpShare, rdmaMBps: rdma},
		}];
	},
	report: () => [],
});
`;

test('a suite from a temporary folder, using only registered kinds, runs end to end: planned, run, restored, judged', async t => {
	const folder = await tempDir();
	const file = join(folder, 'rdma-off-fallback.mjs');
	writeFileSync(file, suiteSource);
	const out = join(folder, 'run');
	const plan = await rdmalab(['plan', file, '--rig', simRig]);
	t.is(plan.exitCode, 0, plan.all);
	t.regex(plan.stdout, /disable RDMA on SLOT 3 Port 1, SLOT 3 Port 2 \(SMB falls back to TCP there\); journaled before it is sent/);
	t.regex(plan.stdout, /Disable-NetAdapterRdma -Name 'SLOT 3 Port 1','SLOT 3 Port 2'/);
	const result = await rdmalab(['run', file, '--rig', simRig, '--out', out]);
	t.is(result.exitCode, 0, result.all);
	t.regex(result.stdout, /PASS\s+TCP carries the I\/O while RDMA is off/);
	t.regex(result.stderr, /RDMA disabled: hv01 SLOT 3 Port 1, SLOT 3 Port 2/);
	t.regex(result.stderr, /RDMA back on: hv01 SLOT 3 Port 1, SLOT 3 Port 2/);
	const events = readFileSync(join(out, 'events.jsonl'), 'utf8');
	t.regex(events, /"type":"fault-intent",.*"fault":"rdma-off","kind":"rdma-disable"/);
	t.regex(events, /"type":"connected",.*"switches":\[\]/, "a plan that faults only nodes touches no switch");
	t.regex(events, /"type":"fault-restored"/);
	// The record names the module, so the stored run can be judged again.
	const again = await rdmalab(['rejudge', out, '--set', 'minTcpSharePct=1000']);
	t.is(again.exitCode, 1, again.all);
});
