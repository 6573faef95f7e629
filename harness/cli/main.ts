// The rdmalab command line.
import {readFileSync} from 'node:fs';
import {parseArgs} from 'node:util';
import {formatError, HarnessError, isHarnessError} from '../errors.js';
import {rigJsonSchema} from '../rig/json-schema.js';
import {defaultRegressionRules} from '../verdicts/regression.js';
import {historyCommand} from './history-command.js';
import {inspectCommand} from './inspect-command.js';
import {nightlyCommand} from './nightly-command.js';
import {planCommand} from './plan-command.js';
import {rejudgeCommand} from './rejudge-command.js';
import {restoreCommand} from './restore-command.js';
import {certifyCommand} from './certify-command.js';
import {runCommand} from './run-command.js';
import {processRuntime, type Runtime} from './runtime.js';
import {parseSettings} from './settings.js';
import {simCommand} from './sim-command.js';
import {suitesCommand} from './suites-command.js';
import {validateCommand} from './validate-command.js';

interface Command {
	/** The command line, e.g. `run <suite> --rig <file>`. */
	synopsis: string;
	summary: string;
	/** Option lines, as the top-level help and the command's own help show them. */
	options: string[];
	/** More for `rdmalab <command> --help`. */
	details?: string;
	run(argv: string[], runtime: Runtime): Promise<number>;
}

