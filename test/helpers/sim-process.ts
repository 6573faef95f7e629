// A standalone `rdmalab sim` for tests that must look at the rig from outside a run: its command log, and its
// switch ports read over SSH after the run has ended.
import {readFileSync} from 'node:fs';
import {join} from 'node:path';
import type {ExecutionContext} from 'ava';
import {execa} from 'execa';
import {decodePowerShell} from '../../harness/windows/powershell.js';
import {bin, simRig, tempDir, waitForLine} from './cli.js';
import {repoRoot} from './paths.js';

export interface LoggedCommand {
	device: string;
	command: string;
	at: string;
	/** The PowerShell script of a node command, decoded ('' for anything else). */
	script: string;
}

export const startSim = async (t: ExecutionContext, args: string[] = [], rig = simRig, env: Record<string, string> = {}) => {
	const folder = await tempDir();
	const rigFile = join(folder, 'rig.yaml');
	const logFile = join(folder, 'commands.jsonl');
	const sim = execa('node', [bin, 'sim', '--rig', rig, '--write-rig', rigFile, '--log', logFile, ...args], {cwd: repoRoot, reject: false, env});
	t.teardown(async () => {
		sim.kill('SIGINT');
		await sim;
	});
	await waitForLine(sim.stdout, /^ready/);
	const commands = (): LoggedCommand[] => {
		let text = '';
		try {
			text = readFileSync(logFile, 'utf8');
		} catch {}

		return text.split('\n').filter(line => line !== '').map(line => {
			const record = JSON.parse(line) as Omit<LoggedCommand, 'script'>;
			const encoded = /-EncodedCommand\s+(\S+)/i.exec(record.command)?.[1];
			return {...record, script: encoded === undefined ? '' : decodePowerShell(encoded)};
		});
	};

	return {sim, rigFile, folder, commands};
};
