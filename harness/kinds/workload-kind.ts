// A kind of workload says everything about itself: the schema of its step, the commands it sends (for `rdmalab
// plan`), and its lifecycle: prepare (untimed, e.g. write the target files), then run, launched armed so that every
// workload planned for one instant starts together when the runner releases them. The runner and the plan report go
// through this interface and never name a concrete kind.
import type {z} from 'zod';
import type {PlanCommand} from '../plan/command.js';
import type {Rig} from '../rig/schema.js';
import type {Armed} from '../run/armed-start.js';
import type {RunRecorder} from '../run/recorder.js';
import type {WorkloadRun} from '../run/run-data.js';
import type {ClockReading, WindowsNode} from '../targets/windows-node.js';
import type {FaultDevices} from './fault-kind.js';

export interface WorkloadStepBase {
	kind: string;
	/** Unique in the plan: the armed start releases by it, verdicts find results by it. */
	id: string;
	node: string;
	/** Offset of the start from the timeline origin, s. */
	atS: number;
}

export interface PlanLine {
	target: string;
	action: string;
	command?: PlanCommand;
}

export interface WorkloadRunContext {
	node: WindowsNode;
	/** The run's other connections, for a workload with a second side (ntttcp's receiver). */
	devices: FaultDevices;
	clock: ClockReading;
	recorder: RunRecorder;
	signal: AbortSignal;
	now: () => number;
}

export interface WorkloadKind<S extends WorkloadStepBase = WorkloadStepBase> {
	readonly kind: string;
	readonly step: z.ZodType<S>;
	/** Every node the workload runs on, its own `node` first. */
	nodes(step: S): string[];
	/** Setup lines of the plan (before the timeline), then the line of its start. */
	planSetup(step: S, rig: Rig): PlanLine[];
	planStart(step: S, rig: Rig): PlanLine;
	prepare(context: WorkloadRunContext, step: S): Promise<void>;
	/** Runs it to the end; `armed` holds it until the runner releases it. Rejects when it could not run. */
	run(context: WorkloadRunContext, step: S, armed: Armed): Promise<WorkloadRun>;
	/** For the report's facts: the tool and its version as the run's result says, and what it did. */
	describeRun(run: WorkloadRun): {tool: string; version?: string; what: string};
}

export const defineWorkloadKind = <S extends WorkloadStepBase>(kind: WorkloadKind<S>): WorkloadKind<S> => kind;
