// Native tools on a Windows node are ended ON THE NODE when the run stops or their deadline passes: closing an SSH
// channel does not end a Windows process. Against the in-process simulated rig, which keeps a process table.
import test from 'ava';
import {loadRig} from '../../harness/rig/load.js';
import {startSimulator} from '../../harness/sim/index.js';
import {WindowsNode} from '../../harness/targets/windows-node.js';
import {connectDevice} from '../../harness/transport/connect.js';
import {decodePowerShell} from '../../harness/windows/powershell.js';
import {simRig} from '../helpers/cli.js';

const counter = '\\RDMA Activity(*)\\RDMA Inbound Bytes/sec';
const typeperfArgs = [counter, '-si', '1', '-sc', '600'];

const open = async (t: import('ava').ExecutionContext, misconfigs: string[] = []) => {
	const sim = await startSimulator(await loadRig(simRig), {misconfigs});
	t.teardown(async () => sim.stop());
	const node = sim.rig.nodes.find(candidate => candidate.name === 'hv01')!;
	const transport = await connectDevice(sim.rig, node);
	t.teardown(async () => transport.close());
	const kills = () => sim.commands.filter(entry => entry.device === 'hv01').map(entry => decodePowerShell(/-EncodedCommand (\S+)/.exec(entry.command)?.[1] ?? '')).filter(script => script.includes('taskkill'));
	return {sim, node: new WindowsNode(node, transport), kills};
};

test('stopping a running tool kills it on the node by the PID its start marker reported, before closing the channel; a finished tool is not killed', async t => {
	const {node, kills} = await open(t);
	const stop = new AbortController();
	let rows = 0;
	const running = node.runNative('typeperf.exe', typeperfArgs, {label: 'typeperf', signal: stop.signal, timeoutMs: 700_000, onStdout(chunk) {
		rows += chunk.match(/^"\d/gm)?.length ?? 0;
		if (rows >= 2) {
			stop.abort();
		}
	}});
	const error = await t.throwsAsync(running);
	t.is((error as {code?: string}).code, 'CANCELLED');
	const pid = /taskkill \/PID (\d+)/.exec(error.message)?.[1];
	t.regex(error.message, /^typeperf: cancelled; killed on the node \(taskkill \/PID \d+ \/T \/F\)$/);
	t.is(kills().length, 1);
	t.true(kills()[0]!.includes(`& 'taskkill.exe' '/PID' '${pid!}' '/T' '/F'`));
	// A tool that finishes on its own is not killed.
	const done = await node.runNative('typeperf.exe', [counter, '-si', '1', '-sc', '1'], {label: 'typeperf', timeoutMs: 30_000});
	t.is(done.exitCode, 0, done.stdout);
	t.true(Number.isInteger(done.pid));
	t.is(kills().length, 1);
});

test('a tool that stops printing is killed on the node by the silence watchdog', async t => {
	const {node, kills} = await open(t, ['node-hangs']);
	const error = await t.throwsAsync(node.runNative('typeperf.exe', typeperfArgs, {label: 'typeperf', timeoutMs: 700_000, idleTimeoutMs: 2500}));
	t.is((error as {code?: string}).code, 'COMMAND_TIMEOUT');
	t.regex(error.message, /^typeperf: no output for 2500 ms; killed on the node \(taskkill \/PID \d+ \/T \/F\)$/);
	t.is(kills().length, 1);
});
