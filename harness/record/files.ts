// The run record on disk. Samples and tool outputs are already in the run folder as they were captured (counter CSVs,
// diskspd XML); record.json holds the rest and names those files, so nothing is stored twice and loadRunRecord
// rebuilds exactly what the run had in memory from them. A file that is missing or unreadable is an error naming it.
import {readFile} from 'node:fs/promises';
import path from 'node:path';
import {parse as parseCsv} from 'csv-parse/sync';
import {HarnessError, isHarnessError} from '../errors.js';
import type {CounterCapture, CounterSample, DiskspdRun, NtttcpRun, RunData, WorkloadRun} from '../run/run-data.js';
import {parseDiskspdXml} from '../workloads/diskspd/xml.js';
import {parseNtttcpXml} from '../workloads/ntttcp/xml.js';
import {isDiskspdRun, recordVersion, type RunRecord} from './record.js';

export const recordFile = 'record.json';

/** Where a capture's samples are, relative to the run folder. */
export const samplesFile = (capture: Pick<CounterCapture, 'node' | 'file'>) => capture.file ?? `counters/${capture.node}.csv`;
/** Where diskspd's raw result is, relative to the run folder. */
export const resultFile = (workload: Pick<WorkloadRun, 'node' | 'id'>) => `diskspd/${workload.node}-${workload.id}.xml`;

/** Where each side of ntttcp left its raw -xml result, relative to the run folder. */
export const ntttcpResultFiles = (workload: Pick<NtttcpRun, 'node' | 'receiver' | 'id'>) => ({
	sender: `ntttcp/${workload.node}-${workload.id}-sender.xml`,
	receiver: `ntttcp/${workload.receiver}-${workload.id}-receiver.xml`,
});

// A capture that never started (every counter missing) has no file, and no samples.
type StoredCapture = Omit<CounterCapture, 'samples'> & {samplesFile?: string};
type StoredWorkload = (Omit<DiskspdRun, 'result'> & {resultFile?: string}) | (Omit<NtttcpRun, 'result'> & {resultFiles?: {sender: string; receiver: string}});

interface StoredRecord extends Omit<RunRecord, 'data'> {
	rdmalabRecord: number;
	data: Omit<RunData, 'captures' | 'workloads'> & {captures: StoredCapture[]; workloads: StoredWorkload[]};
}

const storedWorkload = (workload: WorkloadRun): StoredWorkload => {
	if (isDiskspdRun(workload)) {
		const {result, ...rest} = workload;
		return {...rest, ...(result === undefined ? {} : {resultFile: resultFile(workload)})};
	}

	const {result, ...rest} = workload;
	return {...rest, ...(result === undefined ? {} : {resultFiles: ntttcpResultFiles(workload)})};
};

/** record.json's text: the record with samples and results replaced by the files that hold them. */
export const serializeRecord = (record: RunRecord): string => {
	const {captures, workloads, ...rest} = record.data;
	const stored: StoredRecord = {
		rdmalabRecord: recordVersion, ...record,
		data: {
			...rest,
			captures: captures.map(({samples, ...capture}) => ({...capture, ...(samples.length === 0 && capture.columns.length === 0 ? {} : {samplesFile: samplesFile(capture)})})),
			workloads: workloads.map(storedWorkload),
		},
	};
	return `${JSON.stringify(stored, null, 2)}\n`;
};

const fail = (folder: string, file: string, why: string, cause?: unknown): HarnessError => new HarnessError('IO', `${path.join(folder, file)}: ${why}`, {
	target: path.join(folder, file), ...(cause === undefined ? {} : {cause}), hint: 'a run folder is read back whole: restore the file from the original run, or judge another run',
});

const readText = async (folder: string, file: string): Promise<string> => {
	try {
		return await readFile(path.join(folder, file), 'utf8');
	} catch (error) {
		throw fail(folder, file, `cannot read it (${(error as NodeJS.ErrnoException).code ?? String(error)})`, error);
	}
};

/** The samples of counters/<node>.csv: `time_utc`, `t_s`, then one column per counter, '' for no value. */
const readSamples = async (folder: string, capture: StoredCapture & {samplesFile: string}): Promise<CounterSample[]> => {
	const text = await readText(folder, capture.samplesFile);
	let rows: string[][];
	try {
		rows = parseCsv(text, {relax_column_count: false}) as string[][];
	} catch (error) {
		throw fail(folder, capture.samplesFile, `not valid CSV: ${(error as Error).message}`, error);
	}

	const [header, ...data] = rows;
	if (header === undefined) {
		return [];
	}

	if (header.length !== capture.columns.length + 2 || header[0] !== 'time_utc' || header[1] !== 't_s') {
		throw fail(folder, capture.samplesFile, `its header does not match record.json (${header.length - 2} counter columns, the record has ${capture.columns.length})`);
	}

	return data.map((row, index) => {
		const t = Number(row[1]);
		const values = row.slice(2).map(value => (value === '' ? null : Number(value)));
		if (!Number.isFinite(t) || values.some(value => value !== null && Number.isNaN(value))) {
			throw fail(folder, capture.samplesFile, `row ${index + 2} is not a sample: ${JSON.stringify(row.slice(0, 4))}`);
		}

		return {t, values};
	});
};

/** Rebuilds the run record of a run folder. */
export const loadRunRecord = async (folder: string): Promise<RunRecord> => {
	const text = await readText(folder, recordFile);
	let stored: StoredRecord;
	try {
		stored = JSON.parse(text) as StoredRecord;
	} catch (error) {
		throw fail(folder, recordFile, `not valid JSON: ${(error as Error).message}`, error);
	}

	if (stored.rdmalabRecord !== recordVersion || typeof stored.data !== 'object' || stored.data === null || !Array.isArray(stored.data.captures) || !Array.isArray(stored.data.workloads)) {
		throw fail(folder, recordFile, `not an rdmalab run record of version ${recordVersion}`);
	}

	const {rdmalabRecord: _version, data, ...rest} = stored;
	const captures = await Promise.all(data.captures.map(async ({samplesFile: file, ...capture}) => ({...capture, samples: file === undefined ? [] : await readSamples(folder, {...capture, samplesFile: file})})));
	const workloads = await Promise.all(data.workloads.map(async stored => loadWorkload(folder, stored)));
	return {...rest, data: {...data, captures, workloads}};
};

/** A raw result file of the run folder, parsed; a missing or unreadable one is an error naming it. */
const readResult = async <R>(folder: string, file: string, tool: string, parse: (text: string) => R): Promise<R> => {
	try {
		return parse(await readText(folder, file));
	} catch (error) {
		throw isHarnessError(error) && error.code === 'IO' ? error : fail(folder, file, `not ${tool} result: ${(error as Error).message}`, error);
	}
};

const loadWorkload = async (folder: string, stored: StoredWorkload): Promise<WorkloadRun> => {
	if (stored.kind === 'ntttcp') {
		const {resultFiles: files, ...workload} = stored;
		return files === undefined ? workload : {
			...workload,
			result: {sender: await readResult(folder, files.sender, 'an ntttcp', parseNtttcpXml), receiver: await readResult(folder, files.receiver, 'an ntttcp', parseNtttcpXml)},
		};
	}

	const {resultFile: file, ...workload} = stored;
	return file === undefined ? workload : {...workload, result: await readResult(folder, file, 'a diskspd', parseDiskspdXml)};
};
