// Simulated ntttcp.exe (microsoft/ntttcp 5.39): a receiver listens on a storage address of its node, a sender
// connects to it from its -nic address; after the readiness handshake both run warm-up, the measured time and
// cool-down in real time while the fabric carries the flow (as far as the switches let it), then append their result
// to the -xml file in the layout of PrintOutput() (src/ntttcp.c @131a8a5d). Like the real tool it reports trouble on
// stdout as `ERROR: ... failed: ...` lines and still writes a result, of zeros, exiting 0; only refused arguments
// give a non-zero exit code.
import {tcpCongestedLoss} from '../egress.js';
import type {AdapterState, Fabric} from '../fabric.js';
import {simSleep as sleep} from '../sleep.js';
import type {NativeContext, NativeProgram} from './host.js';
import {fileKey, folderExists, nodeFiles} from './node-files.js';

const version = '5.39';
// Connecting: SENDER_CONNECTION_RETRIES (100) × SENDER_SLEEP_BETWEEN_RECONNECT (100 ms).
const connectRetries = 100;
const connectRetryMs = 100;
const defaultWaitTimeoutMs = 600_000;
const cpuMhz = 2600;
const processors = 16;

interface Options {
	sender: boolean;
	threads: number;
	receiver: string;
	nic?: string;
	bufferBytes: number;
	outstanding: number;
	async: boolean;
	port: number;
	runS: number;
	warmupS: number;
	cooldownS: number;
	xmlFile?: string;
}

const memoryUnits = (text: string): number => {
	const value = Number.parseInt(text, 10);
	return /[kK]/.test(text) ? value * 1024 : /[mM]/.test(text) ? value * 1024 * 1024 : value;
};

/** ProcessArgs, for the options the simulated rig supports; undefined for what ntttcp would refuse. */
const parseOptions = (args: string[]): Options | undefined => {
	const options: Options = {sender: false, threads: 0, receiver: '', bufferBytes: 64 * 1024, outstanding: 2, async: false, port: 5001, runS: 0, warmupS: 0, cooldownS: 0};
	const value = (index: number) => args[index + 1];
	for (let index = 0; index < args.length; index++) {
		const arg = args[index]!.toLowerCase();
		if (arg === '-s' || arg === '-r') {
			options.sender = arg === '-s';
		} else if (arg === '-m') {
			const mapping = /^(\d+),(\*|\d+),(\S+)$/.exec(value(index) ?? '');
			if (mapping === null || Number(mapping[1]) <= 0) {
				return undefined;
			}

			options.threads = Number(mapping[1]);
			options.receiver = mapping[3]!;
			index++;
		} else if (['-l', '-p', '-t', '-wu', '-cd', '-nic'].includes(arg)) {
			const text = value(index);
			if (text === undefined) {
				return undefined;
			}

			index++;
			const number = Number.parseInt(text, 10);
			if (arg === '-nic') {
				options.nic = text;
			} else if (arg === '-l') {
				options.bufferBytes = memoryUnits(text);
			} else if (arg === '-p') {
				options.port = number;
			} else if (arg === '-t') {
				options.runS = number;
			} else if (arg === '-wu') {
				options.warmupS = number;
			} else {
				options.cooldownS = number;
			}
		} else if (arg === '-a') {
			options.async = true;
			if (value(index) !== undefined && !value(index)!.startsWith('-')) {
				options.outstanding = Number.parseInt(value(index)!, 10);
				index++;
			}
		} else if (arg === '-xml') {
			options.xmlFile = value(index) !== undefined && !value(index)!.startsWith('-') ? args[++index]! : 'xml.txt';
		} else {
			return undefined;
		}
	}

	const valid = options.threads > 0 && options.runS > 0 && options.bufferBytes > 0 && options.outstanding > 0 && options.outstanding < 64 && !(options.nic !== undefined && !options.sender);
	return valid ? options : undefined;
};

