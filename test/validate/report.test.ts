import test from 'ava';
import {checker} from '../../harness/validate/check.js';
import {formatJson, formatTable} from '../../harness/validate/report.js';
import type {Verdict} from '../../harness/verdicts/verdict.js';

const dcbx = checker({id: 'qos-dcbx-willing', title: 'DCBX Willing as the rig file says', hint: 'Set-NetQosDcbxSetting -Willing $false'});
const checks: Verdict[] = [
	{id: 'rnic-link', title: 'rNICs up', target: 'hv01/SLOT 3 Port 1', status: 'pass', summary: 'up at 25 Gbps', threshold: '', measured: '', evidence: {}},
	dcbx.fail('sofs02', 'Willing true (rig: false)', {willing: true}),
	{id: 'qos-backup', title: 'backup QoS', target: 'rig', status: 'skipped', summary: 'no backup server & no VLAN', threshold: '', measured: '', evidence: {}},
];
const unread: Verdict = {id: 'qos-pfc', title: 'PFC', target: 'hv02', status: 'error', summary: 'Get-NetQosFlowControl timed out', threshold: '', measured: '', evidence: {}, hint: 'check WinRM on hv02'};

test('a rule\'s checker builds verdicts with its id, title and, on failures only, its hint', t => {
	t.deepEqual(dcbx.fail('sofs02', 'Willing true (rig: false)', {willing: true}), {
		id: 'qos-dcbx-willing', title: 'DCBX Willing as the rig file says', target: 'sofs02', status: 'fail', summary: 'Willing true (rig: false)',
		threshold: '', measured: '', evidence: {willing: true}, hint: 'Set-NetQosDcbxSetting -Willing $false',
	});
	t.is(dcbx.skip('rig', 'no DCB').status, 'skipped');
	t.is(dcbx.error('hv01', 'cannot read').status, 'error');
	t.is(dcbx.expect(true, 'hv01', 'Willing false').status, 'pass');
	for (const verdict of [dcbx.pass('hv01', 'x'), dcbx.skip('hv01', 'x'), dcbx.error('hv01', 'x'), dcbx.expect(true, 'hv01', 'x')]) {
		t.is(verdict.hint, undefined, verdict.status);
	}

	t.is(dcbx.expect(false, 'hv01', 'Willing true').hint, 'Set-NetQosDcbxSetting -Willing $false');
});

test('the table lines up columns, puts the hint under a failure and counts', t => {
	const lines = formatTable(checks).split('\n');
	t.is(lines[0], 'STATUS  RULE              TARGET              MESSAGE');
	t.is(lines[2], 'FAIL    qos-dcbx-willing  sofs02              Willing true (rig: false)');
	t.is(lines[3], `${' '.repeat(46)}hint: Set-NetQosDcbxSetting -Willing $false`);
	t.is(lines[4], 'SKIP    qos-backup        rig                 no backup server & no VLAN');
	t.is(lines.at(-2), '3 checks: 1 passed, 1 failed, 1 skipped');
});

test('the table names checks that could not be judged, with their hint, only when there are some', t => {
	const lines = formatTable([...checks, unread]).split('\n');
	t.is(lines[5], 'ERROR   qos-pfc           hv02                Get-NetQosFlowControl timed out');
	t.is(lines[6], `${' '.repeat(46)}hint: check WinRM on hv02`);
	t.is(lines.at(-2), '4 checks: 1 passed, 1 failed, 1 skipped, 1 could not be judged');
});

test('JSON carries the summary and every check, a verdict with its evidence', t => {
	const json = JSON.parse(formatJson('sim', checks)) as {rig: string; summary: unknown; checks: Verdict[]};
	t.deepEqual(Object.keys(json), ['rig', 'summary', 'checks']);
	t.is(json.rig, 'sim');
	t.deepEqual(json.summary, {pass: 1, fail: 1, skip: 1, error: 0});
	t.deepEqual(json.checks, checks);
	t.deepEqual(JSON.parse(formatJson('sim', [unread])).summary, {pass: 0, fail: 0, skip: 0, error: 1});
});
