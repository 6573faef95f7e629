// Randomly corrupted tool output, fed into the code that reads it while it runs: typeperf streams into a running
// capture and PowerShell JSON into a running inventory query (both over real SSH from the simulated rig), diskspd
// XML (the real samples of the shared fixtures) into its parser. Truncated, bytes flipped, junk inserted, lines
// dropped or doubled, wrong types, extra fields, UTF-16. Whatever comes back must be a named infrastructure error
// (or a clean read): never a crash, never an error nothing caught. Seeded, so every failure replays; FUZZ_CASES=400 runs
// ten times the cases.
import {readFileSync} from 'node:fs';
import {join} from 'node:path';
import test, {type ExecutionContext} from 'ava';
import {isHarnessError} from '../../harness/errors.js';
import {loadRig} from '../../harness/rig/load.js';
import {startCapture} from '../../harness/run/capture.js';
import {RunRecorder} from '../../harness/run/recorder.js';
import {startSimulator} from '../../harness/sim/index.js';
import type {SimHooks} from '../../harness/sim/misconfigs/types.js';
import type {SimProcess} from '../../harness/sim/ssh-server.js';
import {typeperfHeader, typeperfRow, typeperfTrailer} from '../../harness/sim/windows/typeperf-console.js';
import {WindowsNode} from '../../harness/targets/windows-node.js';
import {connectDevice} from '../../harness/transport/connect.js';
import {readInventory} from '../../harness/windows/inventory/read.js';
import {parseDiskspdXml} from '../../harness/workloads/diskspd/xml.js';
import {simRig, tempDir} from '../helpers/cli.js';
import {fixture} from '../helpers/paths.js';

const cases = Number(process.env['FUZZ_CASES'] ?? 40);

/** mulberry32: small, seedable, good enough to pick corruptions. */
const random = (seed: number) => () => {
	seed = (seed + 0x6D2B79F5) | 0;
	let value = Math.imul(seed ^ (seed >>> 15), 1 | seed);
	value = (value + Math.imul(value ^ (value >>> 7), 61 | value)) ^ value;
	return ((value ^ (value >>> 14)) >>> 0) / 4_294_967_296;
};