interface Listener {
	receiver: AdapterState;
	accept(start: Connection): void;
}

interface Connection {
	/** Fabric time the handshake completed: warm-up starts. */
	at: number;
	stream: number;
}

// Receivers listening, per simulated rig, by `address:port`.
const listening = new WeakMap<Fabric, Map<string, Listener>>();

const listenersOf = (fabric: Fabric): Map<string, Listener> => {
	let found = listening.get(fabric);
	if (found === undefined) {
		found = new Map();
		listening.set(fabric, found);
	}

	return found;
};

const fixed = (value: number, digits: number) => (Number.isFinite(value) ? value : 0).toFixed(digits);

interface Measured {
	bytes: number;
	realtimeS: number;
	/** Share of the measured time the flow was held back by a full queue. */
	congested: number;
}

/** The -xml document of one side, as PrintOutput writes it (tabs, `\n` turned into CRLF by the text-mode file). */
const xmlDocument = (options: Options, computer: string, measured: Measured, jumboPacket: number): string => {
	const {bytes, realtimeS} = measured;
	const throughput = realtimeS > 0 ? bytes / realtimeS : 0;
	const mss = jumboPacket - 54;
	const segments = Math.ceil(bytes / mss);
	const retransmitted = Math.round(segments * tcpCongestedLoss * measured.congested);
	// TCP statistics of the node: the sender counts data segments out, the receiver data in and (delayed) ACKs out.
	const [sent, received] = options.sender ? [segments + retransmitted, Math.ceil(segments / 2)] : [Math.ceil(segments / 2), segments];
	const cpu = Math.min(100, 1.5 + (throughput / 60e6));
	const interrupts = (options.sender ? received : segments) / 0.93;
	const dpcs = interrupts / 1.6;
	const ios = bytes / options.bufferBytes;
	const flag = (on: boolean) => (on ? 'True' : 'False');
	const parameters: Array<[string, string | number]> = [
		['send_socket_buff', options.async ? 0 : -1], ['recv_socket_buff', -1], ['port', options.port], ['sync_port', 'False'], ['no_sync', 'False'],
		['wait_timeout_milliseconds', defaultWaitTimeoutMs], ['async', flag(options.async)], ['verbose', 'False'], ['wsa', 'False'], ['use_ipv6', 'False'],
		['udp', 'False'], ['udp_unconnected', 'False'], ['verify_data', 'False'], ['wait_all', 'False'], ['run_time', options.runS * 1000],
		['warmup_time', options.warmupS * 1000], ['cooldown_time', options.cooldownS * 1000], ['dash_n_timeout', 10_800_000], ['bind_sender', flag(options.nic !== undefined)],
		['sender_name', options.nic ?? ''], ['max_active_threads', -1], ['udp_uso_size', 0], ['udp_receive_coalescing', 0], ['tp', 'False'],
		['use_hvsocket_flag', 'False'], ['no_stdio_buffer', 'False'], ['throughput_Bpms', 0], ['cpu_burn', 0], ['latency_measurement', 'False'],
		['use_io_compl_ports', 'False'], ['cpu_from_idle_flag', 'False'], ['get_estats', 'False'], ['qos_flag', 'False'], ['jitter_measurement', 'False'], ['packet_spacing', 0],
	];
	const perThread = throughput / options.threads;
	const root = options.sender ? 'ntttcps' : 'ntttcpr';
	const lines = [
		`<${root} computername="${computer}" version="${version}">`,
		'\t<parameters>',
		...parameters.map(([name, value]) => `\t\t<${name}>${value}</${name}>`),
		'\t</parameters>',
		...Array.from({length: options.threads}, (_, index) => [
			`\t<thread index="${index}">`,
			`\t\t<realtime metric="s">${fixed(realtimeS + 0.001, 3)}</realtime>`,
			`\t\t<throughput metric="KB/s">${fixed(perThread / 1024, 3)}</throughput>`,
			`\t\t<throughput metric="MB/s">${fixed(perThread / 1024 / 1024, 3)}</throughput>`,
			`\t\t<throughput metric="mbps">${fixed(perThread * 8 / 1e6, 3)}</throughput>`,
			`\t\t<throughput metric="Bps">${fixed(perThread, 1)}</throughput>`,
			`\t\t<avg_bytes_per_compl metric="B">${fixed(ios > 0 ? options.bufferBytes : 0, 3)}</avg_bytes_per_compl>`,
			'\t</thread>',
		]).flat(),
		`\t<total_bytes metric="MB">${fixed(bytes / 1024 / 1024, 6)}</total_bytes>`,
		`\t<realtime metric="s">${fixed(realtimeS, 6)}</realtime>`,
		`\t<avg_bytes_per_compl metric="B">${fixed(ios > 0 ? bytes / ios : 0, 3)}</avg_bytes_per_compl>`,
		`\t<threads_avg_bytes_per_compl metric="B">${fixed(ios > 0 ? options.bufferBytes : 0, 3)}</threads_avg_bytes_per_compl>`,
		`\t<avg_frame_size metric="B">${fixed(bytes / (options.sender ? sent : received), 3)}</avg_frame_size>`,
		`\t<throughput metric="MB/s">${fixed(throughput / 1024 / 1024, 3)}</throughput>`,
		`\t<throughput metric="mbps">${fixed(throughput * 8 / 1e6, 3)}</throughput>`,
		`\t<throughput metric="Bps">${fixed(throughput, 1)}</throughput>`,
		`\t<total_buffers>${fixed(ios, 3)}</total_buffers>`,
		`\t<throughput metric="buffers/s">${fixed(throughput / options.bufferBytes, 3)}</throughput>`,
		`\t<avg_packets_per_interrupt metric="packets/interrupt">${fixed(interrupts > 0 ? received / interrupts : 0, 3)}</avg_packets_per_interrupt>`,
		`\t<interrupts metric="count/sec">${fixed(realtimeS > 0 ? interrupts / realtimeS : 0, 3)}</interrupts>`,
		`\t<dpcs metric="count/sec">${fixed(realtimeS > 0 ? dpcs / realtimeS : 0, 3)}</dpcs>`,
		`\t<avg_packets_per_dpc metric="packets/dpc">${fixed(dpcs > 0 ? received / dpcs : 0, 3)}</avg_packets_per_dpc>`,
		`\t<cycles metric="cycles/byte">${fixed(throughput > 0 ? cpu / 100 * processors * cpuMhz * 1e6 / throughput : 0, 3)}</cycles>`,
		`\t<packets_sent>${sent}</packets_sent>`,
		`\t<packets_received>${received}</packets_received>`,
		`\t<packets_retransmitted>${retransmitted}</packets_retransmitted>`,
		'\t<errors>0</errors>',
		`\t<cpu metric="%">${fixed(cpu, 3)}</cpu>`,
		`\t<num_processors>${processors}</num_processors>`,
		'\t<bufferCount>9223372036854775807</bufferCount>',
		`\t<bufferLen>${options.bufferBytes}</bufferLen>`,
		`\t<io>${options.outstanding}</io>`,
		`</${root}>`,
	];
	return `${lines.join('\r\n')}\r\n`;
};

