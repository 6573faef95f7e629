// The plan is a pure function of suite and rig; its rendering is compared to a golden file.
// UPDATE_GOLDEN=1 npx ava dist/test/safety/plan-report.test.js rewrites the golden file after a deliberate change.
import {readFileSync, writeFileSync} from 'node:fs';
import test from 'ava';
import type {DiskspdStep} from '../../harness/plan/plan.js';
import {loadRig} from '../../harness/rig/load.js';
import {planReport, renderPlanReport} from '../../harness/safety/plan-report.js';
import {nativeScript} from '../../harness/targets/windows-node.js';
import {diskspdArgs} from '../../harness/workloads/diskspd/args.js';
import failover from '../../suites/multichannel-failover.js';
import {simRig} from '../helpers/cli.js';
import {fixture} from '../helpers/paths.js';

const rig = await loadRig(simRig);
const golden = fixture('plan', 'multichannel-failover.sim-rig.txt');

test('multichannel-failover on the simulated rig renders exactly as the golden file', t => {
	const text = renderPlanReport(planReport(failover.plan(rig, failover.params.parse({})), rig));
	if (process.env['UPDATE_GOLDEN'] === '1') {
		writeFileSync(golden, text);
	}

	t.is(text, readFileSync(golden, 'utf8'));
});

test('the commands are the runner\'s own builders\' output, and refusals show in the report', t => {
	const plan = failover.plan(rig, failover.params.parse({holdS: 8}));
	const report = planReport(plan, rig);
	const workload = report.timeline.find(step => step.target === 'hv01' && step.command?.kind === 'powershell')!;
	t.deepEqual(workload.command, {kind: 'powershell', exe: 'powershell.exe', script: nativeScript('C:\\Tools\\diskspd.exe', diskspdArgs((plan.workloads[0] as DiskspdStep).params), true)});
	t.deepEqual(report.timeline.filter(step => step.command?.kind === 'switch-cli').map(step => [step.atS, step.command?.kind === 'switch-cli' ? step.command.lines : []]), [
		[15, ['configure terminal ; interface Ethernet1/1 ; shutdown ; end']],
		[23, ['configure terminal ; interface Ethernet1/1 ; no shutdown ; end']],
	]);
	const onMgmt = structuredClone(rig);
	onMgmt.nodes[0]!.ssh.address = '10.71.1.11';
	t.regex(renderPlanReport(planReport(plan, onMgmt)), /Interlocks\n {2}REFUSED \[management-path\] tor-a Ethernet1\/1: refusing to fault the management path/);
});

test('a fault of another kind prints its own words and commands: --set fault=nic-disable goes to the node, not the switch', t => {
	const plan = failover.plan(rig, failover.params.parse({fault: 'nic-disable'}));
	const report = planReport(plan, rig);
	t.deepEqual(report.timeline.filter(step => step.command?.kind === 'switch-cli'), [], 'nothing goes to a switch');
	const text = renderPlanReport(report);
	t.true(text.includes([
		'  t+15 s   hv01: disable SLOT 3 Port 1 (pulls its link from the host side); journaled before it is sent',
		'      powershell.exe -NoProfile -NonInteractive -EncodedCommand <the script below, UTF-16LE base64, after the standard preamble>',
		'        | Disable-NetAdapter -Name \'SLOT 3 Port 1\' -Confirm:$false',
		'      then hv01> Get-NetAdapter -Name \'SLOT 3 Port 1\' | Select-Object Name, Status   until Status Disabled (within 15 s)',
		'  t+25 s   hv01: enable SLOT 3 Port 1 (back once its link is up)',
	].join('\n')), text);
	t.regex(text, /Blast radius\n {2}t\+15 s to t\+25 s: down hv01 SLOT 3 Port 1\n {4}hv01 loses storage-a \(SLOT 3 Port 1\); keeps storage-b \(SLOT 3 Port 2\)/);
	const onMgmt = structuredClone(rig);
	onMgmt.nodes[0]!.ssh.address = '10.71.1.11';
	t.regex(renderPlanReport(planReport(plan, onMgmt)), /Interlocks\n {2}REFUSED \[management-path\] hv01 SLOT 3 Port 1: refusing to disable the management path/);
});
