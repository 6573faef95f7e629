// Switch drivers by vendor.
import {HarnessError} from '../../errors.js';
import type {RigSwitch} from '../../rig/schema.js';
import type {Transport} from '../../transport/types.js';
import type {SwitchDriver, SwitchDriverFactory} from '../switch.js';
import {EosDriver} from './eos.js';
import {NvueDriver} from './nvue.js';
import {NxosDriver} from './nxos.js';
import {Os10Driver} from './os10.js';
import {SonicDriver} from './sonic.js';

const drivers: Partial<Record<RigSwitch['vendor'], SwitchDriverFactory>> = {
	nxos: (name, transport) => new NxosDriver(name, transport),
	eos: (name, transport) => new EosDriver(name, transport),
	sonic: (name, transport) => new SonicDriver(name, transport),
	nvue: (name, transport) => new NvueDriver(name, transport),
	os10: (name, transport) => new Os10Driver(name, transport),
};

export const switchDriver = (device: RigSwitch, transport: Transport): SwitchDriver => {
	const factory = drivers[device.vendor];
	if (factory === undefined) {
		throw new HarnessError('USAGE', `no driver for ${device.vendor} switches yet`, {target: device.name, hint: `drivers exist for: ${Object.keys(drivers).join(', ')}`});
	}

	return factory(device.name, transport);
};