const commands: Record<string, Command> = {
	run: {
		synopsis: 'run <suite> --rig <file>',
		summary: 'Run a certification suite and write a report (<suite>: a name, or the path of a suite module)',
		options: [
			'--misconfig <name>     Start the simulated rig with this misconfiguration (repeatable)',
			'--set <key=value>      Override a suite parameter, e.g. --set holdS=15 (repeatable; rdmalab suites lists them)',
			'--out <folder>         Run folder (default: runs/<time>-<suite>)',
			'--restore-first        Restore faults an earlier run left in the journal, then run',
			'--profile quick|full   run certify: quick (default) short holds, once each; full every variant, three times, worst counts',
			'--suites <a,b>         run certify: only these suites',
		],
		details: 'Writes result.json, junit.xml and report.html into the run folder. Progress goes to stderr: a live status line on a terminal, timestamped lines otherwise.\n`rdmalab run certify --rig <file>` certifies: validate first, then every suite in order, one combined report.',
		async run(argv, runtime) {
			const {values, positionals} = parseArgs({args: argv, allowPositionals: true, options: {
				rig: {type: 'string'}, misconfig: {type: 'string', multiple: true}, set: {type: 'string', multiple: true}, out: {type: 'string'}, 'restore-first': {type: 'boolean'},
				profile: {type: 'string'}, suites: {type: 'string'},
			}});
			if (positionals.length !== 1 || values.rig === undefined) {
				throw new HarnessError('USAGE', 'rdmalab run needs a suite and --rig <file>', {hint: 'e.g. rdmalab run multichannel-failover --rig lab-configs/sim-rig.yaml'});
			}

			if (positionals[0] === 'certify') {
				if (values.set !== undefined) {
					throw new HarnessError('USAGE', 'run certify takes no --set: each suite runs with its profile\'s parameters', {hint: 'run one suite with rdmalab run <suite> --set …, or pick --profile quick|full'});
				}

				const profile = values.profile ?? 'quick';
				if (profile !== 'quick' && profile !== 'full') {
					throw new HarnessError('USAGE', `--profile ${profile}: expected quick or full`);
				}

				return certifyCommand({
					rig: values.rig, profile, misconfigs: values.misconfig ?? [], ...(values.suites === undefined ? {} : {suites: values.suites.split(',').map(name => name.trim()).filter(name => name !== '')}),
					...(values.out === undefined ? {} : {out: values.out}), restoreFirst: values['restore-first'] ?? false,
				}, runtime);
			}

			if (values.profile !== undefined || values.suites !== undefined) {
				throw new HarnessError('USAGE', '--profile and --suites are for rdmalab run certify');
			}

			return runCommand({suite: positionals[0]!, rig: values.rig, misconfigs: values.misconfig ?? [], settings: values.set ?? [], ...(values.out === undefined ? {} : {out: values.out}), restoreFirst: values['restore-first'] ?? false}, runtime);
		},
	},
	nightly: {
		synopsis: 'nightly --rig <file>',
		summary: 'Certify, record every run in the history, judge regressions against past passing runs',
		options: [
			'--profile quick|full   As for run certify (quick by default); --suites <a,b> only these suites',
			'--set <key=value>      Over every suite run\'s parameters (repeatable; the key must exist in each suite)',
			'--junit <file>         Also write the JUnit XML there (verdicts and regression verdicts), for the CI server',
			'--baseline-runs <n>    Passing runs a metric is compared with (10); --min-history <n> needed to judge (5)',
			'--out <folder>, --misconfig <name>, --restore-first   As for run certify',
		],
		details: 'Exit 0 when everything passed and nothing regressed, 1 when a verdict failed or a metric regressed, 2 when the rig could not be measured or the history could not be read or written.\nHistory: history.sqlite in the state directory, or $RDMALAB_HISTORY_URL (postgres://user@host/db, or a SQLite file).',
		async run(argv, runtime) {
			const {values, positionals} = parseArgs({args: argv, allowPositionals: true, options: {
				rig: {type: 'string'}, profile: {type: 'string'}, suites: {type: 'string'}, set: {type: 'string', multiple: true}, misconfig: {type: 'string', multiple: true},
				out: {type: 'string'}, 'restore-first': {type: 'boolean'}, 'baseline-runs': {type: 'string'}, 'min-history': {type: 'string'}, junit: {type: 'string'},
			}});
			if (positionals.length > 0 || values.rig === undefined) {
				throw new HarnessError('USAGE', 'rdmalab nightly needs --rig <file> and nothing else positional', {hint: 'e.g. rdmalab nightly --rig lab-configs/my-rig.yaml'});
			}

			const profile = values.profile ?? 'quick';
			if (profile !== 'quick' && profile !== 'full') {
				throw new HarnessError('USAGE', `--profile ${profile}: expected quick or full`);
			}

			const count = (option: string, value: string | undefined, least: number) => {
				const number = Number(value);
				if (value !== undefined && (!Number.isInteger(number) || number < least)) {
					throw new HarnessError('USAGE', `--${option} ${value}: expected a whole number, ${least} or more`);
				}

				return value === undefined ? undefined : number;
			};

			const baselineRuns = count('baseline-runs', values['baseline-runs'], 1);
			const minHistory = count('min-history', values['min-history'], 1);
			if (minHistory !== undefined && minHistory > (baselineRuns ?? defaultRegressionRules.baselineRuns)) {
				throw new HarnessError('USAGE', `--min-history ${minHistory} is more than the ${baselineRuns ?? defaultRegressionRules.baselineRuns} baseline runs compared: nothing would ever be judged`);
			}

			return nightlyCommand({
				rig: values.rig, profile, misconfigs: values.misconfig ?? [], restoreFirst: values['restore-first'] ?? false,
				...(values.suites === undefined ? {} : {suites: values.suites.split(',').map(name => name.trim()).filter(name => name !== '')}),
				...(values.set === undefined ? {} : {settings: parseSettings(values.set)}),
				...(values.out === undefined ? {} : {out: values.out}),
				...(values.junit === undefined ? {} : {junit: values.junit}),
				rules: {...(baselineRuns === undefined ? {} : {baselineRuns}), ...(minHistory === undefined ? {} : {minHistory})},
			}, runtime);
		},
	},
	history: {
		synopsis: 'history [show <run>]',
		summary: 'The runs in the history, newest first; show <run>: one run\'s manifest and verdicts, regression verdicts included',
		options: [
			'--rig <name|file>, --suite <name>, --outcome passed|failed|error|interrupted|regressed, --since <date|7d>',
			'--limit <n>            At most n runs (100); --json prints them as JSON',
			'--chart <file> --metric <name>   Draw the metric\'s trend (PNG) with pass/fail marks and manifest changes',
		],
		async run(argv, runtime) {
			const {values, positionals} = parseArgs({args: argv, allowPositionals: true, options: {
				rig: {type: 'string'}, suite: {type: 'string'}, outcome: {type: 'string'}, since: {type: 'string'}, limit: {type: 'string'}, json: {type: 'boolean'},
				chart: {type: 'string'}, metric: {type: 'string'},
			}});
			const [verb, id, ...rest] = positionals;
			if ((verb !== undefined && verb !== 'show') || (verb === 'show' && (id === undefined || rest.length > 0))) {
				throw new HarnessError('USAGE', 'rdmalab history takes options, or show <run>', {hint: 'e.g. rdmalab history --rig my-rig --since 7d, or rdmalab history show 20261201-020000-certify'});
			}

			return historyCommand({
				...(id === undefined ? {} : {show: id}), json: values.json ?? false,
				...Object.fromEntries((['rig', 'suite', 'outcome', 'since', 'limit', 'chart', 'metric'] as const).flatMap(key => (values[key] === undefined ? [] : [[key, values[key]]]))),
			}, runtime);
		},
	},
	rejudge: {
		synopsis: 'rejudge <run-folder>',
		summary: 'Judge a stored run again (no rig needed) and write a fresh report beside it',
		options: [
			'--set <key=value>      Other parameters or thresholds than the run\'s, e.g. --set thresholds.maxStallMs=1000',
			'--out <folder>         Where the fresh report goes (default: <run-folder>/rejudged-<time>)',
		],
		async run(argv, runtime) {
			const {values, positionals} = parseArgs({args: argv, allowPositionals: true, options: {set: {type: 'string', multiple: true}, out: {type: 'string'}}});
			if (positionals.length !== 1) {
				throw new HarnessError('USAGE', 'rdmalab rejudge needs one run folder', {hint: 'e.g. rdmalab rejudge runs/20261201-110500-multichannel-failover --set thresholds.maxStallMs=1000'});
			}

			return rejudgeCommand({folder: positionals[0]!, settings: values.set ?? [], ...(values.out === undefined ? {} : {out: values.out})}, runtime);
		},
	},
	plan: {
		synopsis: 'plan <suite> --rig <file>',
		summary: 'Print every step, its exact command and the blast radius; touches nothing',
		options: [
			'--set <key=value>      As for run (repeatable)',
			'--json                 The plan as JSON',
		],
		async run(argv, runtime) {
			const {values, positionals} = parseArgs({args: argv, allowPositionals: true, options: {
				rig: {type: 'string'}, set: {type: 'string', multiple: true}, json: {type: 'boolean'},
			}});
			if (positionals.length !== 1 || values.rig === undefined) {
				throw new HarnessError('USAGE', 'rdmalab plan needs a suite and --rig <file>', {hint: 'e.g. rdmalab plan multichannel-failover --rig lab-configs/sim-rig.yaml'});
			}

			return planCommand({suite: positionals[0]!, rig: values.rig, settings: values.set ?? [], json: values.json ?? false}, runtime);
		},
	},
	suites: {
		synopsis: 'suites',
		summary: 'List the suites with their parameters, types and defaults',
		options: ['--json                 The list as JSON'],
		async run(argv, runtime) {
			const {values} = parseArgs({args: argv, options: {json: {type: 'boolean'}}});
			return suitesCommand({json: values.json ?? false}, runtime);
		},
	},
	restore: {
		synopsis: 'restore --rig <file>',
		summary: 'Undo every fault the journal holds unrestored (after a crash or kill -9)',
		options: [],
		async run(argv, runtime) {
			const {values} = parseArgs({args: argv, options: {rig: {type: 'string'}}});
			if (values.rig === undefined) {
				throw new HarnessError('USAGE', 'rdmalab restore needs --rig <file>', {hint: 'the rig file the interrupted run used, e.g. rdmalab restore --rig lab-configs/my-rig.yaml'});
			}

			return restoreCommand({rig: values.rig}, runtime);
		},
	},
	validate: {
		synopsis: 'validate --rig <file>',
		summary: 'Check the live configuration of every node against the rig file',
		options: [
			'--json                 Print the checks as JSON',
			'--junit <file>         Also write JUnit XML, one testcase per check',
			'--misconfig <name>     Start the simulated rig with this misconfiguration (repeatable)',
		],
		async run(argv, runtime) {
			const {values, positionals} = parseArgs({args: argv, allowPositionals: true, options: {
				rig: {type: 'string'}, json: {type: 'boolean'}, junit: {type: 'string'}, misconfig: {type: 'string', multiple: true},
			}});
			if (positionals.length > 0 || values.rig === undefined) {
				throw new HarnessError('USAGE', 'rdmalab validate needs --rig <file>', {hint: 'e.g. rdmalab validate --rig lab-configs/sim-rig.yaml'});
			}

			return validateCommand({rig: values.rig, json: values.json ?? false, misconfigs: values.misconfig ?? [], ...(values.junit === undefined ? {} : {junit: values.junit})}, runtime);
		},
	},
	sim: {
		synopsis: 'sim --rig <file>',
		summary: 'Serve a simulated rig over SSH on 127.0.0.1 until Ctrl+C',
		options: [
			'--misconfig <name>     Misconfigure it (repeatable); --list-misconfigs lists them',
			'--write-rig <file>     Where to write the rig file for its endpoints',
			'--log <file>           Append every command the devices receive (JSON lines)',
		],
		async run(argv, runtime) {
			const {values} = parseArgs({args: argv, options: {
				rig: {type: 'string'}, misconfig: {type: 'string', multiple: true}, 'write-rig': {type: 'string'}, log: {type: 'string'}, 'list-misconfigs': {type: 'boolean'},
			}});
			return simCommand({
				...(values.rig === undefined ? {} : {rig: values.rig}),
				misconfigs: values.misconfig ?? [],
				...(values['write-rig'] === undefined ? {} : {writeRig: values['write-rig']}),
				...(values.log === undefined ? {} : {log: values.log}),
				listMisconfigs: values['list-misconfigs'] ?? false,
			}, runtime);
		},
	},
	schema: {
		synopsis: 'schema',
		summary: 'Print the rig file JSON Schema',
		options: [],
		async run(argv, runtime) {
			parseArgs({args: argv, options: {}});
			runtime.stdout(`${JSON.stringify(rigJsonSchema(), null, 2)}\n`);
			return 0;
		},
	},
	inspect: {
		synopsis: 'inspect <file>',
		summary: 'Summarize a diskspd -Rxml result or a PDH-CSV counter log (detected by content)',
		options: [
			'--json                 The summary as JSON',
			'--encoding <codepage>  Code page of a PDH-CSV log that is not UTF-8 (perfmon on a non-English Windows: windows-1251 Russian, windows-1252 Western European)',
		],
		async run(argv, runtime) {
			const {values, positionals} = parseArgs({args: argv, allowPositionals: true, options: {json: {type: 'boolean'}, encoding: {type: 'string'}}});
			if (positionals.length > 1) {
				throw new HarnessError('USAGE', 'rdmalab inspect takes one file', {hint: 'rdmalab inspect FILE [--json] [--encoding windows-1251]'});
			}

			return inspectCommand({...(positionals[0] === undefined ? {} : {file: positionals[0]}), json: values.json ?? false, ...(values.encoding === undefined ? {} : {encoding: values.encoding})}, runtime);
		},
	},
};

