// The run folder. Events are appended (and flushed) as they happen and raw tool output is streamed to files as it
// arrives, so a crash, a lost connection or Ctrl+C never loses what was captured before it.
import {appendFileSync, createWriteStream, mkdirSync, type WriteStream} from 'node:fs';
import {writeFile} from 'node:fs/promises';
import path from 'node:path';
import {HarnessError} from '../errors.js';

export interface RunEvent {
	/** Seconds since the run origin (negative before the timeline starts). */
	t: number;
	type: string;
	[key: string]: unknown;
}

export class RunRecorder {
	readonly folder: string;
	private readonly streams = new Set<WriteStream>();
	private originEpochMs: number;

	constructor(folder: string, private readonly now: () => number = Date.now) {
		this.folder = folder;
		this.originEpochMs = now();
		try {
			mkdirSync(folder, {recursive: true});
		} catch (error) {
			throw new HarnessError('IO', `cannot create run folder ${folder}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, {target: folder, cause: error, hint: 'pass --out with a writable folder'});
		}
	}

	/** Sets t = 0 of the run's timeline. */
	setOrigin(epochMs: number): void {
		this.originEpochMs = epochMs;
	}

	get origin(): number {
		return this.originEpochMs;
	}

	/** Seconds since the origin of an orchestrator epoch time. */
	toRunTime(epochMs: number): number {
		return (epochMs - this.originEpochMs) / 1000;
	}

	path(relative: string): string {
		return path.join(this.folder, relative);
	}

	/** Appends one event line; synchronous so it is on disk before the next step runs. */
	event(type: string, fields: Record<string, unknown> = {}): void {
		const line = JSON.stringify({t: Math.round(this.toRunTime(this.now()) * 1000) / 1000, type, at: new Date(this.now()).toISOString(), ...fields});
		try {
			appendFileSync(this.path('events.jsonl'), `${line}\n`);
		} catch (error) {
			throw new HarnessError('IO', `cannot write to run folder: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, {target: this.folder, cause: error, hint: 'check free disk space; the run stops so nothing is judged on missing data'});
		}
	}

	/** A file written as data arrives. */
	stream(relative: string): WriteStream {
		mkdirSync(path.dirname(this.path(relative)), {recursive: true});
		const stream = createWriteStream(this.path(relative), {flags: 'a'});
		this.streams.add(stream);
		stream.on('close', () => this.streams.delete(stream));
		return stream;
	}

	async write(relative: string, data: string | Buffer): Promise<void> {
		mkdirSync(path.dirname(this.path(relative)), {recursive: true});
		await writeFile(this.path(relative), data);
	}

	/** Flushes and closes every open stream. */
	async close(): Promise<void> {
		await Promise.all([...this.streams].map(async stream => new Promise<void>(resolve => {
			stream.end(resolve);
		})));
	}
}
