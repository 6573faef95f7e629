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

/**
 * Expands a switch's `ports` list: a name stands for itself, a name ending in a range (`Ethernet1/1-54`) for every
 * port in it. Names are compared case-insensitively, as switch CLIs accept them.
 */
export const expandPorts = (entries: readonly string[]): Set<string> => {
	const ports = new Set<string>();
	for (const entry of entries) {
		const range = /^(.*?)(\d+)-(\d+)$/.exec(entry);
		if (range === null) {
			ports.add(entry.toLowerCase());
			continue;
		}

		const [from, to] = [Number(range[2]), Number(range[3])];
		for (let port = from; port <= to && port - from < 10_000; port++) {
			ports.add(`${range[1]!}${port}`.toLowerCase());
		}
	}

	return ports;
};