const footer = `State (fault journal, rig lock): $RDMALAB_STATE_DIR (shared by a lab), else $XDG_STATE_HOME/rdmalab or ~/.local/state/rdmalab.
History: history.sqlite in the state directory, or $RDMALAB_HISTORY_URL (postgres://user@host/db, or a SQLite file).

Exit codes:
  0    every verdict passed
  1    a verdict failed: the hardware or its configuration did not do what it must
  2    the run could not measure (infrastructure error, bad rig file, bad arguments); never a pass
       (nightly: 1 also when a metric regressed; 2 also when the history could not be read or written)
  130  interrupted (Ctrl+C, SIGTERM or SIGHUP): faults were restored and the partial run kept
  3    forced stop (a second signal more than a second after the first): faults may still be in
       place; rdmalab restore --rig <file> puts them back

Set RDMALAB_DEBUG=1 to print the stack of an internal error.
`;

const commandLines = (command: Command): string[] => [
	`  ${command.synopsis.padEnd(26)} ${command.summary}`,
	...command.options.map(option => `      ${option}`),
];

export const usage = `Usage: rdmalab <command> [options]
       rdmalab <command> --help    rdmalab --version

Commands:
${Object.values(commands).flatMap(command => commandLines(command)).join('\n')}

${footer}`;

