// A small PowerShell interpreter for the simulated Windows nodes. It runs real PowerShell (the scripts the harness
// sends to real nodes) as far as the harness's subset goes: literals, variables, [ordered]/[pscustomobject]
// hashtables, @() subexpressions, try/catch, pipelines of cmdlets, .NET static members such as [DateTime]::UtcNow,
// `& 'tool.exe' args` and `exit`. Anything else fails the way PowerShell fails: an error record on stderr, exit 1.
import {simSleep} from '../sleep.js';
import {toPsJson} from './ps-json-writer.js';
import {PsSyntaxError, tokenize, type Token} from './ps-tokens.js';

/** A catchable PowerShell error (a cmdlet's error record). */
export class PsRuntimeError extends Error {
	/** `errorId`: the error record's FullyQualifiedErrorId (`NoMatchingEventsFound,Microsoft.PowerShell.Commands.GetWinEventCommand`). */
	constructor(message: string, readonly command?: string, readonly category = 'NotSpecified', readonly errorId?: string) {
		super(message);
		this.name = 'PsRuntimeError';
	}
}

class PsExit {
	constructor(readonly code: number) {}
}

export interface CmdletCall {
	/** Named parameters, keys lower-cased. */
	named: Map<string, unknown>;
	switches: Set<string>;
	positional: unknown[];
	/** Pipeline input. */
	input: unknown[];
}

export type Cmdlet = (call: CmdletCall, context: PsContext) => unknown[] | Promise<unknown[]>;

/** What the interpreter needs from the simulated node. */
export interface PsHost {
	version: '5.1' | '7';
	/** Node clock: UTC now, and the node's time zone. */
	utcNow(): number;
	timeZone(): {offsetMinutes: number; id: string};
	stdout(text: string): void;
	stdin(): Promise<string>;
	signal: AbortSignal;
	cmdlets: Map<string, Cmdlet>;
	/** Runs a native program; resolves to its exit code. */
	native(program: string, args: string[]): Promise<number>;
	/** The process id ($PID). */
	pid?: number;
}

export interface PsContext {
	host: PsHost;
	vars: Map<string, unknown>;
}

export class PsTimeSpan {
	constructor(readonly ms: number) {}
}

class PsType {
	constructor(readonly name: string) {}
}

class ScriptBlock {
	constructor(readonly text: string) {}
}

const consoleOut = Symbol('Console.Out');
const consoleIn = Symbol('Console.In');
const timeZoneLocal = Symbol('TimeZoneInfo.Local');

type Expr =
	| {kind: 'lit'; value: unknown}
	| {kind: 'var'; name: string}
	| {kind: 'index'; target: Expr; key: Expr}
	| {kind: 'member'; target: Expr; name: string}
	| {kind: 'call'; target: Expr; name: string; args: Expr[]}
	| {kind: 'static'; type: string; name: string}
	| {kind: 'staticCall'; type: string; name: string; args: Expr[]}
	| {kind: 'type'; name: string}
	| {kind: 'cast'; type: string; value: Expr}
	| {kind: 'hash'; entries: Array<[string, Expr]>}
	| {kind: 'list'; items: Expr[]}
	| {kind: 'sub'; body: Statement[]}
	| {kind: 'paren'; pipeline: Pipeline}
	| {kind: 'add'; left: Expr; right: Expr};

interface Arg {
	param?: string;
	value?: Expr;
}

type Element = {kind: 'command'; name: string; args: Arg[]} | {kind: 'invoke'; target: Expr; args: Arg[]} | {kind: 'expr'; expr: Expr};

interface Pipeline {
	kind: 'pipeline';
	elements: Element[];
}

type Statement =
	| Pipeline
	| {kind: 'assign'; target: Expr; value: Pipeline}
	| {kind: 'try'; body: Statement[]; handler: Statement[]}
	| {kind: 'exit'; value?: Expr};

const endOfArgs = new Set(['|', ')', '}', ']']);

class Parser {
	private index = 0;

	constructor(private readonly tokens: Token[]) {}

	private peek(offset = 0): Token | undefined {
		return this.tokens[this.index + offset];
	}

	private next(): Token {
		const token = this.tokens[this.index++];
		if (token === undefined) {
			throw new PsSyntaxError('Unexpected end of script.', this.tokens.at(-1)?.at ?? 0);
		}

		return token;
	}

