// The corpus of broken rig files: each `name.yaml` in test/fixtures/bad-rigs is refused with exactly the text in
// `name.expected.txt` (first line: the error code; then the message): file, line and column, path, rule and value.
// A few go through the real CLI too, which must exit 2 and print the same lines before touching anything.
import {readdirSync, readFileSync} from 'node:fs';
import {join} from 'node:path';
import test from 'ava';
import {loadRig, RigFileError} from '../../harness/rig/load.js';
import {rdmalab, tempDir} from '../helpers/cli.js';
import {repoRoot} from '../helpers/paths.js';

const corpus = join(repoRoot, 'test', 'fixtures', 'bad-rigs');
// Relative to the repository root (ava's working directory), so the expected text names the file as users see it.
const relative = (name: string) => join('test', 'fixtures', 'bad-rigs', `${name}.yaml`);
const names = readdirSync(corpus).filter(file => file.endsWith('.yaml')).map(file => file.replace(/\.yaml$/, '')).sort();

const expected = (name: string) => {
	const [code = '', ...message] = readFileSync(join(corpus, `${name}.expected.txt`), 'utf8').replace(/\n$/, '').split('\n');
	return {code, message: message.join('\n')};
};

test('the corpus holds at least 30 distinct broken rig files, each with its expected error', t => {
	t.true(names.length >= 30, String(names.length));
	const texts = names.map(name => readFileSync(join(corpus, `${name}.yaml`), 'utf8'));
	t.is(new Set(texts).size, texts.length);
	const messages = names.map(name => expected(name).message);
	t.is(new Set(messages.map(message => message.replace(/test\/fixtures\/bad-rigs\/[\w-]+\.yaml/g, ''))).size, messages.length, 'every file fails differently');
});

for (const name of names) {
	test(`bad rig: ${name}`, async t => {
		t.is(process.cwd(), repoRoot);
		const error = await t.throwsAsync(loadRig(relative(name)), {instanceOf: RigFileError});
		const {code, message} = expected(name);
		t.is(error.code as string, code);
		t.is(error.message, message);
		// Every problem names the file and its rule; all but whole-file problems name a line.
		for (const issue of error.issues) {
			t.is(issue.file, relative(name));
			t.true(issue.rule.length > 0);
			if (issue.path.length > 0 || issue.rule === 'YAML syntax') {
				t.true(issue.line !== undefined && issue.line > 0, `${name}: ${issue.message} has a line`);
			}
		}
	});
}

for (const name of ['yaml-unclosed-flow-map', 'two-rnics-one-subnet', 'inline-password', 'rnic-cabled-to-missing-port']) {
	test(`the CLI refuses ${name} with exit 2 and the same lines`, async t => {
		// The relative path is part of the messages, so this runs in the checkout; --out keeps a run that did start
		// out of it.
		const {exitCode, stderr, stdout} = await rdmalab(['run', 'multichannel-failover', '--rig', relative(name), '--out', join(await tempDir(), 'run')]);
		t.is(exitCode, 2);
		t.is(stdout, '');
		for (const line of expected(name).message.split('\n')) {
			t.true(stderr.includes(line), `${line}\nnot in\n${stderr}`);
		}
	});
}
