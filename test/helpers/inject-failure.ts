// Preloaded into a real `rdmalab run` process (`node --import <this> bin/rdmalab.js run ...`) to make one stage of
// the run fail, the ways code fails: a thrown error the stage awaits (`throw`), an exception nothing catches from a
// timer or an event handler (`stray`), a rejected promise nobody awaits (`reject`). Set by
// RDMALAB_INJECT=<stage>:<mode>; `restore:slow` instead holds the switch's `no shutdown` for 20 s (a switch slow to
// answer while the run stops). Only tests load it; the harness knows nothing of it.
import {RunRecorder} from '../../harness/run/recorder.js';
import {WindowsNode} from '../../harness/targets/windows-node.js';
import {NxosDriver} from '../../harness/targets/switches/nxos.js';
import {ReconnectingTransport} from '../../harness/transport/reconnecting.js';

export const stages = ['connect', 'inventory', 'arm', 'capture', 'timeline', 'collect', 'report'] as const;
export type Stage = typeof stages[number];
export type Mode = 'throw' | 'stray' | 'reject';

const slowRestoreMs = 20_000;

const [stage, mode] = (process.env['RDMALAB_INJECT'] ?? '').split(':') as [Stage | 'restore' | undefined, Mode | 'slow' | undefined];
let fired = false;
let portShut = false;

/** Fails once, the chosen way; `throw` throws here, the others leave the error for nobody to catch. */
const fail = (where: Stage): void => {
	if (where !== stage || fired) {
		return;
	}

	fired = true;
	const error = new TypeError(`injected ${where} failure (${mode ?? 'throw'})${portShut ? ' while a port is shut' : ''}`);
	if (mode === 'stray') {
		setImmediate(() => {
			throw error;
		});
	} else if (mode === 'reject') {
		void Promise.reject(error);
	} else {
		throw error;
	}
};

const connect = ReconnectingTransport.connect.bind(ReconnectingTransport);
ReconnectingTransport.connect = async (...args) => {
	const transport = await connect(...args);
	fail('connect');
	return transport;
};

const query = WindowsNode.prototype.query;
WindowsNode.prototype.query = async function (this: WindowsNode, ...args: Parameters<typeof query>) {
	const result = await query.apply(this, args);
	fail('inventory');
	return result;
} as typeof query;

const runNative = WindowsNode.prototype.runNative;
WindowsNode.prototype.runNative = async function (this: WindowsNode, program, args, options) {
	if (options.label.startsWith('diskspd on')) {
		fail('arm');
	}

	if (options.label === 'typeperf' && options.onStdout !== undefined) {
		const onStdout = options.onStdout;
		// Inside the transport's data callback: where a parser's throw used to escape.
		options = {...options, onStdout(chunk) {
			onStdout(chunk);
			if (portShut) {
				fail('capture');
			}
		}};
	}

	return runNative.call(this, program, args, options);
};

const setPortAdmin = NxosDriver.prototype.setPortAdmin;
NxosDriver.prototype.setPortAdmin = async function (this: NxosDriver, port, up, signal) {
	if (up && stage === 'restore' && mode === 'slow') {
		await new Promise(resolve => {
			setTimeout(resolve, slowRestoreMs);
		});
	}

	await setPortAdmin.call(this, port, up, signal);
	portShut = !up;
	if (!up) {
		fail('timeline');
	}
};

const write = RunRecorder.prototype.write;
RunRecorder.prototype.write = async function (this: RunRecorder, relative, data) {
	await write.call(this, relative, data);
	if (relative.startsWith('diskspd/')) {
		fail('collect');
	} else if (relative.endsWith('.png')) {
		fail('report');
	}
};
