import test from 'ava';
import {cidrContains, cidrsOverlap, ipv4ToNumber, isIpv4, parseCidr} from '../../harness/rig/ip.js';

test('IPv4 addresses: dotted quads of 0–255 without leading zeros', t => {
	for (const good of ['10.71.1.11', '0.0.0.0', '255.255.255.255', '192.168.0.1']) {
		t.true(isIpv4(good), good);
	}

	for (const bad of ['10.71.1', '10.71.1.256', '10.071.1.1', '10.71.1.1/24', ' 10.71.1.1', 'fe80::1', '']) {
		t.false(isIpv4(bad), bad);
	}

	t.is(ipv4ToNumber('10.71.1.11'), (10 * 2 ** 24) + (71 * 2 ** 16) + (1 * 2 ** 8) + 11);
	t.is(ipv4ToNumber('255.255.255.255'), 0xFF_FF_FF_FF);
	t.throws(() => ipv4ToNumber('10.71.1'), {instanceOf: TypeError});
});

test('CIDR blocks parse only with a valid prefix and no host bits', t => {
	t.deepEqual(parseCidr('10.71.1.0/24'), {network: ipv4ToNumber('10.71.1.0'), prefix: 24});
	t.deepEqual(parseCidr('0.0.0.0/0'), {network: 0, prefix: 0});
	t.deepEqual(parseCidr('10.71.1.11/32'), {network: ipv4ToNumber('10.71.1.11'), prefix: 32});
	for (const bad of ['10.71.1.1/24', '10.71.1.0/33', '10.71.1.0', '10.71.1.0/24/1', '10.71.1.0/x', '10.71.1.0/024']) {
		t.is(parseCidr(bad), undefined, bad);
	}
});

test('containment and overlap', t => {
	const storageA = parseCidr('10.71.1.0/24')!;
	const storageB = parseCidr('10.71.2.0/24')!;
	t.true(cidrContains(storageA, '10.71.1.254'));
	t.false(cidrContains(storageA, '10.71.2.1'));
	t.true(cidrContains(parseCidr('0.0.0.0/0')!, '203.0.113.9'));
	t.false(cidrsOverlap(storageA, storageB));
	t.true(cidrsOverlap(parseCidr('10.71.0.0/16')!, storageB));
	t.true(cidrsOverlap(storageB, parseCidr('10.71.0.0/16')!));
});