	private is(value: string, offset = 0): boolean {
		const token = this.peek(offset);
		return token !== undefined && token.type !== 'str' && token.type !== 'dstr' && token.value.toLowerCase() === value.toLowerCase();
	}

	private expect(value: string): Token {
		const token = this.next();
		if (token.value !== value) {
			throw new PsSyntaxError(`Missing '${value}' (found '${token.value}').`, token.at);
		}

		return token;
	}

	private skipNewlines(): void {
		while (this.peek()?.type === 'nl') {
			this.index++;
		}
	}

	statements(until?: string): Statement[] {
		const list: Statement[] = [];
		for (;;) {
			this.skipNewlines();
			const token = this.peek();
			if (token === undefined || (until !== undefined && token.value === until && token.type === 'op')) {
				return list;
			}

			list.push(this.statement());
		}
	}

	private block(): Statement[] {
		this.expect('{');
		const body = this.statements('}');
		this.expect('}');
		return body;
	}

	private statement(): Statement {
		if (this.is('try') && this.peek()?.type === 'word') {
			this.next();
			this.skipNewlines();
			const body = this.block();
			this.skipNewlines();
			if (!this.is('catch')) {
				throw new PsSyntaxError('The Try statement is missing its Catch or Finally block.', this.peek()?.at ?? 0);
			}

			this.next();
			this.skipNewlines();
			return {kind: 'try', body, handler: this.block()};
		}

		if (this.is('exit') && this.peek()?.type === 'word') {
			this.next();
			const token = this.peek();
			return token === undefined || token.type === 'nl' || token.value === '}' ? {kind: 'exit'} : {kind: 'exit', value: this.expression()};
		}

		const start = this.index;
		if (this.peek()?.type === 'var' || this.peek()?.type === 'type') {
			const target = this.postfix(this.primary());
			if (this.is('=')) {
				this.next();
				return {kind: 'assign', target, value: this.pipeline()};
			}

			this.index = start;
		}

		return this.pipeline();
	}

	private pipeline(): Pipeline {
		const elements: Element[] = [this.element()];
		while (this.is('|')) {
			this.next();
			this.skipNewlines();
			elements.push(this.element());
		}

		return {kind: 'pipeline', elements};
	}

	private element(): Element {
		const token = this.peek();
		if (token?.type === 'op' && token.value === '&') {
			this.next();
			return {kind: 'invoke', target: this.postfix(this.primary()), args: this.args()};
		}

		if (token?.type === 'word') {
			this.next();
			return {kind: 'command', name: token.value, args: this.args()};
		}

		return {kind: 'expr', expr: this.expression()};
	}

	private args(): Arg[] {
		const args: Arg[] = [];
		for (;;) {
			const token = this.peek();
			if (token === undefined || token.type === 'nl' || (token.type === 'op' && endOfArgs.has(token.value))) {
				return args;
			}

			if (token.type === 'param') {
				this.next();
				const after = this.peek();
				const bound = token.value.endsWith(':');
				const takesValue = bound || (after !== undefined && after.type !== 'param' && after.type !== 'nl' && !(after.type === 'op' && endOfArgs.has(after.value)));
				const param = bound ? token.value.slice(0, -1) : token.value;
				args.push(takesValue ? {param, value: this.commandValue()} : {param});
				continue;
			}

			args.push({value: this.commandValue()});
		}
	}

	// In command mode a bare word is a string, and a comma makes a list.
	private commandValue(): Expr {
		const items: Expr[] = [];
		do {
			if (items.length > 0) {
				this.next();
			}

			const token = this.peek();
			items.push(token?.type === 'word' ? (this.next(), {kind: 'lit', value: token.value}) : this.postfix(this.primary()));
		} while (this.is(','));

		return items.length === 1 ? items[0]! : {kind: 'list', items};
	}

	expression(): Expr {
		const first = this.additive();
		if (!this.is(',')) {
			return first;
		}

		const items = [first];
		while (this.is(',')) {
			this.next();
			items.push(this.additive());
		}

		return {kind: 'list', items};
	}

	private additive(): Expr {
		let left = this.postfix(this.primary());
		while (this.is('+')) {
			this.next();
			left = {kind: 'add', left, right: this.postfix(this.primary())};
		}

		return left;
	}

