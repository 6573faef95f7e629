// Every PowerShell script the harness can send, read by an independent PowerShell grammar (tree-sitter-powershell),
// not only by the simulator's interpreter. Each builder runs twice: with plain values and with hostile ones
// (quotes, backticks, $(), newlines, non-ASCII). A quoting bug shows as an unterminated string, an unbalanced
// brace or a value that became code: an ERROR or MISSING node the plain script does not have, or a value no longer
// inside one string literal.
//
// The grammar's known gaps, which is why hostile is compared with plain rather than with "no error at all":
// comma-separated command arguments (`-Name 'a','b'`, `Select-Object -Property Name,Status`: every inventory query)
// parse as ERROR although PowerShell accepts them; and it does not know that PowerShell also closes a string on the
// typographic quotes U+2018..U+201B, which psString doubles all the same (test/windows/powershell.test.ts).
import test from 'ava';
import Parser from 'tree-sitter';
import PowerShell from 'tree-sitter-powershell';
import {diskspd} from '../../harness/kinds/workloads/diskspd.js';
import {ntttcp} from '../../harness/kinds/workloads/ntttcp.js';
import {typeperf} from '../../harness/kinds/captures/typeperf.js';
import {nicDisable} from '../../harness/kinds/faults/nic-disable.js';
import {rdmaDisable} from '../../harness/kinds/faults/rdma-disable.js';
import {adapterRdmaScript, adapterStatusScript} from '../../harness/kinds/faults/node-commands.js';
import type {PlanCommand} from '../../harness/plan/command.js';
import type {CaptureStep, DiskspdStep, NtttcpStep} from '../../harness/plan/plan.js';
import {loadRig} from '../../harness/rig/load.js';
import type {Rig} from '../../harness/rig/schema.js';
import {discoveryScript, localeQueries} from '../../harness/run/counter-discovery.js';
import {clockScript, killScript, nativeScript} from '../../harness/targets/windows-node.js';
import {clusterQueries, nodeQueries} from '../../harness/windows/inventory/queries.js';
import {preamble, psString, stdinBootstrap} from '../../harness/windows/powershell.js';
import {batchScript} from '../../harness/windows/query.js';
import {diskspdParamsSchema} from '../../harness/workloads/diskspd/args.js';
import {simRig} from '../helpers/cli.js';

const parser = new Parser();
parser.setLanguage(PowerShell);

/** The PowerShell of a plan step's command ('' for a switch command or none). */
const scriptOf = (command: PlanCommand | undefined): string => (command?.kind === 'powershell' ? command.script : '');

interface Reading {
	/** ERROR and MISSING nodes, by kind and the text they cover. */
	problems: string[];
	/** Every string literal's value, quotes removed and doubled quotes undone. */
	literals: string[];
}

