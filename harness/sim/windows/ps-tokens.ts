// Tokenizer for the PowerShell the simulated Windows nodes understand. It follows PowerShell's lexical rules for
// what the harness sends (quoting, comments, parameters, type literals); the interpreter rejects the rest.

export type TokenType = 'str' | 'dstr' | 'num' | 'var' | 'word' | 'param' | 'type' | 'op' | 'nl';

export interface Token {
	type: TokenType;
	value: string;
	/** Offset in the script, for error messages. */
	at: number;
}

export class PsSyntaxError extends Error {
	constructor(message: string, readonly at: number) {
		super(message);
		this.name = 'PsSyntaxError';
	}
}

const singleQuote = /['\u2018\u2019\u201A\u201B]/;
const wordStart = /[A-Za-z_]/;
const wordPart = /[A-Za-z0-9_.\-\\:]/;

export const tokenize = (script: string): Token[] => {
	const tokens: Token[] = [];
	let index = 0;
	const push = (type: TokenType, value: string, at: number) => tokens.push({type, value, at});
	while (index < script.length) {
		const char = script[index]!;
		const start = index;
		if (char === ' ' || char === '\t' || char === '\r') {
			index++;
		} else if (char === '\n' || char === ';') {
			push('nl', char, start);
			index++;
		} else if (char === '#') {
			while (index < script.length && script[index] !== '\n') {
				index++;
			}
		} else if (singleQuote.test(char)) {
			let value = '';
			index++;
			for (;;) {
				if (index >= script.length) {
					throw new PsSyntaxError('The string is missing the terminator: \'.', start);
				}

				const next = script[index]!;
				if (singleQuote.test(next)) {
					if (singleQuote.test(script[index + 1] ?? '')) {
						value += next;
						index += 2;
						continue;
					}

					index++;
					break;
				}

				value += next;
				index++;
			}

			push('str', value, start);
		} else if (char === '"') {
			const end = script.indexOf('"', index + 1);
			if (end === -1) {
				throw new PsSyntaxError('The string is missing the terminator: ".', start);
			}

			push('dstr', script.slice(index + 1, end), start);
			index = end + 1;
		} else if (char === '$') {
			const match = /^\$(_|[A-Za-z][A-Za-z0-9_]*)/.exec(script.slice(index));
			if (!match) {
				throw new PsSyntaxError('Variable reference is not valid.', start);
			}

			push('var', match[1]!, start);
			index += match[0].length;
		} else if (char === '@' && (script[index + 1] === '(' || script[index + 1] === '{')) {
			push('op', `@${script[index + 1]!}`, start);
			index += 2;
		} else if (char === '[' && /^\[[A-Za-z][A-Za-z0-9_.]*\]/.test(script.slice(index))) {
			const end = script.indexOf(']', index);
			push('type', script.slice(index + 1, end), start);
			index = end + 1;
		} else if (char === ':' && script[index + 1] === ':') {
			push('op', '::', start);
			index += 2;
		} else if (char === '-' && wordStart.test(script[index + 1] ?? '') && !wordPart.test(script[index - 1] ?? ' ')) {
			let end = index + 1;
			while (end < script.length && /[A-Za-z0-9_]/.test(script[end]!)) {
				end++;
			}

			// `-Confirm:$false`: the colon binds the value to the parameter, switches included.
			const bound = script[end] === ':' && script[end + 1] !== ':';
			push('param', script.slice(index + 1, end) + (bound ? ':' : ''), start);
			index = bound ? end + 1 : end;
		} else if (/\d/.test(char) || (char === '-' && /\d/.test(script[index + 1] ?? ''))) {
			const match = /^-?\d+(\.\d+)?/.exec(script.slice(index))!;
			push('num', match[0], start);
			index += match[0].length;
		} else if (wordStart.test(char)) {
			let end = index + 1;
			while (end < script.length && /[A-Za-z0-9_\-]/.test(script[end]!)) {
				end++;
			}

			push('word', script.slice(index, end), start);
			index = end;
		} else if ('(){}[],|=+.&'.includes(char)) {
			push('op', char, start);
			index++;
		} else {
			throw new PsSyntaxError(`Unexpected token '${char}' in expression or statement.`, start);
		}
	}

	return tokens;
};
