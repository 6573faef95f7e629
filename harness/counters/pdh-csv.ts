// PDH-CSV as typeperf, logman, relog and Export-Counter write it (formats.md §3.1, §3.2): files with a
// `(PDH-CSV 4.0) (<zone>)(<bias>)` header, and typeperf's console form with no zone and status lines
// around the data. Lines that start with `"` are CSV; any other line is a message from the tool. Sample
// rows in the plain shape PDH writes are read straight from the bytes (decimal.ts), which is what makes gigabyte
// logs fast; any other row goes to csv-parse as before. Text (header, messages) is UTF-8, or the ANSI code page
// the caller names (perfmon on a non-English Windows).

import {isUtf8} from 'node:buffer';
import {Transform, type TransformCallback} from 'node:stream';
import iconv from 'iconv-lite';
import {CsvError} from 'csv-parse';
import {parse as parseCsv} from 'csv-parse/sync';
import {HarnessError, isHarnessError} from '../errors.js';
import {parseError, snippet} from '../parse-error.js';
import {parseCounterPath, type CounterPath} from './counter-path.js';
import {readPlainDecimal, type DecimalRead} from './decimal.js';

export interface PdhColumn {
	raw: string;
	path: CounterPath;
}

export interface PdhCsvHeader {
	/** e.g. 'Eastern Daylight Time'; undefined in console form or when mangled */
	timeZoneName?: string;
	/** minutes to ADD to local time to get UTC (Windows Bias): EDT 240, IST -330 */
	biasMinutes?: number;
	/**
	 * The header names a zone but was cut short (`(PDH-CSV 4.0) (RTZ 2 (`: a zone name with parentheses, truncated):
	 * the zone and bias are unknown. Not the console form, which names none.
	 */
	truncated?: true;
	columns: PdhColumn[];
}

export interface PdhCsvSample {
	/** timestamp text as printed, MM/dd/yyyy HH:mm:ss.fff local */
	local: string;
	/** UTC epoch ms, when a bias is known (from the header, or options.biasMinutes for console output) */
	timeMs?: number;
	/** null for " " or "" (no value: always in the first row of rate counters) */
	values: (number | null)[];
}

/** Messages are the non-CSV lines: 'Exiting, please wait...', 'The command completed successfully.', 'Error: No valid counters.' */
export type PdhCsvEvent = {type: 'header'; header: PdhCsvHeader} | {type: 'sample'; sample: PdhCsvSample} | {type: 'message'; text: string};

export interface PdhCsvOptions {
	/** bias to use when the header has none (console form) */
	biasMinutes?: number;
	/**
	 * The code page of text that is not UTF-8 (an iconv-lite name: `windows-1251`, `cp1252`). perfmon and logman on
	 * a non-English Windows write their CSV in the system ANSI code page; a file with a UTF-8 BOM, or whose bytes
	 * are valid UTF-8, is read as UTF-8 whatever this says. Without it, text that is not UTF-8 is a PARSE error.
	 */
	encoding?: string;
	/**
	 * Read every row with csv-parse, as the parser did before it read plain rows from the bytes: the reference the
	 * tests and the benchmark hold the fast path to.
	 */
	reference?: boolean;
}

const newline = 0x0A;
const quote = 0x22;
const comma = 0x2C;
const carriageReturn = 0x0D;
const space = 0x20;
// Given up front: csv-parse's own discovery re-runs for every run of lines and costs several percent.
const lineEnds = ['\r\n', '\n'];

/** Reads PDH-CSV from Buffer or string chunks split anywhere; emits PdhCsvEvent objects. */
export class PdhCsvParser extends Transform {
	private readonly reader: PdhCsvReader;

	constructor(options: PdhCsvOptions = {}) {
		super({readableObjectMode: true});
		this.reader = new PdhCsvReader(options, event => this.push(event));
	}

