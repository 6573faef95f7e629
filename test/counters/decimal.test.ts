import test from 'ava';
import {readPlainDecimal, type DecimalRead} from '../../harness/counters/decimal.js';

const read = (text: string): number | undefined => {
	const bytes = Buffer.from(`${text}"`);
	const into: DecimalRead = {value: 0, end: 0};
	const result = readPlainDecimal(bytes, 0, bytes.length, into);
	return result === undefined ? undefined : result.end === text.length ? result.value : Number.NaN;
};

// A deterministic generator (xorshift32): the same values on every run.
const random = (seed: number) => () => {
	seed ^= seed << 13;
	seed ^= seed >>> 17;
	seed ^= seed << 5;
	return (seed >>> 0) / 2 ** 32;
};

const digitsOf = (next: () => number, count: number) => Array.from({length: count}, () => Math.floor(next() * 10)).join('');

test('1 to 26 digits with the point anywhere read to exactly the double Number() gives', t => {
	const next = random(0x9E37_79B9);
	let checked = 0;
	for (let i = 0; i < 400_000; i++) {
		const count = 1 + Math.floor(next() * 26);
		const digits = digitsOf(next, count);
		const point = Math.floor(next() * (count + 1));
		const text = `${next() < 0.1 ? '-' : ''}${point === count ? digits : `${digits.slice(0, point)}.${digits.slice(point)}`}`;
		const value = read(text);
		if (!Object.is(value, Number(text))) {
			t.fail(`${text}: ${String(value)}, Number() gives ${Number(text)}`);
			return;
		}

		checked++;
	}

	t.is(checked, 400_000);
});

test('the shapes PDH writes: logman\'s 20 digits, typeperf\'s six decimals, big counts, zeros', t => {
	for (const text of ['13.959073156484624434', '52.460837673007368664', '0.032083023520161361', '0.0019876778911682054',
		'99.999999999999990000', '99.982990', '3332.000000', '7638', '238132991823872', '238133020971008', '0', '0.000000',
		'-0', '-0.0', '-12.5', '00012.50', '5.', '.5', '123456789012345678901234', '1234567890123456789012345678']) {
		t.is(read(text), Number(text), text);
	}

	t.true(Object.is(read('-0'), -0));
});

test('halfway cases round to even, as Number() does', t => {
	// 2^53 + 1 lies halfway between 2^53 and 2^53 + 2; so do the others between their neighbours.
	for (const text of ['9007199254740993', '9007199254740995', '18014398509481989', '18014398509481990', '9007199254740993.0',
		'900719925474099.3', '0.9007199254740993', '123456789012345678.5', '4503599627370496.5', '4503599627370497.5']) {
		t.is(read(text), Number(text), text);
	}
});

test('exact ties and their nearest neighbours with up to 24 digits read as Number() reads them', t => {
	// Between 2^(52-e) and 2^(53-e) doubles are 2^-e apart: the midpoint of m·2^-e and the next is (2m+1)·5^(e+1)
	// / 10^(e+1), 17 + e digits. The decimals one unit in the last place either side are the hardest non-ties.
	const next = random(0x85EB_CA6B);
	let checked = 0;
	for (let e = 0; e <= 7; e++) {
		for (let i = 0; i < 3000; i++) {
			const m = (2n ** 52n) + BigInt(Math.floor(next() * 2 ** 26)) * (2n ** 26n) + BigInt(Math.floor(next() * 2 ** 26));
			const scaled = (2n * m + 1n) * (5n ** BigInt(e + 1));
			for (const units of [scaled - 1n, scaled, scaled + 1n]) {
				const text = units.toString().replace(new RegExp(`(\\d{${e + 1}})$`), '.$1');
				t.is(read(text), Number(text), text);
				checked++;
			}
		}
	}

	t.is(checked, 8 * 3000 * 3);
});

test('anything but a plain decimal is left to the slow path', t => {
	for (const text of ['', '-', '.', '-.', '1e5', '+1', ' 1', '1 ', '1.2.3', '1,5', '0x10', 'Infinity', 'NaN', '1-2']) {
		t.is(read(text), undefined, JSON.stringify(text));
	}

	// No closing quote before the limit.
	t.is(readPlainDecimal(Buffer.from('12345'), 0, 5, {value: 0, end: 0}), undefined);
});
