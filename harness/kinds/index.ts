// The registry of kinds: the one place that lists them. Everything else looks a kind up by the `kind` of its step.
import {HarnessError} from '../errors.js';
import type {CaptureKind, CaptureStepBase} from './capture-kind.js';
import {switchCounters} from './captures/switch-counters.js';
import {typeperf} from './captures/typeperf.js';
import type {FaultKind, FaultStepBase} from './fault-kind.js';
import type {WorkloadKind, WorkloadStepBase} from './workload-kind.js';
import {diskspd} from './workloads/diskspd.js';
import {nicDisable} from './faults/nic-disable.js';
import {portDown} from './faults/port-down.js';
import {rdmaDisable} from './faults/rdma-disable.js';

export const faultKinds: Readonly<Record<string, FaultKind<never>>> = Object.fromEntries([portDown, nicDisable, rdmaDisable].map(kind => [kind.kind, kind as unknown as FaultKind<never>]));

/** The kind of a fault step, with the step checked against its schema. */
export const faultKindOf = (step: FaultStepBase): {kind: FaultKind; step: FaultStepBase} => {
	const kind = faultKinds[step.kind] as FaultKind | undefined;
	if (kind === undefined) {
		throw new HarnessError('INTERNAL', `no fault kind "${step.kind}" (step ${step.id})`, {hint: `kinds: ${Object.keys(faultKinds).join(', ')}`});
	}

	const parsed = kind.step.safeParse(step);
	if (!parsed.success) {
		throw new HarnessError('INTERNAL', `fault step ${step.id} is not a valid ${step.kind} step: ${parsed.error.issues.map(issue => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`);
	}

	return {kind, step: parsed.data};
};

export const captureKinds: Readonly<Record<string, CaptureKind<never, never>>> = Object.fromEntries([typeperf, switchCounters].map(kind => [kind.kind, kind as unknown as CaptureKind<never, never>]));

/** The kind of a capture step, with the step checked against its schema. */
export const captureKindOf = (step: CaptureStepBase): {kind: CaptureKind; step: CaptureStepBase} => {
	const kind = captureKinds[step.kind] as CaptureKind | undefined;
	if (kind === undefined) {
		throw new HarnessError('INTERNAL', `no capture kind "${step.kind}"`, {hint: `kinds: ${Object.keys(captureKinds).join(', ')}`});
	}

	const parsed = kind.step.safeParse(step);
	if (!parsed.success) {
		throw new HarnessError('INTERNAL', `capture step is not a valid ${step.kind} step: ${parsed.error.issues.map(issue => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`);
	}

	return {kind, step: parsed.data};
};

export const workloadKinds: Readonly<Record<string, WorkloadKind<never>>> = Object.fromEntries([diskspd].map(kind => [kind.kind, kind as unknown as WorkloadKind<never>]));

/** The kind of a workload step, with the step checked against its schema. */
export const workloadKindOf = (step: WorkloadStepBase): {kind: WorkloadKind; step: WorkloadStepBase} => {
	const kind = workloadKinds[step.kind] as WorkloadKind | undefined;
	if (kind === undefined) {
		throw new HarnessError('INTERNAL', `no workload kind "${step.kind}" (step ${step.id})`, {hint: `kinds: ${Object.keys(workloadKinds).join(', ')}`});
	}

	const parsed = kind.step.safeParse(step);
	if (!parsed.success) {
		throw new HarnessError('INTERNAL', `workload step ${step.id} is not a valid ${step.kind} step: ${parsed.error.issues.map(issue => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`);
	}

	return {kind, step: parsed.data};
};
