// Number formatting the way the Windows C runtime's printf("%.Nf") does it, for writers that must match
// tool output byte for byte.

/**
 * `printf("%.<digits>f", value)`: rounds the exact binary value, and since Windows 10 2004 the UCRT breaks
 * exact ties to even (2.5 → "2", 0.125 → "0.12"), where `toFixed` always rounds them up.
 */
export function fixed(value: number, digits: number): string {
	if (!Number.isFinite(value)) {
		throw new RangeError(`cannot format ${value} with %.${digits}f`);
	}

	const text = value.toFixed(digits);
	const scaled = Math.abs(value) * 10 ** digits;
	if (scaled - Math.floor(scaled) !== 0.5) {
		return text;
	}

	// The product can round to .5 without the value being a tie, so confirm from the exact expansion.
	const exact = value.toFixed(100);
	const tail = exact.slice(exact.indexOf('.') + 1 + digits);
	if (!/^50*$/.test(tail)) {
		return text;
	}

	const truncated = value.toFixed(digits + 1).slice(0, -1).replace(/\.$/, '');
	const lastDigit = Number(truncated.at(-1));
	return lastDigit % 2 === 0 ? truncated : text;
}