	override _transform(chunk: Buffer | string, encoding: BufferEncoding, callback: TransformCallback): void {
		try {
			this.reader.write(typeof chunk === 'string' ? Buffer.from(chunk, encoding) : chunk);
			callback();
		} catch (error) {
			callback(error as Error);
		}
	}

	override _flush(callback: TransformCallback): void {
		try {
			this.reader.end();
			callback();
		} catch (error) {
			callback(error as Error);
		}
	}
}

export function parsePdhCsv(text: string | Buffer, options: PdhCsvOptions = {}): {header: PdhCsvHeader; samples: PdhCsvSample[]; messages: string[]} {
	let header: PdhCsvHeader | undefined;
	const samples: PdhCsvSample[] = [];
	const messages: string[] = [];
	const reader = new PdhCsvReader(options, event => {
		if (event.type === 'header') {
			header = event.header;
		} else if (event.type === 'sample') {
			samples.push(event.sample);
		} else {
			messages.push(event.text);
		}
	});
	reader.write(typeof text === 'string' ? Buffer.from(text) : text);
	reader.end();
	// end() throws when there was no header.
	return {header: header!, samples, messages};
}

const timestampHint = 'PDH prints US-order local timestamps whatever the locale; check that this is typeperf/relog CSV output';

/** UTC epoch ms of a PDH timestamp (`MM/dd/yyyy HH:mm:ss.fff`, local time) given the Windows bias. */
export function pdhLocalToUtcMs(local: string, biasMinutes: number): number {
	const ms = localEpochMs(local);
	if (ms === undefined) {
		throw parseError('pdh-csv', `expected a "MM/dd/yyyy HH:mm:ss.fff" timestamp, found ${snippet(local)}`, timestampHint);
	}

	return ms + biasMinutes * 60_000;
}

/**
 * The same reader, pushed to by hand: write() and end() throw a PARSE error on the first line they cannot read,
 * synchronously, so a caller that streams from a socket decides what a bad line means (a capture's error) instead
 * of a stream error racing its handlers.
 */
export class PdhCsvReader {
	private pending: Buffer[] = [];
	/** Number of the next line to read, counting from 1. */
	private line = 1;
	private started = false;
	private header: PdhCsvHeader | undefined;
	private headerLine = 0;
	/** Fields of a sample row: the timestamp and one per column. */
	private width = 0;
	private bias: number | undefined;
	private readonly earlyMessages: string[] = [];
	private readonly decimal: DecimalRead = {value: 0, end: 0};
	private utf8Bom = false;

	constructor(private readonly options: PdhCsvOptions, private readonly emit: (event: PdhCsvEvent) => void) {
		if (options.encoding !== undefined && !iconv.encodingExists(options.encoding)) {
			throw new HarnessError('USAGE', `unknown encoding "${options.encoding}"`, {hint: 'name a Windows code page the way iconv-lite does: windows-1251, windows-1252, cp866, utf-8'});
		}
	}

	write(chunk: Buffer): void {
		const last = chunk.lastIndexOf(newline);
		if (last < 0) {
			this.pending.push(Buffer.from(chunk));
			return;
		}

		// Only the line cut by the previous chunk is joined; the rest is read where it lies.
		let from = 0;
		if (this.pending.length > 0) {
			from = chunk.indexOf(newline) + 1;
			const joined = Buffer.concat([...this.pending, chunk.subarray(0, from)]);
			this.pending = [];
			this.readLines(joined);
		}

		if (from <= last) {
			this.readLines(chunk.subarray(from, last + 1));
		}

		// Copied: the caller may reuse its buffer once write() returns.
		this.pending = last + 1 < chunk.length ? [Buffer.from(chunk.subarray(last + 1))] : [];
	}

