// result.json of a run the test made, read through readResult: checked against docs/result-2.schema.json, so every
// result a test produces is a valid one (a result that does not match fails the test that made it).
import {existsSync} from 'node:fs';
import {join} from 'node:path';
import {readResult} from '../../harness/record/result-file.js';
import type {Result} from '../../harness/record/result.js';

/** The run folder's result, validated; undefined when the run wrote none. */
export const resultIn = async (folder: string): Promise<Result | undefined> => (existsSync(join(folder, 'result.json')) ? readResult(join(folder, 'result.json')) : undefined);
