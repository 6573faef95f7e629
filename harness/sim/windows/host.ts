// A simulated Windows Server node behind Windows OpenSSH. The command line goes to cmd.exe (OpenSSH's default
// shell): `powershell.exe`/`pwsh.exe -EncodedCommand ...` runs the script in the interpreter with the node's
// cmdlets; native programs (diskspd, typeperf) are emulated; anything else fails as cmd.exe fails.
import path from 'node:path';
import type {RigNode} from '../../rig/schema.js';
import {decodePowerShell} from '../../windows/powershell.js';
import {zoneIdFor} from '../config.js';
import {clockStepMs} from '../misconfigs/counters.js';
import type {Fabric} from '../fabric.js';
import type {ExecHandler, SimProcess} from '../ssh-server.js';
import {getNetAdapter, getSmbMultichannelConnection} from './cmdlets.js';
import {ProcessTable} from './processes.js';
import {inventoryCmdlets} from './cmdlets/index.js';
import {currentVersion} from './cmdlets/device.js';
import {getCulture, perflibKeys} from './locale.js';
import {getItemProperty} from './registry.js';
import {PsInterpreter, PsRuntimeError, type Cmdlet} from './ps-interpreter.js';
import {toClixmlError} from './ps-json-writer.js';

export interface NodeClock {
	/** The node's idea of UTC now, skew included. */
	utcNow(): number;
	offsetMinutes: number;
	zoneId: string;
}

export interface NativeContext {
	node: RigNode;
	fabric: Fabric;
	clock: NodeClock;
	process: SimProcess;
	processes: ProcessTable;
}

/** An emulated native program; resolves to its exit code. */
export type NativeProgram = (args: string[], context: NativeContext) => Promise<number>;

export const nodeClock = (node: RigNode, fabric: Fabric): NodeClock => {
	const settings = fabric.config.nodes[node.name] ?? {utcOffsetMinutes: 0, clockSkewMs: 0};
	return {
		utcNow: () => Date.now() + settings.clockSkewMs + clockStepMs(fabric, node.name),
		offsetMinutes: settings.utcOffsetMinutes,
		zoneId: zoneIdFor(settings.utcOffsetMinutes),
	};
};

const notRecognized = (program: string) => `'${program}' is not recognized as an internal or external command,\r\noperable program or batch file.\r\n`;

// PowerShell accepts any unambiguous prefix of -EncodedCommand; -e, -ec and -enc are the common ones.
const encodedCommandParameter = /^-(e|ec|en|enc|enco|encod|encode|encoded|encodedc|encodedco|encodedcom|encodedcomm|encodedcomma|encodedcomman|encodedcommand)$/i;

export const windowsHandler = (node: RigNode, fabric: Fabric, natives: Map<string, NativeProgram>): ExecHandler => {
	const clock = nodeClock(node, fabric);
	const language = fabric.config.nodes[node.name]?.language ?? 'en-US';
	const cmdlets = new Map<string, Cmdlet>([
		['get-netadapter', getNetAdapter(node, fabric)],
		['get-smbmultichannelconnection', getSmbMultichannelConnection(node, fabric)],
		// Later entries replace earlier ones: the inventory's Multichannel view also knows the node's SMB Direct setting.
		...inventoryCmdlets(node, fabric),
		['get-culture', getCulture(language)],
		['get-itemproperty', getItemProperty([currentVersion, perflibKeys(language)])],
	]);

	const processes = new ProcessTable();
	return async channelProcess => {
		// A process ends when its channel closes or when it is killed on the node (taskkill).
		const entry = processes.start();
		const process: SimProcess = {...channelProcess, signal: AbortSignal.any([channelProcess.signal, entry.killed.signal])};
		try {
			const code = await runCommand(process, entry.pid);
			return entry.killed.signal.aborted ? 1 : code;
		} finally {
			processes.end(entry.pid);
		}
	};

	async function runCommand(process: SimProcess, pid: number): Promise<number> {
		const words = process.command.trim().split(/\s+/);
		const program = (words[0] ?? '').toLowerCase().replace(/\.exe$/, '');
		const hasPwsh = node.powershell === '7';
		if (program !== 'powershell' && !(program === 'pwsh' && hasPwsh)) {
			process.stderr(notRecognized(words[0] ?? ''));
			return 1;
		}

		const encodedAt = words.findIndex(word => encodedCommandParameter.test(word));
		const encoded = encodedAt === -1 ? undefined : words[encodedAt + 1];
		if (encoded === undefined) {
			process.stderr('The simulated node only accepts powershell.exe -NoProfile -NonInteractive -EncodedCommand <base64>.\r\n');
			return 1;
		}

		const interpreter = new PsInterpreter({
			version: program === 'pwsh' ? '7' : '5.1',
			utcNow: clock.utcNow,
			timeZone: () => ({offsetMinutes: clock.offsetMinutes, id: clock.zoneId}),
			stdout: process.stdout,
			stdin: process.stdin,
			signal: process.signal,
			pid,
			cmdlets,
			async native(target, args) {
				const name = path.win32.basename(target).toLowerCase().replace(/\.exe$/, '');
				const native = natives.get(name);
				if (native === undefined) {
					throw new PsRuntimeError(`The term '${target}' is not recognized as the name of a cmdlet, function, script file, or operable program.`, target);
				}

				return native(args, {node, fabric, clock, process, processes});
			},
		});
		return interpreter.run(decodePowerShell(encoded), message => {
			process.stderr(toClixmlError(message));
		});
	}
};
