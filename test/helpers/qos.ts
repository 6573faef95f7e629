// Runs of the qos-shares suite for the end-to-end tests.
import {join} from 'node:path';
import type {Result} from '../../harness/record/result.js';
import {rdmalab, tempDir} from './cli.js';
import {resultIn} from './result.js';

/**
 * A run short enough for tests: 9 s of contention, 10 s of SMB alone, each judged after 1 s of settling. SMB alone
 * gets room: on a loaded machine ntttcp ends late on the node, and the window after it shrinks.
 */
export const quickQos = ['--set', 'warmupS=2', '--set', 'contentionS=9', '--set', 'aloneS=10', '--set', 'settleS=1', '--set', 'fileSize=64M'];

/** A qos-shares run with its result.json, checked against the published schema. */
export const runQos = async (rig: string, misconfigs: string[] = []) => {
	const out = join(await tempDir(), 'run');
	const result = await rdmalab(['run', 'qos-shares', '--rig', rig, ...misconfigs.flatMap(name => ['--misconfig', name]), ...quickQos, '--out', out]);
	return {...result, out, json: await resultIn(out)};
};

export const statuses = (json: Result | undefined) => Object.fromEntries((json?.verdicts ?? []).map(verdict => [verdict.id, verdict.status]));
