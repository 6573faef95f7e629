// `rdmalab inspect`: reads a file a lab already has (diskspd -Rxml output or a PDH-CSV log), detects which by
// content, and summarizes it with the same parsers a run uses.
import {createReadStream} from 'node:fs';
import {open, readFile} from 'node:fs/promises';
import {pipeline} from 'node:stream/promises';
import {Writable} from 'node:stream';
import {PdhCsvParser, type PdhCsvEvent} from '../counters/pdh-csv.js';
import {HarnessError} from '../errors.js';
import {parseDiskspdXml} from '../workloads/diskspd/xml.js';
import {detectKind} from './detect.js';
import {summarizeDiskspd, type DiskspdSummary} from './diskspd-summary.js';
import {PdhSummaryBuilder, type PdhSummary} from './pdh-summary.js';

export type InspectSummary = DiskspdSummary | PdhSummary;

const readHead = async (file: string): Promise<Buffer> => {
	let handle;
	try {
		handle = await open(file, 'r');
	} catch (error) {
		throw new HarnessError('USAGE', `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, {target: file, cause: error});
	}

	try {
		const buffer = Buffer.alloc(64 * 1024);
		const {bytesRead} = await handle.read(buffer, 0, buffer.length, 0);
		return buffer.subarray(0, bytesRead);
	} finally {
		await handle.close();
	}
};

/** `encoding`: the code page of a PDH-CSV log that is not UTF-8 (perfmon on a non-English Windows writes its ANSI one). */
export const inspectFile = async (file: string, options: {encoding?: string} = {}): Promise<InspectSummary> => {
	const kind = detectKind(await readHead(file));
	if (kind === undefined) {
		throw new HarnessError('PARSE', `${file} is neither diskspd -Rxml output nor a PDH-CSV counter log`, {
			target: file, hint: 'inspect reads diskspd results written with -Rxml and CSV from typeperf, logman, relog or Export-Counter',
		});
	}

	if (kind === 'diskspd') {
		return summarizeDiskspd(parseDiskspdXml(await readFile(file, 'utf8')));
	}

	const builder = new PdhSummaryBuilder();
	await pipeline(createReadStream(file), new PdhCsvParser(options.encoding === undefined ? {} : {encoding: options.encoding}), new Writable({
		objectMode: true,
		write(event: PdhCsvEvent, _encoding, callback) {
			builder.add(event);
			callback();
		},
	}));
	return builder.result();
};
