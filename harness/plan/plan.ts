// A plan: everything a suite will do to a rig, with its time offset and target, computed before any device is
// touched. The runner executes plans; `rdmalab plan` prints them.
import type {CaptureStepBase} from '../kinds/capture-kind.js';
import type {FaultStepBase} from '../kinds/fault-kind.js';
import {captureKindOf, faultKindOf, workloadKindOf} from '../kinds/index.js';
import type {DiskspdParams} from '../workloads/diskspd/args.js';
import type {NtttcpParams} from '../workloads/ntttcp/args.js';

/** typeperf on a node, sampling counters for the whole run. */
export interface CaptureStep {
	kind: 'typeperf';
	node: string;
	/** Counter paths without the machine, e.g. `\RDMA Activity(<desc>)\RDMA Inbound Bytes/sec`. */
	counters: string[];
	intervalS: number;
	/** Sample count; typeperf exits after it. */
	samples: number;
}

/** A capture of any registered kind (harness/kinds/captures/): its kind's schema says the rest of its fields. */
export type AnyCaptureStep = CaptureStepBase & Record<string, unknown>;

/** diskspd on a node (harness/kinds/workloads/diskspd.ts). */
export interface DiskspdStep {
	kind: 'diskspd';
	id: string;
	node: string;
	/** Offset of the launch from the timeline origin, s. */
	atS: number;
	params: DiskspdParams;
}

/** ntttcp from a sender node to a receiver node (harness/kinds/workloads/ntttcp.ts). */
export interface NtttcpStep {
	kind: 'ntttcp';
	id: string;
	/** The sender. */
	node: string;
	receiver: string;
	/** Offset of the start of both sides from the timeline origin, s. */
	atS: number;
	params: NtttcpParams;
}

/** A workload of any registered kind (harness/kinds/workloads/). */
export type WorkloadStep = DiskspdStep | NtttcpStep;

export const isDiskspdStep = (step: WorkloadStep): step is DiskspdStep => step.kind === 'diskspd';

/** A fault of any registered kind (harness/kinds/): its kind's schema says the rest of its fields. */
export type FaultStep = FaultStepBase & Record<string, unknown>;

export interface Plan {
	suite: string;
	rig: string;
	/** Planned length of the timeline, s. */
	durationS: number;
	/** Largest start skew, ms, of workloads planned to start together; more is an infrastructure error (default 200). */
	startSkewBoundMs?: number;
	captures: AnyCaptureStep[];
	workloads: WorkloadStep[];
	faults: FaultStep[];
	/**
	 * Named stretches of the timeline (`baseline`, `fault`, `recovery`, `phase-a` …), as planned: verdicts and charts
	 * refer to phases by name. The times a fault really went in and came out are in the run's fault records.
	 */
	windows?: Array<{name: string; fromS: number; toS: number}>;
	/** Assumptions worth showing to the operator. */
	notes: string[];
	/** The suite means to take every storage path of a node down at once; the interlock allows it only then. */
	allowAllPathsDown?: boolean;
}

/** Every node and switch the plan touches, as each step's kind says. */
export const planTargets = (plan: Plan): {nodes: string[]; switches: string[]} => {
	const devices = [
		...plan.captures.map(step => {
			const {kind, step: parsed} = captureKindOf(step);
			return kind.devices(parsed);
		}),
		...plan.workloads.map(step => {
			const {kind, step: parsed} = workloadKindOf(step);
			return {nodes: kind.nodes(parsed), switches: []};
		}),
		...plan.faults.map(step => {
			const {kind, step: parsed} = faultKindOf(step);
			const device = kind.device(parsed);
			return device.type === 'node' ? {nodes: [device.name], switches: []} : {nodes: [], switches: [device.name]};
		}),
	];
	return {nodes: [...new Set(devices.flatMap(entry => entry.nodes))], switches: [...new Set(devices.flatMap(entry => entry.switches))]};
};
