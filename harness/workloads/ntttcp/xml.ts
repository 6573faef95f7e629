// Reader for NTttcp's `-xml` output, versions 5.28 to 5.39 (PrintOutput() in microsoft/ntttcp src/ntttcp.c): one
// <ntttcps> (sender) or <ntttcpr> (receiver) document, which ntttcp appends to the file named after -xml. It keys on
// element names and the `metric` attribute and treats whitespace as layout, so the tabs ntttcp writes, re-indented
// samples and the empty lines of a CRLF file read back twice all read the same. Elements a newer version adds are
// ignored; one the results cannot do without is a PARSE error naming it.
import {parseError, snippet} from '../../parse-error.js';
import {readXml, type XmlElement} from '../diskspd/xml-tree.js';

export interface NtttcpThread {
	index: number;
	realtimeS: number;
	/** Bytes per second of the thread over the measured time. */
	throughputBps: number;
}

export interface NtttcpResult {
	role: 'sender' | 'receiver';
	computerName: string;
	version: string;
	/** The <parameters> block as printed, name → text; which names appear depends on the version. */
	parameters: Record<string, string>;
	/** -t, -wu and -cd as ntttcp understood them, ms. */
	runTimeMs: number;
	warmupMs: number;
	cooldownMs: number;
	/** Empty with -hpt (per-thread stats hidden). */
	threads: NtttcpThread[];
	/** Bytes moved in the measured time (`total_bytes`, printed in MB of 2^20 bytes with six decimals). */
	totalBytes: number;
	/** The measured time, s. */
	realtimeS: number;
	/** Bytes per second over the measured time. */
	throughputBps: number;
	/** Bytes per packet sent (sender) or received (receiver). */
	avgFrameSize?: number;
	/** TCP (or UDP) statistics of the whole node over the measured time: every connection, not only ntttcp's. */
	packetsSent: number;
	packetsReceived: number;
	packetsRetransmitted: number;
	errors: number;
	/** Mean busy CPU over all processors, %. */
	cpuPercent: number;
	/** -l, bytes. */
	bufferLen: number;
	/** -a: outstanding I/Os per thread. */
	outstandingIo: number;
}

const hint = 'the file is truncated, or not ntttcp -xml output; ntttcp appends to it, so it must not exist before the run';
const mib = 1024 * 1024;
// ntttcp's units: MB and KB are 2^20 and 2^10 bytes (BytesToMBytes, BytesToKBytes); mbps is 10^6 bits.
const toBytesPerS: Record<string, number> = {'Bps': 1, 'KB/s': 1024, 'MB/s': mib, 'mbps': 1e6 / 8};

const fail = (message: string): Error => parseError('ntttcp-xml', message, hint);

const kids = (element: XmlElement, name: string) => element.children.filter(child => child.name === name);
const attribute = (element: XmlElement, name: string) => element.attributes.find(([key]) => key === name)?.[1];

const numberIn = (element: XmlElement, where: string): number => {
	const value = Number(element.text.trim());
	if (element.text.trim() === '' || !Number.isFinite(value)) {
		throw fail(`<${where}> is not a number: ${snippet(element.text)}`);
	}

	return value;
};

const need = (parent: XmlElement, name: string, where: string, metric?: string): XmlElement => {
	const found = kids(parent, name).find(child => metric === undefined || attribute(child, 'metric') === metric);
	if (found === undefined) {
		throw fail(`${where} has no <${name}${metric === undefined ? '' : ` metric="${metric}"`}>`);
	}

	return found;
};

const numberOf = (parent: XmlElement, name: string, where: string, metric?: string): number => numberIn(need(parent, name, where, metric), `${where}/${name}`);

