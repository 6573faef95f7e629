// Cisco NX-OS (Nexus 9000): interface state from `show interface <if> | json` (NX-API TABLE_/ROW_ shape); PFC from
// `show interface <if> priority-flow-control` and the system network-qos policy; ETS, per-queue and per-CoS pause
// counters from `show queuing interface <if>`; classification from the port's input qos policy. Shut/no-shut runs
// in one exec line with ' ; ' separators, which NX-OS runs in order as if typed, and `end` leaves config mode.
import {z} from 'zod';
import {HarnessError} from '../../errors.js';
import type {Transport} from '../../transport/types.js';
import {assertPortName, parseError, parseJson, runCli, type DcbxState, type EtsClass, type LldpNeighbor, type PfcPriorityCounters, type PfcState, type PortStatus, type QueueCounters, type SwitchCommands, type SwitchDriver, type Trust, speedGbps, withSpeed, readSwitchVersion, type SwitchVersion} from '../switch.js';
import {nxosEts, nxosPfcCounters, nxosPortKey, nxosQueueCounters, parseNxosDcbx, parseNxosLldp, parseNxosMtu, parseNxosPfc, parseNxosQueuing, readNxosNetworkQos, readNxosQosPolicy} from './nxos-parse.js';

const interfaceRow = z.object({
	interface: z.string(),
	state: z.string(),
	admin_state: z.string(),
	state_rsn_desc: z.string().optional(),
	eth_speed: z.string().optional(),
});

// NX-API answers a single row as an object and several as an array.
const showInterface = z.object({TABLE_interface: z.object({ROW_interface: z.union([interfaceRow, z.array(interfaceRow)])})});

export const nxosCommands: SwitchCommands = {
	portStatus: port => `show interface ${port} | json`,
	portAdmin: (port, up) => `configure terminal ; interface ${port} ; ${up ? 'no shutdown' : 'shutdown'} ; end`,
};

export class NxosDriver implements SwitchDriver {
	readonly vendor = 'nxos' as const;

	private readonly inFlight = new Map<string, Promise<ReturnType<typeof parseNxosQueuing>>>();

	constructor(readonly name: string, private readonly transport: Transport) {}

	private async run(command: string, signal?: AbortSignal, idempotent = false): Promise<string> {
		return runCli(this.transport, this.name, command, signal, idempotent);
	}

	private async show(port: string, command: string, signal?: AbortSignal): Promise<string> {
		assertPortName(this.vendor, this.name, port);
		return this.run(command, signal, true);
	}

	async portStatus(port: string, signal?: AbortSignal): Promise<PortStatus> {
		const command = nxosCommands.portStatus(port);
		const output = await this.show(port, command, signal);
		const parsed = showInterface.safeParse(parseJson(this.name, command, output));
		if (!parsed.success) {
			throw parseError(this.name, command, output, parsed.error);
		}

		const rows = parsed.data.TABLE_interface.ROW_interface;
		const row = (Array.isArray(rows) ? rows : [rows]).find(candidate => nxosPortKey(candidate.interface) === nxosPortKey(port));
		if (row === undefined) {
			throw new HarnessError('PARSE', `show interface ${port} did not report ${port}`, {target: this.name});
		}

		return {
			port,
			admin: row.admin_state === 'up' ? 'up' : 'down',
			oper: row.state === 'up' ? 'up' : 'down',
			...(row.state_rsn_desc ? {reason: row.state_rsn_desc} : {}),
			...withSpeed(speedGbps(row.eth_speed)),
		};
	}

	async setPortAdmin(port: string, up: boolean, signal?: AbortSignal): Promise<void> {
		assertPortName(this.vendor, this.name, port);
		// Shutting a port is never sent twice blindly; bringing it back up is harmless to repeat.
		await this.run(nxosCommands.portAdmin(port, up), signal, up);
	}

