import test from 'ava';
import type {WorkloadStep} from '../../harness/plan/plan.js';
import {armWorkloads, type Armed} from '../../harness/run/armed-start.js';
import {diskspdParamsSchema} from '../../harness/workloads/diskspd/args.js';

const step = (id: string, node: string): WorkloadStep => ({
	kind: 'diskspd', id, node, atS: 0, params: diskspdParamsSchema.parse({durationS: 5, targets: [{path: 'x', size: '1M'}]}),
});

const launched = () => {
	const armed = new Map<string, Armed>();
	return {armed, launch: (workload: WorkloadStep, gate: Armed) => armed.set(workload.id, gate)};
};

test('ready resolves once every node has armed, and each gate opens only on its release', async t => {
	const {armed, launch} = launched();
	const workloads = armWorkloads([step('a', 'hv01'), step('b', 'hv02')], launch);
	const opened: string[] = [];
	for (const [id, gate] of armed) {
		void gate.gate.then(() => opened.push(id));
	}

	armed.get('a')!.onArmed();
	armed.get('b')!.onArmed();
	await workloads.ready(1000, new AbortController().signal);
	workloads.release('b');
	await Promise.resolve();
	t.deepEqual(opened, ['b']);
	workloads.release('a');
	await Promise.resolve();
	t.deepEqual(opened, ['b', 'a']);
});

test('a node that does not arm in time is named: diskspd never started there', async t => {
	const {armed, launch} = launched();
	const workloads = armWorkloads([step('a', 'hv01'), step('b', 'hv02'), step('c', 'hv03')], launch);
	armed.get('b')!.onArmed();
	const error = await t.throwsAsync(workloads.ready(50, new AbortController().signal));
	t.is(error?.message, 'diskspd never started on hv01, hv03: they were not ready to start within 0.05 s');
});

test('no workloads: ready at once', async t => {
	await t.notThrowsAsync(armWorkloads([], () => undefined).ready(10, new AbortController().signal));
});
