// `rdmalab history`: the runs the history holds (newest first, filtered by rig, suite, outcome, since), one run's
// manifest and verdicts (`history show <run>`), or a metric's trend as a chart (`--chart FILE --metric NAME`).
import {existsSync} from 'node:fs';
import {mkdir, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {renderTimeChart} from '../../reports/time-chart.js';
import {HarnessError} from '../errors.js';
import type {HistoryRun, RunFilter} from '../history/history.js';
import {openHistory} from '../history/open.js';
import {trendChart} from '../history/trend-chart.js';
import {loadRig} from '../rig/load.js';
import type {RunOutcome} from '../verdicts/verdict.js';
import {printVerdicts} from './judge-record.js';
import type {Runtime} from './runtime.js';

export interface HistoryArguments {
	/** `history show <run>`: that run's manifest and verdicts. */
	show?: string;
	/** A rig name, or a rig file (its name is used). */
	rig?: string;
	suite?: string;
	outcome?: string;
	since?: string;
	limit?: string;
	json: boolean;
	chart?: string;
	metric?: string;
}

const outcomes = ['passed', 'failed', 'error', 'interrupted', 'regressed'] as const;

/** `2026-11-24`, `2026-11-24T02:00Z`, or a span back from now: `36h`, `7d`, `2w`. */
export const parseSince = (text: string, now: number): string => {
	const span = /^(\d+)\s*([hdw])$/i.exec(text.trim());
	if (span) {
		const hours = {h: 1, d: 24, w: 168}[span[2]!.toLowerCase() as 'h' | 'd' | 'w'];
		return new Date(now - (Number(span[1]) * hours * 3_600_000)).toISOString();
	}

	const time = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(text.trim()) ? `${text.trim()}T00:00:00Z` : text);
	if (Number.isNaN(time)) {
		throw new HarnessError('USAGE', `--since ${text}: not a date or a span`, {hint: 'e.g. --since 2026-11-24, --since 2026-11-24T02:00Z, --since 7d or --since 36h'});
	}

	return new Date(time).toISOString();
};

const filterOf = async (args: HistoryArguments, runtime: Runtime): Promise<RunFilter> => {
	if (args.outcome !== undefined && !(outcomes as readonly string[]).includes(args.outcome)) {
		throw new HarnessError('USAGE', `--outcome ${args.outcome}: expected one of ${outcomes.join(', ')}`);
	}

	const limit = args.limit === undefined ? undefined : Number(args.limit);
	if (limit !== undefined && (!Number.isInteger(limit) || limit < 1)) {
		throw new HarnessError('USAGE', `--limit ${args.limit}: expected a whole number of runs, 1 or more`);
	}

	// A rig file names its rig; anything else is taken as the name.
	const rigFile = args.rig === undefined ? undefined : path.resolve(runtime.cwd, args.rig);
	const rig = rigFile !== undefined && /\.ya?ml$/i.test(rigFile) && existsSync(rigFile) ? (await loadRig(rigFile)).name : args.rig;
	return {
		...(rig === undefined ? {} : {rig}),
		...(args.suite === undefined ? {} : {suite: args.suite}),
		...(args.outcome === 'regressed' ? {regression: 'regressed' as const} : args.outcome === undefined ? {} : {outcome: args.outcome as RunOutcome}),
		...(args.since === undefined ? {} : {since: parseSince(args.since, runtime.now())}),
		...(limit === undefined ? {} : {limit}),
	};
};

const when = (iso: string) => iso.slice(0, 16).replace('T', ' ');

const tally = (run: HistoryRun) => {
	const counts = new Map<string, number>();
	for (const verdict of run.verdicts.filter(candidate => candidate.source === 'suite')) {
		counts.set(verdict.status, (counts.get(verdict.status) ?? 0) + 1);
	}

	return [...counts].map(([status, count]) => `${count} ${status}`).join(', ') || 'no verdicts';
};

const table = (rows: string[][]): string => {
	const widths = rows[0]!.map((_cell, column) => Math.max(...rows.map(row => row[column]!.length)));
	return rows.map(row => row.map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column]!))).join('  ').trimEnd()).join('\n');
};

const listRuns = (runtime: Runtime, runs: readonly HistoryRun[], location: string) => {
	if (runs.length === 0) {
		runtime.stdout(`no runs match in ${location}\n`);
		return;
	}

	runtime.stdout(`${table([
		['STARTED (UTC)', 'OUTCOME', 'REGRESSION', 'RIG', 'SUITE', 'KIND', 'VERDICTS', 'RUN'],
		...runs.map(run => [when(run.startedAt), run.outcome, run.regression ?? '-', run.rig, `${run.suite}${run.variant === null ? '' : ` (${run.variant})`}`, run.kind, tally(run), run.id]),
	])}\n${runs.length} run(s) in ${location}\n`);
};

