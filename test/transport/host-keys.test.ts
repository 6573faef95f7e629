import {writeFile} from 'node:fs/promises';
import {join} from 'node:path';
import test from 'ava';
import type {HarnessError} from '../../harness/errors.js';
import {fingerprint, hostKeyMismatch, knownHostKeys, parseKeyLine, pinnedKeys} from '../../harness/transport/host-keys.js';
import {tempDir} from '../helpers/cli.js';

// A key and the lines OpenSSH itself wrote for it: `ssh-keygen -lf` printed the fingerprint, `ssh-keygen -H`
// hashed the known_hosts entry for [10.0.0.5]:2222.
const blob = 'AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl';
const keyLine = `ssh-ed25519 ${blob} hv01`;
const opensshFingerprint = 'SHA256:+DiY3wvvV6TuJJhbpZisF/zLDA0zPMSvHdkr4UvCOqU';
const hashedEntry = `|1|yiTdFcRdioc3cCrUmHaCLr2tZLU=|DETo2O+IhkXmYEkikBLQBApjAH4= ssh-ed25519 ${blob}`;
const otherBlob = 'AAAAC3NzaC1lZDI1NTE5AAAAIB1Gx2vXbQ1nJfQm0m5YdH0oX3zZs1r0n1o8v9eQ0m2a';

test('fingerprints match what ssh-keygen -l prints', t => {
	t.is(fingerprint(blob), opensshFingerprint);
	t.is(fingerprint(Buffer.from(blob, 'base64')), opensshFingerprint);
});

test('key lines parse with or without a comment; anything else does not', t => {
	t.deepEqual(parseKeyLine(keyLine), {type: 'ssh-ed25519', blob});
	t.deepEqual(parseKeyLine(`  ssh-ed25519 ${blob}  `), {type: 'ssh-ed25519', blob});
	t.is(parseKeyLine('ssh-ed25519'), undefined);
	t.is(parseKeyLine('ssh-ed25519 not*base64'), undefined);
});

test('known_hosts: plain, bracketed non-22 ports, comma lists and hashed entries', t => {
	const text = [
		'# comment',
		'',
		`hv01.lab,10.0.0.4 ${keyLine}`,
		`[10.0.0.4]:2222 ssh-ed25519 ${otherBlob}`,
		hashedEntry,
		`@revoked 10.0.0.4 ssh-ed25519 ${otherBlob}`,
		`@cert-authority *.lab ssh-ed25519 ${otherBlob}`,
	].join('\r\n');
	t.deepEqual(knownHostKeys(text, '10.0.0.4', 22), [{type: 'ssh-ed25519', blob}]);
	t.deepEqual(knownHostKeys(text, 'HV01.LAB', 22), [{type: 'ssh-ed25519', blob}]);
	t.deepEqual(knownHostKeys(text, '10.0.0.4', 2222), [{type: 'ssh-ed25519', blob: otherBlob}]);
	t.deepEqual(knownHostKeys(text, '10.0.0.5', 2222), [{type: 'ssh-ed25519', blob}], 'the hashed entry matches its host and port');
	t.deepEqual(knownHostKeys(text, '10.0.0.5', 22), [], 'but not the same host on another port');
});

test('pinned keys come from the rig file and the known_hosts file together', async t => {
	const directory = await tempDir();
	const knownHosts = join(directory, 'known_hosts');
	await writeFile(knownHosts, `[127.0.0.1]:4022 ssh-ed25519 ${otherBlob}\n`);
	const keys = await pinnedKeys({target: 'hv01', host: '127.0.0.1', port: 4022, hostKeys: [keyLine], knownHosts});
	t.deepEqual(keys.map(key => key.blob), [blob, otherBlob]);
});

test('no pinned key, or an unreadable known_hosts file, is an error that says how to pin one', async t => {
	const missing = await t.throwsAsync<HarnessError>(pinnedKeys({target: 'tor-a', host: '10.0.0.9', port: 22}));
	t.like(missing, {code: 'HOST_KEY_MISSING', target: 'tor-a'});
	t.regex(missing.hint ?? '', /ssh-keyscan -p 22 10\.0\.0\.9/);
	const unreadable = await t.throwsAsync<HarnessError>(pinnedKeys({target: 'tor-a', host: '10.0.0.9', port: 22, knownHosts: '/nonexistent/known_hosts'}));
	t.like(unreadable, {code: 'HOST_KEY_MISSING'});
	t.regex(unreadable.message, /\/nonexistent\/known_hosts/);
});

test('a mismatch names both fingerprints', t => {
	const error = hostKeyMismatch('hv01', Buffer.from(otherBlob, 'base64'), [{type: 'ssh-ed25519', blob}]);
	t.is(error.code, 'HOST_KEY_MISMATCH');
	t.true(error.message.includes(fingerprint(otherBlob)));
	t.true(error.message.includes(opensshFingerprint));
});