	private callArgs(): Expr[] {
		this.expect('(');
		const args: Expr[] = [];
		while (!this.is(')')) {
			args.push(this.additive());
			if (this.is(',')) {
				this.next();
			}
		}

		this.expect(')');
		return args;
	}

	private postfix(target: Expr): Expr {
		let expr = target;
		for (;;) {
			if (this.is('.') && this.peek(1)?.type === 'word') {
				this.next();
				const name = this.next().value;
				expr = this.is('(') ? {kind: 'call', target: expr, name, args: this.callArgs()} : {kind: 'member', target: expr, name};
			} else if (this.is('[') && expr.kind !== 'type') {
				this.next();
				const key = this.expression();
				this.expect(']');
				expr = {kind: 'index', target: expr, key};
			} else {
				return expr;
			}
		}
	}

	private primary(): Expr {
		const token = this.next();
		switch (token.type) {
			case 'str':
			case 'dstr': {
				// Double-quoted strings are taken literally: the harness never relies on interpolation.
				return {kind: 'lit', value: token.value};
			}

			case 'num': {
				return {kind: 'lit', value: Number(token.value)};
			}

			case 'var': {
				return {kind: 'var', name: token.value.toLowerCase()};
			}

			case 'type': {
				if (this.is('::')) {
					this.next();
					const name = this.next().value;
					return this.is('(') ? {kind: 'staticCall', type: token.value, name, args: this.callArgs()} : {kind: 'static', type: token.value, name};
				}

				const after = this.peek();
				if (after !== undefined && (after.type !== 'op' || ['@{', '(', '@('].includes(after.value)) && after.type !== 'nl') {
					return {kind: 'cast', type: token.value, value: this.primary()};
				}

				return {kind: 'type', name: token.value};
			}

			case 'op': {
				if (token.value === '(') {
					const pipeline = this.pipeline();
					this.expect(')');
					return {kind: 'paren', pipeline};
				}

				if (token.value === '@(') {
					const body = this.statements(')');
					this.expect(')');
					return {kind: 'sub', body};
				}

				if (token.value === '@{') {
					const entries: Array<[string, Expr]> = [];
					this.skipNewlines();
					while (!this.is('}')) {
						const key = this.next();
						this.expect('=');
						entries.push([key.value, this.expression()]);
						this.skipNewlines();
					}

					this.expect('}');
					return {kind: 'hash', entries};
				}

				if (token.value === '{') {
					const start = this.index;
					this.index--;
					this.block();
					return {kind: 'lit', value: new ScriptBlock(this.tokens.slice(start, this.index - 1).map(part => part.value).join(' '))};
				}

				break;
			}

			default: {
				break;
			}
		}

		throw new PsSyntaxError(`Unexpected token '${token.value}' in expression or statement.`, token.at);
	}
}

const formatO = (utcMs: number) => `${new Date(utcMs).toISOString().slice(0, -1)}0000Z`;

const toText = (value: unknown): string => {
	if (value instanceof Date) {
		// PowerShell's default DateTime string in the invariant culture.
		return value.toISOString();
	}

	if (value === null || value === undefined) {
		return '';
	}

	return String(value);
};

const flatten = (values: unknown[]): unknown[] => values.flatMap(value => (Array.isArray(value) ? value : value === undefined ? [] : [value]));

const property = (object: unknown, name: string): unknown => {
	if (object === null || typeof object !== 'object') {
		return null;
	}

	const key = Object.keys(object).find(candidate => candidate.toLowerCase() === name.toLowerCase());
	return key === undefined ? null : (object as Record<string, unknown>)[key];
};

export class PsInterpreter {
	private readonly context: PsContext;

	constructor(host: PsHost) {
		this.context = {host, vars: new Map<string, unknown>([['true', true], ['false', false], ['null', null], ['lastexitcode', 0], ...(host.pid === undefined ? [] : [['pid', host.pid] as const])])};
	}

