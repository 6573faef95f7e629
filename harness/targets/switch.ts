// What the harness needs from a DCB switch, whatever its vendor. Drivers translate to the vendor's CLI; port names
// are validated against the vendor's format before they reach any command.
import {HarnessError} from '../errors.js';
import {isValidPortName, portFormats, type SwitchVendor} from '../rig/switch-ports.js';
import {timeouts} from '../transport/timeouts.js';
import type {Transport} from '../transport/types.js';
import {parseSwitchVersion, versionCommands, type SwitchVersion} from './switches/version-parse.js';

export type {SwitchVersion} from './switches/version-parse.js';

export interface PortStatus {
	port: string;
	admin: 'up' | 'down';
	oper: 'up' | 'down';
	/** Why the port is down, as the switch says it. */
	reason?: string;
	/** Link speed in Gb/s, whatever unit the switch prints; absent when the switch reports none, 0 or auto (a down port). */
	speedGbps?: number;
}

const speedUnits: Record<string, number> = {t: 1000, g: 1, m: 0.001, k: 0.000_001};

/**
 * A switch's speed text in Gb/s: "100G" (SONiC, NVUE, OS10), "100 Gb/s" and "1000 Mb/s" (NX-OS eth_speed),
 * "40 Gbps" (Onyx), "25000M". Undefined for what is not a speed: "auto-speed" (NX-OS, a down port), "auto", "N/A",
 * "0" (OS10, a down port), a bare number with no unit.
 */
export const speedGbps = (text: string | undefined): number | undefined => {
	const match = /^\s*(\d+(?:\.\d+)?)\s*([TGMK])(?:b(?:ps|\/s|it\/s)?|bps)?\s*$/i.exec(text ?? '');
	if (!match) {
		return undefined;
	}

	const gbps = Number(match[1]) * speedUnits[match[2]!.toLowerCase()]!;
	return Number.isFinite(gbps) && gbps > 0 ? Number(gbps.toPrecision(12)) : undefined;
};

/** The speedGbps property of a PortStatus, omitted when the speed is unknown. */
export const withSpeed = (gbps: number | undefined): {speedGbps?: number} => (gbps === undefined ? {} : {speedGbps: gbps});

/** PFC on a port. `on` is forced (NX-OS `mode on`), `auto` follows DCBX negotiation, `off` is disabled. */
export interface PfcState {
	mode: 'on' | 'auto' | 'off';
	/** Whether PFC is operational on the port (NX-OS `Oper On`, EOS `active`, ...). */
	oper: boolean;
	/** Priorities configured lossless (no-drop), ascending. */
	priorities: number[];
	/** Why PFC is off when the switch says so in words (SONiC: no QoS map on the port). */
	reason?: string;
}

export interface PfcPriorityCounters {
	/** 'all' where the switch only counts per port (EOS `show priority-flow-control counters`). */
	priority: number | 'all';
	rxPause: number;
	txPause: number;
}

/** A traffic class of the egress scheduler: which priorities it carries and its ETS share. */
export interface EtsClass {
	trafficClass: number;
	priorities: number[];
	algorithm: 'ets' | 'strict';
	/** Minimum share under congestion, percent (0 for strict classes). */
	bandwidthPercent: number;
}

/** What a port classifies ingress traffic by: the 802.1p priority (CoS/PCP) or the DSCP. */
export type Trust = 'cos' | 'dscp' | 'both' | 'none';

export interface QueueCounters {
	queue: number;
	txBytes: number;
	txPackets: number;
	drops: number;
}

export interface LldpNeighbor {
	systemName?: string;
	portId: string;
	portDescription?: string;
	chassisId?: string;
}

export interface DcbxState {
	enabled: boolean;
	/** ieee or cee when known. */
	version?: string;
	willing?: boolean;
}

export interface SwitchDriver {
	readonly name: string;
	readonly vendor: SwitchVendor;
	portStatus(port: string, signal?: AbortSignal): Promise<PortStatus>;
	/** Shuts or un-shuts a port. Does not wait for the link: callers confirm by reading the state back. */
	setPortAdmin(port: string, up: boolean, signal?: AbortSignal): Promise<void>;
	pfc(port: string, signal?: AbortSignal): Promise<PfcState>;
	/** Pause frames per priority (or per port where the switch counts no finer). */
	pfcCounters(port: string, signal?: AbortSignal): Promise<PfcPriorityCounters[]>;
	ets(port: string, signal?: AbortSignal): Promise<EtsClass[]>;
	trust(port: string, signal?: AbortSignal): Promise<Trust>;
	queueCounters(port: string, signal?: AbortSignal): Promise<QueueCounters[]>;
	lldpNeighbors(port: string, signal?: AbortSignal): Promise<LldpNeighbor[]>;
	dcbx(port: string, signal?: AbortSignal): Promise<DcbxState>;
	/** Layer-2 MTU of the port, bytes. */
	mtu(port: string, signal?: AbortSignal): Promise<number>;
	/** The switch's operating system and its version (`versionCommands`). */
	version(signal?: AbortSignal): Promise<SwitchVersion>;
}

