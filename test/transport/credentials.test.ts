// Key-file credentials: a key file that cannot be read, or that holds no private key, is named with the credential
// it belongs to and the file, before any connection is tried; key material never appears in a message.
import {chmod, writeFile} from 'node:fs/promises';
import {join} from 'node:path';
import test from 'ava';
import ssh2 from 'ssh2';
import type {HarnessError} from '../../harness/errors.js';
import type {RigCredential} from '../../harness/rig/schema.js';
import {resolveCredential} from '../../harness/transport/credentials.js';
import {tempDir} from '../helpers/cli.js';

const keyFile = (path: string, passphraseEnv?: string): RigCredential => ({
	user: 'rdmalab',
	auth: {type: 'key-file', path, ...(passphraseEnv === undefined ? {} : {passphraseEnv})},
});

const plain = ssh2.utils.generateKeyPairSync('ed25519');
const encrypted = ssh2.utils.generateKeyPairSync('ed25519', {passphrase: 'opensesame', cipher: 'aes256-ctr', rounds: 2});

const refused = async (t: import('ava').ExecutionContext, file: string, env: Record<string, string> = {}, passphraseEnv?: string): Promise<HarnessError> => {
	const error = await t.throwsAsync<HarnessError>(resolveCredential('lab-admin', keyFile(file, passphraseEnv), 'hv01', {env}));
	t.is(error.code, 'SSH_AUTH');
	t.is(error.target, 'hv01');
	t.notRegex(`${error.message}\n${error.hint ?? ''}`, /PRIVATE KEY|opensesame/);
	return error;
};

test('a missing key file names the credential, the file and the error code', async t => {
	const file = join(await tempDir(), 'nowhere');
	const error = await refused(t, file);
	t.is(error.message, `credential 'lab-admin': cannot read key file ${file} (ENOENT)`);
	t.regex(error.hint ?? '', /no such file.*credentials\.lab-admin\.auth\.path/);
});

test('a folder instead of a key file says so', async t => {
	const folder = await tempDir();
	const error = await refused(t, folder);
	t.is(error.message, `credential 'lab-admin': cannot read key file ${folder} (EISDIR)`);
});

// Root reads any file, so the permission check only shows as another user.
(process.getuid?.() === 0 ? test.skip : test)('an unreadable key file names the credential, the file and EACCES', async t => {
	const file = join(await tempDir(), 'id_ed25519');
	await writeFile(file, plain.private);
	await chmod(file, 0o000);
	const error = await refused(t, file);
	t.is(error.message, `credential 'lab-admin': cannot read key file ${file} (EACCES)`);
});

test('a file that holds no key is not a private key', async t => {
	const folder = await tempDir();
	const file = join(folder, 'notes.txt');
	await writeFile(file, 'hv01 192.168.10.11\n');
	const error = await refused(t, file);
	t.is(error.message, `credential 'lab-admin': ${file} is not a private key (Unsupported key format)`);
	const pub = join(folder, 'id_ed25519.pub');
	await writeFile(pub, plain.public);
	const publicError = await refused(t, pub);
	t.is(publicError.message, `credential 'lab-admin': ${pub} is not a private key (it is a public key)`);
	t.regex(publicError.hint ?? '', /without \.pub/);
});

test('an encrypted key without its passphrase, or with the wrong one, says which', async t => {
	const file = join(await tempDir(), 'id_ed25519');
	await writeFile(file, encrypted.private);
	const missing = await refused(t, file);
	t.regex(missing.message, /^credential 'lab-admin': key file .+ is encrypted and no passphrase is given/);
	t.regex(missing.hint ?? '', /credentials\.lab-admin\.auth\.passphraseEnv/);
	const wrong = await refused(t, file, {KEY_PASS: 'wrong'}, 'KEY_PASS');
	t.regex(wrong.message, /is encrypted and the passphrase does not open it/);
	const auth = await resolveCredential('lab-admin', keyFile(file, 'KEY_PASS'), 'hv01', {env: {KEY_PASS: 'opensesame'}});
	t.is(auth.passphrase, 'opensesame');
});

test('a good key file resolves to the key', async t => {
	const file = join(await tempDir(), 'id_ed25519');
	await writeFile(file, plain.private);
	const auth = await resolveCredential('lab-admin', keyFile(file), 'hv01', {env: {}});
	t.is(auth.username, 'rdmalab');
	t.is(auth.privateKey?.toString(), plain.private);
});