	/** Runs a script; resolves to the exit code. Uncaught errors are written as PowerShell error text. */
	async run(script: string, onError: (message: string) => void): Promise<number> {
		let statements: Statement[];
		try {
			statements = new Parser(tokenize(script)).statements();
		} catch (error) {
			if (error instanceof PsSyntaxError) {
				const line = script.slice(0, error.at).split('\n').length;
				onError(`At line:${line} char:${error.at - script.lastIndexOf('\n', error.at - 1)}\n${error.message}\n    + CategoryInfo          : ParserError: (:) [], ParentContainsErrorRecordException\n    + FullyQualifiedErrorId : ParseException\n`);
				return 1;
			}

			throw error;
		}

		try {
			await this.block(statements, true);
			return 0;
		} catch (error) {
			if (error instanceof PsExit) {
				return error.code;
			}

			if (error instanceof PsRuntimeError) {
				const prefix = error.command === undefined ? '' : `${error.command} : `;
				onError(`${prefix}${error.message}\n    + CategoryInfo          : ${error.category}\n`);
				return 1;
			}

			throw error;
		}
	}

	private async block(statements: Statement[], output: boolean): Promise<unknown[]> {
		const results: unknown[] = [];
		for (const statement of statements) {
			if (this.context.host.signal.aborted) {
				throw new PsExit(-1);
			}

			const values = await this.statement(statement);
			if (output) {
				this.write(values);
			} else {
				results.push(...values);
			}
		}

		return results;
	}

	private write(values: unknown[]): void {
		for (const value of values) {
			this.context.host.stdout(`${toText(value)}\r\n`);
		}
	}

	private async statement(statement: Statement): Promise<unknown[]> {
		switch (statement.kind) {
			case 'pipeline': {
				return this.pipeline(statement);
			}

			case 'assign': {
				// Assigning an expression keeps it whole (`$x = @(1)` stays an array); a command pipeline is collected.
				const [only, ...others] = statement.value.elements;
				if (only?.kind === 'expr' && others.length === 0) {
					await this.assign(statement.target, await this.evaluate(only.expr));
				} else {
					const value = flatten(await this.pipeline(statement.value));
					await this.assign(statement.target, value.length === 1 ? value[0] : value);
				}

				return [];
			}

			case 'try': {
				try {
					return await this.block(statement.body, false);
				} catch (error) {
					if (!(error instanceof PsRuntimeError)) {
						throw error;
					}

					this.context.vars.set('_', {Exception: {Message: error.message}, FullyQualifiedErrorId: error.errorId ?? null});
					return this.block(statement.handler, false);
				}
			}

			case 'exit': {
				const value = statement.value === undefined ? 0 : await this.evaluate(statement.value);
				throw new PsExit(Number(value) || 0);
			}
		}
	}

	private async assign(target: Expr, value: unknown): Promise<void> {
		if (target.kind === 'var') {
			this.context.vars.set(target.name, value);
		} else if (target.kind === 'index') {
			const container = await this.evaluate(target.target);
			if (container instanceof Map) {
				container.set(toText(await this.evaluate(target.key)), value);
			} else {
				throw new PsRuntimeError('Cannot index into a null array.');
			}
		} else if (target.kind !== 'static') {
			// Assignments to static properties ([Console]::OutputEncoding) change nothing in the simulation.
			throw new PsRuntimeError('The assignment expression is not valid.');
		}
	}

	private async pipeline(pipeline: Pipeline): Promise<unknown[]> {
		let input: unknown[] = [];
		for (const [position, element] of pipeline.elements.entries()) {
			input = await this.element(element, input, position === 0);
		}

		return input;
	}

	private async element(element: Element, input: unknown[], first: boolean): Promise<unknown[]> {
		if (element.kind === 'expr') {
			if (!first) {
				throw new PsRuntimeError('Expressions are only allowed as the first element of a pipeline.');
			}

			const value = await this.evaluate(element.expr);
			return value === undefined ? [] : Array.isArray(value) ? value : [value];
		}

		const call: CmdletCall = {named: new Map(), switches: new Set(), positional: [], input};
		for (const arg of element.args) {
			const value = arg.value === undefined ? undefined : await this.evaluate(arg.value);
			if (arg.param === undefined) {
				call.positional.push(value);
			} else if (arg.value === undefined) {
				call.switches.add(arg.param.toLowerCase());
			} else {
				call.named.set(arg.param.toLowerCase(), value);
			}
		}

		if (element.kind === 'invoke') {
			const target = await this.evaluate(element.target);
			if (target instanceof ScriptBlock) {
				return this.block(new Parser(tokenize(target.text)).statements(), false);
			}

			// Native programs get their arguments as text, exactly as PowerShell passes them.
			const args = [...call.positional, ...[...call.named].flatMap(([name, value]) => [`-${name}`, value])].map(toText);
			const code = await this.context.host.native(toText(target), args);
			this.context.vars.set('lastexitcode', code);
			return [];
		}

		const cmdlet = this.context.host.cmdlets.get(element.name.toLowerCase()) ?? builtins.get(element.name.toLowerCase());
		if (cmdlet === undefined) {
			throw new PsRuntimeError(`The term '${element.name}' is not recognized as the name of a cmdlet, function, script file, or operable program. Check the spelling of the name, or if a path was included, verify that the path is correct and try again.`, element.name, 'ObjectNotFound: (' + element.name + ':String) [], CommandNotFoundException');
		}

		try {
			return await cmdlet(call, this.context);
		} catch (error) {
			if (error instanceof PsRuntimeError && error.command === undefined) {
				throw new PsRuntimeError(error.message, element.name, error.category, error.errorId);
			}

			throw error;
		}
	}

