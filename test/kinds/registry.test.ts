// The registry of fault kinds: each kind's schema takes its own steps only, and a step of a kind nobody registered is
// an error that lists the kinds there are.
import test from 'ava';
import type {FaultStepBase} from '../../harness/kinds/fault-kind.js';
import {faultKindOf, faultKinds} from '../../harness/kinds/index.js';
import type {HarnessError} from '../../harness/errors.js';

/** A valid step of every registered kind; a kind added without one here fails the first test. */
const samples: Record<string, FaultStepBase & Record<string, unknown>> = {
	'port-down': {kind: 'port-down', id: 'p', switch: 'tor-a', port: 'Ethernet1/1', cable: {node: 'hv01', rnic: 'SLOT 3 Port 1'}, atS: 10, restoreAtS: 20},
	'nic-disable': {kind: 'nic-disable', id: 'n', node: 'hv01', rnic: 'SLOT 3 Port 1', atS: 10, restoreAtS: 20},
	'rdma-disable': {kind: 'rdma-disable', id: 'r', node: 'hv01', rnics: ['SLOT 3 Port 1'], atS: 10, restoreAtS: 20},
	'cluster-node-drain': {kind: 'cluster-node-drain', id: 'd', node: 'sofs01', via: 'sofs02', group: 'sofs', witness: true, atS: 10, restoreAtS: 20},
	'cluster-node-stop': {kind: 'cluster-node-stop', id: 's', node: 'sofs01', via: 'sofs02', group: 'sofs', witness: true, atS: 10, restoreAtS: 20},
	'vm-live-migration': {kind: 'vm-live-migration', id: 'm', vm: 'rdmalab-vm-hv01', from: 'hv01', to: 'hv02', atS: 10, restoreAtS: 20},
};

/** Kinds that are variants of one fault (planned and unplanned) take the same fields. */
const sameFields = (a: Record<string, unknown>, b: Record<string, unknown>) => Object.keys(a).sort().join() === Object.keys(b).sort().join();

test('every registered kind has a sample step here, registered under its own name', t => {
	t.deepEqual(Object.keys(faultKinds).sort(), Object.keys(samples).sort());
	for (const [name, kind] of Object.entries(faultKinds)) {
		t.is(kind.kind, name);
	}
});

test('each kind\'s schema takes its own step and rejects every other kind\'s, even relabelled as its own', t => {
	for (const [name, kind] of Object.entries(faultKinds)) {
		t.true(kind.step.safeParse(samples[name]).success, `${name} takes its own step`);
		for (const [otherName, other] of Object.entries(samples).filter(([candidate]) => candidate !== name)) {
			t.false(kind.step.safeParse(other).success, `${name} rejects a ${otherName} step`);
			// The fields of another kind under this kind's name: still not a step of this kind, unless they are its own.
			if (!sameFields(other, samples[name]!)) {
				t.false(kind.step.safeParse({...other, kind: name}).success, `${name} rejects a ${otherName} step relabelled ${name}`);
			}
		}
	}
});

test('faultKindOf returns the step checked against its kind\'s schema; a step that does not fit is an error naming the fields', t => {
	const {kind, step} = faultKindOf(samples['nic-disable']!);
	t.is(kind.kind, 'nic-disable');
	t.deepEqual(step, samples['nic-disable']);
	const error = t.throws(() => faultKindOf({...samples['port-down']!, kind: 'nic-disable'}));
	t.is((error as HarnessError).code, 'INTERNAL');
	t.regex(error!.message, /^fault step p is not a valid nic-disable step: .*node: /);
});

test('faultKindOf on a kind nobody registered throws, naming the step and every registered kind', t => {
	const error = t.throws(() => faultKindOf({kind: 'node-stop', id: 'x', atS: 0, restoreAtS: 1}));
	t.is((error as HarnessError).code, 'INTERNAL');
	t.is(error!.message, 'no fault kind "node-stop" (step x)');
	t.is((error as HarnessError).hint, `kinds: ${Object.keys(faultKinds).join(', ')}`);
	for (const name of Object.keys(samples)) {
		t.true((error as HarnessError).hint!.includes(name));
	}
});
