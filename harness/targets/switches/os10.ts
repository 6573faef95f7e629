// Dell SmartFabric OS10 (text only: no CLI JSON). Link state and MTU from `show interface <if>`; PFC, ETS and
// trust from `show running-configuration` as Microsoft's reference configuration lays them out; queue counters
// from `show queuing statistics`; LLDP and DCBX from their show commands. Configuration lines go as one exec,
// one per line, ending in `end` so the session always leaves configuration mode.
import type {Transport} from '../../transport/types.js';
import {assertPortName, parseError, runCli, type DcbxState, type EtsClass, type LldpNeighbor, type PfcPriorityCounters, type PfcState, type PortStatus, type QueueCounters, type SwitchCommands, type SwitchDriver, type Trust, readSwitchVersion, type SwitchVersion} from '../switch.js';
import {os10Qos, parseOs10Dcbx, parseOs10Interface, parseOs10Lldp, parseOs10PfcCounters, parseOs10Queues} from './os10-parse.js';

export const os10Commands: SwitchCommands = {
	portStatus: port => `show interface ${port}`,
	portAdmin: (port, up) => ['configure terminal', `interface ${port}`, up ? 'no shutdown' : 'shutdown', 'end'].join('\n'),
};

export class Os10Driver implements SwitchDriver {
	readonly vendor = 'os10' as const;

	constructor(readonly name: string, private readonly transport: Transport) {}

	/** Reads by default; only `no shutdown` among the changes may be repeated (see runCli). */
	private async run(port: string, command: string, signal?: AbortSignal, idempotent = true): Promise<string> {
		assertPortName(this.vendor, this.name, port);
		return runCli(this.transport, this.name, command, signal, idempotent);
	}

	private async parsed<T>(port: string, command: string, parse: (text: string) => T | undefined, signal?: AbortSignal): Promise<T> {
		const output = await this.run(port, command, signal);
		const value = parse(output);
		if (value === undefined) {
			throw parseError(this.name, command, output);
		}

		return value;
	}

	private async interface(port: string, signal?: AbortSignal) {
		return this.parsed(port, os10Commands.portStatus(port), text => parseOs10Interface(text, port), signal);
	}

	async portStatus(port: string, signal?: AbortSignal): Promise<PortStatus> {
		const {mtu: _mtu, ...status} = await this.interface(port, signal);
		return status;
	}

	async setPortAdmin(port: string, up: boolean, signal?: AbortSignal): Promise<void> {
		await this.run(port, os10Commands.portAdmin(port, up), signal, up);
	}

	private async qos(port: string, signal?: AbortSignal) {
		return this.parsed(port, 'show running-configuration', text => os10Qos(text, port), signal);
	}

	async pfc(port: string, signal?: AbortSignal): Promise<PfcState> {
		const qos = await this.qos(port, signal);
		return {mode: qos.pfcMode, oper: qos.pfcMode === 'on' && qos.pfcPriorities.length > 0, priorities: qos.pfcPriorities};
	}

	async pfcCounters(port: string, signal?: AbortSignal): Promise<PfcPriorityCounters[]> {
		return this.parsed(port, `show interface ${port} priority-flow-control details`, parseOs10PfcCounters, signal);
	}

	async ets(port: string, signal?: AbortSignal): Promise<EtsClass[]> {
		return (await this.qos(port, signal)).ets;
	}

	async trust(port: string, signal?: AbortSignal): Promise<Trust> {
		return (await this.qos(port, signal)).trust;
	}

	async queueCounters(port: string, signal?: AbortSignal): Promise<QueueCounters[]> {
		return this.parsed(port, `show queuing statistics interface ${port}`, parseOs10Queues, signal);
	}

	async lldpNeighbors(port: string, signal?: AbortSignal): Promise<LldpNeighbor[]> {
		return parseOs10Lldp(await this.run(port, `show lldp neighbors interface ${port} detail`, signal));
	}

	async dcbx(port: string, signal?: AbortSignal): Promise<DcbxState> {
		const command = `show lldp dcbx interface ${port}`;
		const output = await this.run(port, command, signal);
		const dcbx = parseOs10Dcbx(output);
		if (dcbx === undefined) {
			throw parseError(this.name, command, output);
		}

		return dcbx;
	}

	async mtu(port: string, signal?: AbortSignal): Promise<number> {
		const {mtu} = await this.interface(port, signal);
		if (mtu === undefined) {
			throw parseError(this.name, `show interface ${port}`, '(no MTU line)');
		}

		return mtu;
	}

	async version(signal?: AbortSignal): Promise<SwitchVersion> {
		return readSwitchVersion(this.transport, this.name, this.vendor, signal);
	}
}
