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
	/** Stamps waiting for the origin, while it is not fixed yet (see holdOrigin). */
	private waiting: Array<() => void> | undefined;
	private failed: HarnessError | undefined;
	private readonly failureListeners = new Set<(error: HarnessError) => void>();

	constructor(folder: string, private readonly now: () => number = Date.now) {
		this.folder = folder;
		this.originEpochMs = now();
		try {
			mkdirSync(folder, {recursive: true});
		} catch (error) {
			throw new HarnessError('IO', `cannot create run folder ${folder}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, {target: folder, cause: error, hint: 'pass --out with a writable folder'});
		}
	}

	/**
	 * Until setOrigin, stamps given to atOrigin wait: the runner fixes t = 0 only once every capture is producing, so
	 * a capture that was slow to start never makes the timeline start late.
	 */
	holdOrigin(): void {
		this.waiting ??= [];
	}

	/** Sets t = 0 of the run's timeline, and stamps what waited for it, in order. */
	setOrigin(epochMs: number): void {
		this.originEpochMs = epochMs;
		const waiting = this.waiting ?? [];
		this.waiting = undefined;
		for (const stamp of waiting) {
			stamp();
		}
	}

	/** Runs `stamp` now if the origin is fixed, else as soon as it is. */
	atOrigin(stamp: () => void): void {
		if (this.waiting === undefined) {
			stamp();
		} else {
			this.waiting.push(stamp);
		}
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

	/** The first write to the run folder that failed (disk full, folder gone); the run must stop on it. */
	get failure(): HarnessError | undefined {
		return this.failed;
	}

	/** Called once, on the first failed write. */
	onFailure(listener: (error: HarnessError) => void): () => void {
		this.failureListeners.add(listener);
		return () => this.failureListeners.delete(listener);
	}

	private fail(relative: string, error: unknown): HarnessError {
		const failure = new HarnessError('IO', `cannot write ${relative} in the run folder: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, {
			target: this.folder, cause: error, hint: 'check free disk space and the folder; the run stopped so nothing is judged on missing data',
		});
		if (this.failed === undefined) {
			this.failed = failure;
			for (const listener of this.failureListeners) {
				listener(failure);
			}
		}

		return failure;
	}

	/**
	 * Appends one event line; synchronous so it is on disk before the next step runs. It never throws: a full disk
	 * must not stop a restore half-way, so the failure is reported through `failure` / `onFailure` instead.
	 */
	event(type: string, fields: Record<string, unknown> = {}): void {
		const line = JSON.stringify({t: Math.round(this.toRunTime(this.now()) * 1000) / 1000, type, at: new Date(this.now()).toISOString(), ...fields});
		try {
			appendFileSync(this.path('events.jsonl'), `${line}\n`);
		} catch (error) {
			this.fail('events.jsonl', error);
		}
	}

	/** A file written as data arrives; a failed write is reported through `failure` / `onFailure`. */
	stream(relative: string): WriteStream {
		mkdirSync(path.dirname(this.path(relative)), {recursive: true});
		const stream = createWriteStream(this.path(relative), {flags: 'a'});
		this.streams.add(stream);
		stream.on('error', error => {
			this.fail(relative, error);
			this.streams.delete(stream);
		});
		stream.on('close', () => this.streams.delete(stream));
		return stream;
	}

	async write(relative: string, data: string | Buffer): Promise<void> {
		try {
			mkdirSync(path.dirname(this.path(relative)), {recursive: true});
			await writeFile(this.path(relative), data);
		} catch (error) {
			throw this.fail(relative, error);
		}
	}

	/** Flushes and closes every open stream. */
	async close(): Promise<void> {
		await Promise.all([...this.streams].map(async stream => new Promise<void>(resolve => {
			stream.end(resolve);
		})));
	}
}
