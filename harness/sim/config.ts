// The `simulation:` block of a rig file: timings of the fabric model and the clocks of the simulated nodes.
// Only the simulator reads it.
import {z} from 'zod';

export const simConfigSchema = z.strictObject({
	timings: z.strictObject({
		/** In-flight I/O on a lost channel stalls this long before SMB replays it on a surviving channel. */
		failoverDetectionMs: z.number().int().min(0).max(120_000).default(1500),
		/** After a link comes back, SMB re-adds its channel after this delay. */
		channelReaddMs: z.number().int().min(0).max(600_000).default(3000),
		/** `no shutdown` → link up (auto-negotiation). */
		linkUpMs: z.number().int().min(0).max(60_000).default(800),
	}).prefault({}),
	/** Per node: its time zone, how far its clock is off the orchestrator's, its display language, how slow typeperf starts. */
	nodes: z.record(z.string(), z.strictObject({
		utcOffsetMinutes: z.number().int().min(-720).max(840).default(0),
		clockSkewMs: z.number().int().min(-3_600_000).max(3_600_000).default(0),
		/** de-DE: German counter names in typeperf and Perflib, a decimal comma in Get-Culture. */
		language: z.enum(['en-US', 'de-DE']).default('en-US'),
		/** typeperf opening its query before it prints its header (a busy node, many counter sets). */
		typeperfStartMs: z.number().int().min(0).max(60_000).default(0),
	})).default({}),
	storage: z.strictObject({
		/** Service time of one I/O at the SOFS back end over RDMA, before queueing. */
		baseLatencyUs: z.number().positive().default(220),
		/** Back-end ceiling of the SOFS storage. */
		backendIops: z.number().positive().default(400_000),
	}).prefault({}),
	/** The failover cluster of the SOFS nodes (sim/cluster.ts). */
	cluster: z.strictObject({
		/** Get-Cluster SameSubnetDelay / SameSubnetThreshold (Windows Server 2016 and later: 1000 ms, 10). */
		sameSubnetDelayMs: z.number().int().min(250).max(2000).default(1000),
		sameSubnetThreshold: z.number().int().min(3).max(120).default(10),
		/** Start-ClusterNode, or a removed node's links back: Joining until Up. */
		joinMs: z.number().int().min(0).max(600_000).default(3000),
		/** A clustered role moving to another node (Move-ClusterGroup, drain, failover). */
		roleMoveMs: z.number().int().min(0).max(600_000).default(1500),
		/** A client told by its SMB Witness to move (planned: drain, rebalance) stalls this long. */
		witnessMoveMs: z.number().int().min(0).max(600_000).default(1000),
		/** A client whose file server node is lost stalls this long when its witness notifies it. */
		unplannedMoveMs: z.number().int().min(0).max(600_000).default(3000),
		/** Without a witness registration the client notices by SMB / TCP time-outs (30-45 s, dcb-facts.md §3). */
		smbTimeoutMs: z.number().int().min(0).max(600_000).default(35_000),
	}).prefault({}),
	/** Virtual machines (the rig file's testVm names): memory assigned, MiB. */
	vms: z.record(z.string(), z.strictObject({memoryMB: z.number().int().min(64).max(4_194_304).default(4096)})).default({}),
	/** Live migration (sim/live-migration.ts). */
	liveMigration: z.strictObject({
		/** Setup and switch-over around the memory copy. */
		overheadMs: z.number().int().min(0).max(600_000).default(800),
		/** Pages dirtied during the copy are sent again: bytes sent per byte of memory. */
		copyFactor: z.number().min(1).max(10).default(1.05),
		/** TCP/IP migration over the management vNIC: one TCP stream through the virtual switch, MB/s. */
		tcpMBps: z.number().positive().default(450),
		/** Background traffic of the management adapter (SSH, monitoring), bytes/s. */
		managementBytesPerS: z.number().min(0).default(20_000),
	}).prefault({}),
	/** Seed of the deterministic measurement noise. */
	seed: z.number().int().default(1),
	/**
	 * The name of an environment variable of the simulator's process: when set, every simulated device also accepts
	 * password authentication with its value, so `password-env` credentials can be exercised. The password itself
	 * is never written in the rig file.
	 */
	passwordEnv: z.string().regex(/^[A-Za-z_]\w*$/).optional(),
});

export type SimConfig = z.output<typeof simConfigSchema>;

const zoneIds: Record<number, string> = {
	0: 'UTC',
	60: 'W. Europe Standard Time',
	120: 'GTB Standard Time',
	330: 'India Standard Time',
	480: 'China Standard Time',
	[-300]: 'Eastern Standard Time',
	[-360]: 'Central Standard Time',
	[-480]: 'Pacific Standard Time',
};

/** A Windows time zone id for an offset, as [TimeZoneInfo]::Local.Id prints it. */
export const zoneIdFor = (offsetMinutes: number): string => zoneIds[offsetMinutes] ?? `UTC${offsetMinutes < 0 ? '-' : '+'}${String(Math.floor(Math.abs(offsetMinutes) / 60)).padStart(2, '0')}`;
