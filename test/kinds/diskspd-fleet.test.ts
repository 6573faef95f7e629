// A fleet load: one diskspd step per host, all planned for the same instant, so the armed start releases them together.
import test from 'ava';
import {diskspdFleet} from '../../harness/kinds/workloads/diskspd.js';
import {workloadKindOf} from '../../harness/kinds/index.js';
import {loadRig} from '../../harness/rig/load.js';
import {diskspdParamsSchema} from '../../harness/workloads/diskspd/args.js';
import {simRig} from '../helpers/cli.js';

const params = (host: string) => diskspdParamsSchema.parse({durationS: 30, targets: [{path: `\\\\sofs\\vmstore\\${host}.dat`, size: '1G'}]});

test('hosts: all is every Hyper-V host of the rig, each with its own id and target, at one instant', async t => {
	const rig = await loadRig(simRig);
	const steps = diskspdFleet(rig, {id: 'load', hosts: 'all', atS: 5, params});
	const hosts = rig.nodes.filter(node => node.role === 'hyperv-host').map(node => node.name);
	t.true(hosts.length >= 2);
	t.deepEqual(steps.map(step => step.node), hosts);
	t.deepEqual(steps.map(step => step.id), hosts.map(host => `load-${host}`));
	t.true(steps.every(step => step.atS === 5 && step.kind === 'diskspd'));
	t.deepEqual(steps.map(step => step.params.targets[0]!.path), hosts.map(host => `\\\\sofs\\vmstore\\${host}.dat`));
	// Each is a valid step of the registered kind.
	t.notThrows(() => steps.map(step => workloadKindOf(step)));
});

test('a list of hosts is taken as given; a host outside the rig file is refused, naming it', async t => {
	const rig = await loadRig(simRig);
	t.deepEqual(diskspdFleet(rig, {id: 'load', hosts: ['hv02'], atS: 0, params}).map(step => step.node), ['hv02']);
	t.throws(() => diskspdFleet(rig, {id: 'load', hosts: ['hv09'], atS: 0, params}), {message: /not in the rig file: hv09/});
	t.throws(() => diskspdFleet(rig, {id: 'load', hosts: [], atS: 0, params}), {message: /no host to run diskspd on/});
});
