// Lint for rdmalab: typescript-eslint's recommended rules, no floating promises, and the layers of DESIGN.md
// ("Layers, enforced by lint") as import restrictions per folder. test/lint/layers.test.ts proves each layer rule.
import {defineConfig, globalIgnores} from 'eslint/config';
import tseslint from 'typescript-eslint';

const sources = ['{harness,suites,reports,test,bench}/**/*.ts'];

// ---- Layers --------------------------------------------------------------------------------------------------
// no-restricted-imports matches the specifier as written, not the file it resolves to, so each pattern names the
// folder after `./` or any number of `../` (with `harness/` when written from outside harness/): `./run/x.js` from
// harness/suite.ts, `../run/x.js` from harness/counters and `../harness/run/x.js` from reports/ all hit harness/run.
// A folder of the same name elsewhere would match too; the layered folders (harness, suites, reports) have none.
// Each layer applies to static imports and re-exports (no-restricted-imports) and to `import('...')` with a literal
// path (no-restricted-syntax), which no-restricted-imports does not see.
/** A relative specifier's leading `./` or `../../`. */
const up = String.raw`^\.\.?/(\.\./)*`;
const zones = {
	simulator: [{
		regex: String.raw`${up}(harness/)?sim(/|$)`,
		message: 'Only harness/cli/open-rig.ts (which starts the simulated rig) and harness/cli/sim-command.ts import the simulator; nothing else in harness/, suites/ or reports/ may know it talks to one.',
	}],
	harnessUp: [{
		// reports/model.js is the report model (data only, pure core): the Suite contract (harness/suite.ts) names it.
		regex: String.raw`${up}(suites(/|$)|reports/(?!model\.js$))`,
		message: 'harness/ may not import suites/ or reports/ (the report model excepted): only harness/cli/ composes harness, suites and reports.',
	}],
	pureCore: [
		{
			regex: String.raw`^(node:)?(fs|fs/promises|child_process|net)$`,
			message: 'The pure core (plan, record, verdicts, parsers, report models) takes data and returns data: no files, processes or sockets. Read or write at the edge and pass the data in.',
		},
		{
			regex: String.raw`^(ssh2|execa)(/|$)`,
			message: 'The pure core runs no commands and opens no connections: that is the transport\'s and the targets\' work.',
		},
		{
			// harness/run/run-data.ts holds the run record's types only (no code): the pure core judges records, so it
			// may name them. Everything else in harness/run is the runner.
			regex: String.raw`${up}(harness/)?((transport|sim|cli)/|run/(?!run-data\.js$))`,
			message: 'The pure core may not import harness/transport, harness/run (run-data.js\'s record types excepted), harness/sim or harness/cli.',
		},
	],
	reportsOnly: [{
		regex: String.raw`^(?!\./(?!\.\.?/)|chart\.js(/|$)|@napi-rs/canvas$|fast-xml-parser$|node:(fs|fs/promises|path|url|buffer|stream|stream/promises)$)`,
		message: 'reports/ renders the report model only: it imports ./ (reports/), chart.js, @napi-rs/canvas, fast-xml-parser (JUnit) and the node: builtins needed to write files. The CLI (harness/cli/) hands it the model.',
	}],
};

// esquery cannot hold `/` inside a regular expression; \x2F is the same character to RegExp.
const dynamicImport = ({regex, message}) => ({selector: `ImportExpression[source.value=/${regex.replaceAll('/', String.raw`\x2F`)}/]`, message});

// ESLint keeps only the last options given to a rule for a file, so each block below lists every zone its files
// belong to, from the widest block to the narrowest.
const layer = (name, files, ignores, ...zoneNames) => {
	const patterns = zoneNames.flatMap(zone => zones[zone]);
	return {
		name: `rdmalab/layers/${name}`,
		files,
		ignores,
		rules: {
			'no-restricted-imports': ['error', {patterns}],
			'no-restricted-syntax': ['error', ...patterns.map(dynamicImport)],
		},
	};
};

const simulatorImporters = ['harness/cli/open-rig.ts', 'harness/cli/sim-command.ts'];
const pureCore = [
	// The error types every parser throws.
	'harness/errors.ts',
	'harness/parse-error.ts',
	'harness/plan/**/*.ts',
	'harness/verdicts/**/*.ts',
	'harness/record/**/*.ts',
	'harness/counters/**/*.ts',
	'harness/workloads/diskspd/**/*.ts',
	'harness/workloads/ntttcp/**/*.ts',
	'harness/targets/switches/*-parse.ts',
	'harness/windows/ps-json.ts',
	'harness/inspect/**/*.ts',
	'harness/manifest/**/*.ts',
];
const notPure = [
	// `rdmalab inspect`'s reader: opens the file it is given and streams it through the pure parsers.
	'harness/inspect/inspect.ts',
	// The run record's on-disk form (kinds branch): reads record.json, counter CSVs and diskspd XML of a run folder.
	'harness/record/files.ts',
	// result.json read back and checked against its published JSON Schema.
	'harness/record/result-file.ts',
	// The manifest's reader: asks the switches the run is connected to, through their drivers.
	'harness/manifest/read.ts',
];

const layers = [
	layer('simulator', ['suites/**/*.ts', 'harness/**/*.ts'], ['harness/sim/**', ...simulatorImporters], 'simulator'),
	layer('harness', ['harness/**/*.ts'], ['harness/cli/**', 'harness/sim/**'], 'simulator', 'harnessUp'),
	layer('simulator-itself', ['harness/sim/**/*.ts'], [], 'harnessUp'),
	layer('reports', ['reports/**/*.ts'], [], 'reportsOnly'),
	layer('pure-core', pureCore, notPure, 'simulator', 'harnessUp', 'pureCore'),
	layer('report-model', ['reports/model.ts'], [], 'reportsOnly', 'pureCore'),
];

export default defineConfig([
	globalIgnores(['dist/', 'bin/', 'docs/', 'lab-configs/', 'runs/', '.rdmalab/']),
	{
		name: 'rdmalab/typescript',
		files: sources,
		extends: [tseslint.configs.recommended],
		languageOptions: {
			parserOptions: {projectService: true, tsconfigRootDir: import.meta.dirname},
		},
		linterOptions: {reportUnusedDisableDirectives: 'error'},
		rules: {
			// Everywhere, tests included: a promise nobody awaits loses its rejection and outlives its step. Mark a
			// deliberate fire-and-forget with `void`.
			'@typescript-eslint/no-floating-promises': 'error',
			// tsc already refuses unused locals and parameters (noUnusedLocals, noUnusedParameters) and knows the
			// `_name` and rest-sibling idioms the code uses to drop fields; one authority is enough.
			'@typescript-eslint/no-unused-vars': 'off',
			// no-await-in-loop stays off: every loop here that awaits does so on purpose (restore in reverse order,
			// the lease protocol's steps, polls, one session's commands in turn, an interpreter's statements), and
			// fan-out is written as such (p-limit, Promise.all). A disable at every hit would be noise.
		},
	},
	...layers,
]);
