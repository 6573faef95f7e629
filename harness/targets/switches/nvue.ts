// NVIDIA Cumulus Linux through NVUE (`nv show ... -o json`). PFC, ETS and the priority mapping are profiles
// (default-global unless a port is bound to another); shut/no-shut is `nv set interface <swp> link state
// down|up` followed by `nv config apply -y`, which applies the pending revision (there is no mode to leave).
import type {Transport} from '../../transport/types.js';
import {assertPortName, parseError, parseJson, runCli, type DcbxState, type EtsClass, type LldpNeighbor, type PfcPriorityCounters, type PfcState, type PortStatus, type QueueCounters, type SwitchCommands, type SwitchDriver, type Trust, readSwitchVersion, type SwitchVersion} from '../switch.js';
import {nvueEts, parseNvueLink, parseNvueLldp, parseNvuePfcProfile, parseNvuePfcStats, parseNvuePortProfile, parseNvueQueues, parseNvueTrust} from './nvue-parse.js';

// The QoS profile every port uses unless bound to another; ETS and mapping are read from it.
const globalProfile = 'default-global';

const nvShow = (command: string) => `nv show ${command} -o json`;

export const nvueCommands: SwitchCommands = {
	portStatus: port => nvShow(`interface ${port} link`),
	portAdmin: (port, up) => `nv set interface ${port} link state ${up ? 'up' : 'down'} && nv config apply -y`,
};

export class NvueDriver implements SwitchDriver {
	readonly vendor = 'nvue' as const;

	constructor(readonly name: string, private readonly transport: Transport) {}

	private async show<T>(port: string, command: string, parse: (json: unknown) => T | undefined, signal?: AbortSignal): Promise<T> {
		assertPortName(this.vendor, this.name, port);
		const full = nvShow(command);
		const output = await runCli(this.transport, this.name, full, signal, true);
		const value = parse(parseJson(this.name, full, output));
		if (value === undefined) {
			throw parseError(this.name, full, output);
		}

		return value;
	}

	async portStatus(port: string, signal?: AbortSignal): Promise<PortStatus> {
		const {mtu: _mtu, ...status} = await this.show(port, `interface ${port} link`, json => parseNvueLink(json, port), signal);
		return status;
	}

	async setPortAdmin(port: string, up: boolean, signal?: AbortSignal): Promise<void> {
		assertPortName(this.vendor, this.name, port);
		await runCli(this.transport, this.name, nvueCommands.portAdmin(port, up), signal, up);
	}

	async pfc(port: string, signal?: AbortSignal): Promise<PfcState> {
		const profile = await this.show(port, `interface ${port} qos pfc`, json => {
			const value = parseNvuePortProfile(json);
			return value === null ? undefined : {name: value};
		}, signal);
		if (profile.name === undefined) {
			return {mode: 'off', oper: false, priorities: []};
		}

		const pfc = await this.show(port, `qos pfc ${profile.name}`, parseNvuePfcProfile, signal);
		return {mode: pfc.enabled ? 'on' : 'off', oper: pfc.enabled && pfc.priorities.length > 0, priorities: pfc.priorities};
	}

	async pfcCounters(port: string, signal?: AbortSignal): Promise<PfcPriorityCounters[]> {
		return this.show(port, `interface ${port} counters qos pfc-stats`, parseNvuePfcStats, signal);
	}

	async ets(port: string, signal?: AbortSignal): Promise<EtsClass[]> {
		const scheduler = await this.show(port, `qos egress-scheduler ${globalProfile}`, json => json, signal);
		const mapping = await this.show(port, `qos egress-queue-mapping ${globalProfile}`, json => json, signal);
		const ets = nvueEts(scheduler, mapping);
		if (ets === undefined) {
			throw parseError(this.name, `nv show qos egress-scheduler ${globalProfile} -o json`, JSON.stringify(scheduler));
		}

		return ets;
	}

	async trust(port: string, signal?: AbortSignal): Promise<Trust> {
		return this.show(port, `qos mapping ${globalProfile}`, parseNvueTrust, signal);
	}

	async queueCounters(port: string, signal?: AbortSignal): Promise<QueueCounters[]> {
		return this.show(port, `interface ${port} counters qos egress-queue-stats`, parseNvueQueues, signal);
	}

	async lldpNeighbors(port: string, signal?: AbortSignal): Promise<LldpNeighbor[]> {
		return (await this.show(port, `interface ${port} lldp`, parseNvueLldp, signal)).neighbors;
	}

	async dcbx(port: string, signal?: AbortSignal): Promise<DcbxState> {
		return (await this.show(port, `interface ${port} lldp`, parseNvueLldp, signal)).dcbx;
	}

	async mtu(port: string, signal?: AbortSignal): Promise<number> {
		return (await this.show(port, `interface ${port} link`, json => parseNvueLink(json, port), signal)).mtu;
	}

	async version(signal?: AbortSignal): Promise<SwitchVersion> {
		return readSwitchVersion(this.transport, this.name, this.vendor, signal);
	}
}