/** What the stream moved over the measured window, and how much of it the switches held it back. */
const measure = (fabric: Fabric, connection: Connection | undefined, options: Options): Measured => {
	if (connection === undefined) {
		return {bytes: 0, realtimeS: options.runS, congested: 0};
	}

	const from = connection.at + (options.warmupS * 1000);
	const to = from + (options.runS * 1000);
	let held = 0;
	for (let t = from; t < to; t += 100) {
		const share = fabric.limiter?.(t + 50).stream(connection.stream) ?? 1;
		held += share < 1 ? 1 : 0;
	}

	// ntttcp times the measured part with QueryPerformanceCounter around a Sleep(-t): a little longer than -t.
	return {bytes: fabric.streamBytes(connection.stream, from, to), realtimeS: options.runS + 0.015, congested: held / Math.max(1, Math.ceil((to - from) / 100))};
};

const errorLine = (where: string, what: string) => `ERROR: ${where} failed: ${what}\r\n`;

export const ntttcp: NativeProgram = async (args, context) => {
	const {fabric, node, process} = context;
	process.stdout(`Copyright Version ${version}\r\n`);
	const options = parseOptions(args);
	const files = nodeFiles(fabric, node.name);
	if (options === undefined || (options.xmlFile !== undefined && !folderExists(files, options.xmlFile))) {
		if (options !== undefined) {
			process.stdout(errorLine('ProcessArgs', 'fopen XML File'));
		}

		process.stdout(errorLine('main', 'error in parameters'));
		// ERROR_PARAMS
		return 9;
	}

	const adapters = fabric.adaptersOf(node.name);
	const local = options.sender
		? adapters.find(adapter => (options.nic === undefined ? adapter.rnic.network === fabric.rig.nodes.flatMap(other => other.rnics).find(rnic => rnic.address === options.receiver)?.network : adapter.rnic.address === options.nic))
		: adapters.find(adapter => adapter.rnic.address === options.receiver);
	const connection = local === undefined ? undefined : await (options.sender ? connect(context, options, local) : listen(context, options, local));
	if (process.signal.aborted) {
		return 1;
	}

	if (connection === undefined) {
		process.stdout(errorLine('StartSenderReceiver in thread: 0', 'error in connect/bind function'));
	} else {
		process.stdout('Network activity progressing...\r\n');
		const end = connection.at + ((options.warmupS + options.runS + options.cooldownS) * 1000);
		while (fabric.now() < end && !process.signal.aborted) {
			await sleep(Math.min(100, end - fabric.now()), process.signal);
		}

		if (process.signal.aborted) {
			fabric.stopStream(connection.stream);
			return 1;
		}
	}

	const file = options.xmlFile ?? 'xml.txt';
	files.files.set(fileKey(file), (files.files.get(fileKey(file)) ?? '') + xmlDocument(options, node.name.toUpperCase(), measure(fabric, connection, options), fabric.rig.storage.jumboPacket));
	return 0;
};

