// The rig file schema: the structure of a rig (nodes, rNICs, cabling, switches, shares, expected QoS policy).
// Cross-references between parts (an rNIC's network exists, its cable lands on a real switch ...) are checked in
// rules.ts so that every problem in a file is reported at once, not only the structural ones.
import {z} from 'zod';
import {switchVendors} from './switch-ports.js';
import {isIpv4} from './ip.js';

const name = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/, {message: 'must start with a letter or digit and use only letters, digits, ".", "_" and "-" (max 63)'});
const priority = z.number().int().min(0).max(7);
const percent = z.number().int().min(1).max(99);
const ipv4 = z.string().refine(isIpv4, {message: 'must be an IPv4 address such as 10.71.1.11'});
const port = z.number().int().min(1).max(65_535);

// An OpenSSH public key line: "<type> <base64> [comment]".
const publicKey = z.string().regex(/^(ssh-ed25519|ssh-rsa|ecdsa-sha2-nistp(256|384|521)|rsa-sha2-(256|512)) [A-Za-z0-9+/]+={0,3}( .*)?$/, {
	message: 'must be an OpenSSH public key line such as "ssh-ed25519 AAAAC3Nza... hv01" (ssh-keyscan prints them)',
});

const credential = z.strictObject({
	user: z.string().min(1),
	auth: z.discriminatedUnion('type', [
		z.strictObject({
			type: z.literal('key-file'),
			path: z.string().min(1).describe('Private key file; `~` expands to the home directory.'),
			passphraseEnv: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/).optional().describe('Environment variable holding the key\'s passphrase, if it has one.'),
		}),
		z.strictObject({
			type: z.literal('agent'),
			socketEnv: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/).default('SSH_AUTH_SOCK').describe('Environment variable holding the agent socket; SSH_AUTH_SOCK by default.'),
		}),
		z.strictObject({
			type: z.literal('password-env'),
			env: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, {message: 'must be an environment variable name, e.g. RDMALAB_PASSWORD'}).describe('Environment variable holding the password. The password itself never goes in a rig file.'),
		}),
	]),
});

const sshEndpoint = z.strictObject({
	address: z.string().min(1),
	port: port.default(22),
	credential: name,
	hostKeys: z.array(publicKey).min(1).optional().describe('Pinned host keys. Alternatively list the host in the file named by the rig\'s `knownHosts`.'),
});

const network = z.strictObject({
	name,
	role: z.enum(['storage', 'management', 'backup']),
	cidr: z.string(),
	vlan: z.number().int().min(0).max(4094).optional().describe('802.1Q VLAN; RoCE storage networks need a non-zero VLAN so the priority tag is carried.'),
});

// Windows PowerShell 5.1 passes arguments to native programs without escaping the double quotes inside them
// (PowerShell issue #1995), so a " in a value that reaches a native command line splits that argument in two.
const nativeArgument = (what: string) => z.string().regex(/^[^"]*$/, {
	message: `must not contain a double quote ("): it is passed to ${what}, and Windows PowerShell 5.1 passes native arguments without escaping embedded quotes (PowerShell issue #1995), which would split the argument`,
});

const rnic = z.strictObject({
	name: z.string().min(1).max(256).describe('Get-NetAdapter Name.'),
	interfaceDescription: nativeArgument('typeperf in its counter paths').min(1).max(256).describe('Get-NetAdapter InterfaceDescription; perfmon instance names derive from it. No double quotes.'),
	network: name,
	address: ipv4,
	linkGbps: z.number().positive().max(800),
	cable: z.strictObject({switch: name, port: z.string().min(1).max(64)}),
});

const node = z.strictObject({
	name,
	role: z.enum(['hyperv-host', 'sofs-node', 'backup-server']),
	ssh: sshEndpoint,
	powershell: z.enum(['5.1', '7']).default('5.1').describe('Which PowerShell the harness uses on this node for queries; cluster cmdlets always run in Windows PowerShell 5.1.'),
	/** The path the harness itself uses. Faults are never injected on it. */
	management: z.strictObject({
		adapter: z.string().min(1),
		network: name,
		address: ipv4.optional(),
		kind: z.enum(['vnic', 'team', 'nic']).describe('vnic: a host vNIC on the Hyper-V switch; team: an LBFO/SET team; nic: a plain NIC.'),
	}),
	rnics: z.array(rnic).min(1).max(8),
	adapters: z.array(z.strictObject({name: z.string().min(1), network: name, address: ipv4.optional()})).default([]).describe('Extra adapters that are neither management nor storage, e.g. a dedicated backup NIC.'),
	testVm: z.string().min(1).max(100).optional().describe('Hyper-V hosts: a running VM (Get-VM Name) the live-migration-over-smb suite may migrate to another host and back.'),
	tools: z.strictObject({
		diskspd: z.string().min(1).default('C:\\Tools\\diskspd.exe'),
		ntttcp: z.string().min(1).default('C:\\Tools\\ntttcp.exe').describe('NTttcp (github.com/microsoft/ntttcp), for suites with a competing TCP flow (qos-shares).'),
		workDir: z.string().min(1).default('C:\\rdmalab').describe('Folder on the node for scratch files.'),
	}).prefault({}),
});

