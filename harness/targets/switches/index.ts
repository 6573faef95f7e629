// Switch drivers by vendor.
import {HarnessError} from '../../errors.js';
import type {RigSwitch} from '../../rig/schema.js';
import type {Transport} from '../../transport/types.js';
import type {SwitchDriver, SwitchDriverFactory} from '../switch.js';
import {NxosDriver, nxosCommands} from './nxos.js';

/** The CLI lines a vendor's driver sends, without a connection (for `rdmalab plan`). */
export interface SwitchCommands {
	portStatus(port: string): string;
	portAdmin(port: string, up: boolean): string;
}

const commands: Partial<Record<RigSwitch['vendor'], SwitchCommands>> = {
	nxos: nxosCommands,
};

export const switchCommands = (vendor: RigSwitch['vendor']): SwitchCommands | undefined => commands[vendor];

const drivers: Partial<Record<RigSwitch['vendor'], SwitchDriverFactory>> = {
	nxos: (name, transport) => new NxosDriver(name, transport),
};

export const switchDriver = (device: RigSwitch, transport: Transport): SwitchDriver => {
	const factory = drivers[device.vendor];
	if (factory === undefined) {
		throw new HarnessError('USAGE', `no driver for ${device.vendor} switches yet`, {target: device.name, hint: `drivers exist for: ${Object.keys(drivers).join(', ')}`});
	}

	return factory(device.name, transport);
};
