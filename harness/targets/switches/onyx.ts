// NVIDIA/Mellanox Onyx (MLNX-OS): `| json-print` for interface state and MTU, PFC, ETS, QoS trust and maps,
// LLDP; text for the per-priority PFC and per-TC counters (one command per priority / TC, as Onyx counts them).
// Configuration lines go as one exec, one per line, with an `exit` for each mode entered so the session leaves
// configuration mode whatever happens.
import type {Transport} from '../../transport/types.js';
import {assertPortName, parseError, parseJson, runCli, type DcbxState, type EtsClass, type LldpNeighbor, type PfcPriorityCounters, type PfcState, type PortStatus, type QueueCounters, type SwitchCommands, type SwitchDriver, type Trust, readSwitchVersion, type SwitchVersion} from '../switch.js';
import {onyxEts, onyxInterfaceArg, parseOnyxDcbx, parseOnyxEts, parseOnyxInterface, parseOnyxLldpRemote, parseOnyxPfc, parseOnyxPfcCounters, parseOnyxQos, parseOnyxTcCounters} from './onyx-parse.js';

const withJson = (command: string) => `${command} | json-print`;
const priorities = [0, 1, 2, 3, 4, 5, 6, 7];

export const onyxCommands: SwitchCommands = {
	portStatus: port => withJson(`show interfaces ${onyxInterfaceArg(port)}`),
	// A session starts in standard mode; `configure terminal` is accepted only after `enable`.
	portAdmin: (port, up) => ['enable', 'configure terminal', `interface ${onyxInterfaceArg(port)}`, up ? 'no shutdown' : 'shutdown', 'exit', 'exit'].join('\n'),
};

export class OnyxDriver implements SwitchDriver {
	readonly vendor = 'onyx' as const;

	constructor(readonly name: string, private readonly transport: Transport) {}

	/** Runs a show command; reads may be repeated on a fresh connection (see runCli). */
	private async run(port: string, command: string, signal?: AbortSignal): Promise<string> {
		assertPortName(this.vendor, this.name, port);
		return runCli(this.transport, this.name, command, signal, true);
	}

	private async json<T>(port: string, command: string, parse: (json: unknown, port: string) => T | undefined, signal?: AbortSignal): Promise<T> {
		const full = withJson(command);
		const output = await this.run(port, full, signal);
		const value = parse(parseJson(this.name, full, output), port);
		if (value === undefined) {
			throw parseError(this.name, full, output);
		}

		return value;
	}

	private async text<T>(port: string, command: string, parse: (text: string) => T | undefined, signal?: AbortSignal): Promise<T> {
		const output = await this.run(port, command, signal);
		const value = parse(output);
		if (value === undefined) {
			throw parseError(this.name, command, output);
		}

		return value;
	}

	private async interface(port: string, signal?: AbortSignal) {
		return this.json(port, `show interfaces ${onyxInterfaceArg(port)}`, parseOnyxInterface, signal);
	}

	async portStatus(port: string, signal?: AbortSignal): Promise<PortStatus> {
		const {mtu: _mtu, ...status} = await this.interface(port, signal);
		return status;
	}

	async setPortAdmin(port: string, up: boolean, signal?: AbortSignal): Promise<void> {
		assertPortName(this.vendor, this.name, port);
		await runCli(this.transport, this.name, onyxCommands.portAdmin(port, up), signal, up);
	}

	async pfc(port: string, signal?: AbortSignal): Promise<PfcState> {
		const pfc = await this.json(port, 'show dcb priority-flow-control', parseOnyxPfc, signal);
		return {mode: pfc.mode, oper: pfc.oper, priorities: pfc.priorities ?? []};
	}

	async pfcCounters(port: string, signal?: AbortSignal): Promise<PfcPriorityCounters[]> {
		const counters: PfcPriorityCounters[] = [];
		for (const priority of priorities) {
			const counted = await this.text(port, `show interfaces ${onyxInterfaceArg(port)} counters pfc prio ${priority}`, parseOnyxPfcCounters, signal);
			counters.push({priority, ...counted});
		}

		return counters;
	}

	private async qos(port: string, signal?: AbortSignal) {
		return this.json(port, `show qos interface ${onyxInterfaceArg(port)}`, parseOnyxQos, signal);
	}

	async ets(port: string, signal?: AbortSignal): Promise<EtsClass[]> {
		const tcs = await this.json(port, `show dcb ets interface ${onyxInterfaceArg(port)}`, parseOnyxEts, signal);
		return onyxEts(tcs, await this.qos(port, signal));
	}

	async trust(port: string, signal?: AbortSignal): Promise<Trust> {
		return (await this.qos(port, signal)).trust;
	}

	async queueCounters(port: string, signal?: AbortSignal): Promise<QueueCounters[]> {
		const queues: QueueCounters[] = [];
		for (const tc of priorities) {
			queues.push(await this.text(port, `show interfaces ${onyxInterfaceArg(port)} counters tc ${tc}`, text => parseOnyxTcCounters(text, tc), signal));
		}

		return queues;
	}

	async lldpNeighbors(port: string, signal?: AbortSignal): Promise<LldpNeighbor[]> {
		return this.json(port, `show lldp interfaces ${onyxInterfaceArg(port)} remote`, parseOnyxLldpRemote, signal);
	}

	async dcbx(port: string, signal?: AbortSignal): Promise<DcbxState> {
		return this.json(port, `show lldp interfaces ${onyxInterfaceArg(port)}`, parseOnyxDcbx, signal);
	}

	async mtu(port: string, signal?: AbortSignal): Promise<number> {
		const {mtu} = await this.interface(port, signal);
		if (mtu === undefined) {
			throw parseError(this.name, withJson(`show interfaces ${onyxInterfaceArg(port)}`), '(no MTU field)');
		}

		return mtu;
	}

	async version(signal?: AbortSignal): Promise<SwitchVersion> {
		return readSwitchVersion(this.transport, this.name, this.vendor, signal);
	}
}
