// Opens the SSH transport to a node or switch of a rig: pinned host keys, credential by reference.
import type {Rig, SshEndpoint} from '../rig/schema.js';
import {resolveCredential, type SecretSource} from './credentials.js';
import {pinnedKeys} from './host-keys.js';
import {SshTransport} from './ssh.js';

export interface ConnectOptions {
	secrets?: SecretSource;
	connectTimeoutMs?: number;
	commandTimeoutMs?: number;
	keepaliveMs?: number;
}

export const connectDevice = async (rig: Rig, device: {name: string; ssh: SshEndpoint}, options: ConnectOptions = {}): Promise<SshTransport> => {
	const {ssh} = device;
	const hostKeys = await pinnedKeys({
		target: device.name, host: ssh.address, port: ssh.port,
		...(ssh.hostKeys ? {hostKeys: ssh.hostKeys} : {}),
		...(rig.knownHosts ? {knownHosts: rig.knownHosts} : {}),
	});
	const auth = await resolveCredential(ssh.credential, rig.credentials[ssh.credential]!, device.name, options.secrets);
	return SshTransport.connect({
		target: device.name, host: ssh.address, port: ssh.port, auth, hostKeys,
		...(options.connectTimeoutMs === undefined ? {} : {connectTimeoutMs: options.connectTimeoutMs}),
		...(options.commandTimeoutMs === undefined ? {} : {commandTimeoutMs: options.commandTimeoutMs}),
		...(options.keepaliveMs === undefined ? {} : {keepaliveMs: options.keepaliveMs}),
	});
};