/** The receiver: listens until a sender completes the handshake (or -to passes). */
const listen = async ({fabric, process}: NativeContext, options: Options, local: AdapterState): Promise<Connection | undefined> => {
	const key = `${options.receiver}:${options.port}`;
	const listeners = listenersOf(fabric);
	let accepted: Connection | undefined;
	listeners.set(key, {receiver: local, accept(connection) {
		accepted = connection;
	}});
	const deadline = fabric.now() + defaultWaitTimeoutMs;
	try {
		while (accepted === undefined && fabric.now() < deadline && !process.signal.aborted) {
			await sleep(20, process.signal);
		}
	} finally {
		listeners.delete(key);
	}

	return accepted;
};

/** The sender: connects to a listening receiver, retrying as ntttcp does, and starts the flow with it. */
const connect = async ({fabric, process}: NativeContext, options: Options, local: AdapterState): Promise<Connection | undefined> => {
	for (let attempt = 0; attempt < connectRetries && !process.signal.aborted; attempt++) {
		const listener = listenersOf(fabric).get(`${options.receiver}:${options.port}`);
		if (listener !== undefined && listener.receiver.rnic.network === local.rnic.network && fabric.linkUp(local) && fabric.linkUp(listener.receiver)) {
			const at = fabric.now();
			const wallMs = (options.warmupS + options.runS + options.cooldownS) * 1000;
			const connection = {at, stream: fabric.startStream({from: local, to: listener.receiver, connections: options.threads, startedAt: at, endsAt: at + wallMs})};
			listener.accept(connection);
			return connection;
		}

		await sleep(connectRetryMs, process.signal);
	}

	return undefined;
};
