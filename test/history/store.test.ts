// The history store, the same tests on SQLite and on a real PostgreSQL (see test/helpers/history.ts).
import {judgeAgainstHistory} from '../../harness/cli/nightly-command.js';
import {SqlHistoryStore} from '../../harness/history/sql-store.js';
import {latestVersion} from '../../harness/history/migrations.js';
import {isHarnessError} from '../../harness/errors.js';
import {defaultRegressionRules} from '../../harness/verdicts/regression.js';
import {historyRun, manifestFor, verdictWith} from '../helpers/history-data.js';
import {eachBackend} from '../helpers/history.js';

eachBackend('a run reads back exactly as recorded: verdicts in order with their metrics, manifest, parameters', async (t, backend, location) => {
	const store = await SqlHistoryStore.open(await backend.connect(location));
	t.teardown(async () => store.close());
	const run = historyRun({
		params: {holdS: 10, thresholds: {maxStallMs: 3000}}, variant: 'quick', certification: 'cert-1', regression: 'regressed',
		verdicts: [
			verdictWith('stall', 1500.25),
			{...verdictWith('io', 0), metric: {name: 'ioErrorLines', value: 0, unit: 'lines', better: 'lower'}},
			{id: 'regression', title: 'No regression: stall', target: 'stall stallMs', status: 'fail', summary: 'stallMs regressed', threshold: '', measured: '', evidence: {baseline: {median: 1500}}, source: 'regression'},
			{id: 'rnic-link', title: 'rNIC link', status: 'error', summary: 'not read', threshold: '', measured: '', evidence: {}, hint: 'check the cable', source: 'suite'},
		],
	});
	await store.record(run);
	t.deepEqual(await store.run(run.id), run);
	t.deepEqual(await store.run(run.id.slice(0, 20)), run, 'a unique prefix of the id finds the run');
	t.is(await store.run('nothing-like-it'), undefined);
});

eachBackend('filters: rig, suite, parameters, outcome, regression, since and before; newest first; limit', async (t, backend, location) => {
	const store = await SqlHistoryStore.open(await backend.connect(location));
	t.teardown(async () => store.close());
	const day = (n: number) => new Date(Date.UTC(2026, 10, n, 2)).toISOString();
	const runs = [
		historyRun({startedAt: day(1)}),
		historyRun({startedAt: day(2), outcome: 'failed'}),
		historyRun({startedAt: day(3), regression: 'regressed'}),
		historyRun({startedAt: day(4), rig: 'lab-rig-2'}),
		historyRun({startedAt: day(5), suite: 'qos-contention'}),
		historyRun({startedAt: day(6), params: {holdS: 30}}),
		// Given with an offset: stored and compared as UTC.
		historyRun({startedAt: '2026-11-07T04:00:00+02:00'}),
	];
	for (const run of runs) {
		await store.record(run);
	}

	const ids = async (filter: Parameters<typeof store.runs>[0]) => (await store.runs(filter)).map(run => run.id);
	t.deepEqual(await ids({}), runs.map(run => run.id).reverse());
	t.deepEqual(await ids({rig: 'lab-rig-2'}), [runs[3]!.id]);
	t.deepEqual(await ids({suite: 'qos-contention'}), [runs[4]!.id]);
	t.deepEqual(await ids({outcome: 'failed'}), [runs[1]!.id]);
	t.deepEqual(await ids({regression: 'regressed'}), [runs[2]!.id]);
	t.deepEqual(await ids({paramsHash: runs[5]!.paramsHash}), [runs[5]!.id]);
	t.deepEqual(await ids({rig: 'lab-rig-1', suite: 'multichannel-failover', paramsHash: runs[0]!.paramsHash, outcome: 'passed', before: day(5)}), [runs[2]!.id, runs[0]!.id]);
	t.deepEqual(await ids({since: day(5), before: '2026-11-07T02:00:00Z'}), [runs[5]!.id, runs[4]!.id]);
	t.deepEqual(await ids({since: '2026-11-07T02:00:00Z'}), [runs[6]!.id], 'the +02:00 time is 02:00 UTC');
	t.is((await store.runs({limit: 2})).length, 2);
	t.is((await store.run(runs[6]!.id))?.startedAt, '2026-11-07T02:00:00.000Z');
});

eachBackend('a manifest shared by many runs is stored once; a run id recorded twice is refused and leaves nothing behind', async (t, backend, location) => {
	const client = await backend.connect(location);
	const store = await SqlHistoryStore.open(client);
	t.teardown(async () => store.close());
	const first = historyRun();
	await store.record(first);
	await store.record(historyRun());
	const count = async (table: string) => Number((await client.query(`SELECT COUNT(*) AS n FROM ${table}`))[0]!['n']);
	t.is(await count('manifests'), 1);
	// The same id with another manifest: the new manifest must not stay behind when the run is refused.
	const error = await t.throwsAsync(store.record({...first, manifest: manifestFor('3.10.51000')}));
	t.true(isHarnessError(error) && error.code === 'HISTORY', String(error));
	t.regex(error!.message, new RegExp(`could not record run ${first.id.replaceAll('.', '\\.')}`));
	t.is(await count('manifests'), 1);
	t.is(await count('runs'), 2);
	t.is(await count('verdicts'), 2);
});

