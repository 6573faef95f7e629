// The software a switch runs, from each OS's own version command: what the run manifest records so that a
// regression can be put next to the switch upgrade that caused it. Pure: output in, version out, or undefined when
// the output is not laid out as that OS prints it (the driver turns that into a PARSE error naming the command).
import type {SwitchVendor} from '../../rig/switch-ports.js';

export interface SwitchVersion {
	/** The operating system as the switch names it: `NX-OS`, `EOS`, `Cumulus Linux`, `SONiC`, `Onyx`, `OS10`. */
	os: string;
	version: string;
	/** Chassis, SKU or system type, when the switch says. */
	model?: string;
}

export const versionCommands: Record<SwitchVendor, string> = {
	nxos: 'show version | json',
	eos: 'show version | json | no-more',
	nvue: 'nv show system -o json',
	sonic: 'show version',
	onyx: 'show version | json-print',
	os10: 'show version',
};

const jsonObject = (output: string): Record<string, unknown> | undefined => {
	try {
		const value = JSON.parse(output) as unknown;
		// Onyx wraps some json-print answers in a one-element list.
		const object = Array.isArray(value) && value.length === 1 ? value[0] as unknown : value;
		return typeof object === 'object' && object !== null && !Array.isArray(object) ? object as Record<string, unknown> : undefined;
	} catch {
		return undefined;
	}
};

const text = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined);

const withModel = (os: string, version: string | undefined, model: string | undefined): SwitchVersion | undefined =>
	(version === undefined ? undefined : {os, version, ...(model === undefined ? {} : {model})});

/** `Key: value` lines of a text version report, by key. */
const fields = (output: string): Map<string, string> => new Map(output.split(/\r?\n/).flatMap(line => {
	const match = /^\s*([A-Za-z][\w ]*?)\s*:\s+(\S.*?)\s*$/.exec(line);
	return match ? [[match[1]!.toLowerCase(), match[2]!] as const] : [];
}));

const parsers: Record<SwitchVendor, (output: string) => SwitchVersion | undefined> = {
	// NX-OS 7+ names the running image nxos_ver_str; older releases only kickstart_ver_str, some sys_ver_str.
	nxos(output) {
		const json = jsonObject(output);
		return json && withModel('NX-OS', text(json['nxos_ver_str']) ?? text(json['kickstart_ver_str']) ?? text(json['sys_ver_str']), text(json['chassis_id']));
	},
	eos(output) {
		const json = jsonObject(output);
		return json && withModel('EOS', text(json['version']), text(json['modelName']));
	},
	// `build` is "Cumulus Linux 5.4.0"; 5.9+ adds product-name and product-release.
	nvue(output) {
		const json = jsonObject(output);
		const build = json && text(json['build']);
		const named = build === undefined ? undefined : /^(.*\D)\s+(\d\S*)$/.exec(build);
		const os = text(json?.['product-name']) ?? named?.[1] ?? 'Cumulus Linux';
		return json && withModel(os, text(json['product-release']) ?? named?.[2] ?? build, undefined);
	},
	sonic(output) {
		const lines = fields(output);
		return withModel('SONiC', lines.get('sonic software version'), lines.get('hwsku') ?? lines.get('platform'));
	},
	onyx(output) {
		const json = jsonObject(output);
		return json && withModel(text(json['Product name']) ?? 'Onyx', text(json['Product release']), text(json['Product model']));
	},
	// "OS Version: 10.5.1.0" and "Build Version: 10.5.1.0.124": the build says which maintenance image.
	os10(output) {
		const lines = fields(output);
		const version = lines.get('os version');
		const build = lines.get('build version');
		return withModel('OS10', version === undefined ? undefined : build === undefined || build === version ? version : `${version} (build ${build})`, lines.get('system type'));
	},
};

export const parseSwitchVersion = (vendor: SwitchVendor, output: string): SwitchVersion | undefined => parsers[vendor](output);
