// The layers of DESIGN.md are enforced by eslint.config.js: each forbidden import below fails lint where it is
// written, each allowed one passes. Each snippet is linted in memory in place of a real file of the layer, through
// ESLint's Node API with the project's own config: the type-aware parser only knows files that tsconfig.json holds,
// so the snippet takes an existing file's path (the file on disk is neither read nor changed).
import test from 'ava';
import {ESLint} from 'eslint';
import {repoRoot} from '../helpers/paths.js';

const eslint = new ESLint({cwd: repoRoot});

const problems = async (filePath: string, code: string) => {
	const [result] = await eslint.lintText(code, {filePath});
	return (result?.messages ?? []).map(message => ({rule: message.ruleId, line: message.line, message: message.message}));
};

const forbidden: Array<[title: string, filePath: string, code: string, rule: string]> = [
	['reports/ importing the runner', 'reports/html.ts', "import {executePlan} from '../harness/run/runner.js';\nexport const run = executePlan;\n", 'no-restricted-imports'],
	['reports/ importing a suite', 'reports/html.ts', "export {suites} from '../suites/index.js';\n", 'no-restricted-imports'],
	['reports/ loading the runner with import()', 'reports/html.ts', "export const load = async () => import('../harness/run/runner.js');\n", 'no-restricted-syntax'],
	['reports/ importing ssh2', 'reports/html.ts', "import ssh2 from 'ssh2';\nexport const client = ssh2.Client;\n", 'no-restricted-imports'],
	['a pure-core verdict importing node:fs', 'harness/verdicts/failover.ts', "import {readFileSync} from 'node:fs';\nexport const read = readFileSync;\n", 'no-restricted-imports'],
	['a pure-core parser importing fs without node:', 'harness/targets/switches/eos-parse.ts', "import {readFile} from 'fs/promises';\nexport const read = readFile;\n", 'no-restricted-imports'],
	['a pure-core parser importing the transport', 'harness/counters/catalogue.ts', "import type {Transport} from '../transport/types.js';\nexport type T = Transport;\n", 'no-restricted-imports'],
	['the plan importing the runner', 'harness/plan/plan.ts', "import {executePlan} from '../run/runner.js';\nexport const run = executePlan;\n", 'no-restricted-imports'],
	['the report model importing node:child_process', 'reports/model.ts', "import {spawn} from 'node:child_process';\nexport const start = spawn;\n", 'no-restricted-imports'],
	['harness/ (harness/suite.ts) importing the simulator', 'harness/suite.ts', "import {startSimulator} from './sim/index.js';\nexport const start = startSimulator;\n", 'no-restricted-imports'],
	['validate importing the simulator', 'harness/validate/validate.ts', "import {misconfigs} from '../sim/misconfigs/index.js';\nexport const names = misconfigs;\n", 'no-restricted-imports'],
	['validate loading the simulator with import()', 'harness/validate/validate.ts', "export const start = async () => import('../sim/index.js');\n", 'no-restricted-syntax'],
	['a suite importing the simulator', 'suites/index.ts', "import {startSimulator} from '../harness/sim/index.js';\nexport const start = startSimulator;\n", 'no-restricted-imports'],
	['the runner importing a suite', 'harness/run/workload.ts', "import {suites} from '../../suites/index.js';\nexport const all = suites;\n", 'no-restricted-imports'],
	['harness/ importing a renderer', 'harness/suite.ts', "import {renderHtmlReport} from '../reports/html.js';\nexport const render = renderHtmlReport;\n", 'no-restricted-imports'],
	['the simulator importing a suite', 'harness/sim/fabric.ts', "import {suites} from '../../suites/index.js';\nexport const all = suites;\n", 'no-restricted-imports'],
];

for (const [title, filePath, code, rule] of forbidden) {
	test(`lint refuses ${title}`, async t => {
		const found = await problems(filePath, code);
		t.true(found.some(problem => problem.rule === rule && problem.line === 1), JSON.stringify(found, null, 2));
		t.true(found.every(problem => problem.rule === rule), JSON.stringify(found, null, 2));
	});
}

const allowed: Array<[title: string, filePath: string, code: string]> = [
	['reports/ importing the report model, chart.js, the canvas and node:fs', 'reports/html.ts', [
		"import {writeFile} from 'node:fs/promises';",
		"import {createCanvas} from '@napi-rs/canvas';",
		"import type {Chart} from 'chart.js';",
		"import type {RunReportModel} from './model.js';",
		'export const parts = {writeFile, createCanvas, chart: undefined as Chart | undefined, model: undefined as RunReportModel | undefined};',
		'',
	].join('\n')],
	['a verdict importing its neighbour and zod', 'harness/verdicts/failover.ts', "import {z} from 'zod';\nimport {figure} from './verdict.js';\nexport const parts = {z, figure};\n"],
	['a pure-core parser naming the run record\'s types', 'harness/counters/rnic-counters.ts', "import type {CounterCapture} from '../run/run-data.js';\nexport type C = CounterCapture;\n"],
	['the Suite contract naming the report model', 'harness/suite.ts', "import type {RunReportModel} from '../reports/model.js';\nexport type M = RunReportModel;\n"],
	['the CLI composing harness, suites and reports', 'harness/cli/run-command.ts', "import {suites} from '../../suites/index.js';\nimport {renderHtmlReport} from '../../reports/html.js';\nimport {executePlan} from '../run/runner.js';\nexport const parts = {suites, renderHtmlReport, executePlan};\n"],
	['the place that starts a simulated rig importing the simulator', 'harness/cli/open-rig.ts', "import {startSimulator} from '../sim/index.js';\nexport const start = startSimulator;\n"],
	['the simulator importing itself and the transport', 'harness/sim/index.ts', "import {Fabric} from './fabric.js';\nimport type {Transport} from '../transport/types.js';\nexport const parts = {Fabric, transport: undefined as Transport | undefined};\n"],
	['a test importing the simulator', 'test/errors.test.ts', "import {startSimulator} from '../harness/sim/index.js';\nexport const start = startSimulator;\n"],
	['a bench importing the simulator', 'bench/ingest.ts', "import {startSimulator} from '../harness/sim/index.js';\nexport const start = startSimulator;\n"],
	['the inspect reader reading files', 'harness/inspect/inspect.ts', "import {readFile} from 'node:fs/promises';\nexport const read = readFile;\n"],
];

for (const [title, filePath, code] of allowed) {
	test(`lint allows ${title}`, async t => {
		t.deepEqual(await problems(filePath, code), []);
	});
}

test('lint refuses a floating promise, and accepts one marked void or awaited', async t => {
	const header = 'const later = async (): Promise<number> => 1;\n';
	const floating = await problems('harness/run/workload.ts', `${header}export const go = () => {\n\tlater();\n};\n`);
	t.deepEqual(floating.map(problem => [problem.rule, problem.line]), [['@typescript-eslint/no-floating-promises', 3]]);
	t.deepEqual(await problems('harness/run/workload.ts', `${header}export const go = async () => {\n\tvoid later();\n\tawait later();\n};\n`), []);
	const inTest = await problems('test/errors.test.ts', `${header}later().then(() => undefined);\n`);
	t.deepEqual(inTest.map(problem => problem.rule), ['@typescript-eslint/no-floating-promises']);
});

test('a disable comment for a rule that reports nothing fails lint', async t => {
	const found = await problems('harness/verdicts/verdict.ts', '// eslint-disable-next-line no-await-in-loop\nexport const x = 1;\n');
	t.is(found.length, 1);
	t.regex(found[0]!.message, /Unused eslint-disable directive/);
});
