import {readFileSync} from 'node:fs';
import test from 'ava';
import {isHarnessError} from '../../../harness/errors.js';
import {parseNtttcpXml} from '../../../harness/workloads/ntttcp/xml.js';
import {fixture} from '../../helpers/paths.js';

const read = (name: string) => readFileSync(fixture('ntttcp', name), 'utf8');
const mib = 1024 * 1024;

test('5.33 sender: totals, threads and the node\'s TCP statistics', t => {
	const result = parseNtttcpXml(read('ntttcp-5.33-tcp-sender.xml'));
	t.like(result, {role: 'sender', computerName: 'PKB-5C4B6A59-0', version: '5.33', runTimeMs: 60_000, warmupMs: 30_000, cooldownMs: 30_000});
	t.is(result.totalBytes, 2085.383034 * mib);
	t.is(result.realtimeS, 60.015);
	// No Bps element before 5.39: MB/s is 2^20 bytes per second.
	t.is(result.throughputBps, 34.748 * mib);
	t.deepEqual(result.threads.map(thread => [thread.index, thread.realtimeS, thread.throughputBps]), [[0, 60.016, 17_957.203 * 1024], [1, 60.016, 17_624.439 * 1024]]);
	t.like(result, {avgFrameSize: 751.222, packetsSent: 2_910_833, packetsReceived: 1_092_639, packetsRetransmitted: 10, errors: 0, cpuPercent: 36.234, bufferLen: 150, outstandingIo: 2});
	t.is(result.parameters['sender_name'], '');
	t.is(result.parameters['max_active_threads'], '2');
});

test('5.33 receiver: the other side of the same run', t => {
	const result = parseNtttcpXml(read('ntttcp-5.33-tcp-receiver.xml'));
	t.like(result, {role: 'receiver', computerName: 'PKB-5C4B6A59-1', errors: 1, packetsReceived: 1_726_938});
	t.is(result.totalBytes, 2085.379314 * mib);
});

test('5.28 with an empty line after every element reads the same way', t => {
	const result = parseNtttcpXml(read('ntttcp-5.28-sender-blank-lines.xml'));
	t.like(result, {role: 'sender', version: '5.28', runTimeMs: 30_000, realtimeS: 30.013, bufferLen: 65_536, packetsRetransmitted: 0});
	t.is(result.threads.length, 2);
	t.is(result.parameters['no_sync'], undefined, '5.28 has no no_sync parameter');
});

test('5.39\'s Bps element is preferred, and CRLF line ends and tabs are layout', t => {
	const text = read('ntttcp-5.33-tcp-sender.xml')
		.replace('<throughput metric="MB/s">34.748</throughput>', '<throughput metric="MB/s">34.748</throughput>\n  <throughput metric="Bps">36435916.5</throughput>')
		.replaceAll('  ', '\t').replaceAll('\n', '\r\n');
	t.is(parseNtttcpXml(text).throughputBps, 36_435_916.5);
});

const parseFails = (t: import('ava').ExecutionContext, text: string, pattern: RegExp) => {
	const error = t.throws(() => parseNtttcpXml(text));
	t.true(isHarnessError(error) && error.code === 'PARSE', String(error));
	t.regex(error?.message ?? '', pattern);
};

test('what is not one whole result is a PARSE error saying what is wrong', t => {
	const sender = read('ntttcp-5.33-tcp-sender.xml');
	parseFails(t, '', /expected an <ntttcps> or <ntttcpr> element/);
	parseFails(t, 'Copyright Version 5.39\r\nNetwork activity progressing...\r\n', /expected an <ntttcps> or <ntttcpr> element/);
	parseFails(t, sender + sender, /holds 2 results \(ntttcp appends to its -xml file\)/);
	parseFails(t, sender.slice(0, 1500), /NTttcp XML: malformed XML at line/);
	parseFails(t, sender.replace(/<total_bytes[^\n]*\n/, ''), /ntttcps has no <total_bytes metric="MB">/);
	parseFails(t, sender.replace('<packets_sent>2910833</packets_sent>', '<packets_sent>n/a</packets_sent>'), /<ntttcps\/packets_sent> is not a number: "n\/a"/);
	parseFails(t, sender.replace('<run_time>60000</run_time>', ''), /parameters has no numeric <run_time>/);
});
