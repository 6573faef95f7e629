// The shape of a diskspd -Rxml document as parseDiskspdXml returns it and renderDiskspdXml prints it.
// Import these from xml.ts.

export interface DiskspdLatencyStats {
	minMs: number;
	maxMs: number;
	avgMs: number;
	stdDevMs: number;
}

export interface DiskspdBucket {
	/** End of the bucket in ms since measurement start (diskspd's SampleMillisecond). */
	endMs: number;
	readIops: number;
	writeIops: number;
	totalIops: number;
	/** undefined when the run had no -L (diskspd then prints 0.000 everywhere) or that direction had no I/O */
	read?: DiskspdLatencyStats;
	write?: DiskspdLatencyStats;
}

export interface DiskspdIopsSeries {
	readStdDev?: number;
	writeStdDev?: number;
	stdDev?: number;
	buckets: DiskspdBucket[];
}

export interface DiskspdPercentile {
	percentile: number;
	readMs?: number;
	writeMs?: number;
	totalMs?: number;
}

export interface DiskspdLatency {
	/** 2.2's `<Latency ReadHistoBuckets= WriteHistoBuckets= TotalHistoBuckets=>`; absent before 2.2. */
	histoBuckets?: {read: number; write: number; total: number};
	averageReadMs?: number;
	readStdDevMs?: number;
	averageWriteMs?: number;
	writeStdDevMs?: number;
	averageTotalMs?: number;
	totalStdDevMs?: number;
	percentiles: DiskspdPercentile[];
}

export interface DiskspdCpu {
	group: number;
	/** Processor number within its group, not a global index. */
	id: number;
	/** socket, node, core and efficiencyClass are printed by 2.2 only */
	socket?: number;
	node?: number;
	core?: number;
	efficiencyClass?: number;
	usagePercent: number;
	userPercent: number;
	kernelPercent: number;
	idlePercent: number;
}

export type DiskspdCpuUsage = Omit<DiskspdCpu, 'group' | 'id' | 'socket' | 'node' | 'core' | 'efficiencyClass'>;

export interface DiskspdTargetResult {
	path: string;
	bytesCount: bigint;
	fileSize: bigint;
	ioCount: bigint;
	readBytes: bigint;
	readCount: bigint;
	writeBytes: bigint;
	writeCount: bigint;
	/** The latency fields are printed with -L, each direction only when it had I/O. */
	averageReadLatencyMs?: number;
	readLatencyStdDevMs?: number;
	averageWriteLatencyMs?: number;
	writeLatencyStdDevMs?: number;
	averageLatencyMs?: number;
	latencyStdDevMs?: number;
	/** The per-target `-D` series of this thread. */
	iops?: DiskspdIopsSeries;
}

export interface DiskspdThreadResult {
	id: number;
	targets: DiskspdTargetResult[];
}

export interface DiskspdTimeSpan {
	testTimeSeconds: number;
	threadCount: number;
	requestCount: number;
	procCount: number;
	cpus: DiskspdCpu[];
	cpuAverage?: DiskspdCpuUsage;
	latency?: DiskspdLatency;
	iops?: DiskspdIopsSeries;
	threads: DiskspdThreadResult[];
	/** set when diskspd printed <Error> instead of results */
	error?: string;
}

export interface DiskspdProfileTarget {
	path: string;
	blockSize: number;
	writeRatio: number;
	/** alignment in bytes when random (<Random>), absent when sequential */
	random?: number;
	requestCount: number;
	threadsPerFile: number;
	fileSize?: bigint;
	/** absent when diskspd omitted the element (cached I/O, no write-through) */
	disableOSCache?: boolean;
	writeThrough?: boolean;
	/**
	 * Every child element as `[start tag, content]`, in document order, so a writer can reproduce the profile
	 * exactly. The start tag carries attributes as printed (`Throughput unit="IOPS"`); the content of an element
	 * with children is those children as compact XML (`<Pattern>sequential</Pattern>`). When non-empty the
	 * writer prints these verbatim instead of deriving the children from the typed fields, so set `raw: []`
	 * after editing a parsed target.
	 */
	raw: [string, string][];
}

export interface DiskspdProfileTimeSpan {
	durationS: number;
	warmupS: number;
	cooldownS: number;
	threadCount: number;
	requestCount: number;
	ioBucketDurationMs: number;
	measureLatency: boolean;
	calculateIopsStdDev: boolean;
	randSeed: number;
	targets: DiskspdProfileTarget[];
	/** The children other than <Targets>, like DiskspdProfileTarget.raw (printed verbatim when non-empty). */
	raw?: [string, string][];
}

export interface DiskspdGroupMask {
	group: number;
	/** Hex as printed, e.g. `0xf`. */
	mask: string;
}

export interface DiskspdProcessorGroup {
	group: number;
	maximumProcessors: number;
	activeProcessors: number;
	activeProcessorMask: string;
}

/** <ProcessorTopology>, one model for the 2.0/2.1 and 2.2 forms (formats.md §1.4). */
export interface DiskspdTopology {
	/** 2.2's Heterogeneous attribute: more than one efficiency class. */
	heterogeneous?: boolean;
	groups: DiskspdProcessorGroup[];
	nodes: {node: number; groups: DiskspdGroupMask[]}[];
	/** 2.0/2.1 sockets carry no number. */
	sockets: {socket?: number; groups: DiskspdGroupMask[]}[];
	/** 2.2 <Core>; 2.0/2.1 <HyperThread>, which has no core number or efficiency class. */
	cores: {group: number; core?: number; mask: string; efficiencyClass?: number}[];
}

export interface DiskspdPowerScheme {
	name: string;
	guid: string;
}

export interface DiskspdResult {
	computerName: string;
	toolVersion: string;
	versionDate?: string;
	/** <RunTime> as UTC; undefined when empty */
	runTimeUtc?: Date;
	/** 2.2's <PowerScheme>; the writer prints Windows Server's default (Balanced) when absent. */
	powerScheme?: DiskspdPowerScheme;
	/** The writer derives one from the CPUs of the first result when absent. */
	topology?: DiskspdTopology;
	/** <Profile> children other than <TimeSpans> (Progress, ResultFormat, Verbose, ...) as raw entries. */
	profileHeader?: [string, string][];
	/** Profile/TimeSpans/TimeSpan: the configuration. */
	profile: DiskspdProfileTimeSpan[];
	/** Results/TimeSpan: the measurements, one per profile timespan. */
	timeSpans: DiskspdTimeSpan[];
}
