// NTttcp command lines (microsoft/ntttcp, the tool Test-NetStack's TCP stage uses): a receiver bound to one storage
// address and a sender that connects to it from its own storage address (-nic), both timed (-t, -wu, -cd), both
// writing their result to an XML file (-xml appends to the file it names; it prints nothing of it on stdout).
import {z} from 'zod';
import {isIpv4} from '../../rig/ip.js';

const ipv4 = z.string().refine(isIpv4, {message: 'must be an IPv4 address'});

export const ntttcpParamsSchema = z.strictObject({
	/** The receiver binds to it (-m on the receiver) and the sender connects to it (-m on the sender). */
	receiverAddress: ipv4,
	/** The sender's own storage address (-nic): the traffic leaves through that rNIC. */
	senderAddress: ipv4,
	/** Threads, one connection each; without -ns ntttcp allows fewer than 1000. */
	threads: z.number().int().min(1).max(999),
	/** -l: bytes per send or receive buffer. */
	bufferBytes: z.number().int().min(1).max(1 << 30),
	/** -a: outstanding overlapped I/Os per thread; ntttcp requires fewer than 64 (WaitForMultipleObjects). */
	outstanding: z.number().int().min(1).max(63),
	/** -t: measured seconds. */
	durationS: z.number().int().min(1).max(86_400),
	warmupS: z.number().int().min(0).max(3600),
	cooldownS: z.number().int().min(0).max(3600),
	/** -p: first data port (ntttcp's default 5001). */
	port: z.number().int().min(1).max(65_000),
});

export type NtttcpParams = z.output<typeof ntttcpParamsSchema>;

export type NtttcpRole = 'sender' | 'receiver';

/** The arguments of one side; `xmlFile` is a path on that side's node. */
export const ntttcpArgs = (params: NtttcpParams, role: NtttcpRole, xmlFile: string): string[] => [
	role === 'sender' ? '-s' : '-r',
	'-m', `${params.threads},*,${params.receiverAddress}`,
	...(role === 'sender' ? ['-nic', params.senderAddress] : []),
	'-l', String(params.bufferBytes),
	'-a', String(params.outstanding),
	'-p', String(params.port),
	'-t', String(params.durationS),
	'-wu', String(params.warmupS),
	'-cd', String(params.cooldownS),
	'-xml', xmlFile,
];

// Connecting (the sender retries for at least 10 s) and the readiness handshake come before the timed part.
const handshakeS = 15;

/** Longest a side may take from launch to exit, s. */
export const ntttcpWallS = (params: NtttcpParams): number => params.warmupS + params.durationS + params.cooldownS + handshakeS;