const read = (script: string): Reading => {
	const problems: string[] = [];
	const literals: string[] = [];
	const walk = (node: Parser.SyntaxNode) => {
		if (node.isMissing) {
			problems.push(`MISSING ${node.type}`);
		} else if (node.type === 'ERROR') {
			problems.push('ERROR');
		}

		if (node.type === 'string_literal' && node.text.startsWith('\'')) {
			literals.push(node.text.slice(1, -1).replace(/(['\u2018\u2019\u201A\u201B])\1/g, '$1'));
		} else if (node.type === 'string_literal') {
			literals.push(node.text);
		}

		for (const child of node.children) {
			walk(child);
		}
	};

	walk(parser.parse(script).rootNode);
	return {problems, literals};
};

const hostile = [
	'O\'Brien',
	'a\'\'b',
	'it\'s `$(Stop-Computer)` and $(Remove-Item C:\\ -Recurse)',
	'"; Stop-Computer; "',
	'\'; Stop-Computer; \'',
	'$env:COMPUTERNAME @{a=1} [int]5 -and $true',
	'line one\nline two\r\nline three',
	'# not a comment } ) ] { ( [ ; | &',
	'RDMA-Aktivität(Mellanox ConnectX-4 Lx #2) Процессор 处理器',
	'‘typographic’ ‛quotes‚',
	'\\\\sofs\\vm store\\it\'s a file.dat',
];

/** A script built with `value` everywhere a rig file, a suite or a node can put text. */
interface Builder {
	name: string;
	build: (value: string) => string | Promise<string>;
}

const rig = await loadRig(simRig);
const withTool = (value: string): Rig => ({...rig, nodes: rig.nodes.map(node => ({...node, tools: {...node.tools, diskspd: `C:\\Tools\\${value}\\diskspd.exe`}}))});
const withNtttcp = (value: string): Rig => ({...rig, nodes: rig.nodes.map(node => ({...node, tools: {...node.tools, ntttcp: `C:\\Tools\\${value}\\ntttcp.exe`, workDir: `D:\\${value}`}}))});
const ntttcpStep: NtttcpStep = {
	kind: 'ntttcp', id: 'tcp', node: 'hv01', receiver: 'sofs01', atS: 3,
	params: {receiverAddress: '10.71.1.21', senderAddress: '10.71.1.11', threads: 16, bufferBytes: 1_638_400, outstanding: 16, durationS: 20, warmupS: 0, cooldownS: 0, port: 5001},
};
const diskspdStep = (value: string): DiskspdStep => ({
	kind: 'diskspd', id: 'load', node: 'hv01', atS: 0,
	params: diskspdParamsSchema.parse({durationS: 30, targets: [{path: `\\\\sofs\\${value}\\load.dat`, size: '1G'}]}),
} as unknown as DiskspdStep);
const captureStep = (value: string): CaptureStep => ({kind: 'typeperf', node: 'hv01', counters: [`\\RDMA Activity(${value})\\RDMA Inbound Bytes/sec`], intervalS: 1, samples: 5});

const builders: Builder[] = [
	{name: 'nativeScript (program and arguments)', build: value => nativeScript(`C:\\Tools\\${value}.exe`, ['-b64K', value, `-Z${value}`])},
	{name: 'nativeScript, armed', build: value => nativeScript('diskspd.exe', [value], true)},
	{name: 'counter discovery (typeperf -qx per set)', build: value => discoveryScript(['RDMA Activity', value])},
	{name: 'adapter status read-back', build: value => batchScript({adapters: {key: 'adapters', pipeline: adapterStatusScript([value, 'SLOT 3 Port 2']), item: undefined as never}})},
	{name: 'adapter RDMA read-back', build: value => batchScript({rdma: {key: 'rdma', pipeline: adapterRdmaScript([value]), item: undefined as never}})},
	...(['inject', 'restore'] as const).flatMap(phase => [
		{name: `nic-disable ${phase}`, build: (value: string) => scriptOf(nicDisable.commands({kind: 'nic-disable', id: 'x', node: 'hv01', rnic: value, atS: 1, restoreAtS: 2}, rig)[phase])},
		{name: `nic-disable ${phase} confirmation`, build: (value: string) => nicDisable.commands({kind: 'nic-disable', id: 'x', node: 'hv01', rnic: value, atS: 1, restoreAtS: 2}, rig)[phase].confirm?.line ?? ''},
		{name: `rdma-disable ${phase}`, build: (value: string) => scriptOf(rdmaDisable.commands({kind: 'rdma-disable', id: 'x', node: 'hv01', rnics: [value, 'SLOT 3 Port 2'], atS: 1, restoreAtS: 2}, rig)[phase])},
	]),
	{name: 'diskspd target creation (plan setup)', build: value => diskspd.planSetup(diskspdStep(value), withTool(value)).map(step => scriptOf(step.command)).join('\n')},
	{name: 'diskspd start', build: value => scriptOf(diskspd.planStart(diskspdStep(value), withTool(value)).command)},
	{name: 'ntttcp result files cleared, receiver launched (plan setup)', build: value => ntttcp.planSetup(ntttcpStep, withNtttcp(value)).map(step => scriptOf(step.command)).join('\n')},
	{name: 'ntttcp sender start', build: value => scriptOf(ntttcp.planStart(ntttcpStep, withNtttcp(value)).command)},
	{name: 'typeperf capture and its discovery', build: value => typeperf.planSteps(captureStep(value), rig).map(step => scriptOf(step.command)).join('\n')},
];

// Scripts with no value from outside: they must read the same as ever, and only the grammar's known gap may show.
const fixed: Array<[string, string]> = [
	['preamble', preamble],
	['stdin bootstrap', stdinBootstrap],
	['clock reading', clockScript(5)],
	['taskkill', killScript(4242)],
	['inventory queries', batchScript(nodeQueries)],
	['cluster queries', batchScript(clusterQueries)],
	['counter names and culture (Perflib)', batchScript(localeQueries)],
];

const plain = 'PlainValue';

for (const builder of builders) {
	test(`${builder.name}: a hostile value adds no ERROR or MISSING node and stays inside one string literal`, async t => {
		const reference = read(await builder.build(plain));
		t.true(reference.literals.some(literal => literal.includes(plain)), 'the plain value is in a literal');
		for (const value of hostile) {
			const script = await builder.build(value);
			const reading = read(script);
			t.deepEqual(reading.problems, reference.problems, `${JSON.stringify(value)}:\n${script}`);
			t.is(reading.literals.length, reference.literals.length, `${JSON.stringify(value)}: the literals split or merged`);
			t.deepEqual(reading.literals.map(literal => literal.replaceAll(value, plain)), reference.literals, `${JSON.stringify(value)}: a value outside its literal`);
		}
	});
}

for (const [name, script] of fixed) {
	test(`${name}: parses, with ERROR or MISSING only where the grammar rejects comma-separated arguments`, t => {
		const unexplained: string[] = [];
		const walk = (node: Parser.SyntaxNode) => {
			// The gap shows either as an ERROR over the arguments or as a MISSING argument separator at the comma.
			if (node.type === 'ERROR' && !/(?:'[^'\n]*'|\w),(?:'|\w)/.test(node.text)) {
				unexplained.push(`ERROR ${node.text}`);
			} else if (node.isMissing && !(node.type === ' ' && script[node.startIndex] === ',')) {
				unexplained.push(`MISSING ${JSON.stringify(node.type)} at ${node.startPosition.row + 1}:${node.startPosition.column + 1}`);
			}

			if (node.type !== 'ERROR') {
				node.children.forEach(walk);
			}
		};

		walk(parser.parse(script).rootNode);
		t.deepEqual(unexplained, []);
	});
}

test('the check has teeth: quoting without doubling the quote is caught', t => {
	const careless = (value: string) => `'${value}'`;
	const reference = read(`Disable-NetAdapter -Name ${careless(plain)} -Confirm:$false`);
	const broken = read(`Disable-NetAdapter -Name ${careless('x\'; Stop-Computer; \'y')} -Confirm:$false`);
	t.notDeepEqual(broken.literals.map(literal => literal.replaceAll('x\'; Stop-Computer; \'y', plain)), reference.literals);
	const unterminated = read(`Disable-NetAdapter -Name ${careless('O\'Brien')} -Confirm:$false`);
	t.notDeepEqual(unterminated.problems, reference.problems);
	t.is(read(`Disable-NetAdapter -Name ${psString('O\'Brien')} -Confirm:$false`).problems.length, 0);
});
