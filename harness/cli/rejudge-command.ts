// `rdmalab rejudge <run-folder>`: judges a stored run again, with its own parameters or others (`--set`), and writes
// a fresh report beside it (or to --out), with no connection to any rig. Lab engineers re-read last month's runs
// with this month's thresholds. Same exit codes as `run`; a folder with a file missing or corrupt is 2, naming it.
import path from 'node:path';
import {loadRunRecord} from '../record/files.js';
import {RunRecorder} from '../run/recorder.js';
import {outcomeOf} from '../verdicts/verdict.js';
import {folderStamp, judgeRecord, printOutcome} from './judge-record.js';
import {assertFreshFolder} from './run-command.js';
import type {Runtime} from './runtime.js';
import {parseSettings} from './settings.js';
import {writeRunReport} from './write-report.js';
import {loadSuite, suiteParams} from './suite-loader.js';

export interface RejudgeArguments {
	folder: string;
	settings: string[];
	out?: string;
}

export const rejudgeCommand = async (args: RejudgeArguments, runtime: Runtime): Promise<number> => {
	const folder = path.resolve(runtime.cwd, args.folder);
	const record = await loadRunRecord(folder);
	const {suite} = await loadSuite(record.suiteFile ?? record.suite, runtime.cwd);
	const params = suiteParams(suite, parseSettings(args.settings), record.params);
	const out = path.resolve(runtime.cwd, args.out ?? path.join(folder, `rejudged-${folderStamp(runtime.now())}`));
	assertFreshFolder(out);
	const judged = judgeRecord(suite, record, params);
	const data = {...record.data, errors: [...record.data.errors, ...judged.errors], warnings: [...record.data.warnings, ...judged.warnings]};
	const recorder = new RunRecorder(out, runtime.now);
	const report = await writeRunReport(recorder, {
		title: `${suite.title} on ${record.rig.name} (judged again)`, suite: suite.name, rig: record.rig.name,
		outcome: outcomeOf(judged.verdicts, data.errors.length, data.interrupted), verdicts: judged.verdicts, data, params, sections: judged.sections,
	});
	await recorder.close();
	return printOutcome(runtime, `${suite.title} on ${record.rig.name}, run of ${record.data.startedAt} judged again`, judged.verdicts, report);
};
