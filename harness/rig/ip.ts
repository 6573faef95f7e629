// IPv4 addresses and CIDR blocks, enough to check that an rNIC's address lies in its storage subnet and that two
// storage subnets do not overlap. Storage subnets in this design are IPv4 (Network ATC uses 10.71.x.0/24).

export interface Cidr {
	network: number;
	prefix: number;
}

const octet = '(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
const ipv4Pattern = new RegExp(`^${octet}\\.${octet}\\.${octet}\\.${octet}$`);

export const isIpv4 = (text: string): boolean => ipv4Pattern.test(text);

export const ipv4ToNumber = (text: string): number => {
	const match = ipv4Pattern.exec(text);
	if (!match) {
		throw new TypeError(`not an IPv4 address: ${text}`);
	}

	return match.slice(1, 5).reduce((value, part) => (value * 256) + Number(part), 0);
};

const mask = (prefix: number): number => (prefix === 0 ? 0 : (0xFF_FF_FF_FF << (32 - prefix)) >>> 0);

/** Parses `a.b.c.d/n`; returns undefined for anything else, including host bits set. */
export const parseCidr = (text: string): Cidr | undefined => {
	const [address, prefixText, ...rest] = text.split('/');
	if (address === undefined || prefixText === undefined || rest.length > 0 || !/^\d{1,2}$/.test(prefixText) || !isIpv4(address)) {
		return undefined;
	}

	const prefix = Number(prefixText);
	if (prefix > 32) {
		return undefined;
	}

	const network = ipv4ToNumber(address);
	return ((network & mask(prefix)) >>> 0) === network ? {network, prefix} : undefined;
};

export const cidrContains = (cidr: Cidr, address: string): boolean =>
	((ipv4ToNumber(address) & mask(cidr.prefix)) >>> 0) === cidr.network;

export const cidrsOverlap = (a: Cidr, b: Cidr): boolean => {
	const prefix = Math.min(a.prefix, b.prefix);
	return ((a.network & mask(prefix)) >>> 0) === ((b.network & mask(prefix)) >>> 0);
};
