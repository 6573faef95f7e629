// Cisco NX-OS (Nexus 9000): state from `show interface <if> | json` (NX-API TABLE_/ROW_ shape), shut/no-shut in
// one exec line with ' ; ' separators, which NX-OS runs in order as if typed.
import {z} from 'zod';
import {HarnessError} from '../../errors.js';
import {timeouts} from '../../transport/timeouts.js';
import type {Transport} from '../../transport/types.js';
import {assertPortName, cliErrors, type PortStatus, type SwitchDriver} from '../switch.js';

const interfaceRow = z.object({
	interface: z.string(),
	state: z.string(),
	admin_state: z.string(),
	state_rsn_desc: z.string().optional(),
	eth_speed: z.string().optional(),
});

// NX-API answers a single row as an object and several as an array.
const showInterface = z.object({TABLE_interface: z.object({ROW_interface: z.union([interfaceRow, z.array(interfaceRow)])})});

/** The exact NX-OS CLI lines the driver sends; `rdmalab plan` prints the same ones. */
export const nxosCommands = {
	portStatus: (port: string) => `show interface ${port} | json`,
	portAdmin: (port: string, up: boolean) => `configure terminal ; interface ${port} ; ${up ? 'no shutdown' : 'shutdown'} ; end`,
};

export class NxosDriver implements SwitchDriver {
	readonly vendor = 'nxos' as const;

	constructor(readonly name: string, private readonly transport: Transport) {}

	/** `idempotent`: a read, or a restore, that may be sent again on a fresh connection if the first is lost. */
	private async run(command: string, signal?: AbortSignal, idempotent = false): Promise<string> {
		const result = await this.transport.exec(command, {timeoutMs: timeouts.switchCommandMs, label: command, idempotent, ...(signal ? {signal} : {})});
		const errors = cliErrors(result.stdout + result.stderr);
		if (errors.length > 0 || result.exitCode !== 0) {
			throw new HarnessError('SWITCH_REFUSED', `${command}: ${errors.join(' ') || `exit code ${String(result.exitCode)}`}`, {target: this.name});
		}

		return result.stdout;
	}

	async portStatus(port: string, signal?: AbortSignal): Promise<PortStatus> {
		assertPortName(this.vendor, this.name, port);
		const output = await this.run(nxosCommands.portStatus(port), signal, true);
		let parsed: z.infer<typeof showInterface>;
		try {
			parsed = showInterface.parse(JSON.parse(output));
		} catch (error) {
			throw new HarnessError('PARSE', `show interface ${port} | json: unexpected output`, {target: this.name, cause: error, details: {snippet: output.slice(0, 300)}});
		}

		const rows = parsed.TABLE_interface.ROW_interface;
		const row = (Array.isArray(rows) ? rows : [rows]).find(candidate => candidate.interface.toLowerCase() === port.toLowerCase());
		if (row === undefined) {
			throw new HarnessError('PARSE', `show interface ${port} did not report ${port}`, {target: this.name});
		}

		return {
			port,
			admin: row.admin_state === 'up' ? 'up' : 'down',
			oper: row.state === 'up' ? 'up' : 'down',
			...(row.state_rsn_desc ? {reason: row.state_rsn_desc} : {}),
			...(row.eth_speed ? {speed: row.eth_speed} : {}),
		};
	}

	async setPortAdmin(port: string, up: boolean, signal?: AbortSignal): Promise<void> {
		assertPortName(this.vendor, this.name, port);
		// Shutting a port is never sent twice blindly; bringing it back up is harmless to repeat.
		await this.run(nxosCommands.portAdmin(port, up), signal, up);
	}
}
