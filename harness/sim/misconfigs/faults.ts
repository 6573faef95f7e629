// Transport and node faults for the failure matrix: the devices themselves misbehave (connections drop, a tool
// hangs, a node prints garbage or answers slowly, a host key changes). They fail no validation rule; the harness
// must end every such run restored, with what it captured kept, as an infrastructure error.
import type {Fabric} from '../fabric.js';
import type {SimProcess} from '../ssh-server.js';
import {simSleep} from '../sleep.js';
import {decodePowerShell} from '../../windows/powershell.js';
import type {Misconfig} from './types.js';

const firstHost = (fabric: Fabric) => fabric.rig.nodes.find(node => node.role === 'hyperv-host')?.name;
const lastSofsNode = (fabric: Fabric) => fabric.rig.nodes.filter(node => node.role === 'sofs-node').at(-1)?.name;

/** The PowerShell script of a node command line, decoded; '' for anything else. */
const scriptOf = (command: string): string => {
	const encoded = /-EncodedCommand\s+(\S+)/i.exec(command)?.[1];
	return encoded === undefined ? '' : decodePowerShell(encoded);
};

/** Rows typeperf prints on the hanging node before it stops answering (after its header line). */
export const rowsBeforeHang = 4;

/** Delays of `slow-node` (within every deadline) and `very-slow-node` (past the clock read's). */
export const slowNodeDelayMs = 1500;
export const verySlowNodeDelayMs = 35_000;

const delayed = (delayMs: number): NonNullable<NonNullable<Misconfig['sim']>['exec']> => (device, handler, control) => {
	if (device.kind !== 'node' || device.name !== lastSofsNode(control.fabric)) {
		return handler;
	}

	return async process => {
		await simSleep(delayMs, process.signal);
		return process.signal.aborted ? 1 : handler(process);
	};
};

// NX-OS exec line the harness sends to shut a port: `configure terminal ; interface <port> ; shutdown ; end`.
const shutCommand = /interface (\S+) ; shutdown( ;|$)/;

export const faultMisconfigs: Misconfig[] = [
	{
		name: 'ssh-drop-during-fault',
		description: 'Right after the first port is shut and read back, the switch drops its SSH connections, and so does the host cabled to that port',
		sim: {
			exec(device, handler, control) {
				if (device.kind !== 'switch') {
					return handler;
				}

				// The drop follows the third answer to `show interface <port> | json` after the shut, never a fixed delay:
				// the harness's read-back and the counter polls send the same command, and on a loaded machine a fixed
				// delay (or the first such answer) could meet the read-back before the harness has confirmed the shut.
				let shut: string | undefined;
				let readsAfterShut = 0;
				let dropped = false;
				return async process => {
					const code = await handler(process);
					if (dropped || code !== 0) {
						return code;
					}

					if (shut === undefined || process.command.trim() !== `show interface ${shut} | json` || ++readsAfterShut < 3) {
						shut ??= shutCommand.exec(process.command)?.[1];
						return code;
					}

					dropped = true;
					const host = control.fabric.cableAt(device.name, shut)?.node;
					// After the answer has gone out, as a switch that reboots its management plane would.
					setTimeout(() => {
						control.dropConnections(device.name);
						if (host !== undefined) {
							control.dropConnections(host);
						}
					}, 20);
					return code;
				};
			},
		},
	},
	{
		name: 'node-hangs',
		description: `typeperf on the first Hyper-V host stops answering after ${rowsBeforeHang} rows: no output, never exits until killed`,
		sim: {
			native(node, name, program) {
				if (name !== 'typeperf' || node.role !== 'hyperv-host') {
					return program;
				}

				return async (args, context) => {
					// The capture hangs, not the counter discovery (typeperf -qx) before it.
					if (context.fabric.rig.nodes.find(candidate => candidate.role === 'hyperv-host')?.name !== node.name || args.includes('-qx')) {
						return program(args, context);
					}

					// typeperf prints one row per interval, each starting with its quoted timestamp.
					let rows = 0;
					const muted: SimProcess = {
						...context.process,
						stdout(text) {
							if (rows < rowsBeforeHang) {
								context.process.stdout(text);
								rows += text.match(/^"\d/gm)?.length ?? 0;
							}
						},
					};
					await program(args, {...context, process: muted});
					// Hung: the process stays until it is killed or its channel closes.
					await new Promise<void>(resolve => {
						if (context.process.signal.aborted) {
							resolve();
						}

						context.process.signal.addEventListener('abort', () => resolve(), {once: true});
					});
					return 1;
				};
			},
		},
	},
	{
		name: 'garbage-output',
		description: 'The first Hyper-V host answers every PowerShell query with non-JSON garbage (exit code 0)',
		sim: {
			exec(device, handler, control) {
				if (device.kind !== 'node' || device.name !== firstHost(control.fabric)) {
					return handler;
				}

				return async process => {
					if (!scriptOf(process.command).includes('ConvertTo-Json')) {
						return handler(process);
					}

					process.stdout('\u001B[2J\u001B[H\uFFFD\uFFFD#< CLIXML\r\n{"netAdapter": [ {"Name": "SLOT 3 \u0000\u0001\u0002\r\n@@@ trace buffer overflow @@@\r\n');
					return 0;
				};
			},
		},
	},
	{
		name: 'slow-node',
		description: `Every command on the last SOFS node starts ${slowNodeDelayMs} ms late (within every deadline)`,
		sim: {exec: delayed(slowNodeDelayMs)},
	},
	{
		name: 'very-slow-node',
		description: `Every command on the last SOFS node starts ${verySlowNodeDelayMs / 1000} s late (past the clock read's deadline)`,
		sim: {exec: delayed(verySlowNodeDelayMs)},
	},
	{
		name: 'host-key-changed',
		description: 'The first switch serves a host key other than the one the rig file pins (a replaced or impersonated device)',
		sim: {
			changesHostKey: (device, fabric) => device === fabric.rig.switches[0]?.name,
		},
	},
];

