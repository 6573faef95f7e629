// ConvertTo-Json output as the simulated rig prints it, in the two dialects of formats.md §5.1: Windows
// PowerShell 5.1 (JavaScriptSerializer, then a re-indenter with wide hanging indentation) and PowerShell 7
// (Newtonsoft, two-space indent). Plain objects stand for PSCustomObjects; their keys keep insertion order.

export type PsJsonStyle = '5.1' | '7';

// Both run on Windows here, so both end lines with CRLF.
const crlf = '\r\n';

export interface PsJsonOptions {
	style: PsJsonStyle;
	compress?: boolean;
	/** ConvertTo-Json -Depth; deeper objects and arrays become their string form. Default 2. */
	depth?: number;
	/** Offset of the host's local time for PowerShell 7 dates (local minus UTC, minutes); dates print as UTC ('Z') without it. */
	utcOffsetMinutes?: number;
}

/** What ConvertTo-Json prints to the console: the JSON text and a CRLF. */
export function toPsJson(value: unknown, options: PsJsonOptions): string {
	const limited = limitDepth(value, options.depth ?? 2, 0);
	if (options.style === '7' && options.compress !== true) {
		return indented7(limited, '', options) + crlf;
	}

	const compact = compactJson(limited, options);
	return (options.style === '5.1' && options.compress !== true ? indented51(compact) : compact) + crlf;
}

/** Whether toPsJson cuts `value` at `depth`, which is when PowerShell 7.1+ also writes psJsonDepthWarning. */
export function psJsonTruncates(value: unknown, depth = 2): boolean {
	const cut = (item: unknown, level: number): boolean =>
		isContainer(item) && (level > depth || Object.values(item).some(child => cut(child, level + 1)));
	return cut(value, 0);
}

/** The line PowerShell 7.1+ writes to stderr when the input is deeper than -Depth. */
export function psJsonDepthWarning(depth: number): string {
	return `WARNING: Resulting JSON is truncated as serialization has exceeded the set depth of ${depth}.${crlf}`;
}

/** A terminating error as powershell.exe writes it to redirected stderr: `#< CLIXML` and one <S S="Error"> per line. */
export function toClixmlError(message: string): string {
	const records = message.split(/\r?\n/).map(line => `<S S="Error">${clixmlText(line)}_x000D__x000A_</S>`);
	return `#< CLIXML${crlf}<Objs Version="1.1.0.1" xmlns="http://schemas.microsoft.com/powershell/2004/04">${records.join('')}</Objs>`;
}

function isContainer(value: unknown): value is object {
	return typeof value === 'object' && value !== null && !(value instanceof Date);
}

// ConvertTo-Json walks the object graph with a level counter; containers past -Depth become strings.
function limitDepth(value: unknown, depth: number, level: number): unknown {
	if (!isContainer(value)) {
		return value;
	}

	if (level > depth) {
		return stringForm(value);
	}

	if (Array.isArray(value)) {
		return value.map(item => limitDepth(item, depth, level + 1));
	}

	return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, limitDepth(item, depth, level + 1)]));
}

// LanguagePrimitives.ConvertTo(x, [string]): arrays join their items with spaces, a PSCustomObject prints
// as @{Name=value; ...}, and an array inside it as its type name.
function stringForm(value: unknown, nested = false): string {
	if (Array.isArray(value)) {
		return nested ? 'System.Object[]' : value.map(item => stringForm(item, true)).join(' ');
	}

	if (value === null || value === undefined) {
		return '';
	}

	if (typeof value === 'boolean') {
		return value ? 'True' : 'False';
	}

	if (value instanceof Date) {
		// Invariant culture, which ConvertTo-Json uses for the conversion.
		const two = (part: number) => String(part).padStart(2, '0');
		return `${two(value.getUTCMonth() + 1)}/${two(value.getUTCDate())}/${value.getUTCFullYear()} ${two(value.getUTCHours())}:${two(value.getUTCMinutes())}:${two(value.getUTCSeconds())}`;
	}

	if (typeof value === 'object') {
		return `@{${Object.entries(value).map(([key, item]) => `${key}=${stringForm(item, true)}`).join('; ')}}`;
	}

	return String(value);
}

function compactJson(value: unknown, options: PsJsonOptions): string {
	if (Array.isArray(value)) {
		return `[${value.map(item => compactJson(item, options)).join(',')}]`;
	}

	if (isContainer(value)) {
		return `{${Object.entries(value).map(([key, item]) => `${jsonString(key, options.style)}:${compactJson(item, options)}`).join(',')}}`;
	}

	return scalar(value, options);
}

function indented7(value: unknown, indent: string, options: PsJsonOptions): string {
	const inner = `${indent}  `;
	if (Array.isArray(value)) {
		return value.length === 0 ? '[]' : `[${crlf}${value.map(item => inner + indented7(item, inner, options)).join(`,${crlf}`)}${crlf}${indent}]`;
	}

	if (isContainer(value)) {
		const entries = Object.entries(value);
		return entries.length === 0 ? '{}' : `{${crlf}${entries.map(([key, item]) => `${inner}${jsonString(key, '7')}: ${indented7(item, inner, options)}`).join(`,${crlf}`)}${crlf}${indent}}`;
	}

	return scalar(value, options);
}

