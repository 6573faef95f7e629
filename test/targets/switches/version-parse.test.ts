// Switch OS versions for the run manifest: real `show version` outputs of each OS (test/fixtures/switches/versions,
// see SOURCES.md), the variants the parsers accept, output they must refuse, and each driver against its
// simulated switch over SSH.
import {readFileSync} from 'node:fs';
import {join} from 'node:path';
import test from 'ava';
import {isHarnessError} from '../../../harness/errors.js';
import type {SwitchVendor} from '../../../harness/rig/switch-ports.js';
import {readSwitchVersion} from '../../../harness/targets/switch.js';
import {parseSwitchVersion, versionCommands} from '../../../harness/targets/switches/version-parse.js';
import type {Transport} from '../../../harness/transport/types.js';
import {simRig} from '../../helpers/cli.js';
import {fixture, repoRoot} from '../../helpers/paths.js';
import {openSwitches} from '../../helpers/switch-sim.js';

const sample = (file: string) => readFileSync(fixture('switches', 'versions', file), 'utf8');

test('real outputs: the OS, its version and the model, for every vendor', t => {
	t.deepEqual(parseSwitchVersion('nxos', sample('nxos-show-version.json')), {os: 'NX-OS', version: '9.3(5)', model: 'Nexus9000 C9300v Chassis'});
	t.deepEqual(parseSwitchVersion('eos', sample('eos-show-version.json')), {os: 'EOS', version: '4.23.0.1F', model: 'vEOS'});
	t.deepEqual(parseSwitchVersion('nvue', sample('nvue-show-system.json')), {os: 'Cumulus Linux', version: '5.4.0'});
	t.deepEqual(parseSwitchVersion('sonic', sample('sonic-show-version.txt')), {os: 'SONiC', version: 'SONiC.HEAD.32-21ea29a', model: 'Mellanox-SN2700'});
	t.deepEqual(parseSwitchVersion('onyx', sample('onyx-show-version.json')), {os: 'MLNX-OS', version: '3.6.5000', model: 'x86onie'});
	t.deepEqual(parseSwitchVersion('os10', sample('os10-show-version.txt')), {os: 'OS10', version: '10.5.1.0 (build 10.5.1.0.124)', model: 'S4112F-ON'});
});

test('variants: older NX-OS names only the kickstart image, NVUE 5.9+ names its release, Onyx may wrap the object in a list, CRLF text', t => {
	t.is(parseSwitchVersion('nxos', JSON.stringify({kickstart_ver_str: '7.0(3)I7(6)', chassis_id: 'Nexus 3172T Chassis'}))?.version, '7.0(3)I7(6)');
	t.deepEqual(parseSwitchVersion('nvue', JSON.stringify({build: 'Cumulus Linux 5.12.1', 'product-name': 'Cumulus Linux', 'product-release': '5.12.1', platform: 'N/A'})), {os: 'Cumulus Linux', version: '5.12.1'});
	t.is(parseSwitchVersion('onyx', `[${sample('onyx-show-version.json')}]`)?.version, '3.6.5000');
	t.is(parseSwitchVersion('sonic', sample('sonic-show-version.txt').replaceAll('\n', '\r\n'))?.version, 'SONiC.HEAD.32-21ea29a');
	t.is(parseSwitchVersion('os10', 'Dell EMC Networking OS10 Enterprise\nOS Version: 10.5.1.4\n')?.version, '10.5.1.4');
});

test('output that is not the OS\'s version report is refused, never read as some version', t => {
	const cases: Array<[SwitchVendor, string]> = [
		['nxos', '% Invalid command at \'^\' marker.'],
		['nxos', JSON.stringify({chassis_id: 'Nexus9000'})],
		['eos', sample('nxos-show-version.json')],
		['nvue', 'Error: The requested item does not exist.'],
		['sonic', sample('os10-show-version.txt')],
		['onyx', '{"Product name": "Onyx"}'],
		['os10', sample('sonic-show-version.txt')],
		['os10', ''],
	];
	for (const [vendor, output] of cases) {
		t.is(parseSwitchVersion(vendor, output), undefined, `${vendor}: ${output.slice(0, 40)}`);
	}
});

test('a driver that cannot read the version says PARSE, naming the command and what came back', async t => {
	const transport: Transport = {target: 'tor-a', async exec() {
		return {exitCode: 0, stdout: 'Cisco Nexus Operating System (NX-OS) Software\n  NXOS: version 9.3(5)\n', stderr: '', durationMs: 1};
	}, async close() {}};
	const error = await t.throwsAsync(readSwitchVersion(transport, 'tor-a', 'nxos'));
	t.true(isHarnessError(error) && error.code === 'PARSE' && error.target === 'tor-a');
	t.regex(error!.message, /^show version \| json: unexpected output/);
});

const simulated: Array<[SwitchVendor, string, string]> = [
	['nxos', simRig, '10.3(4a)'],
	['eos', join(repoRoot, 'lab-configs', 'sim-rig-mixed-switches.yaml'), '4.30.3M'],
	['sonic', join(repoRoot, 'lab-configs', 'sim-rig-mixed-switches.yaml'), 'SONiC.202311.1-8c08d87'],
	['nvue', join(repoRoot, 'lab-configs', 'sim-rig-nvue-switches.yaml'), '5.4.0'],
	['os10', join(repoRoot, 'lab-configs', 'sim-rig-os10-switches.yaml'), '10.5.4.2 (build 10.5.4.2.88)'],
	['onyx', join(repoRoot, 'lab-configs', 'sim-rig-onyx-switches.yaml'), '3.10.4006'],
];

for (const [vendor, rig, version] of simulated) {
	test(`${vendor}: the driver reads the simulated switch's version over SSH with ${versionCommands[vendor]}`, async t => {
		const session = await openSwitches(rig);
		t.teardown(async () => session.close());
		const driver = [...session.drivers.values()].find(candidate => candidate.vendor === vendor)!;
		t.is((await driver.version()).version, version);
	});
}
