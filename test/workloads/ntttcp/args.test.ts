import test from 'ava';
import {ntttcpArgs, ntttcpParamsSchema, ntttcpWallS} from '../../../harness/workloads/ntttcp/args.js';

const params = ntttcpParamsSchema.parse({receiverAddress: '10.71.1.21', senderAddress: '10.71.1.11', threads: 16, bufferBytes: 1_638_400, outstanding: 16, durationS: 20, warmupS: 2, cooldownS: 1, port: 5001});

test('the sender connects from its own storage address; the receiver binds to its own', t => {
	t.deepEqual(ntttcpArgs(params, 'sender', 'C:\\rdmalab\\rdmalab-tcp-sender.xml'), [
		'-s', '-m', '16,*,10.71.1.21', '-nic', '10.71.1.11', '-l', '1638400', '-a', '16', '-p', '5001', '-t', '20', '-wu', '2', '-cd', '1', '-xml', 'C:\\rdmalab\\rdmalab-tcp-sender.xml',
	]);
	t.deepEqual(ntttcpArgs(params, 'receiver', 'C:\\rdmalab\\r.xml').slice(0, 5), ['-r', '-m', '16,*,10.71.1.21', '-l', '1638400']);
	t.false(ntttcpArgs(params, 'receiver', 'r.xml').includes('-nic'), '-nic is refused in receive mode');
});

test('the wall time covers warm-up, the measured time, cool-down and the handshake', t => {
	t.true(ntttcpWallS(params) > 23);
});

test('what ntttcp itself refuses is refused before any node is touched', t => {
	t.false(ntttcpParamsSchema.safeParse({...params, outstanding: 64}).success, '-a must stay below 64');
	t.false(ntttcpParamsSchema.safeParse({...params, threads: 1000}).success, 'without -ns fewer than 1000 connections');
	t.false(ntttcpParamsSchema.safeParse({...params, receiverAddress: 'sofs01'}).success);
});
