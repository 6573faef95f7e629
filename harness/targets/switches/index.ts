// Switch drivers by vendor.
import {HarnessError} from '../../errors.js';
import type {RigSwitch} from '../../rig/schema.js';
import type {Transport} from '../../transport/types.js';
import type {SwitchCommands, SwitchDriver, SwitchDriverFactory} from '../switch.js';
import {eosCommands, EosDriver} from './eos.js';
import {nvueCommands, NvueDriver} from './nvue.js';
import {nxosCommands, NxosDriver} from './nxos.js';
import {onyxCommands, OnyxDriver} from './onyx.js';
import {os10Commands, Os10Driver} from './os10.js';
import {sonicCommands, SonicDriver} from './sonic.js';

const commands: Partial<Record<RigSwitch['vendor'], SwitchCommands>> = {
	nxos: nxosCommands, eos: eosCommands, sonic: sonicCommands, nvue: nvueCommands, os10: os10Commands, onyx: onyxCommands,
};

export const switchCommands = (vendor: RigSwitch['vendor']): SwitchCommands | undefined => commands[vendor];

const drivers: Partial<Record<RigSwitch['vendor'], SwitchDriverFactory>> = {
	nxos: (name, transport) => new NxosDriver(name, transport),
	eos: (name, transport) => new EosDriver(name, transport),
	sonic: (name, transport) => new SonicDriver(name, transport),
	nvue: (name, transport) => new NvueDriver(name, transport),
	os10: (name, transport) => new Os10Driver(name, transport),
	onyx: (name, transport) => new OnyxDriver(name, transport),
};

export const switchDriver = (device: RigSwitch, transport: Transport): SwitchDriver => {
	const factory = drivers[device.vendor];
	if (factory === undefined) {
		throw new HarnessError('USAGE', `no driver for ${device.vendor} switches yet`, {target: device.name, hint: `drivers exist for: ${Object.keys(drivers).join(', ')}`});
	}

	return factory(device.name, transport);
};
