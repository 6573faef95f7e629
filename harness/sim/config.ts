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
	/** Per node: its time zone, how far its clock is off the orchestrator's, and its display language. */
	nodes: z.record(z.string(), z.strictObject({
		utcOffsetMinutes: z.number().int().min(-720).max(840).default(0),
		clockSkewMs: z.number().int().min(-3_600_000).max(3_600_000).default(0),
		/** de-DE: German counter names in typeperf and Perflib, a decimal comma in Get-Culture. */
		language: z.enum(['en-US', 'de-DE']).default('en-US'),
	})).default({}),
	storage: z.strictObject({
		/** Service time of one I/O at the SOFS back end over RDMA, before queueing. */
		baseLatencyUs: z.number().positive().default(220),
		/** Back-end ceiling of the SOFS storage. */
		backendIops: z.number().positive().default(400_000),
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
