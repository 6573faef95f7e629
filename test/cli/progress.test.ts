// Progress on long runs: stage, elapsed and remaining time, each host's throughput from the streaming counters; a live
// status line on a terminal (checked on a real pseudo-terminal through script(1)), timestamped lines off one.
import {join} from 'node:path';
import test from 'ava';
import {execa} from 'execa';
import {rnicCounterPaths} from '../../harness/counters/rnic-counters.js';
import {hostThroughput, plainIntervalS, progressLine, RunProgress} from '../../harness/cli/progress.js';
import {loadRig} from '../../harness/rig/load.js';
import type {RunData} from '../../harness/run/run-data.js';
import {bin, quickFailover, quickFailoverS, simRig, stateDirFor, tempDir} from '../helpers/cli.js';
import {limited} from '../helpers/limit.js';
import {repoRoot} from '../helpers/paths.js';
import {needTool} from '../helpers/tools.js';

const rig = await loadRig(simRig);
const hv01 = rig.nodes.find(node => node.name === 'hv01')!;
const origin = Date.parse('2026-12-01T02:00:00Z');

/** hv01 capturing its two rNICs' RDMA and TCP counters: 1.1 GB/s over RDMA on each, a blank TCP value last. */
const liveData = (last: Array<number | null>): RunData => ({
	suite: 'x', rig: rig.name, startedAt: new Date(origin).toISOString(), originEpochMs: origin, durationS: 65,
	nodes: {}, workloads: [], faults: [], errors: [], warnings: [], interrupted: false,
	captures: [{node: 'hv01', columns: hv01.rnics.flatMap(rnicCounterPaths).map(path => `\\\\hv01${path}`), missing: [], samples: [
		{t: 21, values: [1, 1, 1, 1, 1, 1]},
		{t: 22, values: last},
	]}],
});

test('each host\'s throughput is its rNICs\' RDMA and TCP bytes in the latest sample; a blank value is missing, not zero', t => {
	t.deepEqual(hostThroughput(rig, liveData([600e6, 500e6, 0, 550e6, 550e6, 1e6])), [{node: 'hv01', mbps: 2201}]);
	t.deepEqual(hostThroughput(rig, liveData([600e6, 500e6, null, 550e6, 550e6, 1e6])), [{node: 'hv01', mbps: null}]);
	t.deepEqual(hostThroughput(rig, {...liveData([]), captures: []}), [], 'no capture, nothing to say');
});

test('the status line: stage, elapsed and remaining time of the timeline, hosts', t => {
	const data = liveData([600e6, 500e6, 0, 550e6, 550e6, 1e6]);
	const state = {phase: 'timeline' as const, startedMs: origin - 30_000, durationS: 65, data};
	t.is(progressLine(rig, state, origin + 22_400), 'timeline 0:22 of 1:05, 0:43 left · 0:52 elapsed · hv01 2201 MB/s');
	t.is(progressLine(rig, {...state, phase: 'connect'}, origin - 25_000), 'connecting · 0:05 elapsed · timeline of 1:05 to come');
	t.is(progressLine(rig, {...state, phase: 'collect'}, origin + 60_000), 'timeline 1:00 of 1:05, 0:05 left · 1:30 elapsed · hv01 2201 MB/s', 'waiting for the workloads within the timeline');
	t.is(progressLine(rig, {...state, phase: 'collect'}, origin + 70_000), 'collecting results · 1:40 elapsed · timeline of 1:05 done');
	t.is(progressLine(rig, {...state, durationS: 8 * 3600}, origin + 3_725_000), 'timeline 1:02:05 of 8:00:00, 6:57:55 left · 1:02:35 elapsed · hv01 2201 MB/s');
	t.deepEqual([65, 600, 8 * 3600].map(durationS => plainIntervalS(durationS)), [5, 30, 60]);
});

const recorder = (columns: number | undefined) => {
	let now = origin - 5000;
	const written: string[] = [];
	const progress = new RunProgress({rig, durationS: 65, columns: () => columns, write: text => written.push(text), now: () => now});
	return {progress, written, advance: (ms: number) => (now += ms)};
};

test('on a terminal: log lines scroll above one status line redrawn in place, cut to the width, erased at the end', t => {
	const {progress, written, advance} = recorder(60);
	progress.log('connecting to hv01');
	advance(5000);
	progress.phase('timeline', liveData([600e6, 500e6, 0, 550e6, 550e6, 1e6]));
	progress.log('shut tor-a Ethernet1/1');
	progress.stop();
	t.deepEqual(written, [
		'connecting to hv01\n',
		'\r\u001B[2Ktimeline 0:00 of 1:05, 1:05 left · 0:05 elapsed · hv01 220…',
		'\r\u001B[2K',
		'shut tor-a Ethernet1/1\n',
		'\r\u001B[2Ktimeline 0:00 of 1:05, 1:05 left · 0:05 elapsed · hv01 220…',
		'\r\u001B[2K',
	]);
	t.true(written.every(text => text.replace(/^\r\u001B\[2K/, '').length <= 59));
});

test('off a terminal: every line plain, with a UTC timestamp; a progress line at each stage', t => {
	const {progress, written, advance} = recorder(undefined);
	progress.log('connecting to hv01');
	progress.phase('connect', liveData([]));
	advance(5000);
	progress.phase('timeline', liveData([600e6, 500e6, 0, 550e6, 550e6, 1e6]));
	progress.stop();
	t.deepEqual(written, [
		'2026-12-01T01:59:55Z connecting to hv01\n',
		'2026-12-01T01:59:55Z progress: connecting · 0:00 elapsed · timeline of 1:05 to come\n',
		'2026-12-01T02:00:00Z progress: timeline 0:00 of 1:05, 1:05 left · 0:05 elapsed · hv01 2201 MB/s\n',
	]);
});

test('a real run on a terminal (a pseudo-terminal from script(1)) shows the live status line with hv01\'s throughput', limited(async t => {
	const script = needTool(t, 'script', 'bsdutils');
	if (script === undefined) {
		return;
	}

	const out = join(await tempDir(), 'run');
	const command = ['node', bin, 'run', 'multichannel-failover', '--rig', simRig, ...quickFailover, '--out', out].map(word => `'${word}'`).join(' ');
	// -e: script exits with the command's code; -q: no banner; the pty is 120 columns so the line fits.
	const {exitCode, stdout} = await execa(script, ['-qec', `stty cols 120; ${command}`, '/dev/null'], {reject: false, cwd: repoRoot, env: {RDMALAB_STATE_DIR: stateDirFor()}});
	t.is(exitCode, 0, stdout);
	t.regex(stdout, new RegExp(`\r\u001B\\[2Ktimeline \\d+:\\d\\d of 0:${quickFailoverS()}, \\d+:\\d\\d left · \\d+:\\d\\d elapsed · hv01 \\d+ MB/s`));
	t.regex(stdout, /\r\u001B\[2Kconnecting · /);
	t.notRegex(stdout, /^\d{4}-\d\d-\d\dT\S+Z /m, 'no timestamps on a terminal');
}));
