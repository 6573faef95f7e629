import test from 'ava';
import {diskspdArgs, diskspdCreateArgs, diskspdParamsSchema, diskspdWallS, formatSize, parseSize} from '../../../harness/workloads/diskspd/args.js';

const base = {durationS: 30, targets: [{path: '\\\\sofs\\vmstore\\a.dat', size: '10G'}]};

test('every parameter becomes its diskspd switch, targets last', t => {
	const params = diskspdParamsSchema.parse({
		...base, blockSize: '64K', threads: 8, outstanding: 32, writePercent: 30, pattern: 'sequential', warmupS: 10, cooldownS: 5,
		caching: ['h', 'r'], bucketMs: 500, latency: true, targets: [...base.targets, {path: '\\\\sofs\\vmstore\\b & c.dat', size: 1_048_576}],
	});
	t.deepEqual(diskspdArgs(params), ['-b64K', '-t8', '-o32', '-w30', '-s', '-d30', '-W10', '-C5', '-Shr', '-D500', '-L', '-Rxml', '\\\\sofs\\vmstore\\a.dat', '\\\\sofs\\vmstore\\b & c.dat']);
	t.is(diskspdWallS(params), 45);
});

test('defaults: 4K random reads, -Sh, -L, one-second buckets; no caching flags leaves -S out', t => {
	t.deepEqual(diskspdArgs(diskspdParamsSchema.parse(base)), ['-b4K', '-t4', '-o16', '-w0', '-r', '-d30', '-W5', '-C0', '-Sh', '-D1000', '-L', '-Rxml', '\\\\sofs\\vmstore\\a.dat']);
	t.false(diskspdArgs(diskspdParamsSchema.parse({...base, caching: [], latency: false})).some(arg => arg.startsWith('-S') || arg === '-L'));
});

test('target files are written in full, at their size, by a separate untimed run', t => {
	const params = diskspdParamsSchema.parse({...base, targets: [...base.targets, {path: 'x.dat', size: 65_536}]});
	t.deepEqual(diskspdCreateArgs(params).map(args => [args[0], args.at(-1)]), [['-c10G', '\\\\sofs\\vmstore\\a.dat'], ['-c64K', 'x.dat']]);
	t.true(diskspdCreateArgs(params).every(args => args.includes('-w100') && args.includes('-W0')));
});

test('out-of-range and malformed values are refused with the field named', t => {
	const issues = (input: Record<string, unknown>) => {
		const result = diskspdParamsSchema.safeParse({...base, ...input});
		return result.success ? [] : result.error.issues.map(issue => issue.path.join('.'));
	};

	t.deepEqual(issues({threads: 0}), ['threads']);
	t.deepEqual(issues({writePercent: 101}), ['writePercent']);
	t.deepEqual(issues({outstanding: 1.5}), ['outstanding']);
	t.deepEqual(issues({blockSize: '4KB'}), ['blockSize']);
	t.deepEqual(issues({caching: ['x']}), ['caching.0']);
	t.deepEqual(issues({targets: []}), ['targets']);
	t.deepEqual(issues({targets: [{path: '', size: '1G'}]}), ['targets.0.path']);
	t.deepEqual(issues({bucketMs: 0}), ['bucketMs']);
	t.deepEqual(issues({durationS: 0}), ['durationS']);
	t.deepEqual(issues({seed: 1}), ['']);
});

test('sizes read and print in diskspd notation', t => {
	t.is(parseSize('4k'), 4096);
	t.is(parseSize('10G'), 10 * 1024 ** 3);
	t.is(parseSize('1.5G'), undefined);
	t.is(formatSize(1024 ** 4), '1T');
	t.is(formatSize(4096 * 3), '12K');
	t.is(formatSize(1000), '1000');
});