eachBackend('metrics are columns: a trend is one SQL query, as Grafana or psql would ask it', async (t, backend, location) => {
	const client = await backend.connect(location);
	const store = await SqlHistoryStore.open(client);
	t.teardown(async () => store.close());
	for (const value of [1500, 1600, 1400]) {
		await store.record(historyRun({verdicts: [verdictWith('stall', value)]}));
	}

	const rows = await client.query(`SELECT r.started_at, v.metric_value FROM verdicts v JOIN runs r ON r.id = v.run_id
		WHERE r.rig = ? AND v.metric_name = ? ORDER BY r.started_at`, ['lab-rig-1', 'stallMs']);
	t.deepEqual(rows.map(row => row['metric_value']), [1500, 1600, 1400]);
});

eachBackend('migrations: opening again changes nothing; a schema newer than this rdmalab is refused, naming both versions', async (t, backend, location) => {
	const first = await SqlHistoryStore.open(await backend.connect(location));
	await first.record(historyRun());
	await first.close();
	const client = await backend.connect(location);
	const again = await SqlHistoryStore.open(client);
	t.deepEqual((await client.query('SELECT version FROM rdmalab_schema')).map(row => Number(row['version'])), [latestVersion]);
	t.is((await again.runs()).length, 1);
	await client.query('INSERT INTO rdmalab_schema (version, applied_at, description) VALUES (?, ?, ?)', [latestVersion + 1, new Date().toISOString(), 'from the future']);
	await again.close();
	const error = await t.throwsAsync(async () => SqlHistoryStore.open(await backend.connect(location)));
	t.true(isHarnessError(error) && error.code === 'HISTORY');
	t.regex(error!.message, new RegExp(`schema is version ${latestVersion + 1}, newer than this rdmalab knows \\(${latestVersion}\\)`));
});

eachBackend('orchestrators writing at once: concurrent migration of a fresh history and 3 × 15 interleaved runs, none lost', async (t, backend, location) => {
	const stores = await Promise.all([1, 2, 3].map(async () => SqlHistoryStore.open(await backend.connect(location))));
	t.teardown(async () => Promise.all(stores.map(async store => store.close())));
	const written = stores.map(() => Array.from({length: 15}, () => historyRun()));
	await Promise.all(stores.map(async (store, index) => {
		for (const run of written[index]!) {
			await store.record(run);
		}
	}));
	const all = await stores[0]!.runs({limit: 1000});
	t.is(all.length, 45);
	t.deepEqual(all.map(run => run.id).sort(), written.flat().map(run => run.id).sort());
	t.true(all.every(run => run.verdicts.length === 1));
});

eachBackend('the nightly\'s judgement reads its baseline from this backend: passing runs before it, same rig, suite and parameters', async (t, backend, location) => {
	const store = await SqlHistoryStore.open(await backend.connect(location));
	t.teardown(async () => store.close());
	const at = (hour: number) => new Date(Date.UTC(2026, 11, 1, hour)).toISOString();
	for (const [hour, value] of [1500, 1510, 1490, 1500, 1520].entries()) {
		await store.record(historyRun({startedAt: at(hour), verdicts: [verdictWith('stall', value)]}));
	}

	// Not baseline: failed, other parameters, another rig, or later than the run judged.
	await store.record(historyRun({startedAt: at(5), outcome: 'failed', verdicts: [verdictWith('stall', 9000, 'fail')]}));
	await store.record(historyRun({startedAt: at(6), params: {holdS: 30}, verdicts: [verdictWith('stall', 9000)]}));
	await store.record(historyRun({startedAt: at(7), rig: 'lab-rig-2', verdicts: [verdictWith('stall', 9000)]}));
	await store.record(historyRun({startedAt: at(20), verdicts: [verdictWith('stall', 9000)]}));
	const [judged] = await judgeAgainstHistory(store, [historyRun({startedAt: at(10), verdicts: [verdictWith('stall', 2500)], manifest: manifestFor('3.10.51000')})], defaultRegressionRules);
	t.is(judged!.regression, 'regressed');
	const regression = judged!.verdicts.find(verdict => verdict.source === 'regression')!;
	t.like(regression, {status: 'fail', evidence: {baseline: {values: [1520, 1500, 1490, 1510, 1500], median: 1500}}});
	t.regex(regression.summary, /driver version: 3\.10\.50000 → 3\.10\.51000/);
});
