// Benchmark (a): streaming ingest of a 1 GB PDH-CSV log (200 counters, one sample a second) with the project's
// parser, side by side with pandas.read_csv (C engine; Debian's python3-pandas, the anchor) and raw csv-parse on
// the same file in the same run. Each side runs in its own child process so its peak RSS is its own; three runs
// each, alternating, medians reported, and the ratios as the median of each run's own ratio. Before timing, the first 16 MB are read by the plain-row path and by the
// csv-parse reference path, which must give the same events.
//   npm run bench:ingest [-- --size-mb 1024 --runs 3 --keep]
import {execFileSync, spawnSync} from 'node:child_process';
import {isDeepStrictEqual} from 'node:util';
import {createReadStream, createWriteStream, openSync, readSync, closeSync, statSync} from 'node:fs';
import {mkdtemp, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {Writable} from 'node:stream';
import {pipeline} from 'node:stream/promises';
import {fileURLToPath} from 'node:url';
import {parseArgs} from 'node:util';
import {parse} from 'csv-parse';
import {PdhCsvParser, PdhCsvReader, type PdhCsvEvent} from '../harness/counters/pdh-csv.js';

const counters = 200;

/** One row: a local timestamp and 200 values shaped like logman's (rates with many digits, counts, blanks). */
const row = (index: number, start: number): string => {
	const time = new Date(start + (index * 1000));
	const pad = (value: number, width = 2) => String(value).padStart(width, '0');
	const stamp = `${pad(time.getUTCMonth() + 1)}/${pad(time.getUTCDate())}/${time.getUTCFullYear()} ${pad(time.getUTCHours())}:${pad(time.getUTCMinutes())}:${pad(time.getUTCSeconds())}.${pad(time.getUTCMilliseconds(), 3)}`;
	const cells = [stamp];
	for (let column = 0; column < counters; column++) {
		const seed = ((index + 1) * 2_654_435_761 + column * 40_503) % 1_000_003;
		cells.push(index === 0 && column % 4 === 0 ? ' ' : column % 3 === 0 ? String(seed * 1117) : `${seed}.${String(seed * 7919).padStart(12, '0')}`);
	}

	return `"${cells.join('","')}"\r\n`;
};

const generate = async (file: string, bytes: number): Promise<{rows: number}> => {
	const out = createWriteStream(file);
	const header = ['(PDH-CSV 4.0) (W. Europe Standard Time)(-60)', ...Array.from({length: counters}, (_, column) => `\\\\HV${String(column % 8).padStart(2, '0')}\\RDMA Activity(Mellanox ConnectX-6 Dx Adapter #${column})\\RDMA Inbound Bytes/sec`)];
	let written = 0;
	let rows = 0;
	const write = async (text: string) => {
		written += Buffer.byteLength(text);
		if (!out.write(text)) {
			await new Promise<void>(resolve => out.once('drain', () => resolve()));
		}
	};

	await write(`"${header.join('","')}"\r\n`);
	const start = Date.UTC(2026, 2, 1);
	while (written < bytes) {
		let batch = '';
		for (let index = 0; index < 200; index++) {
			batch += row(rows++, start);
		}

		await write(batch);
	}

	await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
	return {rows};
};

/** Child side: ingests the file, prints {seconds, rows, maxRssMb}. */
const ingest = async (side: 'project' | 'raw', file: string) => {
	let rows = 0;
	const started = process.hrtime.bigint();
	const sink = new Writable({objectMode: true, write(_chunk, _encoding, callback) {
		rows++;
		callback();
	}});
	await (side === 'project'
		? pipeline(createReadStream(file, {highWaterMark: 1024 * 1024}), new PdhCsvParser(), sink)
		: pipeline(createReadStream(file, {highWaterMark: 1024 * 1024}), parse({record_delimiter: ['\r\n', '\n']}), sink));
	const seconds = Number(process.hrtime.bigint() - started) / 1e9;
	// resourceUsage().maxRSS is in KiB.
	process.stdout.write(JSON.stringify({seconds, rows, maxRssMb: process.resourceUsage().maxRSS / 1024}));
};

const median = (values: number[]) => {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.floor(sorted.length / 2)]!;
};

const python = '/usr/bin/python3';
const pandasScript = fileURLToPath(new URL('../../bench/ingest-pandas.py', import.meta.url));

/** pandas' version, or why it cannot be the anchor here. */
const pandasAvailable = (): {version: string} | {absent: string} => {
	const probe = spawnSync(python, ['-c', 'import pandas; print(pandas.__version__)'], {encoding: 'utf8'});
	return probe.status === 0 ? {version: probe.stdout.trim()} : {absent: probe.error?.message ?? (probe.stderr.trim().split('\n').at(-1) ?? 'import pandas failed')};
};

/** The plain-row path and the csv-parse reference path must read the head of the file into the same events. */
const checkSameEvents = (file: string) => {
	const head = Buffer.alloc(16 * 1024 * 1024);
	const fd = openSync(file, 'r');
	const length = readSync(fd, head, 0, head.length, 0);
	closeSync(fd);
	const whole = head.subarray(0, head.subarray(0, length).lastIndexOf(0x0A) + 1);
	const read = (reference: boolean) => {
		const seen: PdhCsvEvent[] = [];
		const reader = new PdhCsvReader({reference}, event => seen.push(event));
		reader.write(whole);
		reader.end();
		return seen;
	};

	const fast = read(false);
	if (!isDeepStrictEqual(fast, read(true))) {
		throw new Error('the plain-row path and the csv-parse reference read the file differently');
	}

	return fast.length;
};