/** Bytes per second from the `throughput` elements, the finest unit printed first: `Bps` (5.39), then MB/s. */
const throughputOf = (parent: XmlElement, where: string): number => {
	const printed = kids(parent, 'throughput').flatMap(element => {
		const metric = attribute(element, 'metric') ?? '';
		return metric in toBytesPerS ? [{metric, bytes: numberIn(element, `${where}/throughput[@metric="${metric}"]`) * toBytesPerS[metric]!}] : [];
	});
	const best = printed.find(entry => entry.metric === 'Bps') ?? printed.find(entry => entry.metric === 'KB/s') ?? printed.find(entry => entry.metric === 'MB/s') ?? printed[0];
	if (best === undefined) {
		throw fail(`${where} has no <throughput> in Bps, KB/s, MB/s or mbps`);
	}

	return best.bytes;
};

const parametersOf = (root: XmlElement, where: string): Record<string, string> => {
	const block = need(root, 'parameters', where);
	return Object.fromEntries(block.children.map(child => [child.name, child.text.trim()]));
};

const millisecondsOf = (parameters: Record<string, string>, name: string, where: string): number => {
	const value = Number(parameters[name]);
	if (parameters[name] === undefined || !Number.isFinite(value)) {
		throw fail(`${where}/parameters has no numeric <${name}>: ${snippet(parameters[name] ?? '(missing)')}`);
	}

	return value;
};

export function parseNtttcpXml(text: string): NtttcpResult {
	const documents = text.match(/<ntttcp[sr][\s>]/g) ?? [];
	if (documents.length === 0) {
		throw fail(`expected an <ntttcps> or <ntttcpr> element, found ${snippet(text)}`);
	}

	if (documents.length > 1) {
		throw parseError('ntttcp-xml', `the file holds ${documents.length} results (ntttcp appends to its -xml file)`, 'delete the file before each run, as rdmalab does, so it holds one run\'s result');
	}

	if (/<samples>/.test(text)) {
		throw fail('sampled output (-sam) is not supported: one result per run');
	}

	const start = text.search(/<ntttcp[sr][\s>]/);
	const [root] = readXml(text.slice(start), text.slice(0, start).split('\n').length, {format: 'ntttcp-xml', hint});
	if (root === undefined || (root.name !== 'ntttcps' && root.name !== 'ntttcpr')) {
		throw fail(`expected an <ntttcps> or <ntttcpr> element, found ${snippet(text.slice(start))}`);
	}

	const where = root.name;
	const parameters = parametersOf(root, where);
	return {
		role: root.name === 'ntttcps' ? 'sender' : 'receiver',
		computerName: attribute(root, 'computername') ?? '',
		version: attribute(root, 'version') ?? '',
		parameters,
		runTimeMs: millisecondsOf(parameters, 'run_time', where),
		warmupMs: millisecondsOf(parameters, 'warmup_time', where),
		cooldownMs: millisecondsOf(parameters, 'cooldown_time', where),
		threads: kids(root, 'thread').map((thread, position) => {
			const at = `${where}/thread[${position + 1}]`;
			const index = Number(attribute(thread, 'index'));
			if (!Number.isInteger(index)) {
				throw fail(`${at} has no numeric index attribute`);
			}

			return {index, realtimeS: numberOf(thread, 'realtime', at, 's'), throughputBps: throughputOf(thread, at)};
		}),
		totalBytes: numberOf(root, 'total_bytes', where, 'MB') * mib,
		realtimeS: numberOf(root, 'realtime', where, 's'),
		throughputBps: throughputOf(root, where),
		...(kids(root, 'avg_frame_size').length === 0 ? {} : {avgFrameSize: numberOf(root, 'avg_frame_size', where, 'B')}),
		packetsSent: numberOf(root, 'packets_sent', where),
		packetsReceived: numberOf(root, 'packets_received', where),
		packetsRetransmitted: numberOf(root, 'packets_retransmitted', where),
		errors: numberOf(root, 'errors', where),
		cpuPercent: numberOf(root, 'cpu', where, '%'),
		bufferLen: numberOf(root, 'bufferLen', where),
		outstandingIo: numberOf(root, 'io', where),
	};
}
