// Starts the simulated rig for a rig file marked `simulated: true`: one SSH server per node and switch on
// 127.0.0.1, a fresh host key each, a fresh client key, and the fabric model behind them. It returns the rig as
// the harness should see it: real-looking endpoints with pinned host keys and a key-file credential. From there
// on nothing in the harness can tell it from a physical rig.
import {mkdtemp, readdir, readFile, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import ssh2 from 'ssh2';
import {HarnessError} from '../errors.js';
import {fromZod, RigFileError} from '../rig/load.js';
import type {Rig} from '../rig/schema.js';
import {simConfigSchema} from './config.js';
import {simCluster} from './cluster.js';
import {Fabric} from './fabric.js';
import {simLiveMigration} from './live-migration.js';
import {findMisconfigs} from './misconfigs/index.js';
import type {SimControl, SimDevice, SimHooks} from './misconfigs/types.js';
import {startDeviceServer, type CommandRecord, type DeviceServer, type ExecHandler} from './ssh-server.js';
import {eosHandler} from './switches/eos.js';
import {nvueHandler} from './switches/nvue.js';
import {nxosHandler} from './switches/nxos.js';
import {os10Handler} from './switches/os10.js';
import {onyxHandler} from './switches/onyx.js';
import {sonicHandler} from './switches/sonic.js';
import {trafficOf} from './traffic.js';
import {advanceRdmaErrorCounts} from './transport-cost.js';
import {windowsHandler, type NativeProgram} from './windows/host.js';
import {natives} from './windows/natives.js';

export interface SimulatorOptions {
	/** Names from `rdmalab sim --list-misconfigs`. */
	misconfigs?: readonly string[];
	/** The rig file, for error messages. */
	file?: string;
	/** Called for every command a device receives. */
	onCommand?: (record: CommandRecord) => void;
	/** Device misbehaviour beyond the named misconfigurations (tests that corrupt output by the thousand). */
	hooks?: SimHooks[];
}

export interface SimulatedRig {
	/** The rig as the harness sees it: 127.0.0.1 endpoints, pinned host keys, the simulator's client key. */
	rig: Rig;
	fabric: Fabric;
	servers: DeviceServer[];
	/** Every command received so far, in order. */
	commands: CommandRecord[];
	/** Private key file the rig's credential points at. */
	keyFile: string;
	stop(): Promise<void>;
}

const switchHandlers: Record<string, (device: string, fabric: Fabric) => ExecHandler> = {
	nxos: nxosHandler,
	eos: eosHandler,
	sonic: sonicHandler,
	nvue: nvueHandler,
	os10: os10Handler,
	onyx: onyxHandler,
};

export const startSimulator = async (rig: Rig, options: SimulatorOptions = {}): Promise<SimulatedRig> => {
	const file = options.file ?? rig.name;
	const parsed = simConfigSchema.safeParse(rig.simulation ?? {}, {reportInput: true});
	if (!parsed.success) {
		throw new RigFileError(file, parsed.error.issues.flatMap(fromZod).map(issue => ({...issue, file, path: ['simulation', ...issue.path]})));
	}

	for (const device of rig.switches) {
		if (switchHandlers[device.vendor] === undefined) {
			throw new HarnessError('USAGE', `the simulator does not emulate ${device.vendor} switches (switch ${device.name})`, {
				target: file, hint: `simulated switches can be: ${Object.keys(switchHandlers).join(', ')}`,
			});
		}
	}

	const fabric = new Fabric(rig, parsed.data);
	// The switches hold back what they cannot forward, from the first instant.
	trafficOf(fabric);
	const chosen = findMisconfigs(options.misconfigs ?? []);
	for (const misconfig of chosen) {
		misconfig.apply?.(fabric);
	}

	// The cluster and the live migrations drive the SMB sessions and links from here on.
	simCluster(fabric);
	simLiveMigration(fabric);
	const errorCounting = setInterval(() => advanceRdmaErrorCounts(fabric, fabric.now()), 1000).unref();

	const hooks = [...chosen.flatMap(misconfig => (misconfig.sim ? [misconfig.sim] : [])), ...options.hooks ?? []];
	const servers: DeviceServer[] = [];
	const control: SimControl = {
		fabric,
		dropConnections(device) {
			servers.find(server => server.device === device)?.dropConnections();
		},
	};
	const wrapExec = (device: SimDevice, exec: ExecHandler) => hooks.reduce((handler, hook) => hook.exec?.(device, handler, control) ?? handler, exec);
	const nodePrograms = (node: Rig['nodes'][number]) => new Map([...programs].map(([name, program]) => [name, hooks.reduce((wrapped, hook) => hook.native?.(node, name, wrapped) ?? wrapped, program)]));

	await removeStaleKeyFolders();
	const directory = await mkdtemp(path.join(tmpdir(), keyFolderPrefix));
	await writeFile(path.join(directory, ownerFile), String(process.pid));
	const clientKey = generateKeyPair();
	const keyFile = path.join(directory, 'client_ed25519');
	await writeFile(keyFile, clientKey.private, {mode: 0o600});
	const parsedClientKey = ssh2.utils.parseKey(clientKey.public) as ssh2.ParsedKey;

	const commands: CommandRecord[] = [];
	const record = (entry: CommandRecord) => {
		commands.push(entry);
		options.onCommand?.(entry);
	};

	const programs = new Map<string, NativeProgram>(Object.entries(natives));
	const devices = [
		...rig.nodes.map(node => ({name: node.name, exec: wrapExec({name: node.name, kind: 'node'}, windowsHandler(node, fabric, nodePrograms(node)))})),
		...rig.switches.map(device => ({name: device.name, exec: wrapExec({name: device.name, kind: 'switch'}, switchHandlers[device.vendor]!(device.name, fabric))})),
	];
	const hostKeys = new Map<string, string>();
	const passwordEnv = parsed.data.passwordEnv;
	const password = passwordEnv === undefined ? undefined : process.env[passwordEnv] || undefined;
	try {
		for (const device of devices) {
			const hostKey = generateKeyPair();
			hostKeys.set(device.name, hostKey.public);
			// A changed host key: the device serves another key than the one the rig is given to pin.
			const served = hooks.some(hook => hook.changesHostKey?.(device.name, fabric)) ? generateKeyPair() : hostKey;
			servers.push(await startDeviceServer({device: device.name, hostKey: served.private, clientKey: parsedClientKey, exec: device.exec, record, ...(password === undefined ? {} : {password})}));
		}
	} catch (error) {
		clearInterval(errorCounting);
		await Promise.all(servers.map(async server => server.close()));
		await rm(directory, {recursive: true, force: true});
		throw error;
	}

	const endpoint = (name: string) => ({
		address: '127.0.0.1',
		port: servers.find(server => server.device === name)!.port,
		credential: 'simulator',
		hostKeys: [hostKeys.get(name)!],
	});
	const resolved: Rig = {
		...structuredClone(rig),
		simulated: false,
		credentials: {simulator: {user: 'rdmalab', auth: {type: 'key-file', path: keyFile}}},
		nodes: rig.nodes.map(node => ({...structuredClone(node), ssh: endpoint(node.name)})),
		switches: rig.switches.map(device => ({...structuredClone(device), ssh: endpoint(device.name)})),
	};
	delete resolved.simulation;
	delete resolved.knownHosts;

	return {
		rig: resolved,
		fabric,
		servers,
		commands,
		keyFile,
		async stop() {
			clearInterval(errorCounting);
			await Promise.all(servers.map(async server => server.close()));
			await rm(directory, {recursive: true, force: true});
		},
	};
};

const keyFolderPrefix = 'rdmalab-sim-';
const ownerFile = 'owner.pid';

/**
 * A simulator killed with -9 cannot remove its key folder; the next one does, for every folder whose owner process
 * is gone. A folder without an owner file is left alone: it may be another simulator's, still being created.
 */
const removeStaleKeyFolders = async (): Promise<void> => {
	const folders = (await readdir(tmpdir()).catch(() => [] as string[])).filter(name => name.startsWith(keyFolderPrefix));
	await Promise.all(folders.map(async name => {
		const folder = path.join(tmpdir(), name);
		const owner = Number(await readFile(path.join(folder, ownerFile), 'utf8').catch(() => ''));
		if (Number.isInteger(owner) && owner > 0 && !processAlive(owner)) {
			await rm(folder, {recursive: true, force: true}).catch(() => undefined);
		}
	}));
};

const processAlive = (pid: number): boolean => {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		// EPERM: alive, but another user's.
		return (error as NodeJS.ErrnoException).code === 'EPERM';
	}
};

/**
 * ssh2 strips leading zero bytes from a generated ed25519 public key, so about one key in 256 cannot be
 * parsed back (mscdex/ssh2#1390, #1513). Draw again until both halves parse.
 */
function generateKeyPair(): {private: string; public: string} {
	for (;;) {
		const pair = ssh2.utils.generateKeyPairSync('ed25519');
		if (!(ssh2.utils.parseKey(pair.private) instanceof Error) && !(ssh2.utils.parseKey(pair.public) instanceof Error)) {
			return pair;
		}
	}
}