	end(): void {
		if (this.pending.length > 0) {
			const rest = Buffer.concat(this.pending);
			this.pending = [];
			this.readLines(rest);
		}

		if (this.header === undefined) {
			const said = this.earlyMessages.length === 0 ? '' : ` (the tool printed: ${this.earlyMessages.map(text => snippet(text)).join(', ')})`;
			throw parseError('pdh-csv', `no "(PDH-CSV 4.0)" header line in ${this.line - 1} lines${said}`,
				'typeperf prints the header only when at least one counter is valid; check the counter paths (typeperf -qx)',
				{messages: this.earlyMessages});
		}
	}

	// Only ever called with whole lines (the last one may lack its newline at end of input).
	private readLines(lines: Buffer): void {
		let start = 0;
		if (!this.started) {
			this.started = true;
			start = this.skipBom(lines);
		}

		let runStart = -1;
		let runLine = 0;
		while (start < lines.length) {
			const found = lines.indexOf(newline, start);
			const end = found < 0 ? lines.length : found;
			if (lines[start] !== quote) {
				if (runStart >= 0) {
					this.readCsv(lines.subarray(runStart, start), runLine);
					runStart = -1;
				}

				this.readMessage(this.text(lines.subarray(start, end), this.line));
			} else if (runStart < 0) {
				// A sample row in the plain shape is read straight from the bytes; any other row, and every row after
				// it up to the next message line, goes to csv-parse, which reads (or refuses) it as it always has.
				// The header is read on its own, so that the rows after it can take the plain path.
				const stop = found >= 0 && lines[end - 1] === carriageReturn ? end - 1 : end;
				if (this.options.reference !== true && this.header === undefined) {
					this.readCsv(lines.subarray(start, found < 0 ? end : end + 1), this.line);
				} else if (this.options.reference === true || !this.readPlainSample(lines, start, stop)) {
					runStart = start;
					runLine = this.line;
				}
			}

			this.line++;
			start = end + 1;
		}

		if (runStart >= 0) {
			this.readCsv(lines.subarray(runStart), runLine);
		}
	}

	private skipBom(lines: Buffer): number {
		if (lines[0] === 0xEF && lines[1] === 0xBB && lines[2] === 0xBF) {
			this.utf8Bom = true;
			return 3;
		}

		if ((lines[0] === 0xFF && lines[1] === 0xFE) || (lines[0] === 0xFE && lines[1] === 0xFF)) {
			throw parseError('pdh-csv', 'the input is UTF-16 (it starts with a UTF-16 byte order mark)',
				'PowerShell 5.1 Out-File and > write UTF-16; read the CSV file typeperf wrote (-o), or capture stdout directly');
		}

		return 0;
	}

	/**
	 * Text as the file holds it: UTF-8 when it has a UTF-8 BOM or its bytes are valid UTF-8 (ASCII is), else the
	 * code page given. `firstLine` is the number of the first line in `bytes`, for the error.
	 */
	private text(bytes: Buffer, firstLine: number): string {
		if (this.utf8Bom || isUtf8(bytes)) {
			return bytes.toString('utf8');
		}

		if (this.options.encoding !== undefined) {
			return iconv.decode(bytes, this.options.encoding);
		}

		let line = firstLine;
		for (let start = 0; start < bytes.length; line++) {
			const found = bytes.indexOf(newline, start);
			const end = found < 0 ? bytes.length : found + 1;
			if (!isUtf8(bytes.subarray(start, end))) {
				break;
			}

			start = end;
		}

		throw parseError('pdh-csv', `line ${line} is not UTF-8 text`,
			'perfmon and logman on a non-English Windows write the system ANSI code page: name it (rdmalab inspect --encoding windows-1251 for Russian, windows-1252 for Western European; the node\'s is (Get-Culture).TextInfo.ANSICodePage)', {line});
	}

	private readMessage(line: string): void {
		const text = line.endsWith('\r') ? line.slice(0, -1) : line;
		if (text.trim() === '') {
			return;
		}

		if (this.header === undefined) {
			this.earlyMessages.push(text);
		}

		this.emit({type: 'message', text});
	}

