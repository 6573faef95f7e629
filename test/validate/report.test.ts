import test from 'ava';
import type {Check} from '../../harness/validate/check.js';
import {formatJson, formatJunit, formatTable} from '../../harness/validate/report.js';

const checks: Check[] = [
	{rule: 'rnic-link', target: 'hv01/SLOT 3 Port 1', status: 'pass', message: 'up at 25 Gbps', evidence: {}},
	{rule: 'qos-dcbx-willing', target: 'sofs02', status: 'fail', message: 'Willing true (rig: false)', evidence: {willing: true}, hint: 'Set-NetQosDcbxSetting -Willing $false'},
	{rule: 'qos-backup', target: 'rig', status: 'skip', message: 'no backup server & no VLAN', evidence: {}},
];

test('the table lines up columns, puts the hint under a failure and counts', t => {
	const lines = formatTable(checks).split('\n');
	t.is(lines[0], 'STATUS  RULE              TARGET              MESSAGE');
	t.is(lines[2], 'FAIL    qos-dcbx-willing  sofs02              Willing true (rig: false)');
	t.is(lines[3], `${' '.repeat(46)}hint: Set-NetQosDcbxSetting -Willing $false`);
	t.is(lines.at(-2), '3 checks: 1 passed, 1 failed, 1 skipped');
});

test('JSON carries the summary and every check with its evidence', t => {
	const json = JSON.parse(formatJson('sim', checks)) as {summary: unknown; checks: Check[]};
	t.deepEqual(json.summary, {pass: 1, fail: 1, skip: 1});
	t.deepEqual(json.checks, checks);
});

test('JUnit: one testcase per check, classname the rule, failures and skips marked, XML escaped', t => {
	const xml = formatJunit('sim', checks);
	t.is(xml.match(/<testcase /g)?.length, 3);
	t.regex(xml, /<testcase classname="qos-dcbx-willing" name="sofs02"[^>]*>\s*<failure message="Willing true \(rig: false\) \(hint: Set-NetQosDcbxSetting -Willing \$false\)" type="check"\/>/);
	t.regex(xml, /<testcase classname="qos-backup" name="rig"[^>]*>\s*<skipped\/>/);
	t.regex(xml, /no backup server &amp; no VLAN|CDATA\[no backup server & no VLAN/);
});
