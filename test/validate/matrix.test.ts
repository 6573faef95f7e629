// The acceptance matrix of `rdmalab validate` on the host side, in-process: a healthy simulated rig passes every
// check, and each host misconfiguration fails exactly the rule it names and no other.
import test from 'ava';
import {validateRig} from '../../harness/validate/validate.js';
import type {Rig} from '../../harness/rig/schema.js';
import {startSimulator} from '../../harness/sim/index.js';
import {hostMisconfigs} from '../../harness/sim/misconfigs/host.js';
import {hostRules} from '../../harness/validate/host-rules.js';
import type {Verdict} from '../../harness/verdicts/verdict.js';
import {simRig} from '../helpers/cli.js';
import {repoRoot} from '../helpers/paths.js';
import {loadSimRig} from '../helpers/sim-inventory.js';

const iwarpRig = `${repoRoot}/lab-configs/sim-rig-iwarp.yaml`;

const validate = async (rig: Rig, misconfigs: string[] = []): Promise<Verdict[]> => {
	const sim = await startSimulator(rig, {misconfigs});
	try {
		return await validateRig(sim.rig);
	} finally {
		await sim.stop();
	}
};

const skippedRules = (checks: Verdict[]) => [...new Set(checks.filter(check => check.status === 'skipped').map(check => check.id))];
const failedRules = (checks: Verdict[]) => [...new Set(checks.filter(check => check.status === 'fail').map(check => check.id))];

/** The sim rig with a dual-homed backup server on the storage networks and its QoS class. */
const withBackup = (rig: Rig) => {
	const template = rig.nodes.find(node => node.name === 'hv02')!;
	rig.nodes.push({
		...structuredClone(template),
		name: 'bk01',
		role: 'backup-server',
		management: {...template.management, address: '192.168.10.31'},
		rnics: template.rnics.map((rnic, index) => ({...rnic, address: rnic.address.replace(/\.\d+$/, '.31'), cable: {switch: rnic.cable.switch, port: `Ethernet1/2${index + 1}`}})),
	});
	rig.backup = {node: 'bk01', attachment: 'dual-homed'};
	rig.qos!.backup = {priority: 5, bandwidthPercent: 10, match: {tcpPort: 10_000}};
};

test('every host rule has a misconfiguration that fails it', t => {
	const covered = new Set(hostMisconfigs.map(misconfig => misconfig.rule));
	t.deepEqual(hostRules.map(rule => rule.rule.id).filter(id => !covered.has(id)), []);
});

test.serial('the healthy RoCE rig passes every check; only rules that do not apply skip', async t => {
	const checks = await validate(await loadSimRig(simRig));
	t.deepEqual(failedRules(checks), []);
	t.deepEqual(skippedRules(checks), ['qos-backup', 'switch-backup-priority']);
	t.true(checks.length > 100);
});

test.serial('the healthy iWARP rig passes by its own rules (no VLAN rule, PFC optional, ETS applies)', async t => {
	const checks = await validate(await loadSimRig(iwarpRig));
	t.deepEqual(failedRules(checks), []);
	t.deepEqual(skippedRules(checks), ['roce-vlan', 'qos-backup', 'switch-pfc-forced', 'switch-pfc-priorities', 'switch-backup-priority']);
	t.true(checks.some(check => check.id === 'qos-ets' && check.status === 'pass'));
	t.true(checks.some(check => check.id === 'rdma-technology' && check.status === 'pass' && check.summary.startsWith('iWARP <-> iWARP')));
});

test.serial('on an iWARP rig a RoCE rNIC fails the technology rule, and PFC switched off still passes', async t => {
	const rig = await loadSimRig(iwarpRig);
	t.deepEqual(failedRules(await validate(rig, ['rnic-technology-mismatch'])), ['rdma-technology']);
	// The rig file lists PFC on 3; hosts that leave PFC off entirely are still right on iWARP.
	const noPfc = await loadSimRig(iwarpRig);
	const sim = await startSimulator(noPfc);
	try {
		const {nodeState} = await import('../../harness/sim/windows/node-state.js');
		for (const node of noPfc.nodes) {
			nodeState(sim.fabric, node.name).pfcPriorities.clear();
		}

		const checks = await validateRig(sim.rig);
		t.deepEqual(failedRules(checks), []);
		t.true(checks.some(check => check.id === 'qos-pfc' && check.status === 'pass' && /optional on iWARP/.test(check.summary)));
	} finally {
		await sim.stop();
	}
});

test.serial('a TCP-only rig is judged by its own rules: no RDMA checks, multichannel over RSS NICs', async t => {
	const rig = await loadSimRig(simRig, changed => {
		changed.storage.transport = 'TCP';
		changed.storage.dcb = 'none';
		delete changed.qos;
	});
	const checks = await validate(rig);
	t.deepEqual(failedRules(checks), []);
	const skipped = new Set(checks.filter(check => check.status === 'skipped').map(check => check.id));
	for (const rule of ['rnic-rdma-enabled', 'rdma-technology', 'roce-vlan', 'qos-policies', 'qos-pfc', 'qos-ets', 'qos-dcbx-willing', 'qos-adapter']) {
		t.true(skipped.has(rule), rule);
	}

	t.true(checks.filter(check => check.id === 'smb-client-interfaces').every(check => check.status === 'pass' && check.summary === 'RssCapable true'));
	t.true(checks.filter(check => check.id === 'smb-channels').every(check => check.status === 'pass' && !check.summary.includes('RDMA')));
	t.deepEqual(failedRules(await validate(rig, ['smb-constraint-missing'])), ['smb-constraint']);
});

test.serial('the backup QoS rule passes with the policy and fails without it', async t => {
	const rig = await loadSimRig(simRig, withBackup);
	const healthy = await validate(rig);
	t.deepEqual(failedRules(healthy), []);
	t.true(healthy.filter(check => check.id === 'qos-backup').every(check => check.status === 'pass'));
	t.deepEqual(failedRules(await validate(rig, ['qos-backup-policy-missing'])), ['qos-backup']);
});

for (const misconfig of hostMisconfigs.filter(candidate => candidate.rule !== 'qos-backup')) {
	test.serial(`${misconfig.name} fails exactly ${misconfig.rule!}`, async t => {
		const checks = await validate(await loadSimRig(simRig), [misconfig.name]);
		t.deepEqual(failedRules(checks), [misconfig.rule]);
	});
}
