// Switch vendors the harness drives and the canonical port names each CLI uses. Port names from the rig file are
// spliced into switch CLI commands, so they are checked against these patterns first: nothing else can reach the CLI.

export const switchVendors = ['nxos', 'eos', 'nvue', 'sonic', 'onyx', 'os10'] as const;
export type SwitchVendor = (typeof switchVendors)[number];

interface PortFormat {
	pattern: RegExp;
	example: string;
}

export const portFormats: Record<SwitchVendor, PortFormat> = {
	nxos: {pattern: /^Ethernet\d{1,2}\/\d{1,3}(\/\d{1,2})?$/, example: 'Ethernet1/5'},
	eos: {pattern: /^Ethernet\d{1,3}(\/\d{1,2}){0,2}$/, example: 'Ethernet5/1'},
	nvue: {pattern: /^swp\d{1,3}(s\d{1,2})?$/, example: 'swp5'},
	sonic: {pattern: /^Ethernet\d{1,4}$/, example: 'Ethernet16'},
	onyx: {pattern: /^Eth\d{1,2}\/\d{1,3}(\/\d{1,2})?$/, example: 'Eth1/5'},
	os10: {pattern: /^ethernet\d{1,2}\/\d{1,2}\/\d{1,3}(:\d)?$/, example: 'ethernet1/1/5'},
};

export const isValidPortName = (vendor: SwitchVendor, port: string): boolean => portFormats[vendor].pattern.test(port);