function scalar(value: unknown, options: PsJsonOptions): string {
	switch (typeof value) {
		case 'string': {
			return jsonString(value, options.style);
		}

		case 'number': {
			return dotnetNumber(value);
		}

		case 'bigint': {
			return String(value);
		}

		case 'boolean': {
			return String(value);
		}

		case 'undefined': {
			return 'null';
		}

		default: {
			if (value === null) {
				return 'null';
			}

			if (value instanceof Date) {
				return options.style === '5.1' ? `"\\/Date(${value.getTime()})\\/"` : `"${isoDate(value, options.utcOffsetMinutes)}"`;
			}

			throw new TypeError(`ConvertTo-Json cannot represent a ${typeof value}`);
		}
	}
}

// JavaScriptSerializer also escapes the HTML-significant characters; Newtonsoft escapes only what JSON requires.
const shortEscapes: Record<string, string> = {'"': '\\"', '\\': '\\\\', '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t'};
const mustEscape = {'5.1': /["\\\u0000-\u001F<>&']/g, '7': /["\\\u0000-\u001F\u0085\u2028\u2029]/g};

function jsonString(text: string, style: PsJsonStyle): string {
	return `"${text.replace(mustEscape[style], char => shortEscapes[char] ?? `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`)}"`;
}

// .NET writes exponents as E+XX/E-XX where JavaScript writes e+X.
function dotnetNumber(value: number): string {
	if (!Number.isFinite(value)) {
		throw new RangeError(`ConvertTo-Json output cannot hold ${value}`);
	}

	const [mantissa, exponent] = String(value).split('e');
	if (exponent === undefined) {
		return mantissa ?? '';
	}

	const sign = exponent.startsWith('-') ? '-' : '+';
	return `${mantissa}E${sign}${exponent.replace(/^[+-]/, '').padStart(2, '0')}`;
}

// Newtonsoft's "yyyy-MM-ddTHH:mm:ss.FFFFFFFK": fraction without trailing zeros, offset for local times.
function isoDate(date: Date, utcOffsetMinutes: number | undefined): string {
	const local = new Date(date.getTime() + ((utcOffsetMinutes ?? 0) * 60_000)).toISOString();
	const stamp = local.slice(0, 19) + local.slice(19, 23).replace(/\.?0+$/, '');
	if (utcOffsetMinutes === undefined) {
		return `${stamp}Z`;
	}

	const sign = utcOffsetMinutes < 0 ? '-' : '+';
	const minutes = Math.abs(utcOffsetMinutes);
	return `${stamp}${sign}${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

// Windows PowerShell 5.1's ConvertToPrettyJsonString: four-space steps, `"key":  value`, and a nested
// object or array indented from the column where its key's value starts, closing bracket under the opening one.
function indented51(json: string): string {
	const out: string[] = [];
	const quoted = (from: number): number => {
		for (let i = from; i < json.length; i++) {
			out.push(json[i]!);
			if (json[i] === '"') {
				let backslashes = 0;
				while (json[i - 1 - backslashes] === '\\') {
					backslashes++;
				}

				if (backslashes % 2 === 0) {
					return i;
				}
			}
		}

		throw new Error('unterminated string in serializer output');
	};

	const list = (from: number, pad: string, spaces: number): number => {
		out.push(crlf);
		const inner = `${pad}${' '.repeat(spaces)}    `;
		let head = true;
		for (let i = from; i < json.length; i++) {
			const char = json[i]!;
			if (char === '{' || char === '[') {
				out.push(inner, char);
				i = char === '{' ? dictionary(i + 1, inner, 0) : list(i + 1, inner, 0);
				head = false;
			} else if (char === ']') {
				out.push(crlf, pad, ' '.repeat(spaces), char);
				return i;
			} else if (char === ',') {
				out.push(char, crlf);
				head = true;
			} else {
				if (head) {
					out.push(inner);
				}

				out.push(char);
				i = char === '"' ? quoted(i + 1) : i;
				head = false;
			}
		}

		throw new Error('unterminated array in serializer output');
	};

	const dictionary = (from: number, pad: string, spaces: number): number => {
		out.push(crlf);
		const inner = `${pad}${' '.repeat(spaces)}    `;
		let head = true;
		let inKey = true;
		let valueColumn = 0;
		for (let i = from; i < json.length; i++) {
			const char = json[i]!;
			if (char === '{' || char === '[') {
				out.push(char);
				i = char === '{' ? dictionary(i + 1, inner, valueColumn) : list(i + 1, inner, valueColumn);
				head = false;
			} else if (char === '}') {
				out.push(crlf, pad, ' '.repeat(spaces), char);
				return i;
			} else if (char === ':') {
				out.push(char, '  ');
				valueColumn += 3;
				head = false;
				inKey = false;
			} else if (char === ',') {
				out.push(char, crlf);
				head = true;
				inKey = true;
				valueColumn = 0;
			} else {
				if (head) {
					out.push(inner);
				}

				out.push(char);
				const end = char === '"' ? quoted(i + 1) : i;
				valueColumn += inKey ? end - i + 1 : 0;
				i = end;
				head = false;
			}
		}

		throw new Error('unterminated object in serializer output');
	};

	if (json.startsWith('{')) {
		out.push('{');
		dictionary(1, '', 0);
	} else if (json.startsWith('[')) {
		out.push('[');
		list(1, '', 0);
	} else {
		return json;
	}

	return out.join('');
}

// CLIXML string content: XML-escaped, with control characters and a literal `_x` written as _xHHHH_.
function clixmlText(text: string): string {
	return text
		.replace(/_(?=x[\dA-Fa-f]{4}_)/g, '_x005F_')
		.replace(/[\u0000-\u001F]/g, char => `_x${char.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}_`)
		.replaceAll('&', '&amp;')
		.replaceAll('<', '&lt;')
		.replaceAll('>', '&gt;');
}