type Random = ReturnType<typeof random>;
const pick = <T>(next: Random, items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
const junk = ['"', ',', '\r', '\n', '\0', '\uFFFD', 'é', '1,5', 'NaN', '-', '{', '}', '[', ']', '<', '>', '&', '.', ' ', 'ÿþ', '\u001B[2J'];

/** Text-level corruptions, any format. */
const corruptText = (text: string, next: Random): string => {
	const at = () => Math.floor(next() * text.length);
	switch (Math.floor(next() * 7)) {
		case 0: {
			return text.slice(0, at());
		}

		case 1: {
			let out = text;
			for (let index = 0; index < 1 + Math.floor(next() * 5); index++) {
				const position = Math.floor(next() * out.length);
				out = out.slice(0, position) + pick(next, junk) + out.slice(position + 1);
			}

			return out;
		}

		case 2: {
			const position = at();
			return text.slice(0, position) + Array.from({length: 1 + Math.floor(next() * 4)}, () => pick(next, junk)).join('') + text.slice(position);
		}

		case 3: {
			const lines = text.split('\n');
			lines.splice(Math.floor(next() * lines.length), 1);
			return lines.join('\n');
		}

		case 4: {
			const lines = text.split('\n');
			const index = Math.floor(next() * lines.length);
			lines.splice(index, 0, lines[index] ?? '');
			return lines.join('\n');
		}

		case 5: {
			// UTF-16LE with its byte-order mark, as PowerShell 5.1's `>` writes it, read back as if it were UTF-8.
			return Buffer.from(`\uFEFF${text}`, 'utf16le').toString('latin1');
		}

		default: {
			// A wrong type where a number belongs.
			return text.replace(/\d+(\.\d+)?/, pick(next, ['true', 'null', '"x"', '[]', '{}', '1e999', '-0', 'abc']));
		}
	}
};

/** JSON-level corruptions: a value of another type, an extra field, a missing one; else a text corruption. */
const corruptJson = (text: string, next: Random): string => {
	let value: unknown;
	try {
		value = JSON.parse(text);
	} catch {
		return corruptText(text, next);
	}

	if (next() < 0.4) {
		return corruptText(text, next);
	}

	const objects: Array<Record<string, unknown>> = [];
	const walk = (node: unknown) => {
		if (node !== null && typeof node === 'object') {
			if (!Array.isArray(node)) {
				objects.push(node as Record<string, unknown>);
			}

			for (const child of Object.values(node)) {
				walk(child);
			}
		}
	};

	walk(value);
	const target = objects.length === 0 ? undefined : pick(next, objects);
	const keys = target === undefined ? [] : Object.keys(target);
	if (target !== undefined && keys.length > 0) {
		const key = pick(next, keys);
		const choice = Math.floor(next() * 3);
		if (choice === 0) {
			target[key] = pick(next, [null, 'text', 42, -1, true, [], {}, [1, 'a'], {nested: {deep: 1}}]);
		} else if (choice === 1) {
			delete target[key];
		} else {
			target[`Extra${key}`] = pick(next, [null, 'x', 7, [{}]]);
		}
	}

	return JSON.stringify(value);
};

const strays: unknown[] = [];
process.on('uncaughtException', error => strays.push(error));
process.on('unhandledRejection', error => strays.push(error));

/** A clean read, or a named infrastructure error: a HarnessError with a code, never a bare TypeError. */
const assertNamed = (t: ExecutionContext, error: unknown, label: string) => {
	t.true(isHarnessError(error), `${label}: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
	if (isHarnessError(error)) {
		t.not(error.code, 'INTERNAL', `${label}: ${error.message}`);
	}
};

test('corrupted typeperf streams end a running capture with a named error, never a crash', async t => {
	let stream = '';
	const hooks: SimHooks = {
		native: (_node, name, program) => (name !== 'typeperf' ? program : async (args, context) => {
			if (args.includes('-qx')) {
				return program(args, context);
			}

			context.process.stdout(stream);
			return 0;
		}),
	};
	const sim = await startSimulator(await loadRig(simRig), {hooks: [hooks]});
	t.teardown(async () => sim.stop());
	const device = sim.rig.nodes.find(node => node.name === 'hv01')!;
	const transport = await connectDevice(sim.rig, device);
	t.teardown(async () => transport.close());
	const node = new WindowsNode(device, transport);
	const clock = await node.readClock();
	const counters = device.rnics.map(rnic => `\\RDMA Activity(${rnic.interfaceDescription})\\RDMA Inbound Bytes/sec`);
	const clean = typeperfHeader('HV01', counters) + Array.from({length: 6}, (_, index) => typeperfRow({year: 2026, month: 12, day: 1, hour: 11, minute: 0, second: index, ms: 12}, [index * 1e6, index % 3 === 0 ? null : 5e5])).join('') + typeperfTrailer();
	const recorder = new RunRecorder(join(await tempDir(), 'run'));
	const seen = new Set<string>();
	for (let seed = 1; seed <= cases; seed++) {
		const next = random(seed);
		stream = corruptText(corruptText(clean, next), next);
		const capture = startCapture(node, {kind: 'typeperf', node: 'hv01', counters, intervalS: 1, samples: 6}, clock, recorder, new AbortController().signal);
		await capture.done;
		if (capture.data.error !== undefined) {
			t.truthy(capture.data.error.code, `seed ${seed}`);
			t.regex(capture.data.error.message, /\S/, `seed ${seed}`);
			seen.add(capture.data.error.code);
		}
	}

	await recorder.close();
	t.deepEqual(strays, []);
	t.true(seen.has('PARSE'), 'some corruption was unreadable');
});

test('corrupted PowerShell JSON ends a running inventory query with a named error, never a crash', async t => {
	let seed = 0;
	const hooks: SimHooks = {
		exec: (device, handler) => (device.kind !== 'node' ? handler : async process => {
			let out = '';
			const capture: SimProcess = {...process, stdout(text) {
				out += text;
			}};
			const code = await handler(capture);
			process.stdout(seed === 0 ? out : corruptJson(out, random(seed)));
			return code;
		}),
	};
	const sim = await startSimulator(await loadRig(simRig), {hooks: [hooks]});
	t.teardown(async () => sim.stop());
	const device = sim.rig.nodes.find(node => node.name === 'sofs01')!;
	const transport = await connectDevice(sim.rig, device);
	t.teardown(async () => transport.close());
	const node = new WindowsNode(device, transport);
	let failed = 0;
	for (seed = 1; seed <= cases; seed++) {
		try {
			await readInventory(node);
		} catch (error) {
			failed++;
			assertNamed(t, error, `seed ${seed}`);
		}
	}

	t.deepEqual(strays, []);
	t.true(failed > cases / 4, `${failed} of ${cases} corruptions were refused`);
});

test('corrupted diskspd XML (the real samples) is refused with a PARSE error, never a crash', t => {
	const fixtures = ['diskspd-2.0.21a-L-D1000.xml', 'diskspd-2.2-layout.xml'].map(name => readFileSync(fixture('shared', 'diskspd', name), 'utf8'));
	let refused = 0;
	for (let seed = 1; seed <= cases * 4; seed++) {
		const next = random(seed);
		const xml = corruptText(pick(next, fixtures), next);
		try {
			parseDiskspdXml(xml);
		} catch (error) {
			refused++;
			assertNamed(t, error, `seed ${seed}`);
		}
	}

	t.true(refused > cases, `${refused} of ${cases * 4} corruptions were refused`);
});
