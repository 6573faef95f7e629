// diskspd command lines from validated parameters. The arguments are returned as a list (each becomes one quoted
// PowerShell string), so target paths from the rig file never meet a command-line parser.
import {z} from 'zod';

const sizePattern = /^(\d+)([KMGT]?)$/i;
const multipliers: Record<string, number> = {'': 1, K: 1024, M: 1024 ** 2, G: 1024 ** 3, T: 1024 ** 4};

/** Bytes from diskspd's size notation (`4K`, `1G`, `65536`). */
export const parseSize = (text: string): number | undefined => {
	const match = sizePattern.exec(text.trim());
	return match ? Number(match[1]) * multipliers[match[2]!.toUpperCase()]! : undefined;
};

/** diskspd's size notation with the largest exact suffix: 4096 → 4K, 1073741824 → 1G. */
export const formatSize = (bytes: number): string => {
	for (const suffix of ['T', 'G', 'M', 'K'] as const) {
		const unit = multipliers[suffix]!;
		if (bytes >= unit && bytes % unit === 0) {
			return `${bytes / unit}${suffix}`;
		}
	}

	return String(bytes);
};

const size = z.union([z.number().int().positive(), z.string().regex(sizePattern, {message: 'must be a size such as 4K, 64K, 1M or 10G'})])
	.transform(value => (typeof value === 'number' ? value : parseSize(value)!));

export const diskspdParamsSchema = z.strictObject({
	/** -b: bytes per I/O. */
	blockSize: size.default(4096),
	/** -t: threads per target. */
	threads: z.number().int().min(1).max(256).default(4),
	/** -o: outstanding I/Os per thread per target. */
	outstanding: z.number().int().min(1).max(1024).default(16),
	/** -w: percentage of writes. */
	writePercent: z.number().int().min(0).max(100).default(0),
	/** -r (random, aligned to the block size) or -s (sequential). */
	pattern: z.enum(['random', 'sequential']).default('random'),
	/** -d: measured seconds. */
	durationS: z.number().int().min(1).max(86_400),
	/** -W: warm-up seconds before measuring. */
	warmupS: z.number().int().min(0).max(3600).default(5),
	/** -C: cool-down seconds after measuring. */
	cooldownS: z.number().int().min(0).max(3600).default(0),
	/** -S: caching flags; h = no software and no hardware write caching, r = no local caching for remote files. */
	caching: z.array(z.enum(['b', 'h', 'm', 'r', 'u', 'w'])).default(['h']),
	/** -D: IOPS buckets of this many ms (the time series of the run). */
	bucketMs: z.number().int().min(1).max(60_000).default(1000),
	/** -L: per-I/O latency, needed for stall lengths. */
	latency: z.boolean().default(true),
	targets: z.array(z.strictObject({path: z.string().min(1).max(1024), size})).min(1),
});

export type DiskspdParams = z.output<typeof diskspdParamsSchema>;
export type DiskspdParamsInput = z.input<typeof diskspdParamsSchema>;

/** Arguments of a measured run: -Rxml output, latency, IOPS buckets. Target files must already exist. */
export const diskspdArgs = (params: DiskspdParams): string[] => [
	`-b${formatSize(params.blockSize)}`,
	`-t${params.threads}`,
	`-o${params.outstanding}`,
	`-w${params.writePercent}`,
	params.pattern === 'random' ? '-r' : '-s',
	`-d${params.durationS}`,
	`-W${params.warmupS}`,
	`-C${params.cooldownS}`,
	...(params.caching.length > 0 ? [`-S${params.caching.join('')}`] : []),
	`-D${params.bucketMs}`,
	...(params.latency ? ['-L'] : []),
	'-Rxml',
	...params.targets.map(target => target.path),
];

/**
 * Arguments that create (or extend) the target files before anything is timed: diskspd -c writes them in full,
 * so the measured run does not read never-written, zero-filled ranges or wait for a slow fill.
 */
export const diskspdCreateArgs = (params: DiskspdParams): string[][] => params.targets.map(target => [
	`-c${formatSize(target.size)}`,
	'-b64K',
	'-t1',
	'-o4',
	'-w100',
	'-s',
	'-d1',
	'-W0',
	'-C0',
	'-Sh',
	'-Rxml',
	target.path,
]);

/** Seconds from launch to the end of measuring: warm-up, measured time, cool-down. */
export const diskspdWallS = (params: DiskspdParams): number => params.warmupS + params.durationS + params.cooldownS;
