import test from 'ava';
import {HarnessError, formatError, isHarnessError, toHarnessError} from '../harness/errors.js';

test('formatError names the target and gives the hint', t => {
	const error = new HarnessError('HOST_KEY_MISMATCH', 'host key does not match the pinned key', {target: 'hv01', hint: 'check the rig file'});
	t.is(formatError(error), 'hv01: host key does not match the pinned key\n  hint: check the rig file');
});

test('toHarnessError keeps the original error as cause and passes HarnessErrors through', t => {
	const original = new Error('ECONNREFUSED');
	const wrapped = toHarnessError(original, 'SSH_CONNECT', {target: 'tor-a'});
	t.true(isHarnessError(wrapped));
	t.is(wrapped.code, 'SSH_CONNECT');
	t.is(wrapped.cause, original);
	t.is(toHarnessError(wrapped), wrapped);
	t.false(isHarnessError(original));
});
