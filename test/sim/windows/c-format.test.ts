import test from 'ava';
import {fixed} from '../../../harness/sim/windows/c-format.js';

test('fixed pads and rounds like printf %.Nf', t => {
	t.is(fixed(120, 2), '120.00');
	t.is(fixed(22.679, 3), '22.679');
	t.is(fixed(0.69, 3), '0.690');
	t.is(fixed(451.4, 0), '451');
	t.is(fixed(99.98299, 6), '99.982990');
	t.is(fixed(238_132_991_823_872, 6), '238132991823872.000000');
});

test('exact ties go to even, as the UCRT has done since Windows 10 2004', t => {
	t.is(fixed(2.5, 0), '2');
	t.is(fixed(3.5, 0), '4');
	t.is(fixed(451.5, 0), '452');
	t.is(fixed(0.125, 2), '0.12');
	t.is(fixed(0.375, 2), '0.38');
	t.is(fixed(-2.5, 0), '-2');
	t.is(fixed(1.0625, 3), '1.062');
});

test('values that only look like ties round by their exact binary value', t => {
	// 1.005 is stored as 1.00499999999999989..., 0.0005 as 0.000500000000000000010...
	t.is(fixed(1.005, 2), '1.00');
	t.is(fixed(0.0005, 3), '0.001');
	t.is(fixed(2.675, 2), '2.67');
});

test('non-finite values are refused', t => {
	t.throws(() => fixed(Number.NaN, 2), {instanceOf: RangeError});
});
