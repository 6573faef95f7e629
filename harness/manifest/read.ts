// Reads what the manifest needs from a switch the run is connected to: its OS version and the DCB configuration of
// the ports cabled to the run's rNICs, through the same driver the run uses. What cannot be read is recorded as
// unread with the reason, and the run goes on: a manifest is a record of the rig, never a reason not to measure it.
import {formatError, isHarnessError} from '../errors.js';
import type {SwitchDriver} from '../targets/switch.js';
import {hashed, switchPortDcb, type SwitchManifest, type SwitchPortDcb} from './manifest.js';

const unlessCancelled = (signal: AbortSignal, error: unknown) => {
	if (signal.aborted || (isHarnessError(error) && error.code === 'CANCELLED')) {
		throw error;
	}
};

export const readSwitchManifest = async (driver: SwitchDriver, ports: readonly string[], signal: AbortSignal): Promise<{manifest: SwitchManifest; unread: string[]}> => {
	const unread: string[] = [];
	let os: SwitchManifest['os'] = null;
	try {
		os = await driver.version(signal);
	} catch (error) {
		unlessCancelled(signal, error);
		unread.push(`${driver.name}: OS version not read (${formatError(error)})`);
	}

	let dcb: SwitchManifest['dcb'] = null;
	try {
		const config: Record<string, SwitchPortDcb> = {};
		// One command at a time per switch, as validate reads it: switch CLIs serialise sessions anyway.
		for (const port of [...ports].sort()) {
			config[port] = switchPortDcb(await driver.pfc(port, signal), await driver.ets(port, signal), await driver.trust(port, signal), await driver.mtu(port, signal), await driver.dcbx(port, signal));
		}

		dcb = hashed(config);
	} catch (error) {
		unlessCancelled(signal, error);
		unread.push(`${driver.name}: DCB configuration not read (${formatError(error)})`);
	}

	return {manifest: {vendor: driver.vendor, os, dcb}, unread};
};
