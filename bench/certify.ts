// Benchmark (c): `npm start` as a user on a fresh clone runs it: the build, then `rdmalab run certify` (quick
// profile) on the embedded simulated rig. Reported: the wall time of each whole `npm start` (median of --runs), and
// where the time goes in the median run (the build, the design checks, each suite run). Target: under 3 minutes.
//   npm run bench:certify [-- --runs 3]
import {mkdtemp, readFile, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {parseArgs} from 'node:util';
import {execa} from 'execa';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const targetS = 180;

interface CertifyResult {
	outcome: string;
	durationS: number;
	/** The certification's own part (no folder), then one per suite run, each with its run folder and planned timeline. */
	suites: Array<{suite: string; folder: string; durationS: number}>;
}

/** Seconds from a run folder's first event to its last: the whole run, setup and teardown included. */
const runSeconds = async (folder: string): Promise<number> => {
	const events = (await readFile(join(folder, 'events.jsonl'), 'utf8')).trim().split('\n').map(line => JSON.parse(line) as {at: string});
	return (Date.parse(events.at(-1)!.at) - Date.parse(events[0]!.at)) / 1000;
};

const median = (values: number[]) => {
	const sorted = [...values].sort((a, b) => a - b);
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

const once = async () => {
	const dir = await mkdtemp(join(tmpdir(), 'rdmalab-bench-certify-'));
	try {
		const out = join(dir, 'certify');
		const started = performance.now();
		// `npm start -- --out DIR` is exactly `npm start` with the run folder moved out of the checkout.
		const child = await execa('npm', ['start', '--', '--out', out], {cwd: repo, reject: false, all: true, env: {RDMALAB_STATE_DIR: dir}});
		const wallS = (performance.now() - started) / 1000;
		const result = JSON.parse(await readFile(join(out, 'result.json'), 'utf8')) as CertifyResult;
		const suites = await Promise.all(result.suites.filter(suite => suite.folder !== '').map(async suite => ({
			run: suite.folder, timelineS: suite.durationS, runS: Math.round(await runSeconds(join(out, suite.folder)) * 10) / 10,
		})));
		return {exitCode: child.exitCode, outcome: result.outcome, wallS: Math.round(wallS * 10) / 10, certifyS: Math.round(result.durationS * 10) / 10, suites};
	} finally {
		await rm(dir, {recursive: true, force: true});
	}
};

const {values} = parseArgs({options: {runs: {type: 'string', default: '3'}}});
const runs = [];
for (let index = 0; index < Number(values.runs); index++) {
	runs.push(await once());
	process.stderr.write(`run ${index + 1}: ${JSON.stringify(runs.at(-1))}\n`);
}

const wall = median(runs.map(run => run.wallS));
const middle = runs.find(run => run.wallS === wall) ?? runs[0]!;
console.log(JSON.stringify({
	benchmark: 'npm start (build + rdmalab run certify, quick profile, simulated rig)',
	runs: runs.length,
	medianWallS: wall,
	wallS: runs.map(run => run.wallS),
	allPassed: runs.every(run => run.exitCode === 0 && run.outcome === 'passed'),
	medianRun: {certifyS: middle.certifyS, buildAndStartS: Math.round((middle.wallS - middle.certifyS) * 10) / 10, suites: middle.suites},
	targetS,
	met: wall < targetS && runs.every(run => run.exitCode === 0),
}, null, 2));