export const assertPortName = (vendor: SwitchVendor, device: string, port: string): void => {
	if (!isValidPortName(vendor, port)) {
		throw new HarnessError('USAGE', `"${port}" is not a ${vendor} port name`, {target: device, hint: `write ports as the switch CLI does, e.g. ${portFormats[vendor].example}`});
	}
};

/** Lines a switch CLI prints when it rejects a command ('% Invalid command', 'ERROR: ...'). */
export const cliErrors = (output: string): string[] => output.split(/\r?\n/).filter(line => /^\s*(%|error:|syntax error)/i.test(line)).map(line => line.trim());

/** What faults need of a switch: a port's state, and shutting or un-shutting it. */
export type PortControl = Pick<SwitchDriver, 'name' | 'vendor' | 'portStatus' | 'setPortAdmin'>;

/** The CLI lines a driver sends to read a port's state and to shut or un-shut it; `rdmalab plan` prints the same. */
export interface SwitchCommands {
	portStatus(port: string): string;
	portAdmin(port: string, up: boolean): string;
}

export type SwitchDriverFactory = (name: string, transport: Transport) => SwitchDriver;

/** Runs one CLI line on a switch; a rejected command or a non-zero exit is SWITCH_REFUSED. */
/**
 * Runs one CLI command. `idempotent`: a read, or a `no shutdown`, that may be sent again on a fresh connection when
 * the first is lost; a shutdown never is.
 */
export const runCli = async (transport: Transport, device: string, command: string, signal?: AbortSignal, idempotent = false): Promise<string> => {
	const result = await transport.exec(command, {timeoutMs: timeouts.switchCommandMs, label: command, idempotent, ...(signal ? {signal} : {})});
	const errors = cliErrors(result.stdout + result.stderr);
	if (errors.length > 0 || result.exitCode !== 0) {
		// With no CLI error line, the first line of stderr says why (e.g. sudo's "a password is required").
		const stderr = result.stderr.split(/\r?\n/).map(line => line.trim()).find(line => line !== '');
		throw new HarnessError('SWITCH_REFUSED', `${command}: ${errors.join(' ') || `exit code ${String(result.exitCode)}${stderr === undefined ? '' : ` (${stderr.slice(0, 200)})`}`}`, {
			target: device, hint: 'the switch rejected the command; check the switch software version and the account\'s privileges',
		});
	}

	return result.stdout;
};

/** Parses JSON a switch printed, as a PARSE error naming the command when it is not. */
export const parseJson = (device: string, command: string, output: string): unknown => {
	try {
		return JSON.parse(output) as unknown;
	} catch (error) {
		throw parseError(device, command, output, error);
	}
};

/** A switch answer the driver could not read; `unplaced` is the first line it could not place, when it knows it. */
export const parseError = (device: string, command: string, output: string, cause?: unknown, unplaced?: string): HarnessError => new HarnessError('PARSE', `${command}: unexpected output${unplaced === undefined ? '' : `; could not place the line "${unplaced.slice(0, 160)}"`}`, {
	target: device, hint: 'the switch printed something the driver does not know; check the software version against the README\'s switch section',
	...(cause === undefined ? {} : {cause}), details: {snippet: output.slice(0, 300)},
});

/** Every driver's version(): one read, the same on every vendor but for the command and its parser. */
export const readSwitchVersion = async (transport: Transport, device: string, vendor: SwitchVendor, signal?: AbortSignal): Promise<SwitchVersion> => {
	const command = versionCommands[vendor];
	const output = await runCli(transport, device, command, signal, true);
	const version = parseSwitchVersion(vendor, output);
	if (version === undefined) {
		throw parseError(device, command, output);
	}

	return version;
};

/** Expands "3,4", "0-2,5" and "3 4" into priorities. */
export const priorityList = (text: string): number[] => {
	const values = new Set<number>();
	for (const part of text.split(/[\s,]+/).filter(item => item !== '')) {
		const range = /^(\d)-(\d)$/.exec(part);
		if (range) {
			for (let value = Number(range[1]); value <= Number(range[2]); value++) {
				values.add(value);
			}
		} else if (/^\d$/.test(part)) {
			values.add(Number(part));
		}
	}

	return [...values].filter(value => value <= 7).sort((a, b) => a - b);
};