	// PDH never puts a newline inside a field, so record i of a run is on line firstLine + i.
	private readCsv(run: Buffer, firstLine: number): void {
		let records: string[][];
		try {
			// Valid UTF-8 goes in as the bytes, as it always has; other text is decoded first.
			const input = this.utf8Bom || isUtf8(run) ? run : this.text(run, firstLine);
			records = parseCsv(input, {relax_column_count: true, record_delimiter: lineEnds}) as string[][];
		} catch (error) {
			if (error instanceof CsvError) {
				const line = firstLine + Number(error['lines'] ?? 1) - 1;
				throw parseError('pdh-csv', `line ${line} is not valid CSV: ${error.message.replace(/ at line \d+/, '')}`,
					'every PDH-CSV field is double-quoted: a `"` inside a counter or instance name (PDH does not escape it), or a line cut short or mixed with other output, breaks it', {line});
			}

			throw error;
		}

		for (const [i, fields] of records.entries()) {
			if (this.header === undefined) {
				this.readHeader(fields, firstLine + i);
			} else {
				this.readSample(fields, firstLine + i);
			}
		}
	}

	/**
	 * A sample row as PDH writes it, `"<timestamp>","<value>",...`, read from the bytes with no string per field:
	 * false (nothing emitted) for any row off that shape (a quote inside a field, a field count or timestamp the
	 * header does not allow, a value that is not a plain decimal), which csv-parse then reads as before. `stop` is
	 * the end of the row without its line end.
	 */
	private readPlainSample(row: Buffer, start: number, stop: number): boolean {
		const width = this.width;
		// The timestamp field: `"MM/dd/yyyy HH:mm:ss.fff"`.
		let close = start + 1 + timestampShape.length;
		if (close >= stop || row[close] !== quote) {
			return false;
		}

		const ms = timestampMs(row, start + 1);
		if (ms === undefined) {
			return false;
		}

		const values: (number | null)[] = new Array(width - 1);
		let column = 1;
		while (close + 1 < stop) {
			if (column === width || row[close + 1] !== comma || row[close + 2] !== quote) {
				return false;
			}

			const at = close + 3;
			const byte = row[at];
			if (byte === quote || (byte === space && row[at + 1] === quote)) {
				values[column - 1] = null;
				close = byte === quote ? at : at + 1;
			} else {
				const read = readPlainDecimal(row, at, stop, this.decimal);
				if (read === undefined) {
					return false;
				}

				values[column - 1] = read.value;
				close = read.end;
			}

			column++;
		}

		if (column !== width) {
			return false;
		}

		const local = row.toString('latin1', start + 1, start + 1 + timestampShape.length);
		this.emit({type: 'sample', sample: this.bias === undefined ? {local, values} : {local, timeMs: ms + this.bias * 60_000, values}});
		return true;
	}

	private readHeader(fields: string[], line: number): void {
		const [first = '', ...paths] = fields;
		if (!first.startsWith('(PDH-CSV ')) {
			throw parseError('pdh-csv', `line ${line}: expected the "(PDH-CSV 4.0)" header, found ${snippet(first)}`,
				'the input is not typeperf/logman/relog CSV, or its first line is missing', {line});
		}

		// "(PDH-CSV 4.0) (Eastern Daylight Time)(240)"; the console form has no zone, and localized zone names can come out truncated.
		const zone = /^\(PDH-CSV [\d.]+\) \((.*)\)\((-?\d+)\)$/.exec(first);
		const columns = paths.map((raw, i) => {
			try {
				return {raw, path: parseCounterPath(raw)};
			} catch (error) {
				const reason = isHarnessError(error) ? error.message : String(error);
				throw parseError('pdh-csv', `line ${line}, column ${i + 2}: ${reason}`, 'the header should hold one counter path per column', {line, column: i + 2});
			}
		});
		const consoleForm = /^\(PDH-CSV [\d.]+\)$/.test(first);
		const header: PdhCsvHeader = zone === null
			? {columns, ...(consoleForm ? {} : {truncated: true as const})}
			: {timeZoneName: zone[1], biasMinutes: Number(zone[2]), columns};
		this.header = header;
		this.width = columns.length + 1;
		this.headerLine = line;
		this.bias = header.biasMinutes ?? this.options.biasMinutes;
		this.emit({type: 'header', header});
	}

