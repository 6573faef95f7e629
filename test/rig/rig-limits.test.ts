// What a rig file can make the loader do is bounded by the file's size: port ranges are indexed once per switch and
// capped, aliases are capped by the yaml library's limit, the file itself is capped, and whatever the bytes are, the
// outcome is a rig or a HarnessError with file and line, never a stack trace. No test here times anything: each
// counts the work, or checks that the input is refused.
import {writeFile} from 'node:fs/promises';
import {join} from 'node:path';
import test from 'ava';
import {isHarnessError} from '../../harness/errors.js';
import {loadRig, parseRig, RigFileError} from '../../harness/rig/load.js';
import * as switchPorts from '../../harness/rig/switch-ports.js';
import {planReport} from '../../harness/safety/plan-report.js';
import {suites} from '../../suites/index.js';
import {rdmalab, tempDir} from '../helpers/cli.js';

/**
 * A valid rig with `nodes` nodes, two rNICs each, cabled to two NX-OS switches whose `ports` list stands for
 * `modules` × 999 ports (4 modules: 3996, under the cap of 4096).
 */
const bigRig = (nodes: number, modules = 4, linkGbps = '25'): string => {
	const address = (index: number) => `${Math.floor(index / 250)}.${(index % 250) + 1}`;
	const port = (index: number) => `Ethernet${Math.floor(index / 999) + 1}/${(index % 999) + 1}`;
	const ports = Array.from({length: modules}, (_, module) => `Ethernet${module + 1}/1-999`).join(', ');
	const lines = [
		'rdmalab: 1', 'name: big', 'simulated: true', 'storage: {transport: RoCEv2, dcb: required}',
		'qos: {smb: {priority: 3, bandwidthPercent: 50}, cluster: {priority: 7, bandwidthPercent: 1}, pfcPriorities: [3]}',
		'networks:',
		'  - {name: mgmt, role: management, cidr: 192.168.0.0/16}',
		'  - {name: storage-a, role: storage, cidr: 10.71.0.0/16, vlan: 711}',
		'  - {name: storage-b, role: storage, cidr: 10.72.0.0/16, vlan: 712}',
		'credentials: {lab: {user: rdmalab, auth: {type: key-file, path: ~/.ssh/lab}}}',
		'nodes:',
	];
	for (let index = 0; index < nodes; index++) {
		const sofs = index < 2;
		lines.push(
			`  - name: ${sofs ? 'sofs' : 'hv'}${index}`,
			`    role: ${sofs ? 'sofs-node' : 'hyperv-host'}`,
			`    ssh: {address: 192.168.${address(index)}, credential: lab}`,
			'    management: {adapter: mgmt, network: mgmt, kind: nic}',
			'    rnics:',
			`      - {name: A, interfaceDescription: NIC, network: storage-a, address: 10.71.${address(index)}, linkGbps: ${linkGbps}, cable: {switch: tor-a, port: ${port(index)}}}`,
			`      - {name: B, interfaceDescription: NIC 2, network: storage-b, address: 10.72.${address(index)}, linkGbps: ${linkGbps}, cable: {switch: tor-b, port: ${port(index)}}}`,
		);
	}

	lines.push(
		'switches:',
		`  - {name: tor-a, vendor: nxos, ssh: {address: 192.168.255.1, credential: lab}, ports: [${ports}]}`,
		`  - {name: tor-b, vendor: nxos, ssh: {address: 192.168.255.2, credential: lab}, ports: [${ports}]}`,
		'sofs: {name: sofs, nodes: [sofs0, sofs1], shares: [{name: vm}]}',
	);
	return `${lines.join('\n')}\n`;
};

test('a big rig (1000 rNICs, 3996 ports per switch) indexes each switch\'s ports once, not once per rNIC', t => {
	const indexed: number[] = [];
	const counting = (entries: readonly string[]) => {
		indexed.push(entries.length);
		return switchPorts.portIndex(entries);
	};

	const rig = parseRig(bigRig(500), 'big.yaml', {portIndex: counting});
	t.is(rig.nodes.length, 500);
	t.deepEqual(indexed, [4, 4]);
	// And it plans.
	const suite = suites['multichannel-failover']!;
	const report = planReport(suite.plan(rig, suite.params.parse({})), rig);
	t.true(report.timeline.length > 0);
	t.deepEqual(report.interlocks, []);
});

test('a port index counts ranges without expanding them and answers as the switch CLI compares names', t => {
	const index = switchPorts.portIndex(['Ethernet1/1-48', 'Ethernet1/49', 'mgmt0', 'Ethernet2/1-100000']);
	t.is(index.problem?.entry, 'Ethernet2/1-100000');
	t.is(index.count, 50);
	const ports = switchPorts.portIndex(['Ethernet1/1-48', 'Ethernet1/49', 'ethernet1/51/1-4']);
	t.is(ports.problem, undefined);
	t.is(ports.count, 53);
	for (const port of ['Ethernet1/1', 'ETHERNET1/48', 'Ethernet1/49', 'Ethernet1/51/4']) {
		t.true(ports.has(port), port);
	}

	for (const port of ['Ethernet1/0', 'Ethernet1/50', 'Ethernet1/01', 'Ethernet1/51/5', 'Ethernet2/1', 'Ethernet1/1-48']) {
		t.false(ports.has(port), port);
	}

	t.is(switchPorts.portIndex(Array.from({length: 4096}, (_, index) => `swp${index + 1}`)).problem, undefined);
	t.is(switchPorts.portIndex(Array.from({length: 4097}, (_, index) => `swp${index + 1}`)).problem?.index, 4096);
	t.regex(switchPorts.portIndex(['Ethernet1/9-1']).problem?.message ?? '', /runs backwards \(9 down to 1\)/);
	// A long run of digits is not a ReDoS: the entry is too long to be a port and stands for itself.
	t.is(switchPorts.portIndex([`${'1'.repeat(50_000)}x-1`]).count, 1);
});

