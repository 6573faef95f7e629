// A kind of fault says everything about itself: the schema of its step, what it does to the rig (for the
// interlocks and the blast radius), the exact commands (for `rdmalab plan`), and its lifecycle: inject, restore
// (idempotent) and a read-back of its state that confirms both. The runner, the journal, `rdmalab restore`, the
// interlocks and the plan report go through this interface and never name a concrete kind.
import type {z} from 'zod';
import type {PlanCommand} from '../plan/command.js';
import type {Rig} from '../rig/schema.js';
import type {SwitchDriver} from '../targets/switch.js';
import type {WindowsNode} from '../targets/windows-node.js';

/** What every fault step has; each kind adds its own fields. */
export interface FaultStepBase {
	kind: string;
	id: string;
	/** Offset of the injection from the timeline origin, s. */
	atS: number;
	/** Offset of the restore, s. */
	restoreAtS: number;
}

export interface RnicRef {
	node: string;
	rnic: string;
}

/** What a fault does to the rig while it is in place. */
export interface FaultEffect {
	/** rNICs that lose their link: their storage path is down. */
	pathsDown: RnicRef[];
	/** rNICs that keep their link but lose RDMA: SMB runs over TCP there. */
	rdmaOff: RnicRef[];
	/** Nodes that leave the cluster. */
	nodesOut: string[];
}

export const noEffect = (): FaultEffect => ({pathsDown: [], rdmaOff: [], nodesOut: []});

/** The device a fault's commands go to. */
export interface FaultDevice {
	type: 'switch' | 'node';
	name: string;
}

/** Connections to the rig's devices, opened by whoever runs the fault (the runner, or `rdmalab restore`). */
export interface FaultDevices {
	switchDriver(name: string): Promise<SwitchDriver>;
	windowsNode(name: string): Promise<WindowsNode>;
}

/** A fault's state read back from the device: in place, cleared (the rig as it should be), or neither yet. */
export interface FaultReading {
	state: 'faulted' | 'clear' | 'between';
	/** What was read, for people: `admin down, link down`, `Status Disabled`. */
	detail: string;
}

export interface FaultKind<S extends FaultStepBase = FaultStepBase> {
	readonly kind: string;
	/** Schema of the step: the plan's, the journal's and the run record's. */
	readonly step: z.ZodType<S>;
	/**
	 * Words for the log and the plan: what is done (`shut`, `no shut`), what is then the case (`port shut`, `link back
	 * up`), and the undo the teardown holds (`no shutdown on`).
	 */
	readonly verbs: {inject: string; restore: string; injected: string; restored: string; undo: string};
	/** How long the read-back may take to show the fault, and the restore. */
	readonly confirmWithinMs: {inject: number; restore: number};
	/**
	 * What to do with a fault read back already in place before it is injected. `refuse` (the default) stops the run:
	 * the rig is not in the state the suite starts from. `leave` leaves it as found, neither injected nor restored,
	 * for a fault whose undo would change what the operator set (RDMA found off on an rNIC stays off): the suite gets
	 * the state it planned, and the rig is left as it was.
	 */
	readonly foundInPlace?: 'refuse' | 'leave';
	/** `tor-a Ethernet1/1 (hv01 SLOT 3 Port 1)`. */
	describe(step: S): string;
	/** The plan's words for the two steps, on the device's line: `shut Ethernet1/1 (pulls hv01 SLOT 3 Port 1)`. */
	planText(step: S): {inject: string; restore: string};
	device(step: S): FaultDevice;
	effect(step: S, rig: Rig): FaultEffect;
	/** Why the harness refuses this fault on this rig on its own (a target outside the rig file, the management path). */
	refusals(step: S, rig: Rig): Array<{rule: 'unknown-target' | 'management-path'; message: string}>;
	/** The exact commands, for `rdmalab plan`: built by the same code that sends them. */
	commands(step: S, rig: Rig): {inject: PlanCommand; restore: PlanCommand};
	inject(devices: FaultDevices, step: S, signal?: AbortSignal): Promise<void>;
	/** Idempotent: restoring what is already restored is harmless. */
	restore(devices: FaultDevices, step: S, signal?: AbortSignal): Promise<void>;
	readBack(devices: FaultDevices, step: S, signal?: AbortSignal): Promise<FaultReading>;
}

export const defineFaultKind = <S extends FaultStepBase>(kind: FaultKind<S>): FaultKind<S> => kind;