	private readSample(fields: string[], line: number): void {
		const width = (this.header?.columns.length ?? 0) + 1;
		if (fields.length !== width) {
			throw parseError('pdh-csv', `line ${line} has ${fields.length} fields; the header on line ${this.headerLine} has ${width} (a timestamp and ${width - 1} counters)`,
				'the file was cut mid-line or two collectors wrote to it', {line});
		}

		const local = fields[0]!;
		const ms = localEpochMs(local);
		if (ms === undefined) {
			throw parseError('pdh-csv', `line ${line}: expected a "MM/dd/yyyy HH:mm:ss.fff" timestamp, found ${snippet(local)}`, timestampHint, {line});
		}

		const values: (number | null)[] = new Array(width - 1);
		for (let i = 1; i < width; i++) {
			const text = fields[i]!;
			if (text === ' ' || text === '') {
				values[i - 1] = null;
				continue;
			}

			const value = Number(text);
			if (Number.isNaN(value)) {
				throw parseError('pdh-csv', `line ${line}, column ${i + 1} (${this.header?.columns[i - 1]?.raw}): expected a number, found ${snippet(text)}`,
					'PDH-CSV values are plain decimals with a "."; a "," means the node printed numbers in its locale\'s format', {line, column: i + 1});
			}

			values[i - 1] = value;
		}

		this.emit({type: 'sample', sample: this.bias === undefined ? {local, values} : {local, timeMs: ms + this.bias * 60_000, values}});
	}
}

const timestampShape = 'dd/dd/dddd dd:dd:dd.ddd';

/** localEpochMs over bytes (ASCII), for the plain-row path: the same checks, no string. */
function timestampMs(bytes: Buffer, at: number): number | undefined {
	for (let i = 0; i < timestampShape.length; i++) {
		const code = bytes[at + i]!;
		const expected = timestampShape.charCodeAt(i);
		if (expected === 0x64 /* d */ ? code < 0x30 || code > 0x39 : code !== expected) {
			return undefined;
		}
	}

	const number = (from: number, to: number) => {
		let value = 0;
		for (let i = from; i < to; i++) {
			value = (value * 10) + bytes[at + i]! - 0x30;
		}

		return value;
	};

	return epochMs(number(0, 2), number(3, 5), number(6, 10), number(11, 13), number(14, 16), number(17, 19), number(20, 23));
}

// Hand-written for speed; a Date-parsing call per row would dominate ingest time.
function localEpochMs(text: string): number | undefined {
	if (text.length !== timestampShape.length) {
		return undefined;
	}

	for (let i = 0; i < timestampShape.length; i++) {
		const code = text.charCodeAt(i);
		const expected = timestampShape.charCodeAt(i);
		if (expected === 0x64 /* d */ ? code < 0x30 || code > 0x39 : code !== expected) {
			return undefined;
		}
	}

	const number = (from: number, to: number) => {
		let value = 0;
		for (let i = from; i < to; i++) {
			value = (value * 10) + text.charCodeAt(i) - 0x30;
		}

		return value;
	};

	return epochMs(number(0, 2), number(3, 5), number(6, 10), number(11, 13), number(14, 16), number(17, 19), number(20, 23));
}

function epochMs(month: number, day: number, year: number, hour: number, minute: number, second: number, ms: number): number | undefined {
	if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) {
		return undefined;
	}

	return Date.UTC(year, month - 1, day, hour, minute, second, ms);
}