test('a range of a hundred million ports is refused with the file, line, path and value', t => {
	const text = bigRig(4).replace('ports: [Ethernet1/1-999, Ethernet2/1-999', 'ports: [Ethernet1/1-100000000, Ethernet2/1-999');
	const error = t.throws(() => parseRig(text, 'huge.yaml'), {instanceOf: RigFileError});
	t.is(error.issues.length, 1);
	t.like(error.issues[0], {file: 'huge.yaml', path: ['switches', 0, 'ports', 0], rule: 'port list', received: 'Ethernet1/1-100000000'});
	t.true(error.issues[0]!.line! > 1);
	t.regex(error.message, /huge\.yaml:\d+:\d+: switches\[0\]\.ports\[0\]: this range stands for 100000000 ports, so the list would stand for more than 4096 ports/);
});

test('a file with hundreds of problems lists the first 100 and counts the rest', t => {
	const error = t.throws(() => parseRig(bigRig(200, 4, '0'), 'zero.yaml'), {instanceOf: RigFileError});
	t.is(error.issues.length, 100);
	t.true(error.message.startsWith('rig file zero.yaml has 400 problems:\n'));
	t.true(error.message.endsWith('\n  ... and 300 more; fix these first'));
	t.true(error.issues.every(issue => issue.line !== undefined));
});

test('a duplicate key in a long mapping is found (in linear time) and named by its path', t => {
	const keys = Array.from({length: 20_000}, (_, index) => `    k${index}: ${index}`);
	const text = bigRig(4).replace('sofs: {', `simulation:\n  timings:\n${keys.join('\n')}\n    k17: again\nsofs: {`);
	const error = t.throws(() => parseRig(text, 'dup.yaml'), {instanceOf: RigFileError});
	t.like(error.issues[0], {path: ['simulation', 'timings', 'k17'], rule: 'unique keys', received: 'again'});
	t.regex(error.message, /dup\.yaml:\d+:5: simulation\.timings\.k17: given twice in one mapping \(first on line \d+\)/);
});

test('a rig file over 1 MiB is refused, saying its size and the cap', async t => {
	const folder = await tempDir();
	const file = join(folder, 'padded.yaml');
	// A valid rig, padded with a comment to one byte over the cap: the size alone refuses it.
	const rig = bigRig(4);
	await writeFile(file, `${rig}#${'x'.repeat((1024 * 1024) - rig.length - 1)}\n`);
	const error = await t.throwsAsync(loadRig(file), {instanceOf: RigFileError});
	t.is(error.message, `rig file ${file} has 1 problem:\n  ${file}: (top level): the file is 1048577 bytes (1 MiB); a rig file may be at most 1048576 bytes (1 MiB), so this is not one (check the path) [rule: file size]`);
	await writeFile(file, rig);
	await t.notThrowsAsync(loadRig(file));
});

test('a device that never ends is read only up to the cap', async t => {
	const error = await t.throwsAsync(loadRig('/dev/zero'), {instanceOf: RigFileError});
	t.regex(error.message, /\/dev\/zero: \(top level\): the file is longer than 1048576 bytes; a rig file may be at most 1048576 bytes \(1 MiB\)/);
});

test('whatever the YAML holds, loading ends in a rig or a HarnessError, never another error', t => {
	const base = bigRig(2);
	const laughs = ['a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
	for (const level of ['b', 'c', 'd', 'e', 'f', 'g']) {
		const previous = laughs.at(-1)![0]!;
		laughs.push(`${level}: &${level} [${Array.from({length: 10}, () => `*${previous}`).join(', ')}]`);
	}

	const inputs = {
		laughs: laughs.join('\n'),
		deepFlow: `x: ${'['.repeat(20_000)}${']'.repeat(20_000)}`,
		deepBlock: Array.from({length: 3000}, (_, depth) => `${' '.repeat(depth)}a:`).join('\n'),
		cycle: 'a: &a {b: *a}',
		binaryTag: base.replace('linkGbps: 25', 'linkGbps: !!binary aGVsbG8='),
		unknownAlias: 'a: *nowhere',
		hugeNumber: base.replace('linkGbps: 25', `linkGbps: 0x${'f'.repeat(400)}`),
		nul: base.replace('name: big', 'name: b\u0000ig'),
	};
	for (const [name, text] of Object.entries(inputs)) {
		const error = t.throws(() => parseRig(text, `${name}.yaml`), undefined, name);
		t.true(isHarnessError(error), `${name}: ${String(error)}`);
		t.true(error.message.includes(`${name}.yaml`), name);
	}
});

test('the CLI refuses an alias bomb and a binary file with exit 2, the file and line, and no stack trace', async t => {
	for (const name of ['yaml-alias-bomb', 'gzip-compressed']) {
		const {exitCode, stderr, stdout} = await rdmalab(['plan', 'multichannel-failover', '--rig', `test/fixtures/bad-rigs/${name}.yaml`]);
		t.is(exitCode, 2);
		t.is(stdout, '');
		t.regex(stderr, new RegExp(`test/fixtures/bad-rigs/${name}\\.yaml:\\d+:\\d+: `));
		t.notRegex(stderr, /^\s+at /m, stderr);
		t.notRegex(stderr, /ReferenceError|TypeError|RangeError/);
	}
});
