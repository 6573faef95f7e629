// Plain decimals (`-?digits[.digits]`) read straight from ASCII bytes into exactly the double Number() gives for
// the same text. Number() on a string costs most of a gigabyte log's ingest time (logman writes up to 20 digits,
// `13.959073156484624434`), so the common cases are done here with exact float arithmetic:
// - up to 15 significant digits: one integer below 2^53 divided by an exact power of ten, one correct rounding;
// - up to 24 digits: the integer as a double-double (exact), divided by the power of ten in double-double
//   arithmetic (error below 2^-48 of an ulp), then rounded; a value that lands within 2^-30 ulp of a rounding
//   tie, or on a power of two, is handed to Number() on its text.
// The reasoning is Dekker's exact product and Knuth's exact sum (Shewchuk 1997, "Adaptive Precision
// Floating-Point Arithmetic"); test/counters/decimal.test.ts holds it to Number() on millions of values.

const quote = 0x22;
const minus = 0x2D;
const dot = 0x2E;

/** 10^0 .. 10^22: every one exactly a double. */
const powersOfTen = Array.from({length: 23}, (_, power) => 10 ** power);
/** Dekker's splitter for a 53-bit significand: 2^27 + 1. */
const splitter = 134_217_729;

const bits = new Float64Array(1);
const words = new Uint32Array(bits.buffer);
const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const high = littleEndian ? 1 : 0;
const low = littleEndian ? 0 : 1;
/** 2^(e - 1075) for a biased exponent e: the ulp of a normal double with that exponent, built by exact halving. */
const ulpOfExponent = (() => {
	const table = new Float64Array(2047);
	let value = 2 ** 971;
	for (let exponent = 2046; exponent >= 1; exponent--) {
		table[exponent] = value;
		value /= 2;
	}

	return table;
})();

export interface DecimalRead {
	value: number;
	/** Index of the byte that ended the number (the closing quote). */
	end: number;
}

/**
 * Reads `-?digits[.digits]` from `bytes` at `at` up to the next `"` before `limit`. Undefined when the text is anything else (an
 * exponent, a sign, a space, a second point, no digit, no closing quote): the caller reads such a field its slow
 * way. `into` is reused so that a gigabyte of fields allocates nothing.
 */
export const readPlainDecimal = (bytes: Buffer, at: number, limit: number, into: DecimalRead): DecimalRead | undefined => {
	const begin = at;
	const negative = at < limit && bytes[at] === minus;
	if (negative) {
		at++;
	}

	// Significant digits go to `head` (15 at most, below 2^53) then `tail` (9 more at most); leading zeros count
	// only for the scale.
	let head = 0;
	let headDigits = 0;
	let tail = 0;
	let tailDigits = 0;
	let digits = 0;
	let point = -1;
	let tooLong = false;
	for (;;) {
		if (at >= limit) {
			return undefined;
		}

		const byte = bytes[at]!;
		if (byte === quote) {
			break;
		}

		const digit = byte - 0x30;
		if (digit >= 0 && digit <= 9) {
			digits++;
			if (headDigits < 15) {
				head = (head * 10) + digit;
				if (head !== 0) {
					headDigits++;
				}
			} else if (tailDigits < 9) {
				tail = (tail * 10) + digit;
				tailDigits++;
			} else {
				tooLong = true;
			}
		} else if (byte === dot && point < 0) {
			point = digits;
		} else {
			return undefined;
		}

		at++;
	}

	if (digits === 0) {
		return undefined;
	}

	into.end = at;
	const scale = point < 0 ? 0 : digits - point;
	const magnitude = tooLong || scale >= powersOfTen.length ? Number.NaN
		: tailDigits === 0 ? head / powersOfTen[scale]!
		: exactQuotient(head, tail, tailDigits, scale);
	into.value = Number.isNaN(magnitude) ? Number(bytes.toString('latin1', begin, at)) : (negative ? -magnitude : magnitude);
	return into;
};

/** (head · 10^tailDigits + tail) / 10^scale rounded to nearest, or NaN when too close to call. */
const exactQuotient = (head: number, tail: number, tailDigits: number, scale: number): number => {
	// The integer exactly, as hi + lo: head · 10^k by Dekker's product, plus tail by Knuth's sum; both error terms
	// are integers below 2^27 (the integer is below 10^24 < 2^80), so their sum is exact.
	const power = powersOfTen[tailDigits]!;
	const product = head * power;
	const productError = exactProductError(head, power, product);
	const sum = product + tail;
	const virtualTail = sum - product;
	const error = ((product - (sum - virtualTail)) + (tail - virtualTail)) + productError;
	const hi = sum + error;
	const lo = error - (hi - sum);
	if (scale === 0) {
		return hi;
	}

	const divisor = powersOfTen[scale]!;
	const first = hi / divisor;
	const back = first * divisor;
	// hi - back is exact (Sterbenz: back is within a factor 2 of hi).
	const remainder = ((hi - back) - exactProductError(first, divisor, back)) + lo;
	const second = remainder / divisor;
	const rounded = first + second;
	const rest = second - (rounded - first);
	bits[0] = rounded;
	const upper = words[high]!;
	const exponent = (upper >>> 20) & 0x7FF;
	if (exponent === 0 || exponent === 0x7FF || (words[low] === 0 && (upper & 0xF_FFFF) === 0)) {
		// Subnormal, infinite, or a power of two (the ulp below it is half the ulp above).
		return Number.NaN;
	}

	const ulp = ulpOfExponent[exponent]!;
	return Math.abs(Math.abs(rest) - (ulp / 2)) <= ulp * 2 ** -30 ? Number.NaN : rounded;
};

/** a · b - product exactly, for product = fl(a · b) (Dekker: each factor split in two 26-bit halves). */
const exactProductError = (a: number, b: number, product: number): number => {
	const aBig = splitter * a;
	const aHi = aBig - (aBig - a);
	const aLo = a - aHi;
	const bBig = splitter * b;
	const bHi = bBig - (bBig - b);
	const bLo = b - bHi;
	return (((aHi * bHi) - product) + (aHi * bLo) + (aLo * bHi)) + (aLo * bLo);
};
