// The rdmalab command line.
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
import {parseSettings} from './settings.js';
import {processRuntime, type Runtime} from './runtime.js';
import {simCommand} from './sim-command.js';
import {validateCommand} from './validate-command.js';

export const usage = `Usage: rdmalab <command> [options]

Commands:
  run <suite> --rig <file>   Run a certification suite and write a report (<suite>: a name, or the path of a suite module)
      --misconfig <name>     Start the simulated rig with this misconfiguration (repeatable)
      --set <key=value>      Override a suite parameter, e.g. --set holdS=15 (repeatable)
      --out <folder>         Run folder (default: runs/<time>-<suite>)
      --restore-first        Restore faults an earlier run left in the journal, then run
  run certify --rig <file>   Validate, then every suite in order: one combined report (certification)
      --profile quick|full   quick (default): short holds, once each; full: every variant, three times, worst counts
      --suites <a,b>         Only these suites
  nightly --rig <file>       Certify, record every run in the history, judge regressions against past passing runs
      --profile quick|full   As for run certify (quick by default); --suites <a,b> only these suites
      --set <key=value>      Over every suite run's parameters (repeatable; the key must exist in each suite)
      --baseline-runs <n>    Passing runs a metric is compared with (10); --min-history <n> needed to judge (5)
      --out <folder>, --misconfig <name>, --restore-first   As for run certify
  history                    The runs in the history, newest first
      --rig <name|file>, --suite <name>, --outcome passed|failed|error|interrupted|regressed, --since <date|7d>
      --limit <n>            At most n runs (100); --json prints them as JSON
      --chart <file> --metric <name>   Draw the metric's trend (PNG) with pass/fail marks and manifest changes
  history show <run>         One run: its manifest and verdicts, regression verdicts included (--json)
  rejudge <run-folder>       Judge a stored run again (no rig needed) and write a fresh report beside it
      --set <key=value>      Other parameters or thresholds than the run's, e.g. --set thresholds.maxStallMs=1000
      --out <folder>         Where the fresh report goes (default: <run-folder>/rejudged-<time>)
  plan <suite> --rig <file>  Print every step, its exact command and the blast radius; touches nothing
      --set <key=value>      As for run (repeatable)
      --json                 The plan as JSON
  restore --rig <file>       Undo every fault the journal holds unrestored (after a crash or kill -9)
  validate --rig <file>      Check the live configuration of every node against the rig file
      --json                 Print the checks as JSON; --junit <file> also writes JUnit XML
      --misconfig <name>     Start the simulated rig with this misconfiguration (repeatable)
  sim --rig <file>           Serve a simulated rig over SSH on 127.0.0.1 until Ctrl+C
      --misconfig <name>     Misconfigure it (repeatable); --list-misconfigs lists them
      --write-rig <file>     Where to write the rig file for its endpoints
      --log <file>           Append every command the devices receive (JSON lines)
  schema                     Print the rig file JSON Schema
  inspect <file> [--json]    Summarize a diskspd -Rxml result or a PDH-CSV counter log (detected by content)

State (fault journal, rig lock): $RDMALAB_STATE_DIR (shared by a lab), else $XDG_STATE_HOME/rdmalab or ~/.local/state/rdmalab.
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

const commands = {
	async run(argv: string[], runtime: Runtime) {
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
	async nightly(argv: string[], runtime: Runtime) {
		const {values, positionals} = parseArgs({args: argv, allowPositionals: true, options: {
			rig: {type: 'string'}, profile: {type: 'string'}, suites: {type: 'string'}, set: {type: 'string', multiple: true}, misconfig: {type: 'string', multiple: true},
			out: {type: 'string'}, 'restore-first': {type: 'boolean'}, 'baseline-runs': {type: 'string'}, 'min-history': {type: 'string'},
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
			rules: {...(baselineRuns === undefined ? {} : {baselineRuns}), ...(minHistory === undefined ? {} : {minHistory})},
		}, runtime);
	},
	async history(argv: string[], runtime: Runtime) {
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
	async rejudge(argv: string[], runtime: Runtime) {
		const {values, positionals} = parseArgs({args: argv, allowPositionals: true, options: {set: {type: 'string', multiple: true}, out: {type: 'string'}}});
		if (positionals.length !== 1) {
			throw new HarnessError('USAGE', 'rdmalab rejudge needs one run folder', {hint: 'e.g. rdmalab rejudge runs/20261201-110500-multichannel-failover --set thresholds.maxStallMs=1000'});
		}

		return rejudgeCommand({folder: positionals[0]!, settings: values.set ?? [], ...(values.out === undefined ? {} : {out: values.out})}, runtime);
	},
	async plan(argv: string[], runtime: Runtime) {
		const {values, positionals} = parseArgs({args: argv, allowPositionals: true, options: {
			rig: {type: 'string'}, set: {type: 'string', multiple: true}, json: {type: 'boolean'},
		}});
		if (positionals.length !== 1 || values.rig === undefined) {
			throw new HarnessError('USAGE', 'rdmalab plan needs a suite and --rig <file>', {hint: 'e.g. rdmalab plan multichannel-failover --rig lab-configs/sim-rig.yaml'});
		}

		return planCommand({suite: positionals[0]!, rig: values.rig, settings: values.set ?? [], json: values.json ?? false}, runtime);
	},
	async restore(argv: string[], runtime: Runtime) {
		const {values} = parseArgs({args: argv, options: {rig: {type: 'string'}}});
		if (values.rig === undefined) {
			throw new HarnessError('USAGE', 'rdmalab restore needs --rig <file>', {hint: 'the rig file the interrupted run used, e.g. rdmalab restore --rig lab-configs/my-rig.yaml'});
		}

		return restoreCommand({rig: values.rig}, runtime);
	},
	async validate(argv: string[], runtime: Runtime) {
		const {values, positionals} = parseArgs({args: argv, allowPositionals: true, options: {
			rig: {type: 'string'}, json: {type: 'boolean'}, junit: {type: 'string'}, misconfig: {type: 'string', multiple: true},
		}});
		if (positionals.length > 0 || values.rig === undefined) {
			throw new HarnessError('USAGE', 'rdmalab validate needs --rig <file>', {hint: 'e.g. rdmalab validate --rig lab-configs/sim-rig.yaml'});
		}

		return validateCommand({rig: values.rig, json: values.json ?? false, misconfigs: values.misconfig ?? [], ...(values.junit === undefined ? {} : {junit: values.junit})}, runtime);
	},
	async sim(argv: string[], runtime: Runtime) {
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
	async inspect(argv: string[], runtime: Runtime) {
		const {values, positionals} = parseArgs({args: argv, allowPositionals: true, options: {json: {type: 'boolean'}}});
		if (positionals.length > 1) {
			throw new HarnessError('USAGE', 'rdmalab inspect takes one file', {hint: 'rdmalab inspect FILE [--json]'});
		}

		return inspectCommand({...(positionals[0] === undefined ? {} : {file: positionals[0]}), json: values.json ?? false}, runtime);
	},
	async schema(_argv: string[], runtime: Runtime) {
		runtime.stdout(`${JSON.stringify(rigJsonSchema(), null, 2)}\n`);
		return 0;
	},
} satisfies Record<string, (argv: string[], runtime: Runtime) => Promise<number>>;

export const main = async (argv: string[], runtime: Runtime = processRuntime): Promise<number> => {
	const [command, ...rest] = argv;
	if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
		runtime.stdout(usage);
		return command === undefined ? 2 : 0;
	}

	if (!(command in commands)) {
		runtime.stderr(`rdmalab: unknown command "${command}"\n\n${usage}`);
		return 2;
	}

	// Outside a run (which stops in order on its own), an error nothing caught ends the command with 2, said in a
	// line, never as a crash.
	const disposeGuard = runtime.onStray(error => {
		reportError(runtime, command, error);
		runtime.forceExit(2);
	});
	try {
		return await commands[command as keyof typeof commands](rest, runtime);
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
