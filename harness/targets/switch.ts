// What the harness needs from a DCB switch, whatever its vendor. Drivers translate to the vendor's CLI; port names
// are validated against the vendor's format before they reach any command.
import {HarnessError} from '../errors.js';
import {isValidPortName, portFormats, type SwitchVendor} from '../rig/switch-ports.js';
import type {Transport} from '../transport/types.js';

export interface PortStatus {
	port: string;
	admin: 'up' | 'down';
	oper: 'up' | 'down';
	/** Why the port is down, as the switch says it. */
	reason?: string;
	speed?: string;
}

export interface SwitchDriver {
	readonly name: string;
	readonly vendor: SwitchVendor;
	portStatus(port: string, signal?: AbortSignal): Promise<PortStatus>;
	/** Shuts or un-shuts a port. Does not wait for the link: callers confirm by reading the state back. */
	setPortAdmin(port: string, up: boolean, signal?: AbortSignal): Promise<void>;
}

export const assertPortName = (vendor: SwitchVendor, device: string, port: string): void => {
	if (!isValidPortName(vendor, port)) {
		throw new HarnessError('USAGE', `"${port}" is not a ${vendor} port name`, {target: device, hint: `write ports as the switch CLI does, e.g. ${portFormats[vendor].example}`});
	}
};

/** Lines a switch CLI prints when it rejects a command ('% Invalid command', 'ERROR: ...'). */
export const cliErrors = (output: string): string[] => output.split(/\r?\n/).filter(line => /^\s*(%|error:|syntax error)/i.test(line)).map(line => line.trim());

export type SwitchDriverFactory = (name: string, transport: Transport) => SwitchDriver;
