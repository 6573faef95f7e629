// Armed start of the workloads: every node is sent its workload's command before the timeline starts and waits,
// armed, for a release; at its planned instant the runner releases it by closing its stdin. Starting a remote
// PowerShell costs from tens to hundreds of ms and varies per node; armed, all that is left between the release
// and the start is one SSH packet, so workloads planned together start together.
import {HarnessError} from '../errors.js';
import type {WorkloadStep} from '../plan/plan.js';
import {sleep} from './clock.js';

export interface Armed {
	gate: Promise<void>;
	onArmed: () => void;
}

export interface ArmedWorkloads {
	/** Starts a step's workload now. */
	release(stepId: string): void;
	/** Resolves once every node has armed; rejects naming the nodes that did not within the deadline. */
	ready(deadlineMs: number, signal: AbortSignal): Promise<void>;
}

export const armWorkloads = (steps: readonly WorkloadStep[], launch: (step: WorkloadStep, armed: Armed) => void): ArmedWorkloads => {
	const releases = new Map<string, () => void>();
	const pending = new Map(steps.map(step => [step.id, step]));
	let allArmed!: () => void;
	const armedPromise = new Promise<void>(resolve => {
		allArmed = resolve;
	});
	if (pending.size === 0) {
		allArmed();
	}

	for (const step of steps) {
		const gate = new Promise<void>(resolve => {
			releases.set(step.id, resolve);
		});
		launch(step, {
			gate,
			onArmed() {
				pending.delete(step.id);
				if (pending.size === 0) {
					allArmed();
				}
			},
		});
	}

	return {
		release(stepId) {
			releases.get(stepId)?.();
		},
		async ready(deadlineMs, signal) {
			await Promise.race([
				armedPromise,
				sleep(deadlineMs, signal).then(() => {
					const nodes = [...new Set([...pending.values()].map(step => step.node))];
					const tools = [...new Set([...pending.values()].map(step => step.kind))].join(' and ');
					throw new HarnessError('WORKLOAD_FAILED', `${tools} never started on ${nodes.join(', ')}: ${nodes.length === 1 ? 'it was' : 'they were'} not ready to start within ${deadlineMs / 1000} s`, {
						target: nodes[0]!, hint: 'check that PowerShell starts on the node and that it is not overloaded',
					});
				}),
			]);
		},
	};
};
