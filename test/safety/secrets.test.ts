// Secrets never leave the process: a run whose credentials come from a password in the environment and from a
// passphrase-protected key, a run whose password is wrong, and a rig file with a password written in it. None of
// the secret values may appear on stdout, stderr, in events.jsonl, result.json, the report or any run folder file.
import {copyFileSync, readFileSync, readdirSync, statSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import test, {type ExecutionContext} from 'ava';
import {execa} from 'execa';
import {parse, stringify} from 'yaml';
import {bin, quickFailover, rdmalab, simRig, stateDirFor, tempDir} from '../helpers/cli.js';
import {repoRoot} from '../helpers/paths.js';
import {startSim} from '../helpers/sim-process.js';
import {resultIn} from '../helpers/result.js';

const password = 's3cr3t-Pa55-word-XYZ';
const passphrase = 'k3y-Pa55phrase-QRS-0917';
const wrongPassword = 'wr0ng-s3cr3t-Pa55-ABC';
const inlinePassword = 'inl1ne-s3cr3t-Pa55-DEF';

const filesUnder = (folder: string): string[] => readdirSync(folder).flatMap(name => {
	const full = join(folder, name);
	return statSync(full).isDirectory() ? filesUnder(full) : [full];
});

const assertNowhere = (t: ExecutionContext, secrets: string[], texts: Record<string, string>, folders: string[] = []) => {
	const all = {...texts};
	for (const folder of folders) {
		for (const file of filesUnder(folder)) {
			all[file] = readFileSync(file).toString('latin1');
		}
	}

	for (const secret of secrets) {
		for (const [where, text] of Object.entries(all)) {
			t.false(text.includes(secret), `${secret} appears in ${where}`);
		}
	}
};

/** A standalone simulated rig that also takes the password, and a rig file for it using password-env and a passphrase-protected key. */
const passwordRig = async (t: ExecutionContext) => {
	const folder = await tempDir();
	const simFile = join(folder, 'sim-with-password.yaml');
	writeFileSync(simFile, `${readFileSync(simRig, 'utf8')}  passwordEnv: RDMALAB_SIM_PASSWORD\n`);
	const sim = await startSim(t, [], simFile, {RDMALAB_SIM_PASSWORD: password});
	const rig = parse(readFileSync(sim.rigFile, 'utf8')) as {credentials: Record<string, {user: string; auth: Record<string, string>}>; nodes: Array<{ssh: {credential: string}}>; switches: Array<{ssh: {credential: string}}>};
	const key = join(folder, 'node_key');
	copyFileSync(rig.credentials['simulator']!.auth['path']!, key);
	await execa('ssh-keygen', ['-q', '-p', '-P', '', '-N', passphrase, '-f', key]);
	rig.credentials = {
		nodes: {user: 'rdmalab', auth: {type: 'key-file', path: key, passphraseEnv: 'LAB_KEY_PASSPHRASE'}},
		switches: {user: 'rdmalab', auth: {type: 'password-env', env: 'LAB_SWITCH_PASSWORD'}},
	};
	for (const node of rig.nodes) {
		node.ssh.credential = 'nodes';
	}

	for (const device of rig.switches) {
		device.ssh.credential = 'switches';
	}

	const rigFile = join(folder, 'rig-with-secrets.yaml');
	writeFileSync(rigFile, stringify(rig));
	return {sim, rigFile, folder};
};

test('a run with a password-env switch login and a passphrase-protected node key passes and leaks neither', async t => {
	const {rigFile, folder} = await passwordRig(t);
	const out = join(folder, 'run');
	// The state directory (fault journal, rig lock) is searched too.
	const state = stateDirFor();
	const result = await execa('node', [bin, 'run', 'multichannel-failover', '--rig', rigFile, ...quickFailover, '--out', out], {
		cwd: repoRoot, reject: false, env: {LAB_SWITCH_PASSWORD: password, LAB_KEY_PASSPHRASE: passphrase, RDMALAB_STATE_DIR: state},
	});
	t.is(result.exitCode, 0, result.stderr);
	t.regex(result.stdout, /^PASS$/m);
	assertNowhere(t, [password, passphrase], {stdout: result.stdout, stderr: result.stderr}, [out, state]);
});

test('a wrong password fails the login (exit 2, SSH_AUTH) without echoing the password tried', async t => {
	const {rigFile, folder} = await passwordRig(t);
	const out = join(folder, 'run');
	// The state directory (fault journal, rig lock) is searched too.
	const state = stateDirFor();
	const result = await execa('node', [bin, 'run', 'multichannel-failover', '--rig', rigFile, ...quickFailover, '--out', out], {
		cwd: repoRoot, reject: false, env: {LAB_SWITCH_PASSWORD: wrongPassword, LAB_KEY_PASSPHRASE: passphrase, RDMALAB_STATE_DIR: state},
	});
	t.is(result.exitCode, 2, result.stderr);
	t.regex(result.stdout, /error: tor-a: cannot log in to 127\.0\.0\.1:\d+/);
	const json = await resultIn(out);
	t.is(json?.errors[0]?.code, 'SSH_AUTH');
	assertNowhere(t, [wrongPassword, password, passphrase], {stdout: result.stdout, stderr: result.stderr}, [out, state]);
});

test('a password written in the rig file is refused (exit 2) without repeating it', async t => {
	const folder = await tempDir();
	const file = join(folder, 'inline.yaml');
	writeFileSync(file, readFileSync(simRig, 'utf8').replace('    auth: { type: key-file, path: ~/.ssh/rdmalab_ed25519 }', `    password: ${inlinePassword}\n    auth: { type: key-file, path: ~/.ssh/rdmalab_ed25519 }`));
	// No --out: run from the test's folder, so that a run that did start could only write runs/ there.
	const result = await rdmalab(['run', 'multichannel-failover', '--rig', file], {cwd: folder});
	t.is(result.exitCode, 2);
	t.regex(result.stderr, /inline\.yaml:\d+:\d+: credentials\.lab\.password: secrets must not be written in a rig file.*\[rule: no inline secrets; received: "<redacted>"\]/);
	assertNowhere(t, [inlinePassword], {stdout: result.stdout, stderr: result.stderr});
});
