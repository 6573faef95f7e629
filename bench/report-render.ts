// Benchmark: writing a report with 10 charts of 10,000 points each (one series of 100 ms diskspd buckets over
// 1000 s per chart, with a fault window and its markers): charts drawn to PNG, embedded in report.html, result.json
// and junit.xml written. The figure is the median wall time of the whole writeResult, target under 1 s; the same
// charts drawn without downsampling are the anchor, and their ratio is printed too.
//   npm run bench:report [-- --runs 7]
import {mkdtemp, rm} from 'node:fs/promises';
import {loadavg, tmpdir} from 'node:os';
import {join} from 'node:path';
import {parseArgs} from 'node:util';
import {writeResult, type SuiteReport} from '../harness/cli/write-report.js';
import {RunRecorder} from '../harness/run/recorder.js';
import type {RunData} from '../harness/run/run-data.js';
import type {ReportSection, TimeChartModel} from '../reports/model.js';
import {renderTimeChart} from '../reports/time-chart.js';

const charts = 10;
const points = 10_000;
const bucketS = 0.1;

/** IOPS in 100 ms buckets: a steady load with noise, a one-bucket stall at the fault, and a plateau after it. */
const series = (chart: number) => Array.from({length: points}, (_, index) => {
	const t = (index + 1) * bucketS;
	const noise = (Math.sin(index * 0.37 + chart) * 900) + (Math.sin(index * 2.1) * 400);
	const level = t < 400 ? 52_000 : (t < 600 ? 31_000 : 50_000);
	return {t, v: index === 4000 + chart ? 0 : Math.round(level + noise)};
});

const chartModel = (chart: number): TimeChartModel => ({
	title: `Host ${chart + 1}: total IOPS`,
	axes: [{id: 'left', label: 'Total IOPS', unit: 'IOPS', integer: true}],
	series: [{id: 'iops', label: `hv${String(chart + 1).padStart(2, '0')} IOPS`, unit: 'IOPS', axis: 'left', points: series(chart), style: 'step'}],
	bands: [{startS: 400, endS: 600, label: 'tor-a Ethernet1/1 shut'}],
	markers: [{t: 400, label: 'shut'}, {t: 600, label: 'no shut'}],
	xMaxS: points * bucketS,
});

const sections: ReportSection[] = Array.from({length: charts}, (_, chart) => ({kind: 'chart', file: `charts/host-${chart + 1}.png`, caption: `Host ${chart + 1}`, chart: chartModel(chart)}));

const data: RunData = {
	suite: 'bench', rig: 'bench-rig', startedAt: '2026-12-01T02:00:00.000Z', originEpochMs: Date.parse('2026-12-01T02:00:00Z'), durationS: points * bucketS,
	nodes: {}, captures: [], workloads: [], faults: [], errors: [], warnings: [], interrupted: false,
};

const suite: SuiteReport = {
	suite: 'bench', title: 'Report benchmark', outcome: 'passed', params: {},
	verdicts: [{id: 'longest-stall', title: 'Longest I/O stall', status: 'pass', summary: 'one bucket', threshold: '≤ 5000 ms', measured: '100 ms', evidence: {}}],
	sections, data,
};

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** Wall time and the process's CPU time (this thread and libuv's pool, where PNGs are encoded), ms. */
const time = async (work: () => Promise<unknown>): Promise<{wallMs: number; cpuMs: number}> => {
	const [start, cpu] = [performance.now(), process.cpuUsage()];
	await work();
	const used = process.cpuUsage(cpu);
	return {wallMs: performance.now() - start, cpuMs: (used.user + used.system) / 1000};
};

const {values} = parseArgs({options: {runs: {type: 'string', default: '7'}}});
const runs = Number(values.runs);
const folder = await mkdtemp(join(tmpdir(), 'rdmalab-bench-report-'));
try {
	const whole: Array<{wallMs: number; cpuMs: number}> = [];
	const undecimated: Array<{wallMs: number; cpuMs: number}> = [];
	// One warm-up of each: module loading, font registration and JIT are not what a report costs.
	await writeResult(new RunRecorder(join(folder, 'warm')), {title: 'bench', rig: 'bench-rig', suites: [suite]});
	for (let run = 0; run < runs; run++) {
		whole.push(await time(async () => writeResult(new RunRecorder(join(folder, `run-${run}`)), {title: 'bench', rig: 'bench-rig', suites: [suite]})));
		undecimated.push(await time(async () => {
			for (const section of sections) {
				if (section.kind === 'chart') {
					await renderTimeChart(section.chart, {downsample: false});
				}
			}
		}));
	}

	const reportMs = median(whole.map(run => run.wallMs));
	const anchorMs = median(undecimated.map(run => run.wallMs));
	process.stdout.write(`${JSON.stringify({
		benchmark: 'report with 10 charts × 10,000 points: charts drawn and embedded, result.json, junit.xml, report.html',
		runs,
		medianMs: Math.round(reportMs),
		medianCpuMs: Math.round(median(whole.map(run => run.cpuMs))),
		allMs: whole.map(run => Math.round(run.wallMs)),
		anchor: 'the same 10 charts drawn and encoded one after the other without downsampling (the report writer before it)',
		anchorMedianMs: Math.round(anchorMs),
		anchorMedianCpuMs: Math.round(median(undecimated.map(run => run.cpuMs))),
		ratioToAnchor: Number((reportMs / anchorMs).toFixed(2)),
		loadAverage: loadavg().map(load => Number(load.toFixed(1))),
		targetMs: 1000,
		met: reportMs < 1000,
	}, null, 2)}\n`);
} finally {
	await rm(folder, {recursive: true, force: true});
}