	async evaluate(expr: Expr): Promise<unknown> {
		switch (expr.kind) {
			case 'lit': {
				return expr.value;
			}

			case 'var': {
				return this.context.vars.get(expr.name) ?? null;
			}

			case 'index': {
				const container = await this.evaluate(expr.target);
				const key = await this.evaluate(expr.key);
				return container instanceof Map ? container.get(toText(key)) ?? null : Array.isArray(container) ? container[Number(key)] ?? null : property(container, toText(key));
			}

			case 'member': {
				return this.member(await this.evaluate(expr.target), expr.name);
			}

			case 'call': {
				const target = await this.evaluate(expr.target);
				const args = await Promise.all(expr.args.map(async arg => this.evaluate(arg)));
				return this.method(target, expr.name, args);
			}

			case 'static': {
				return this.staticMember(expr.type, expr.name);
			}

			case 'staticCall': {
				const args = await Promise.all(expr.args.map(async arg => this.evaluate(arg)));
				return this.staticMethod(expr.type, expr.name, args);
			}

			case 'type': {
				return new PsType(expr.name);
			}

			case 'cast': {
				return this.cast(expr.type, expr.value);
			}

			case 'hash': {
				const map = new Map<string, unknown>();
				for (const [key, value] of expr.entries) {
					map.set(key, await this.evaluate(value));
				}

				return map;
			}

			case 'list': {
				return Promise.all(expr.items.map(async item => this.evaluate(item)));
			}

			case 'sub': {
				return flatten(await this.block(expr.body, false));
			}

			case 'paren': {
				const values = flatten(await this.pipeline(expr.pipeline));
				return values.length === 1 ? values[0] : values;
			}

			case 'add': {
				const left = await this.evaluate(expr.left);
				const right = await this.evaluate(expr.right);
				return typeof left === 'number' && typeof right === 'number' ? left + right : toText(left) + toText(right);
			}
		}
	}

	private async cast(type: string, value: Expr): Promise<unknown> {
		const lower = type.toLowerCase();
		const inner = await this.evaluate(value);
		if ((lower === 'ordered' || lower === 'pscustomobject') && inner instanceof Map) {
			// Both keep insertion order; a pscustomobject serializes like an ordered dictionary.
			return lower === 'ordered' ? inner : Object.fromEntries(inner);
		}

		if (lower === 'string') {
			return toText(inner);
		}

		if (lower === 'int' || lower === 'long' || lower === 'double') {
			return Number(inner);
		}

		// `[datetime]'2026-11-24T18:45:12.000Z'`: an ISO 8601 time with its zone is that instant.
		if ((lower === 'datetime' || lower === 'system.datetime') && typeof inner === 'string' && !Number.isNaN(Date.parse(inner))) {
			return new Date(Date.parse(inner));
		}

		throw new PsRuntimeError(`Unable to find type [${type}].`);
	}

	private member(target: unknown, name: string): unknown {
		const lower = name.toLowerCase();
		if (target === timeZoneLocal) {
			return lower === 'id' ? this.context.host.timeZone().id : null;
		}

		if (target instanceof PsTimeSpan) {
			return lower === 'totalminutes' ? target.ms / 60_000 : lower === 'totalseconds' ? target.ms / 1000 : lower === 'totalmilliseconds' ? target.ms : null;
		}

		if (target instanceof Map) {
			return target.get(name) ?? null;
		}

		// Member enumeration (PowerShell 3+): a property of a collection is that property of each of its items.
		if (Array.isArray(target)) {
			return target.map(item => this.member(item, name)).filter(value => value !== null && value !== undefined);
		}

		return property(target, name);
	}

