// Reconnecting where safe, against the simulated rig's real SSH servers: a read lost in flight is sent again on a
// new connection, a command that must not run twice is not, and a command after the loss goes out on a new
// connection. A peer that goes silent (no FIN, no RST) is found dead by the keepalives, not by the command timeout.
import {createServer, connect as netConnect, type Socket} from 'node:net';
import type {AddressInfo} from 'node:net';
import test from 'ava';
import {loadRig} from '../../harness/rig/load.js';
import {startSimulator} from '../../harness/sim/index.js';
import {connectDevice} from '../../harness/transport/connect.js';
import {ReconnectingTransport, type Connection, type ReconnectEvent} from '../../harness/transport/reconnecting.js';
import {powershellCommand} from '../../harness/windows/powershell.js';
import {simRig} from '../helpers/cli.js';

const open = async (t: import('ava').ExecutionContext) => {
	const sim = await startSimulator(await loadRig(simRig));
	t.teardown(async () => sim.stop());
	const device = sim.rig.switches.find(candidate => candidate.name === 'tor-a')!;
	const server = sim.servers.find(candidate => candidate.device === 'tor-a')!;
	const events: ReconnectEvent[] = [];
	// Every SSH connection the transport opens, so a test can see when the client has noticed a loss.
	const connections: Connection[] = [];
	const transport = await ReconnectingTransport.connect(async () => {
		const connection = await connectDevice(sim.rig, device);
		connections.push(connection);
		return connection;
	}, event => events.push(event));
	t.teardown(async () => transport.close());
	return {sim, server, transport, events, connections};
};

/** Polls until `done` holds, however long a loaded machine takes (within the test's own timeout). */
const until = async (done: () => boolean): Promise<void> => {
	while (!done()) {
		await new Promise(resolve => {
			setTimeout(resolve, 10);
		});
	}
};

const show = 'show interface Ethernet1/1 | json';

test('a command after the connection dropped goes out on a new connection, and says so', async t => {
	const {server, transport, events, connections} = await open(t);
	t.is((await transport.exec(show)).exitCode, 0);
	server.dropConnections();
	// The next command is sent after the client has seen the loss (not lost in flight, which the next test covers).
	await until(() => connections[0]!.lostWith !== undefined);
	const result = await transport.exec(show, {label: 'read port'});
	t.is(result.exitCode, 0);
	t.is(events.length, 1);
	t.is(events[0]?.target, 'tor-a');
	t.is(events[0]?.label, 'read port');
	t.regex(events[0]?.reason ?? '', /SSH connection to 127\.0\.0\.1:\d+ lost/);
});

test('a read lost in flight is sent once more on a new connection; a command that must not run twice is not', async t => {
	const {command} = powershellCommand('Write-Output 42', '5.1');
	// On slow-node every command of sofs02 starts 1.5 s late. The connections are dropped as the node receives the
	// chosen copy of the command, so that copy is in flight, whatever the machine's speed.
	let dropOn = 0;
	let seen = 0;
	const sim = await startSimulator(await loadRig(simRig), {misconfigs: ['slow-node'], onCommand(record) {
		if (record.device === 'sofs02' && record.command === command && ++seen === dropOn) {
			setImmediate(() => server.dropConnections());
		}
	}});
	t.teardown(async () => sim.stop());
	const device = sim.rig.nodes.find(candidate => candidate.name === 'sofs02')!;
	const server = sim.servers.find(candidate => candidate.device === 'sofs02')!;
	const events: ReconnectEvent[] = [];
	const transport = await ReconnectingTransport.connect(async () => connectDevice(sim.rig, device), event => events.push(event));
	t.teardown(async () => transport.close());
	const received = () => sim.commands.filter(entry => entry.device === 'sofs02' && entry.command === command).length;

	dropOn = 1;
	const read = await transport.exec(command, {idempotent: true, label: 'read'});
	t.is(read.stdout.trim(), '42');
	t.is(received(), 2);
	t.is(events.length, 1);

	dropOn = 3;
	const error = await t.throwsAsync(transport.exec(command, {label: 'not idempotent'}));
	t.is((error as {code?: string}).code, 'CONNECTION_LOST');
	t.is(received(), 3);
	t.is(events.length, 1);
});

test('a peer that goes silent is found dead by the keepalives: pending commands fail with CONNECTION_LOST', async t => {
	const sim = await startSimulator(await loadRig(simRig));
	t.teardown(async () => sim.stop());
	const target = sim.servers.find(candidate => candidate.device === 'tor-a')!;
	// A proxy that can stop forwarding without closing anything: a cable cut or a hung device.
	let silent = false;
	const sockets: Socket[] = [];
	const proxy = createServer(client => {
		const upstream = netConnect(target.port, '127.0.0.1');
		sockets.push(client, upstream);
		client.on('data', chunk => {
			if (!silent) {
				upstream.write(chunk);
			}
		});
		upstream.on('data', chunk => {
			if (!silent) {
				client.write(chunk);
			}
		});
		client.on('error', () => undefined);
		upstream.on('error', () => undefined);
	});
	await new Promise<void>(resolve => {
		proxy.listen(0, '127.0.0.1', resolve);
	});
	t.teardown(() => {
		for (const socket of sockets) {
			socket.destroy();
		}

		proxy.close();
	});
	const device = sim.rig.switches.find(candidate => candidate.name === 'tor-a')!;
	const rig = {...sim.rig, switches: sim.rig.switches.map(candidate => (candidate.name === 'tor-a' ? {...candidate, ssh: {...candidate.ssh, port: (proxy.address() as AddressInfo).port}} : candidate))};
	const transport = await connectDevice(rig, {...device, ssh: {...device.ssh, port: (proxy.address() as AddressInfo).port}}, {keepaliveMs: 100, commandTimeoutMs: 600_000});
	t.teardown(async () => transport.close());
	t.is((await transport.exec(show)).exitCode, 0);
	silent = true;
	const error = await t.throwsAsync(transport.exec(show, {timeoutMs: 600_000}));
	t.is((error as {code?: string}).code, 'CONNECTION_LOST');
});