const commandHelp = (command: Command): string => [
	`Usage: rdmalab ${command.synopsis}${command.options.length > 0 ? ' [options]' : ''}`,
	'',
	command.summary,
	...(command.details === undefined ? [] : ['', command.details]),
	...(command.options.length > 0 ? ['', 'Options:', ...command.options.map(option => `  ${option}`)] : []),
	'  --help, -h             This help',
	'',
	'Exit codes: 0 passed, 1 a verdict failed, 2 could not measure, 130 interrupted. rdmalab --help lists every command.',
	'',
].join('\n');

/** rdmalab's version, from its package.json (this module runs from dist/harness/cli/). */
export const version = (): string => (JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as {version: string}).version;

export const main = async (argv: string[], runtime: Runtime = processRuntime): Promise<number> => {
	const [command, ...rest] = argv;
	if (command === '--version' || command === '-V') {
		runtime.stdout(`rdmalab ${version()}\n`);
		return 0;
	}

	// `rdmalab help run` is `rdmalab run --help`.
	if (command === 'help' && rest[0] !== undefined && Object.hasOwn(commands, rest[0])) {
		runtime.stdout(commandHelp(commands[rest[0]]!));
		return 0;
	}

	if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
		runtime.stdout(usage);
		return command === undefined ? 2 : 0;
	}

	const chosen = Object.hasOwn(commands, command) ? commands[command] : undefined;
	if (chosen === undefined) {
		runtime.stderr(`rdmalab: unknown command "${command}"\n\n${usage}`);
		return 2;
	}

	// Before the command's own parsing, so help never meets a missing argument or an unknown option.
	if (rest.includes('--help') || rest.includes('-h')) {
		runtime.stdout(commandHelp(chosen));
		return 0;
	}

	// Outside a run (which stops in order on its own), an error nothing caught ends the command with 2, said in a
	// line, never as a crash.
	const disposeGuard = runtime.onStray(error => {
		reportError(runtime, command, error);
		runtime.forceExit(2);
	});
	try {
		return await chosen.run(rest, runtime);
	} catch (error) {
		reportError(runtime, command, error);
		return 2;
	} finally {
		disposeGuard();
	}
};

const reportError = (runtime: Runtime, command: string, error: unknown) => {
	// parseArgs reports unknown options with a TypeError carrying a code.
	const usageError = !isHarnessError(error) && error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS');
	if (usageError || isHarnessError(error)) {
		runtime.stderr(`rdmalab ${command}: ${usageError ? (error as Error).message : formatError(error)}\n`);
		return;
	}

	runtime.stderr(`rdmalab ${command}: internal error: ${formatError(error)}\n  hint: a defect of rdmalab; please report it (RDMALAB_DEBUG=1 prints the stack)\n`);
	if (runtime.env['RDMALAB_DEBUG'] === '1') {
		runtime.stderr(`${(error as Error).stack ?? ''}\n`);
	}
};
