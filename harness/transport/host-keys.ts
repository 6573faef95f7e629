// Host key pinning: the harness only talks to a node or switch whose key it was told about, in the rig file or in an
// OpenSSH known_hosts file. A mismatch is an error that shows both fingerprints, never a prompt.
import {createHash, createHmac} from 'node:crypto';
import {readFile} from 'node:fs/promises';
import {HarnessError} from '../errors.js';

export interface PinnedKey {
	type: string;
	/** The raw key blob, base64 as written in the key line. */
	blob: string;
}

/** SHA256 fingerprint as OpenSSH prints it: `SHA256:<base64 without padding>`. */
export const fingerprint = (blob: Buffer | string): string => {
	const bytes = typeof blob === 'string' ? Buffer.from(blob, 'base64') : blob;
	return `SHA256:${createHash('sha256').update(bytes).digest('base64').replace(/=+$/, '')}`;
};

export const parseKeyLine = (line: string): PinnedKey | undefined => {
	const [type, blob] = line.trim().split(/\s+/);
	return type !== undefined && blob !== undefined && /^[A-Za-z0-9+/]+={0,3}$/.test(blob) ? {type, blob} : undefined;
};

// known_hosts host patterns: plain names, [host]:port for non-22 ports, or hashed |1|salt|hash entries.
const hostPatternMatches = (pattern: string, host: string, port: number): boolean => {
	const name = port === 22 ? host : `[${host}]:${port}`;
	if (pattern.startsWith('|1|')) {
		const [, , salt, hash] = pattern.split('|');
		if (salt === undefined || hash === undefined) {
			return false;
		}

		return createHmac('sha1', Buffer.from(salt, 'base64')).update(name).digest('base64') === hash;
	}

	return pattern.split(',').some(candidate => candidate.toLowerCase() === name.toLowerCase());
};

/** Keys for host:port in known_hosts text; revoked (@revoked) and CA (@cert-authority) lines are skipped. */
export const knownHostKeys = (text: string, host: string, port: number): PinnedKey[] => {
	const keys: PinnedKey[] = [];
	for (const raw of text.split(/\r?\n/)) {
		const line = raw.trim();
		if (line === '' || line.startsWith('#') || line.startsWith('@')) {
			continue;
		}

		const [patterns, ...rest] = line.split(/\s+/);
		const key = parseKeyLine(rest.join(' '));
		if (patterns !== undefined && key !== undefined && hostPatternMatches(patterns, host, port)) {
			keys.push(key);
		}
	}

	return keys;
};

/** Every key pinned for an endpoint, from the rig file and from the known_hosts file. */
export const pinnedKeys = async (options: {target: string; host: string; port: number; hostKeys?: string[]; knownHosts?: string}): Promise<PinnedKey[]> => {
	const keys = (options.hostKeys ?? []).map(parseKeyLine).filter(key => key !== undefined);
	if (options.knownHosts !== undefined) {
		let text: string;
		try {
			text = await readFile(options.knownHosts, 'utf8');
		} catch (error) {
			throw new HarnessError('HOST_KEY_MISSING', `cannot read known_hosts file ${options.knownHosts}`, {target: options.target, cause: error, hint: 'fix knownHosts in the rig file'});
		}

		keys.push(...knownHostKeys(text, options.host, options.port));
	}

	if (keys.length === 0) {
		throw new HarnessError('HOST_KEY_MISSING', `no host key is pinned for ${options.host}:${options.port}`, {
			target: options.target,
			hint: `add ssh.hostKeys to the rig file (ssh-keyscan -p ${options.port} ${options.host} prints the keys; check them against the console of the device)`,
		});
	}

	return keys;
};

export const hostKeyMismatch = (target: string, presented: Buffer, pinned: PinnedKey[]) => new HarnessError(
	'HOST_KEY_MISMATCH',
	`host key ${fingerprint(presented)} does not match the pinned key${pinned.length > 1 ? 's' : ''} ${pinned.map(key => fingerprint(key.blob)).join(', ')}`,
	{target, hint: 'the device was reinstalled, or something else answers at its address; verify the key on the device console before updating the rig file', details: {presented: fingerprint(presented), pinned: pinned.map(key => fingerprint(key.blob))}},
);