const switchDevice = z.strictObject({
	name,
	vendor: z.enum(switchVendors),
	ssh: sshEndpoint,
	model: z.string().optional(),
	ports: z.array(z.string().min(1).max(64)).min(1).optional().describe('The front-panel ports that exist, as the CLI names them; a trailing range stands for every port in it (Ethernet1/1-54). When given, a cable to any other port is refused.'),
});

const trafficClass = z.strictObject({priority, bandwidthPercent: percent});

const qos = z.strictObject({
	smb: trafficClass.describe('SMB Direct: NetDirect port 445. Microsoft\'s default is priority 3 with 50 %.'),
	cluster: trafficClass.describe('Cluster heartbeat: 1 % above 10 GbE, 2 % at or below.'),
	default: z.strictObject({priority}).prefault({priority: 0}),
	pfcPriorities: z.array(priority).min(1).describe('Priorities with PFC (lossless).'),
	dcbxWilling: z.boolean().default(false),
	/** Needed when a backup server shares the storage networks or rides a backup VLAN over the rNICs. */
	backup: trafficClass.extend({
		match: z.union([z.strictObject({tcpPort: port}), z.strictObject({netDirectPort: port})]).describe('What the policy matches: a TCP port (e.g. 10000) or a NetDirect port.'),
	}).optional(),
});

const share = z.strictObject({
	name: z.string().regex(/^[^\\/:*?"<>|]{1,80}$/, {message: 'must be a share name without \\ / : * ? " < > |'}),
	continuouslyAvailable: z.boolean().default(true),
});

export const rigSchema = z.strictObject({
	rdmalab: z.literal(1).describe('Schema version of this file.'),
	name,
	description: z.string().optional(),
	simulated: z.boolean().default(false).describe('True for a rig served by rdmalab\'s embedded simulator.'),
	knownHosts: z.string().min(1).optional().describe('OpenSSH known_hosts file with the nodes\' and switches\' host keys (instead of, or in addition to, hostKeys).'),
	storage: z.strictObject({
		transport: z.enum(['iWARP', 'RoCE', 'RoCEv2', 'TCP']).describe('RDMA technology of every rNIC, or TCP for TCP-only multichannel over RSS NICs.'),
		dcb: z.enum(['required', 'optional', 'none']).describe('DCB (PFC + ETS): required for RoCE, optional for iWARP and TCP.'),
		jumboPacket: z.number().int().min(1514).max(9614).default(9014).describe('*JumboPacket value on the rNICs, e.g. 9014.'),
	}),
	qos: qos.optional().describe('Expected QoS policy on hosts and switch ports. Required unless dcb is none.'),
	networks: z.array(network).min(2),
	credentials: z.record(name, credential),
	nodes: z.array(node).min(2),
	switches: z.array(switchDevice).min(1),
	cluster: z.strictObject({
		name,
		witness: z.enum(['none', 'disk', 'file-share', 'cloud']).optional().describe('The cluster\'s quorum witness (Get-ClusterQuorum). Its vote lets a two-node cluster lose a node; without it the harness refuses to take one away.'),
	}).optional(),
	sofs: z.strictObject({
		name: name.describe('Client access point name, as in \\\\name\\share'),
		nodes: z.array(name).min(1).max(8),
		shares: z.array(share).min(1),
	}),
	hyperv: z.strictObject({
		liveMigration: z.enum(['SMB', 'Compression', 'TCPIP']).default('SMB').describe('Set-VMHost -VirtualMachineMigrationPerformanceOption.'),
		liveMigrationLimitMBps: z.number().int().positive().optional().describe('Set-SmbBandwidthLimit -Category LiveMigration, in MB/s; keeps live migration from starving storage.'),
		rnicsOnVirtualSwitch: z.boolean().default(false).describe('Whether rNICs may be bound to the Hyper-V virtual switch (vms_pp). This design keeps them off it.'),
		cluster: name.optional().describe('The Hyper-V hosts\' failover cluster, when they form one: live migration then goes through Move-ClusterVirtualMachineRole, else Move-VM.'),
	}).prefault({}),
	backup: z.strictObject({
		node: name,
		attachment: z.enum(['dual-homed', 'dedicated-nic', 'backup-vlan']).describe('dual-homed: the server has rNICs on the storage networks; dedicated-nic: its own network; backup-vlan: a VLAN over the rNICs.'),
		network: name.optional(),
		vlan: z.number().int().min(1).max(4094).optional(),
	}).optional(),
	simulation: z.record(z.string(), z.unknown()).optional().describe('Settings read only by the simulator (timings, clocks); ignored for real rigs.'),
});

export type RigInput = z.input<typeof rigSchema>;
export type Rig = z.output<typeof rigSchema>;
export type RigNode = Rig['nodes'][number];
export type RigRnic = RigNode['rnics'][number];
export type RigSwitch = Rig['switches'][number];
export type RigCredential = Rig['credentials'][string];
export type RigNetwork = Rig['networks'][number];
export type SshEndpoint = RigNode['ssh'];
