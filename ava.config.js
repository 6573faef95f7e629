// AVA runs 3 test files at once (more overloads two cores: the simulated runs' timings suffer). Files start longest
// first so that no long end-to-end file is left running alone at the end: these are the ones over about 40 s, longest
// first, as measured on 1 December 2026; every other file follows in path order. (Off CI, AVA puts files that failed
// last time first, after this order.)
const longestFirst = [
	'cli/run', 'cli/rdma-offload', 'cli/nightly', 'cli/qos-shares-misconfigs', 'validate/switch-rules', 'safety/failure-matrix',
	'cli/history', 'safety/stage-failures', 'suites/live-migration-over-smb', 'safety/hardening', 'cli/qos-shares', 'cli/certify',
	'validate/matrix', 'suites/sofs-node-failover', 'safety/secrets', 'record/files', 'safety/two-runs', 'cli/run-localized',
	'cli/progress', 'cli/restore-command',
];

/** A file's place in longestFirst (by its path from test/, without the extension), or after all of them. */
const rank = file => {
	const stem = file.replaceAll('\\', '/').replace(/^.*?\/test\//, '').replace(/\.test\.[jt]s$/, '');
	const index = longestFirst.indexOf(stem);
	return index === -1 ? longestFirst.length : index;
};

export default {
	files: ['test/**/*.test.ts'],
	typescript: {rewritePaths: {'test/': 'dist/test/'}, compile: false},
	concurrency: 3,
	timeout: '3m',
	workerThreads: false,
	sortTestFiles: (a, b) => rank(a) - rank(b) || a.localeCompare(b),
};
