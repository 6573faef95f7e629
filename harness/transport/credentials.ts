// Turns a rig file credential reference into what ssh2 needs. Secrets come from files, the agent or the
// environment at connect time; they are never copied into errors, logs or the run folder.
import {readFile} from 'node:fs/promises';
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

export const resolveCredential = async (credential: RigCredential, target: string, source: SecretSource = {env: process.env}): Promise<SshAuth> => {
	const {auth} = credential;
	switch (auth.type) {
		case 'key-file': {
			let privateKey: Buffer;
			try {
				privateKey = await readFile(auth.path);
			} catch (error) {
				throw new HarnessError('SSH_AUTH', `cannot read private key ${auth.path}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`, {target, cause: error, hint: 'fix credentials.*.auth.path in the rig file'});
			}

			return {
				username: credential.user,
				privateKey,
				...(auth.passphraseEnv === undefined ? {} : {passphrase: fromEnv(source, auth.passphraseEnv, target, 'key passphrase')}),
			};
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
