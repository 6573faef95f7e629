import type {RigNode} from '../../rig/schema.js';
import type {Fabric} from '../fabric.js';
import type {ExecHandler} from '../ssh-server.js';
import type {NativeProgram} from '../windows/host.js';

export interface SimDevice {
	name: string;
	kind: 'node' | 'switch';
}

/** What a transport or node fault may do to the running simulated rig. */
export interface SimControl {
	fabric: Fabric;
	/** Drops every open SSH connection of a device; it keeps accepting new ones. */
	dropConnections(device: string): void;
}

/** Hooks for faults of the devices themselves rather than of the fabric's configuration. */
export interface SimHooks {
	/** Wraps the command handler of a device: delays, garbage, dropped connections. */
	exec?(device: SimDevice, handler: ExecHandler, control: SimControl): ExecHandler;
	/** Wraps a native program of a node (lower-case base name: typeperf, diskspd): hangs. */
	native?(node: RigNode, name: string, program: NativeProgram): NativeProgram;
	/** True when the device should serve a host key other than the one the rig pins. */
	changesHostKey?(device: string, fabric: Fabric): boolean;
}

export interface Misconfig {
	/** Stable: tests and users refer to it. */
	name: string;
	description: string;
	/** The `rdmalab validate` rule this misconfiguration, and only it, fails; absent for run-time faults. */
	rule?: string;
	/** Changes the fabric's state (configuration mistakes). */
	apply?(fabric: Fabric): void;
	/** Makes the devices misbehave (transport and node faults). */
	sim?: SimHooks;
}
