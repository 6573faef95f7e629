// The registry of kinds: the one place that lists them. Everything else looks a kind up by the `kind` of its step.
import {HarnessError} from '../errors.js';
import type {CaptureKind, CaptureStepBase} from './capture-kind.js';
import {clusterState} from './captures/cluster-state.js';
import {hostState} from './captures/host-state.js';
import {switchCounters} from './captures/switch-counters.js';
import {typeperf} from './captures/typeperf.js';
import type {FaultKind, FaultStepBase} from './fault-kind.js';
import type {WorkloadKind, WorkloadStepBase} from './workload-kind.js';
import {diskspd} from './workloads/diskspd.js';
import {ntttcp} from './workloads/ntttcp.js';
import {clusterNodeDrain, clusterNodeStop} from './faults/cluster-node.js';
import {nicDisable} from './faults/nic-disable.js';
import {portDown} from './faults/port-down.js';
import {rdmaDisable} from './faults/rdma-disable.js';
import {vmLiveMigration} from './faults/vm-live-migration.js';

type Registry<K> = Readonly<Record<string, K>>;

const registry = <K extends {kind: string}>(kinds: readonly K[]): Registry<K> => Object.fromEntries(kinds.map(kind => [kind.kind, kind]));

/** Looks a step's kind up and checks the step against the kind's schema. */
const lookup = <K extends {step: {safeParse(value: unknown): {success: true; data: S} | {success: false; error: {issues: Array<{path: PropertyKey[]; message: string}>}}}}, S extends {kind: string; id?: string}>(what: string, kinds: Registry<K>, step: S): {kind: K; step: S} => {
	const where = step.id === undefined ? '' : ` (step ${step.id})`;
	const kind = kinds[step.kind];
	if (kind === undefined) {
		throw new HarnessError('INTERNAL', `no ${what} kind "${step.kind}"${where}`, {hint: `kinds: ${Object.keys(kinds).join(', ')}`});
	}

	const parsed = kind.step.safeParse(step);
	if (!parsed.success) {
		throw new HarnessError('INTERNAL', `${what} step${step.id === undefined ? '' : ` ${step.id}`} is not a valid ${step.kind} step: ${parsed.error.issues.map(issue => `${issue.path.map(String).join('.')}: ${issue.message}`).join('; ')}`);
	}

	return {kind, step: parsed.data};
};

export const faultKinds = registry([portDown, nicDisable, rdmaDisable, clusterNodeDrain, clusterNodeStop, vmLiveMigration] as unknown as FaultKind[]);
export const captureKinds = registry([typeperf, switchCounters, clusterState, hostState] as unknown as CaptureKind[]);
export const workloadKinds = registry([diskspd, ntttcp] as unknown as WorkloadKind[]);

/** The kind of a fault step, with the step checked against its schema. */
export const faultKindOf = (step: FaultStepBase): {kind: FaultKind; step: FaultStepBase} => lookup('fault', faultKinds, step);

/** The kind of a capture step, with the step checked against its schema. */
export const captureKindOf = (step: CaptureStepBase): {kind: CaptureKind; step: CaptureStepBase} => lookup('capture', captureKinds, step);

/** The kind of a workload step, with the step checked against its schema. */
export const workloadKindOf = (step: WorkloadStepBase): {kind: WorkloadKind; step: WorkloadStepBase} => lookup('workload', workloadKinds, step);