const showRun = (runtime: Runtime, run: HistoryRun) => {
	const line = (label: string, value: string) => runtime.stdout(`${label.padEnd(13)} ${value}\n`);
	line('run', run.id);
	line('started', `${run.startedAt} (${run.kind}${run.certification === null ? '' : ` in ${run.certification}`})`);
	line('rig', run.rig);
	line('suite', `${run.suite}${run.variant === null ? '' : ` (${run.variant})`}`);
	line('parameters', `${run.paramsHash.slice(0, 12)} ${JSON.stringify(run.params)}`);
	line('outcome', `${run.outcome}; regression: ${run.regression ?? 'not judged'}`);
	line('folder', `${run.host === null ? '' : `${run.host}:`}${run.folder ?? 'none'}`);
	const {manifest} = run;
	runtime.stdout('\nManifest\n');
	if (manifest === null) {
		runtime.stdout('  none recorded (the run stopped before it read the rig, or it is not a suite run)\n');
	} else {
		const byName = <T>(record: Record<string, T>) => Object.entries(record).sort(([a], [b]) => a.localeCompare(b));
		for (const [name, node] of byName(manifest.nodes)) {
			runtime.stdout(`  ${name}  ${node.os.name ?? 'OS not read'} ${node.os.version ?? ''} build ${node.os.build ?? 'not read'}  DCB/QoS ${node.dcb.sha256.slice(0, 12)}\n`);
			for (const [rnic, item] of Object.entries(node.rnics)) {
				runtime.stdout(`    ${rnic}  ${item.driver.name ?? 'driver not reported'} ${item.driver.version ?? ''}  firmware ${item.firmware ?? 'not reported'}  ${item.linkGbps === null ? 'link down' : `${item.linkGbps} Gb/s`}\n`);
			}
		}

		for (const [name, device] of byName(manifest.switches)) {
			runtime.stdout(`  ${name}  ${device.os === null ? `${device.vendor}, OS not read` : `${device.os.os} ${device.os.version}${device.os.model === undefined ? '' : ` (${device.os.model})`}`}  DCB ${device.dcb?.sha256.slice(0, 12) ?? 'not read'}\n`);
		}

		runtime.stdout(`  rig file  ${manifest.rigFile.sha256.slice(0, 12)}\n`);
		for (const unread of manifest.unread) {
			runtime.stdout(`  not read: ${unread}\n`);
		}
	}

	const suite = run.verdicts.filter(verdict => verdict.source === 'suite');
	const regression = run.verdicts.filter(verdict => verdict.source === 'regression');
	runtime.stdout('\nVerdicts\n');
	if (suite.length === 0) {
		runtime.stdout('  none (the run could not measure)\n');
	} else {
		printVerdicts(runtime, suite);
	}

	if (regression.length > 0) {
		runtime.stdout('\nRegression\n');
		printVerdicts(runtime, regression);
	}
};

export const historyCommand = async (args: HistoryArguments, runtime: Runtime): Promise<number> => {
	if ((args.chart === undefined) !== (args.metric === undefined)) {
		throw new HarnessError('USAGE', '--chart and --metric go together', {hint: 'e.g. rdmalab history --rig my-rig --chart stall.png --metric stallMs'});
	}

	const filter = await filterOf(args, runtime);
	const store = await openHistory(runtime.env, runtime.cwd);
	try {
		if (args.show !== undefined) {
			const run = await store.run(args.show);
			if (run === undefined) {
				throw new HarnessError('USAGE', `no run ${args.show} in ${store.location}`, {hint: 'rdmalab history lists the runs and their ids'});
			}

			if (args.json) {
				runtime.stdout(`${JSON.stringify(run, null, 2)}\n`);
			} else {
				showRun(runtime, run);
			}

			return 0;
		}

		if (args.chart !== undefined) {
			const runs = await store.runs({...filter, limit: filter.limit ?? 1000});
			const chart = trendChart({metric: args.metric!, runs});
			if (chart === undefined) {
				const metrics = [...new Set(runs.flatMap(run => run.verdicts.flatMap(verdict => (verdict.source === 'suite' && verdict.metric !== undefined ? [verdict.metric.name] : []))))].sort();
				throw new HarnessError('USAGE', `no run${filter.rig === undefined ? '' : ` of ${filter.rig}`} in ${store.location} measured ${args.metric!}`, {
					hint: metrics.length === 0 ? 'no matching run has a measured metric yet' : `metrics these runs have: ${metrics.join(', ')}`,
				});
			}

			const file = path.resolve(runtime.cwd, args.chart);
			await mkdir(path.dirname(file), {recursive: true});
			await writeFile(file, await renderTimeChart(chart));
			const runsDrawn = chart.series.filter(series => series.style === 'points').reduce((count, series) => count + series.points.length, 0);
			runtime.stdout(`chart: ${file} (${args.metric!} over ${runsDrawn} run(s), ${chart.markers.length} manifest change(s) marked)\n`);
			return 0;
		}

		const runs = await store.runs(filter);
		if (args.json) {
			runtime.stdout(`${JSON.stringify(runs, null, 2)}\n`);
		} else {
			listRuns(runtime, runs, store.location);
		}

		return 0;
	} finally {
		await store.close();
	}
};
