// End to end: the real CLI runs the qos-shares suite on the simulated rig (real SSH servers on loopback): healthy on
// NX-OS and on Cumulus NVUE switches, and judged again from its run folder. The runs go one at a time: their rates
// are timed by switch polls, which a starved machine slows beyond what the verdicts accept (they say so: exit 2).
import {existsSync, readFileSync} from 'node:fs';
import {join} from 'node:path';
import test from 'ava';
import {parseNtttcpXml} from '../../harness/workloads/ntttcp/xml.js';
import {rdmalab, simRig} from '../helpers/cli.js';
import {limited} from '../helpers/limit.js';
import {repoRoot} from '../helpers/paths.js';
import {runQos, statuses} from '../helpers/qos.js';

const allPass = {
	'smb-ets-share': 'pass', 'default-ets-share': 'pass', 'heartbeat-not-starved': 'pass', 'pfc-pauses-smb': 'pass', 'pfc-only-smb': 'pass', 'lossless-no-drops': 'pass', 'smb-takes-link': 'pass', 'host-switch-agree': 'pass',
};

test.serial('healthy NX-OS rig: every verdict passes, the run folder holds both sides\' ntttcp XML, the charts and the report; rejudge reads it back', limited(async t => {
	const {exitCode, stdout, all, out, json} = await runQos(simRig);
	t.is(exitCode, 0, all);
	t.regex(stdout, /^PASS$/m);
	t.deepEqual(statuses(json), allPass, JSON.stringify(json?.verdicts.map(verdict => [verdict.id, verdict.summary])));
	for (const file of ['qos-shares.png', 'qos-pfc.png', 'report.html', 'record.json', 'counters/tor-a.switch.csv', 'counters/sofs01.csv', 'diskspd/hv01-smb-hv01.xml', 'diskspd/hv02-smb-hv02.xml']) {
		t.true(existsSync(join(out, file)), file);
	}

	// ntttcp's own -xml files, as the nodes wrote them, read by the same parser as real samples.
	const sender = parseNtttcpXml(readFileSync(join(out, 'ntttcp/hv01-tcp-sender.xml'), 'utf8'));
	const receiver = parseNtttcpXml(readFileSync(join(out, 'ntttcp/sofs01-tcp-receiver.xml'), 'utf8'));
	t.like(sender, {role: 'sender', computerName: 'HV01', version: '5.39', runTimeMs: 9000});
	t.like(receiver, {role: 'receiver', computerName: 'SOFS01'});
	// Held to its share of the congested port: about half of 25 Gb/s.
	t.true(sender.throughputBps > 1.2e9 && sender.throughputBps < 1.8e9, `${sender.throughputBps / 1e6} MB/s`);
	t.is(json!.suites[0]!.workloads.find(workload => workload.id === 'tcp')?.toolVersion, '5.39');

	// Each verdict's evidence is in result.json and the report shows the charts.
	const share = json!.verdicts.find(verdict => verdict.id === 'smb-ets-share')!;
	t.like(share.evidence, {port: 'tor-a Ethernet1/11 (sofs01 Storage A)', queue: 3, reservedPct: 50});
	const html = readFileSync(join(out, 'report.html'), 'utf8');
	t.true(html.includes('qos-shares.png') && html.includes('qos-pfc.png'));

	const rejudged = await rdmalab(['rejudge', out, '--out', join(out, 'again')]);
	t.is(rejudged.exitCode, 0, rejudged.all);
	t.regex(rejudged.stdout, /^PASS$/m);
	// The switch's and the node's figures come from different counters polled at different instants: never exactly equal.
	const stricter = await rdmalab(['rejudge', out, '--set', 'thresholds.agreementPct=0', '--out', join(out, 'stricter')]);
	t.is(stricter.exitCode, 1, stricter.all);
	t.true(stricter.stdout.split('\n').some(line => line.includes('FAIL') && line.includes('Switch queues agree with the receiving node')), stricter.stdout);
}));

test.serial('healthy rig on Cumulus NVUE switches: every verdict passes on that vendor\'s counters too', limited(async t => {
	const {exitCode, all, json} = await runQos(join(repoRoot, 'lab-configs', 'sim-rig-nvue-switches.yaml'));
	t.is(exitCode, 0, all);
	t.deepEqual(statuses(json), allPass);
}));

test('a rig with one Hyper-V host, or a host that is not in the rig, is refused before anything runs', async t => {
	const unknown = await rdmalab(['plan', 'qos-shares', '--rig', simRig, '--set', 'tcpHost=sofs02']);
	t.is(unknown.exitCode, 2, unknown.all);
	t.regex(unknown.all, /sofs02 cannot send the competing flow/);
	const short = await rdmalab(['plan', 'qos-shares', '--rig', simRig, '--set', 'aloneS=3']);
	t.is(short.exitCode, 2, short.all);
	t.regex(short.all, /aloneS/);
});
