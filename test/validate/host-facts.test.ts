import test from 'ava';
import {flowControlPriorities, inCidr, sameSet} from '../../harness/validate/host-facts.js';

test('OperationalFlowControl text reads as the priorities it names', t => {
	t.deepEqual(flowControlPriorities('All Priorities Disabled'), []);
	t.deepEqual(flowControlPriorities(null), []);
	t.deepEqual(flowControlPriorities('Priority 3 Enabled'), [3]);
	t.deepEqual(flowControlPriorities('Priorities 3,5-6 Enabled'), [3, 5, 6]);
});

test('set comparison ignores order, not members', t => {
	t.true(sameSet([3, 4], [4, 3]));
	t.false(sameSet([3], [3, 4]));
});

test('addresses are placed in CIDR blocks; anything else is outside', t => {
	t.true(inCidr('10.71.1.0/24', '10.71.1.11'));
	t.false(inCidr('10.71.1.0/24', '10.71.2.11'));
	t.false(inCidr('10.71.1.0/24', 'fe80::1'));
	t.false(inCidr('not a cidr', '10.71.1.11'));
});
