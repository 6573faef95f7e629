// Benchmark (a): streaming ingest of a 1 GB PDH-CSV log (200 counters, one sample a second) with the project's
// parser, side by side with raw csv-parse on the same file in the same run. Each side runs in its own child
// process so its peak RSS is its own; three runs each, alternating, median reported.
//   npm run bench:ingest [-- --size-mb 1024 --runs 3 --keep]
import {execFileSync} from 'node:child_process';
import {createReadStream, createWriteStream, statSync} from 'node:fs';
import {mkdtemp, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {Writable} from 'node:stream';
import {pipeline} from 'node:stream/promises';
import {fileURLToPath} from 'node:url';
import {parseArgs} from 'node:util';
import {parse} from 'csv-parse';
import {PdhCsvParser} from '../harness/counters/pdh-csv.js';

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
		process.stderr.write(`${mb.toFixed(0)} MB, ${rows} samples\n`);
		const results: Record<'project' | 'raw', Array<{mbps: number; maxRssMb: number}>> = {project: [], raw: []};
		const self = fileURLToPath(import.meta.url);
		for (let run = 0; run < Number(values.runs); run++) {
			for (const side of ['raw', 'project'] as const) {
				const output = execFileSync(process.execPath, [self, '--side', side, '--file', file], {encoding: 'utf8', maxBuffer: 1024 * 1024});
				const result = JSON.parse(output) as {seconds: number; rows: number; maxRssMb: number};
				// The project's parser emits the header as one event and raw csv-parse gives it as a record: both count it.
				if (result.rows !== rows + 1) {
					throw new Error(`${side} read ${result.rows} records, expected ${rows + 1}`);
				}

				results[side].push({mbps: mb / result.seconds, maxRssMb: result.maxRssMb});
				process.stderr.write(`run ${run + 1} ${side.padEnd(7)} ${(mb / result.seconds).toFixed(1)} MB/s, peak RSS ${result.maxRssMb.toFixed(0)} MB\n`);
			}
		}

		const project = median(results.project.map(result => result.mbps));
		const raw = median(results.raw.map(result => result.mbps));
		const summary = {
			fileMb: Math.round(mb), samples: rows, counters, runs: Number(values.runs), node: process.version,
			projectMBps: Number(project.toFixed(1)), rawCsvParseMBps: Number(raw.toFixed(1)), ratio: Number((project / raw).toFixed(3)),
			projectPeakRssMb: Math.round(median(results.project.map(result => result.maxRssMb))),
			rawPeakRssMb: Math.round(median(results.raw.map(result => result.maxRssMb))),
		};
		const met = summary.ratio >= 0.8 && summary.projectPeakRssMb < 150;
		process.stdout.write(`${JSON.stringify(summary, null, 2)}\ntarget (≥ 0.8 × raw csv-parse, RSS < 150 MB): ${met ? 'met' : 'NOT met'}\n`);
	} finally {
		if (!values.keep) {
			await rm(dir, {recursive: true, force: true});
		}
	}
};

await main();
