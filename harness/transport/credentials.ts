// Turns a rig file credential reference into what ssh2 needs. Secrets come from files, the agent or the
// environment at connect time; they are never copied into errors, logs or the run folder.
import {readFile} from 'node:fs/promises';
import ssh2 from 'ssh2';
import {HarnessError} from '../errors.js';
import type {RigCredential} from '../rig/schema.js';

export interface SshAuth {
	username: string;
	privateKey?: Buffer;
	passphrase?: string;
	agent?: string;
	password?: string;
}

export interface SecretSource {
	env: NodeJS.ProcessEnv;
}

const fromEnv = (source: SecretSource, variable: string, target: string, what: string): string => {
	const value = source.env[variable];
	if (value === undefined || value === '') {
		throw new HarnessError('SSH_AUTH', `environment variable ${variable} (${what}) is not set`, {target, hint: `export ${variable} before the run, or change the credential in the rig file`});
	}

	return value;
};

/** What to do about a key file that cannot be read, by the error's code. */
const readHints: Record<string, string> = {
	ENOENT: 'no such file; fix the path (a relative path is relative to the rig file, ~ is the home directory)',
	EACCES: 'the harness\'s user may not read it; check the file\'s owner and permissions',
	EPERM: 'the harness\'s user may not read it; check the file\'s owner and permissions',
	EISDIR: 'that is a folder; name the private key file in it (e.g. id_ed25519)',
};

const fixPath = (name: string) => `fix credentials.${name}.auth.path in the rig file`;

const readKeyFile = async (name: string, file: string, target: string): Promise<Buffer> => {
	try {
		return await readFile(file);
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code ?? 'error';
		throw new HarnessError('SSH_AUTH', `credential '${name}': cannot read key file ${file} (${code})`, {target, cause: error, hint: `${readHints[code] ?? 'check the file'}; ${fixPath(name)}`});
	}
};

/**
 * Checks that a key file holds a private key (that the passphrase opens), so that a wrong file is named with the
 * credential it belongs to, not reported by ssh2 mid-handshake as "Cannot parse privateKey". Key material never
 * enters a message.
 */
const assertPrivateKey = (name: string, file: string, key: Buffer, passphrase: string | undefined, target: string): void => {
	const fix = fixPath(name);
	const parsed = ssh2.utils.parseKey(key, passphrase);
	const first = Array.isArray(parsed) ? (parsed as unknown[])[0] : parsed;
	if (first instanceof Error) {
		const reason = first.message;
		if (/passphrase/i.test(reason)) {
			throw new HarnessError('SSH_AUTH', `credential '${name}': key file ${file} is encrypted and ${passphrase === undefined ? 'no passphrase is given' : 'the passphrase does not open it'} (${reason})`, {
				target, hint: passphrase === undefined ? `set credentials.${name}.auth.passphraseEnv to the environment variable holding its passphrase` : 'check the passphrase in the environment variable named by auth.passphraseEnv',
			});
		}

		throw new HarnessError('SSH_AUTH', `credential '${name}': ${file} is not a private key (${reason})`, {target, hint: `point at an OpenSSH, PEM or PuTTY private key; ${fix}`});
	}

	if (first === undefined || !(first as ssh2.ParsedKey).isPrivateKey()) {
		throw new HarnessError('SSH_AUTH', `credential '${name}': ${file} is not a private key (it is a public key)`, {target, hint: `name the private key, usually the same file without .pub; ${fix}`});
	}
};

/** `name`: the credential's name in the rig file, for messages. */
export const resolveCredential = async (name: string, credential: RigCredential, target: string, source: SecretSource = {env: process.env}): Promise<SshAuth> => {
	const {auth} = credential;
	switch (auth.type) {
		case 'key-file': {
			const privateKey = await readKeyFile(name, auth.path, target);
			const passphrase = auth.passphraseEnv === undefined ? undefined : fromEnv(source, auth.passphraseEnv, target, 'key passphrase');
			assertPrivateKey(name, auth.path, privateKey, passphrase, target);
			return {username: credential.user, privateKey, ...(passphrase === undefined ? {} : {passphrase})};
		}

		case 'agent': {
			return {username: credential.user, agent: fromEnv(source, auth.socketEnv, target, 'ssh-agent socket')};
		}

		case 'password-env': {
			return {username: credential.user, password: fromEnv(source, auth.env, target, 'password')};
		}
	}
};

/** Every secret value a credential resolves to, so reports can be checked for leaks. */
export const secretValues = (auth: SshAuth): string[] => [auth.password, auth.passphrase].filter((value): value is string => value !== undefined);