	async pfc(port: string, signal?: AbortSignal): Promise<PfcState> {
		const command = `show interface ${port} priority-flow-control`;
		const output = await this.show(port, command, signal);
		const row = parseNxosPfc(output).find(candidate => nxosPortKey(candidate.port) === nxosPortKey(port));
		if (row === undefined) {
			throw parseError(this.name, command, output);
		}

		// The lossless CoS values are system-wide, in the network-qos policy; the port's mode says whether it applies them.
		const policyCommand = 'show policy-map system type network-qos';
		const policyText = await this.run(policyCommand, signal, true);
		const policy = readNxosNetworkQos(policyText);
		if (policy.unplaced !== undefined) {
			throw parseError(this.name, policyCommand, policyText, undefined, policy.unplaced);
		}

		const priorities = [...new Set(policy.classes.flatMap(entry => entry.pauseCos))].sort((a, b) => a - b);
		return {mode: row.mode, oper: row.oper, priorities};
	}

	/**
	 * `show queuing interface` answers the pause counters, the queue counters and the scheduler at once: reads of one
	 * port asked for together (a counter poll wants both kinds) share one command, and so one instant.
	 */
	private async queuing(port: string, signal?: AbortSignal) {
		const command = `show queuing interface ${port}`;
		const pending = this.inFlight.get(command);
		if (pending !== undefined) {
			return pending;
		}

		const read = (async () => {
			const output = await this.show(port, command, signal);
			const queuing = parseNxosQueuing(output);
			if (queuing.egress.length === 0 || queuing.pfc.length === 0) {
				throw parseError(this.name, command, output);
			}

			return queuing;
		})();
		this.inFlight.set(command, read);
		try {
			return await read;
		} finally {
			this.inFlight.delete(command);
		}
	}

	async pfcCounters(port: string, signal?: AbortSignal): Promise<PfcPriorityCounters[]> {
		return nxosPfcCounters(await this.queuing(port, signal));
	}

	async ets(port: string, signal?: AbortSignal): Promise<EtsClass[]> {
		return nxosEts(await this.queuing(port, signal));
	}

	async queueCounters(port: string, signal?: AbortSignal): Promise<QueueCounters[]> {
		return nxosQueueCounters(await this.queuing(port, signal));
	}

	async trust(port: string, signal?: AbortSignal): Promise<Trust> {
		const command = `show policy-map interface ${port} input type qos`;
		const output = await this.show(port, command, signal);
		const policy = readNxosQosPolicy(output);
		if (policy.unplaced !== undefined) {
			throw parseError(this.name, command, output, undefined, policy.unplaced);
		}

		return policy.trust;
	}

	async lldpNeighbors(port: string, signal?: AbortSignal): Promise<LldpNeighbor[]> {
		const command = `show lldp neighbors interface ${port} detail | json`;
		const output = await this.show(port, command, signal);
		const neighbors = parseNxosLldp(output.trim() === '' ? {} : parseJson(this.name, command, output));
		if (neighbors === undefined) {
			throw parseError(this.name, command, output);
		}

		return neighbors;
	}

	async dcbx(port: string, signal?: AbortSignal): Promise<DcbxState> {
		const command = `show lldp dcbx interface ${port}`;
		const output = await this.show(port, command, signal);
		const dcbx = parseNxosDcbx(output);
		if (dcbx === undefined) {
			throw parseError(this.name, command, output);
		}

		return dcbx;
	}

	async mtu(port: string, signal?: AbortSignal): Promise<number> {
		const command = `show interface ${port} | json`;
		const output = await this.show(port, command, signal);
		const mtu = parseNxosMtu(parseJson(this.name, command, output), port);
		if (mtu === undefined) {
			throw parseError(this.name, command, output);
		}

		return mtu;
	}

	async version(signal?: AbortSignal): Promise<SwitchVersion> {
		return readSwitchVersion(this.transport, this.name, this.vendor, signal);
	}
}