type Side = 'project' | 'pandas' | 'raw';

const main = async () => {
	const {values} = parseArgs({options: {
		'size-mb': {type: 'string', default: '1024'}, runs: {type: 'string', default: '3'}, keep: {type: 'boolean'},
		side: {type: 'string'}, file: {type: 'string'},
	}});
	if (values.side !== undefined) {
		await ingest(values.side as 'project' | 'raw', values.file!);
		return;
	}

	const dir = await mkdtemp(join(tmpdir(), 'rdmalab-bench-'));
	const file = join(dir, 'counters-200x1s.csv');
	try {
		const sizeMb = Number(values['size-mb']);
		process.stderr.write(`generating ${sizeMb} MiB PDH-CSV, ${counters} counters, 1 s samples, in ${dir}\n`);
		const {rows} = await generate(file, sizeMb * 1024 * 1024);
		const mb = statSync(file).size / 1e6;
		process.stderr.write(`${mb.toFixed(0)} MB, ${rows} samples; first 16 MB: ${checkSameEvents(file)} events, the same from the plain-row path and the csv-parse reference\n`);
		const pandas = pandasAvailable();
		if ('absent' in pandas) {
			process.stderr.write(`pandas is absent (${pandas.absent}): apt-get install python3-pandas for the anchor column\n`);
		}

		const sides: Side[] = [...('version' in pandas ? ['pandas' as const] : []), 'raw', 'project'];
		const results: Record<Side, Array<{mbps: number; maxRssMb: number}>> = {project: [], pandas: [], raw: []};
		const self = fileURLToPath(import.meta.url);
		for (let run = 0; run < Number(values.runs); run++) {
			for (const side of sides) {
				const output = side === 'pandas'
					? execFileSync(python, [pandasScript, file], {encoding: 'utf8', maxBuffer: 1024 * 1024})
					: execFileSync(process.execPath, [self, '--side', side, '--file', file], {encoding: 'utf8', maxBuffer: 1024 * 1024});
				const result = JSON.parse(output) as {seconds: number; rows: number; maxRssMb: number};
				// The project's parser emits the header as one event and raw csv-parse gives it as a record: all count it.
				if (result.rows !== rows + 1) {
					throw new Error(`${side} read ${result.rows} records, expected ${rows + 1}`);
				}

				results[side].push({mbps: mb / result.seconds, maxRssMb: result.maxRssMb});
				process.stderr.write(`run ${run + 1} ${side.padEnd(7)} ${(mb / result.seconds).toFixed(1)} MB/s, peak RSS ${result.maxRssMb.toFixed(0)} MB\n`);
			}
		}

		const figure = (side: Side) => (results[side].length === 0 ? undefined : {
			MBps: Number(median(results[side].map(result => result.mbps)).toFixed(1)),
			peakRssMb: Math.round(median(results[side].map(result => result.maxRssMb))),
		});
		const pairedRatio = (side: Side) => median(results.project.map((result, run) => result.mbps / results[side][run]!.mbps));
		const project = figure('project')!;
		const anchor = figure('pandas');
		const raw = figure('raw')!;
		const summary = {
			fileMb: Math.round(mb), samples: rows, counters, runs: Number(values.runs), node: process.version,
			pandas: 'version' in pandas ? pandas.version : `absent: ${pandas.absent}`,
			project, pandasReadCsv: anchor ?? null, rawCsvParse: raw,
			// Each run's sides back to back, so the ratio is the median of the runs' own ratios: a load that comes and
			// goes on a shared machine moves both sides of a run together.
			projectOverPandas: anchor === undefined ? null : Number(pairedRatio('pandas').toFixed(2)),
			projectOverCsvParse: Number(pairedRatio('raw').toFixed(2)),
		};
		const column = (label: string, value: {MBps: number; peakRssMb: number} | undefined) => `${label.padEnd(30)} ${value === undefined ? 'absent'.padStart(8) : `${value.MBps.toFixed(1).padStart(8)} MB/s   peak RSS ${String(value.peakRssMb).padStart(4)} MB`}`;
		const met = summary.projectOverPandas !== null && summary.projectOverPandas >= 2 && project.peakRssMb < 150;
		process.stdout.write([
			JSON.stringify(summary, null, 2),
			`median of ${summary.runs}, ${summary.fileMb} MB, ${counters} counters:`,
			column('project (PdhCsvParser)', project),
			column(`pandas ${'version' in pandas ? pandas.version : ''} read_csv (C engine)`, anchor),
			column('raw csv-parse', raw),
			`project / pandas ${summary.projectOverPandas ?? '—'} ×, project / csv-parse ${summary.projectOverCsvParse} × (median of the runs' ratios)`,
			`target (≥ 2 × pandas, RSS < 150 MB): ${anchor === undefined ? 'not judged: pandas absent' : met ? 'met' : 'NOT met'}`,
			'',
		].join('\n'));
	} finally {
		if (!values.keep) {
			await rm(dir, {recursive: true, force: true});
		}
	}
};

await main();
