// CLI conventions: `rdmalab --version`, `rdmalab <command> --help` for every command (never a parser error, even
// without the arguments the command needs), and `rdmalab suites` with each suite's parameters and defaults.
import {readFileSync} from 'node:fs';
import {join} from 'node:path';
import test from 'ava';
import {execa} from 'execa';
import {suites} from '../../suites/index.js';
import {bin} from '../helpers/cli.js';
import {repoRoot} from '../helpers/paths.js';

const cli = async (...args: string[]) => execa('node', [bin, ...args], {reject: false, cwd: repoRoot});
const commands = ['run', 'rejudge', 'plan', 'suites', 'restore', 'validate', 'sim', 'schema', 'inspect'];

test('--version prints the version of package.json', async t => {
	const {version} = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as {version: string};
	const {exitCode, stdout} = await cli('--version');
	t.is(exitCode, 0);
	t.is(stdout, `rdmalab ${version}`);
});

test('every command\'s --help prints its usage and options, exit 0; -h and `help <command>` say the same', async t => {
	// One at a time: each is a whole node process, and the build machine is shared.
	for (const command of commands) {
		const {exitCode, stdout, stderr} = await cli(command, '--help');
		t.is(exitCode, 0, `${command}: ${stderr}`);
		t.is(stderr, '');
		t.regex(stdout, new RegExp(`^Usage: rdmalab ${command}\\b`));
		t.regex(stdout, /--help, -h {13}This help/);
	}

	const [long, short, help] = [await cli('plan', '--help'), await cli('plan', '-h'), await cli('help', 'plan')];
	t.is(short.stdout, long.stdout);
	t.is(help.stdout, long.stdout);
});

test('run --help comes before argument parsing: no parser error, whatever else is on the line', async t => {
	const {exitCode, stdout, stderr} = await cli('run', '--bogus', '--help');
	t.is(exitCode, 0, stderr);
	t.regex(stdout, /--set <key=value> {6}Override a suite parameter/);
	t.regex(stdout, /--restore-first/);
});

test('every command is in the top-level help', async t => {
	const {exitCode, stdout} = await cli('--help');
	t.is(exitCode, 0);
	for (const command of commands) {
		t.regex(stdout, new RegExp(`^  ${command}\\b`, 'm'), command);
	}
});

test('suites lists every suite with its parameters, types and defaults (nested thresholds included)', async t => {
	const {exitCode, stdout} = await cli('suites');
	t.is(exitCode, 0);
	for (const suite of Object.values(suites)) {
		t.regex(stdout, new RegExp(`^${suite.name}: ${suite.title}$`, 'm'));
	}

	t.regex(stdout, /^ {4}holdS +integer 2\.\.3600 +default 10$/m);
	t.regex(stdout, /^ {4}fault +port-down \| nic-disable +default port-down$/m);
	t.regex(stdout, /^ {4}thresholds\.maxStallMs +number > 0 +default 5000$/m);
	t.regex(stdout, /^ {4}host +string +optional$/m);
});

test('suites --json gives the same as data', async t => {
	const {exitCode, stdout} = await cli('suites', '--json');
	t.is(exitCode, 0);
	const listed = JSON.parse(stdout) as Array<{name: string; params: Array<{name: string; type: string; default?: unknown; required: boolean}>}>;
	const failover = listed.find(suite => suite.name === 'multichannel-failover');
	t.deepEqual(failover?.params.find(param => param.name === 'thresholds.minFaultThroughputPct'), {name: 'thresholds.minFaultThroughputPct', type: 'number 0..100', default: 80, required: false});
	t.deepEqual(failover?.params.find(param => param.name === 'share'), {name: 'share', type: 'string', required: false});
});
