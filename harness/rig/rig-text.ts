// A rig file's bytes → its text. A rig file is UTF-8 YAML; what is not (UTF-16 as PowerShell 5.1's `>` and Notepad
// write it, a legacy code page, a binary picked by mistake) is named here with the offending bytes, before the YAML
// parser turns it into a puzzling syntax error or reads garbage as keys.

/** Far more than the largest real rig (a few hundred nodes take well under 1 MiB); bounds every later step. */
export const maxRigFileBytes = 1024 * 1024;

export interface TextProblem {
	line: number;
	column: number;
	message: string;
	received: string;
}

export type RigText = {text: string; problem?: undefined} | {text?: undefined; problem: TextProblem};

const hex = (byte: number) => `0x${byte.toString(16).toUpperCase().padStart(2, '0')}`;

const byteOrderMarks: Array<{bytes: number[]; encoding: string; detail: string}> = [
	// UTF-32 first: its little-endian mark starts with UTF-16's.
	{bytes: [0xFF, 0xFE, 0x00, 0x00], encoding: 'UTF-32', detail: 'little-endian'},
	{bytes: [0x00, 0x00, 0xFE, 0xFF], encoding: 'UTF-32', detail: 'big-endian'},
	{bytes: [0xFF, 0xFE], encoding: 'UTF-16', detail: 'little-endian, as Windows PowerShell 5.1\'s > and Out-File write it'},
	{bytes: [0xFE, 0xFF], encoding: 'UTF-16', detail: 'big-endian'},
];

/** The length of the well-formed UTF-8 sequence at `at`, or 0 (overlong forms and surrogates are not well-formed). */
const utf8Length = (bytes: Uint8Array, at: number): number => {
	const lead = bytes[at]!;
	const [length, low, high] = lead >= 0xC2 && lead <= 0xDF ? [2, 0x80, 0xBF]
		: lead === 0xE0 ? [3, 0xA0, 0xBF]
		: lead === 0xED ? [3, 0x80, 0x9F]
		: lead >= 0xE1 && lead <= 0xEF ? [3, 0x80, 0xBF]
		: lead === 0xF0 ? [4, 0x90, 0xBF]
		: lead >= 0xF1 && lead <= 0xF3 ? [4, 0x80, 0xBF]
		: lead === 0xF4 ? [4, 0x80, 0x8F]
		: [0, 0, 0];
	const second = bytes[at + 1];
	if (length === 0 || second === undefined || second < low || second > high) {
		return 0;
	}

	for (let next = at + 2; next < at + length; next++) {
		if (((bytes[next] ?? 0) & 0xC0) !== 0x80) {
			return 0;
		}
	}

	return length;
};

/** Line and column (1-based, in characters) of a byte offset. */
const position = (bytes: Uint8Array, offset: number) => {
	// lastIndexOf counts a negative start from the end, hence the guard.
	const lineStart = offset === 0 ? 0 : bytes.lastIndexOf(0x0A, offset - 1) + 1;
	let line = 1;
	for (let at = 0; at < lineStart; at++) {
		line += bytes[at] === 0x0A ? 1 : 0;
	}

	return {line, column: Buffer.from(bytes.subarray(lineStart, offset)).toString('utf8').length + 1};
};

/** Decodes a rig file, or says why it is not UTF-8 text. A UTF-8 byte-order mark is allowed and dropped. */
export const decodeRigText = (bytes: Uint8Array): RigText => {
	const mark = byteOrderMarks.find(candidate => candidate.bytes.every((byte, index) => bytes[index] === byte));
	if (mark !== undefined) {
		const received = mark.bytes.map(byte => byte.toString(16).toUpperCase().padStart(2, '0')).join(' ');
		return {problem: {line: 1, column: 1, message: `the file is ${mark.encoding} (byte-order mark ${received}: ${mark.detail}); save it as UTF-8`, received}};
	}

	// UTF-16 without a mark: every other byte of its ASCII text is zero.
	if (bytes.length >= 4 && ((bytes[1] === 0 && bytes[3] === 0 && bytes[0] !== 0) || (bytes[0] === 0 && bytes[2] === 0 && bytes[1] !== 0))) {
		return {problem: {line: 1, column: 1, message: 'the file looks like UTF-16 without a byte-order mark (every other byte is 0x00); save it as UTF-8', received: `${hex(bytes[0]!)} ${hex(bytes[1]!)}`}};
	}

	const start = bytes[0] === 0xEF && bytes[1] === 0xBB && bytes[2] === 0xBF ? 3 : 0;
	for (let at = start; at < bytes.length;) {
		const byte = bytes[at]!;
		// YAML allows tab, line feed and carriage return among the control characters, and nothing else.
		if ((byte < 0x20 && byte !== 0x09 && byte !== 0x0A && byte !== 0x0D) || byte === 0x7F) {
			return {problem: {...position(bytes, at), message: `the file is not text (binary byte ${hex(byte)} at offset ${at}); a rig file is UTF-8 YAML`, received: hex(byte)}};
		}

		const length = byte < 0x80 ? 1 : utf8Length(bytes, at);
		if (length === 0) {
			return {problem: {...position(bytes, at), message: `the file is not UTF-8 (byte ${hex(byte)} at offset ${at}; a legacy code page such as Windows-1252?); save it as UTF-8`, received: hex(byte)}};
		}

		at += length;
	}

	return {text: Buffer.from(bytes.buffer, bytes.byteOffset + start, bytes.length - start).toString('utf8')};
};
