// The run record reloads: what a run had in memory is rebuilt exactly from its folder, and `rdmalab rejudge` judges
// a stored run again with other thresholds, with no rig; a folder with a file missing or corrupt is refused, naming it.
import {rmSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import test from 'ava';
import {loadRunRecord, recordFile, serializeRecord} from '../../harness/record/files.js';
import type {RunRecord} from '../../harness/record/record.js';
import {loadRig} from '../../harness/rig/load.js';
import {RunRecorder} from '../../harness/run/recorder.js';
import {executePlan} from '../../harness/run/runner.js';
import {startSimulator} from '../../harness/sim/index.js';
import failover from '../../suites/multichannel-failover.js';
import {quickFailover, rdmalab, simRig, tempDir} from '../helpers/cli.js';
import {resultIn} from '../helpers/result.js';

// The quick failover timeline of the CLI tests, as parameters.
const quickParams = Object.fromEntries(quickFailover.filter((_, index) => index % 2 === 1).map(setting => setting.split('=')).map(([key, value]) => [key!, Number(value)]));
const nested = (flat: Record<string, number>) => {
	const result: Record<string, unknown> = {thresholds: {}};
	for (const [key, value] of Object.entries(flat)) {
		if (key.startsWith('thresholds.')) {
			(result['thresholds'] as Record<string, number>)[key.slice('thresholds.'.length)] = value;
		} else {
			result[key] = value;
		}
	}

	return result;
};

/** One real run on the simulated rig, in-process, its record kept in memory and written to its folder; made once. */
let stored: {folder: string; record: RunRecord} | undefined;
const run = async () => {
	if (stored !== undefined) {
		return stored;
	}

	const sim = await startSimulator(await loadRig(simRig));
	try {
		const params = failover.params.parse(nested(quickParams));
		const plan = failover.plan(sim.rig, params);
		const folder = join(await tempDir(), 'run');
		const recorder = new RunRecorder(folder);
		const data = await executePlan({rig: sim.rig, plan, recorder, signal: new AbortController().signal, log() {}});
		await recorder.close();
		const record: RunRecord = {suite: failover.name, params, rig: sim.rig, plan, data};
		writeFileSync(join(folder, recordFile), serializeRecord(record));
		stored = {folder, record};
		return stored;
	} finally {
		await sim.stop();
	}
};

test.serial('loadRunRecord rebuilds exactly what the run had in memory: plan, rig, samples, diskspd results, faults', async t => {
	const {folder, record} = await run();
	t.true(record.data.captures.every(capture => capture.samples.length > 0));
	t.truthy(record.data.workloads[0]?.result);
	t.is(record.data.faults[0]?.kind, 'port-down');
	const loaded = await loadRunRecord(folder);
	t.deepEqual(loaded, record);
	// And judging the reloaded record gives the same verdicts.
	t.deepEqual(failover.judge(loaded, record.params as never), failover.judge(record, record.params as never));
});

test.serial('rejudge with a stricter threshold fails the verdict it guards; unchanged it passes; never touching a rig', async t => {
	const {folder} = await run();
	const strict = await rdmalab(['rejudge', folder, '--set', 'thresholds.maxStallMs=1000']);
	t.is(strict.exitCode, 1, strict.all);
	t.regex(strict.stdout, /^\s+FAIL\s+Longest I\/O stall\s+1500 ms \(≤ 1000 ms\)/m);
	t.regex(strict.stdout, /^FAIL$/m);
	const same = await rdmalab(['rejudge', folder]);
	t.is(same.exitCode, 0, same.all);
	t.regex(same.stdout, /^PASS$/m);
	const report = /report: (.*report\.html)/.exec(same.stdout)?.[1];
	t.truthy(report);
	t.true(report!.startsWith(folder), 'the fresh report is beside the run');
	const result = await resultIn(join(report!, '..'));
	t.is(result?.outcome, 'passed');
});

test.serial('rejudge refuses a folder with a missing or corrupt file, exit 2, naming the file', async t => {
	const {folder} = await run();
	const copy = join(await tempDir(), 'copy');
	const {cpSync} = await import('node:fs');
	cpSync(folder, copy, {recursive: true});
	rmSync(join(copy, 'counters', 'hv01.csv'));
	const missing = await rdmalab(['rejudge', copy]);
	t.is(missing.exitCode, 2, missing.all);
	t.regex(missing.stderr, /counters\/hv01\.csv: cannot read it \(ENOENT\)/);
	writeFileSync(join(copy, recordFile), '{"rdmalabRecord": 1, "suite": ');
	const corrupt = await rdmalab(['rejudge', copy]);
	t.is(corrupt.exitCode, 2);
	t.regex(corrupt.stderr, /record\.json: not valid JSON/);
	const none = await rdmalab(['rejudge', await tempDir()]);
	t.is(none.exitCode, 2);
	t.regex(none.stderr, /record\.json: cannot read it \(ENOENT\)/);
	t.notRegex(`${missing.all}${corrupt.all}${none.all}`, /^\s+at /m, 'no stack trace');
});
