// Community SONiC over SSH to its Linux shell: `show` commands (JSON with -j/--json only where sonic-utilities
// has it), per-priority PFC counters straight from COUNTERS_DB (redis db 2, because `show pfc counters` has no
// JSON), ETS and classification from CONFIG_DB as `show runningconfiguration all` prints it. Shut and no-shut are
// `sudo -n config interface shutdown|startup`, which change CONFIG_DB with no configuration mode to leave; `-n`
// makes sudo fail at once instead of waiting on a password prompt nobody will answer.
import {HarnessError, isHarnessError} from '../../errors.js';
import type {Transport} from '../../transport/types.js';
import {assertPortName, parseError, parseJson, runCli, type DcbxState, type EtsClass, type LldpNeighbor, type PfcPriorityCounters, type PfcState, type PortStatus, type QueueCounters, type SwitchCommands, type SwitchDriver, type Trust, readSwitchVersion, type SwitchVersion} from '../switch.js';
import {parseRedisHash, parseSonicConfigDb, parseSonicLldp, parseSonicPfc, parseSonicQueues, parseSonicStatus, sonicEts, sonicPfcCounters, sonicTrust} from './sonic-parse.js';

export const sonicCommands: SwitchCommands = {
	portStatus: port => `show interfaces status ${port}`,
	portAdmin: (port, up) => `sudo -n config interface ${up ? 'startup' : 'shutdown'} ${port}`,
};

export class SonicDriver implements SwitchDriver {
	readonly vendor = 'sonic' as const;

	constructor(readonly name: string, private readonly transport: Transport) {}

	/** Reads by default; only `no shutdown` among the changes may be repeated (see runCli). */
	private async run(port: string, command: string, signal?: AbortSignal, idempotent = true): Promise<string> {
		assertPortName(this.vendor, this.name, port);
		return runCli(this.transport, this.name, command, signal, idempotent);
	}

	private async status(port: string, signal?: AbortSignal) {
		const command = sonicCommands.portStatus(port);
		const output = await this.run(port, command, signal);
		const status = parseSonicStatus(output, port);
		if (status === undefined) {
			throw parseError(this.name, command, output);
		}

		return status;
	}

	async portStatus(port: string, signal?: AbortSignal): Promise<PortStatus> {
		const {mtu: _mtu, ...status} = await this.status(port, signal);
		return status;
	}

	async setPortAdmin(port: string, up: boolean, signal?: AbortSignal): Promise<void> {
		try {
			await this.run(port, sonicCommands.portAdmin(port, up), signal, up);
		} catch (error) {
			if (isHarnessError(error) && error.code === 'SWITCH_REFUSED' && /password is required|sudo:/i.test(error.message)) {
				throw new HarnessError('SWITCH_REFUSED', error.message, {target: this.name, hint: 'allow the harness account to run `config interface` through sudo without a password (NOPASSWD in /etc/sudoers.d)'});
			}

			throw error;
		}
	}

	async pfc(port: string, signal?: AbortSignal): Promise<PfcState> {
		const command = `show pfc priority ${port}`;
		const output = await this.run(port, command, signal);
		const pfc = parseSonicPfc(output, port);
		if (pfc === undefined) {
			throw parseError(this.name, command, output);
		}

		return pfc;
	}

	async pfcCounters(port: string, signal?: AbortSignal): Promise<PfcPriorityCounters[]> {
		const oid = (await this.run(port, `redis-cli -n 2 HGET COUNTERS_PORT_NAME_MAP ${port}`, signal)).trim();
		if (oid === '') {
			// Multi-ASIC SONiC keeps each front-panel port's counters in its ASIC's namespace (sonic-db-cli -n asicN);
			// the host's redis (redis-cli -n 2) knows none of them. Not supported: say so instead of "unexpected output".
			throw new HarnessError('PARSE', `redis-cli -n 2 HGET COUNTERS_PORT_NAME_MAP ${port}: ${port} is not in the host's COUNTERS_DB`, {
				target: this.name, hint: 'multi-ASIC SONiC (counters per ASIC namespace, read with `sonic-db-cli -n asicN`) is not supported by this driver; on a single-ASIC switch check the port name against `show interfaces status`',
			});
		}

		if (!/^oid:0x[\da-f]+$/i.test(oid)) {
			throw parseError(this.name, `redis-cli -n 2 HGET COUNTERS_PORT_NAME_MAP ${port}`, oid);
		}

		const command = `redis-cli -n 2 HGETALL COUNTERS:${oid}`;
		const output = await this.run(port, command, signal);
		const counters = sonicPfcCounters(parseRedisHash(output));
		if (counters === undefined) {
			throw parseError(this.name, command, output);
		}

		return counters;
	}

	private async configDb(port: string, signal?: AbortSignal) {
		const command = 'show runningconfiguration all';
		const output = await this.run(port, command, signal);
		const db = parseSonicConfigDb(parseJson(this.name, command, output));
		if (db === undefined) {
			throw parseError(this.name, command, output);
		}

		return db;
	}

	async ets(port: string, signal?: AbortSignal): Promise<EtsClass[]> {
		return sonicEts(await this.configDb(port, signal), port);
	}

	async trust(port: string, signal?: AbortSignal): Promise<Trust> {
		return sonicTrust(await this.configDb(port, signal), port);
	}

	async queueCounters(port: string, signal?: AbortSignal): Promise<QueueCounters[]> {
		const command = `show queue counters ${port} --json`;
		const output = await this.run(port, command, signal);
		const queues = parseSonicQueues(parseJson(this.name, command, output), port);
		if (queues === undefined) {
			throw parseError(this.name, command, output);
		}

		return queues;
	}

	async lldpNeighbors(port: string, signal?: AbortSignal): Promise<LldpNeighbor[]> {
		const command = `show lldp neighbors ${port}`;
		let output: string;
		try {
			output = await this.run(port, command, signal);
		} catch (error) {
			if (isHarnessError(error) && error.code === 'SWITCH_REFUSED' && /password is required|sudo:/i.test(error.message)) {
				throw new HarnessError('SWITCH_REFUSED', error.message, {target: this.name, hint: '`show lldp neighbors` runs lldpctl through sudo: allow the harness account passwordless sudo (NOPASSWD in /etc/sudoers.d), as for `config interface`'});
			}

			throw error;
		}

		const neighbors = parseSonicLldp(output, port);
		if (neighbors === undefined) {
			throw parseError(this.name, command, output);
		}

		return neighbors;
	}

	async dcbx(port: string): Promise<DcbxState> {
		// SONiC's lldpd sends no DCBX TLVs: PFC and ETS are static CONFIG_DB settings, which is what Microsoft asks for.
		assertPortName(this.vendor, this.name, port);
		return {enabled: false};
	}

	async mtu(port: string, signal?: AbortSignal): Promise<number> {
		const status = await this.status(port, signal);
		if (status.mtu === undefined) {
			throw parseError(this.name, `show interfaces status ${port}`, JSON.stringify(status));
		}

		return status.mtu;
	}

	async version(signal?: AbortSignal): Promise<SwitchVersion> {
		return readSwitchVersion(this.transport, this.name, this.vendor, signal);
	}
}
