// Arista EOS: `| json` for interface status, MTU, PFC, queue counters and LLDP; the text of `show qos interfaces`
// (trust mode and tx-queue bandwidth) and `show qos maps` (CoS → TC → tx-queue). Configuration lines go as one
// exec, one per line, ending in `end` so the session leaves config mode whatever happens.
import type {Transport} from '../../transport/types.js';
import {assertPortName, parseError, parseJson, runCli, type DcbxState, type EtsClass, type LldpNeighbor, type PfcPriorityCounters, type PfcState, type PortStatus, type QueueCounters, type SwitchCommands, type SwitchDriver, type Trust, readSwitchVersion, type SwitchVersion} from '../switch.js';
import {eosEts, parseEosDcbx, parseEosLldp, parseEosMtu, parseEosPfc, parseEosPfcCounters, parseEosQosInterface, parseEosQosMaps, parseEosQueues, parseEosStatus} from './eos-parse.js';

const withJson = (command: string) => `${command} | json | no-more`;
const statusCommand = (port: string) => `show interfaces ${port} status`;

export const eosCommands: SwitchCommands = {
	portStatus: port => withJson(statusCommand(port)),
	portAdmin: (port, up) => ['configure terminal', `interface ${port}`, up ? 'no shutdown' : 'shutdown', 'end'].join('\n'),
};

export class EosDriver implements SwitchDriver {
	readonly vendor = 'eos' as const;

	constructor(readonly name: string, private readonly transport: Transport) {}

	/** Runs a show command with `| json | no-more` and parses it with `parse`. */
	private async json<T>(port: string, command: string, parse: (json: unknown, port: string) => T | undefined, signal?: AbortSignal): Promise<T> {
		assertPortName(this.vendor, this.name, port);
		const full = withJson(command);
		const output = await runCli(this.transport, this.name, full, signal, true);
		const value = parse(parseJson(this.name, full, output), port);
		if (value === undefined) {
			throw parseError(this.name, full, output);
		}

		return value;
	}

	private async text(port: string, command: string, signal?: AbortSignal): Promise<string> {
		assertPortName(this.vendor, this.name, port);
		return runCli(this.transport, this.name, `${command} | no-more`, signal, true);
	}

	async portStatus(port: string, signal?: AbortSignal): Promise<PortStatus> {
		return this.json(port, statusCommand(port), parseEosStatus, signal);
	}

	async setPortAdmin(port: string, up: boolean, signal?: AbortSignal): Promise<void> {
		assertPortName(this.vendor, this.name, port);
		await runCli(this.transport, this.name, eosCommands.portAdmin(port, up), signal, up);
	}

	async pfc(port: string, signal?: AbortSignal): Promise<PfcState> {
		return this.json(port, `show priority-flow-control interfaces ${port} status`, parseEosPfc, signal);
	}

	async pfcCounters(port: string, signal?: AbortSignal): Promise<PfcPriorityCounters[]> {
		return this.json(port, `show priority-flow-control interfaces ${port} counters`, parseEosPfcCounters, signal);
	}

	private async qosInterface(port: string, signal?: AbortSignal) {
		const output = await this.text(port, `show qos interfaces ${port}`, signal);
		const parsed = parseEosQosInterface(output);
		if (parsed === undefined) {
			throw parseError(this.name, `show qos interfaces ${port}`, output);
		}

		return parsed;
	}

	async ets(port: string, signal?: AbortSignal): Promise<EtsClass[]> {
		const qos = await this.qosInterface(port, signal);
		const output = await runCli(this.transport, this.name, 'show qos maps | no-more', signal, true);
		const maps = parseEosQosMaps(output);
		if (maps === undefined) {
			throw parseError(this.name, 'show qos maps', output);
		}

		return eosEts(qos, maps);
	}

	async trust(port: string, signal?: AbortSignal): Promise<Trust> {
		return (await this.qosInterface(port, signal)).trust;
	}

	async queueCounters(port: string, signal?: AbortSignal): Promise<QueueCounters[]> {
		return this.json(port, `show interfaces ${port} counters queue`, parseEosQueues, signal);
	}

	async lldpNeighbors(port: string, signal?: AbortSignal): Promise<LldpNeighbor[]> {
		return this.json(port, `show lldp neighbors ${port} detail`, parseEosLldp, signal);
	}

	async dcbx(port: string, signal?: AbortSignal): Promise<DcbxState> {
		const output = await this.text(port, `show dcbx ${port}`, signal);
		const dcbx = parseEosDcbx(output);
		if (dcbx === undefined) {
			throw parseError(this.name, `show dcbx ${port}`, output);
		}

		return dcbx;
	}

	async mtu(port: string, signal?: AbortSignal): Promise<number> {
		return this.json(port, `show interfaces ${port}`, parseEosMtu, signal);
	}

	async version(signal?: AbortSignal): Promise<SwitchVersion> {
		return readSwitchVersion(this.transport, this.name, this.vendor, signal);
	}
}