	private async method(target: unknown, name: string, args: unknown[]): Promise<unknown> {
		const lower = name.toLowerCase();
		if (target === consoleOut && (lower === 'writeline' || lower === 'write')) {
			this.context.host.stdout(`${toText(args[0])}${lower === 'writeline' ? '\r\n' : ''}`);
			return undefined;
		}

		if (target === consoleOut && lower === 'flush') {
			return undefined;
		}

		if (target === consoleIn && lower === 'readtoend') {
			return this.context.host.stdin();
		}

		if (target instanceof Date && lower === 'tostring' && args[0] === 'o') {
			return formatO(target.getTime());
		}

		if (target === timeZoneLocal && lower === 'getutcoffset') {
			return new PsTimeSpan(this.context.host.timeZone().offsetMinutes * 60_000);
		}

		if (lower === 'tostring' && args.length === 0) {
			return toText(target);
		}

		throw new PsRuntimeError(`Method invocation failed because [${typeof target}] does not contain a method named '${name}'.`);
	}

	private staticMember(type: string, name: string): unknown {
		const key = `${type}::${name}`.toLowerCase();
		switch (key) {
			case 'datetime::utcnow':
			case 'system.datetime::utcnow': {
				return new Date(this.context.host.utcNow());
			}

			case 'console::out':
			case 'system.console::out': {
				return consoleOut;
			}

			case 'console::in':
			case 'system.console::in': {
				return consoleIn;
			}

			case 'timezoneinfo::local':
			case 'system.timezoneinfo::local': {
				return timeZoneLocal;
			}

			default: {
				throw new PsRuntimeError(`The property '${name}' cannot be found on type [${type}].`);
			}
		}
	}

	private staticMethod(type: string, name: string, args: unknown[]): unknown {
		const key = `${type}::${name}`.toLowerCase();
		if (key === 'scriptblock::create' || key === 'system.management.automation.scriptblock::create') {
			return new ScriptBlock(toText(args[0]));
		}

		if (name.toLowerCase() === 'new') {
			return new PsType(type);
		}

		throw new PsRuntimeError(`Method invocation failed because [${type}] does not contain a method named '${name}'.`);
	}
}

const selectObject: Cmdlet = call => {
	const requested = call.named.get('property') ?? call.positional[0];
	const names = (Array.isArray(requested) ? requested : [requested]).map(toText);
	const first = call.named.get('first');
	const input = first === undefined ? call.input : call.input.slice(0, Number(first));
	return input.map(item => Object.fromEntries(names.map(name => [name, property(item instanceof Map ? Object.fromEntries(item) : item, name)])));
};

const startSleep: Cmdlet = async (call, context) => {
	const ms = Number(call.named.get('milliseconds') ?? (Number(call.named.get('seconds') ?? call.positional[0] ?? 0) * 1000));
	await simSleep(ms, context.host.signal);
	return [];
};

const writeOutput: Cmdlet = call => [...call.input, ...call.positional];

const convertToJson: Cmdlet = (call, context) => {
	const value = call.named.has('inputobject') ? call.named.get('inputobject') : call.input.length === 1 ? call.input[0] : call.input;
	if (!call.named.has('inputobject') && call.input.length === 0) {
		// Nothing in, nothing out: PowerShell prints no JSON at all for zero objects.
		return [];
	}

	return [toPsJson(toPlain(value), {style: context.host.version, compress: call.switches.has('compress'), depth: Number(call.named.get('depth') ?? 2)})];
};

const builtins = new Map<string, Cmdlet>([
	['select-object', selectObject],
	['start-sleep', startSleep],
	['write-output', writeOutput],
	['convertto-json', convertToJson],
]);

/** Maps (ordered hashtables) become plain objects, deeply, for serialization. */
export const toPlain = (value: unknown): unknown => {
	if (value instanceof Map) {
		return Object.fromEntries([...value].map(([key, inner]) => [key, toPlain(inner)]));
	}

	if (Array.isArray(value)) {
		return value.map(toPlain);
	}

	if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
		return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, toPlain(inner)]));
	}

	return value;
};
