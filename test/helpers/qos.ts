// Runs of the qos-shares suite for the end-to-end tests.
import {existsSync, readFileSync} from 'node:fs';
import {join} from 'node:path';
import {rdmalab, tempDir} from './cli.js';

/** A run short enough for tests: 9 s of contention, 10 s of SMB alone (room for a late start), each judged after 1 s of settling. */
export const quickQos = ['--set', 'warmupS=2', '--set', 'contentionS=9', '--set', 'aloneS=10', '--set', 'settleS=1', '--set', 'fileSize=64M'];

interface ResultJson {
	outcome: string;
	verdicts: Array<{id: string; title: string; status: string; summary: string; evidence: Record<string, unknown>}>;
	workloads: Array<{id: string; kind?: string; toolVersion?: string}>;
}

export const runQos = async (rig: string, misconfigs: string[] = []) => {
	const out = join(await tempDir(), 'run');
	const result = await rdmalab(['run', 'qos-shares', '--rig', rig, ...misconfigs.flatMap(name => ['--misconfig', name]), ...quickQos, '--out', out]);
	const json = existsSync(join(out, 'result.json')) ? JSON.parse(readFileSync(join(out, 'result.json'), 'utf8')) as ResultJson : undefined;
	return {...result, out, json};
};

export const statuses = (json: ResultJson | undefined) => Object.fromEntries((json?.verdicts ?? []).map(verdict => [verdict.id, verdict.status]));

