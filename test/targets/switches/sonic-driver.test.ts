// The SONiC driver on answers the simulator does not give: a scripted transport, one answer per command.
import test from 'ava';
import {isHarnessError} from '../../../harness/errors.js';
import {SonicDriver} from '../../../harness/targets/switches/sonic.js';
import type {Transport} from '../../../harness/transport/types.js';

const scripted = (answers: Record<string, {stdout?: string; stderr?: string; exitCode?: number}>): Transport => ({
	target: 'tor-b',
	async exec(command) {
		const answer = answers[command] ?? {stderr: `no answer scripted for ${command}`, exitCode: 2};
		return {exitCode: answer.exitCode ?? 0, stdout: answer.stdout ?? '', stderr: answer.stderr ?? '', durationMs: 1};
	},
	async close() {},
});

test('multi-ASIC SONiC: a port missing from the host COUNTERS_DB is refused clearly, naming sonic-db-cli -n asicN', async t => {
	const driver = new SonicDriver('tor-b', scripted({'redis-cli -n 2 HGET COUNTERS_PORT_NAME_MAP Ethernet0': {stdout: '\n'}}));
	const error = await t.throwsAsync(driver.pfcCounters('Ethernet0'));
	t.true(isHarnessError(error) && error.code === 'PARSE');
	t.regex(error!.message, /Ethernet0 is not in the host's COUNTERS_DB/);
	t.regex(isHarnessError(error) ? error.hint ?? '' : '', /multi-ASIC SONiC .*sonic-db-cli -n asicN.* not supported/);
});

test('show pfc priority on a port with no QoS map reads as PFC off with the reason, not an error', async t => {
	const driver = new SonicDriver('tor-b', scripted({'show pfc priority Ethernet8': {stdout: 'Cannot find interface Ethernet8\n'}}));
	t.like(await driver.pfc('Ethernet8'), {mode: 'off', oper: false, priorities: [], reason: 'PFC not configured on this port (no QoS map: "Cannot find interface Ethernet8")'});
});

test('show lldp neighbors refused by sudo names passwordless sudo in the hint', async t => {
	const driver = new SonicDriver('tor-b', scripted({'show lldp neighbors Ethernet0': {stderr: 'sudo: a password is required\n', exitCode: 1}}));
	const error = await t.throwsAsync(driver.lldpNeighbors('Ethernet0'));
	t.true(isHarnessError(error) && error.code === 'SWITCH_REFUSED' && /passwordless sudo/.test(error.hint ?? ''));
});
