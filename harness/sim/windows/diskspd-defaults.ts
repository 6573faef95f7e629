// What the simulated rig's diskspd prints for the parts a hand-built DiskspdResult leaves out: the power
// scheme, a processor topology that matches its CPUs, and the profile children of a command-line run.

import type {
	DiskspdCpu,
	DiskspdGroupMask,
	DiskspdPowerScheme,
	DiskspdProfileTarget,
	DiskspdProfileTimeSpan,
	DiskspdTopology,
} from '../../workloads/diskspd/xml.js';

// Windows Server's default plan.
export const balancedPowerScheme: DiskspdPowerScheme = {name: 'Balanced', guid: '381b4222-f694-41f0-9685-d5fb2bf78ba2'};

export const defaultProfileHeader: [string, string][] = [['Progress', '0'], ['ResultFormat', 'xml'], ['Verbose', 'false']];

/** A topology consistent with a result's CPUs: those without socket or node numbers sit in socket 0 and node 0, those without a core number are a core each. */
export function deriveTopology(cpus: DiskspdCpu[]): DiskspdTopology {
	const processors: Pick<DiskspdCpu, 'group' | 'id' | 'socket' | 'node' | 'core' | 'efficiencyClass'>[] = cpus.length > 0 ? cpus : [{group: 0, id: 0}];
	const mask = (list: {id: number}[]) => `0x${list.reduce((bits, cpu) => bits | (1n << BigInt(cpu.id)), 0n).toString(16)}`;
	const byGroup = (list: typeof processors): DiskspdGroupMask[] =>
		[...groupBy(list, cpu => cpu.group)].map(([group, members]) => ({group, mask: mask(members)}));
	const cores = [...groupBy(processors, cpu => `${cpu.group}:${cpu.core ?? `cpu${cpu.id}`}`).values()];
	const efficiencyClasses = new Set(processors.map(cpu => cpu.efficiencyClass ?? 0));
	return {
		heterogeneous: efficiencyClasses.size > 1,
		groups: byGroup(processors).map(({group, mask: activeMask}) => {
			const count = processors.filter(cpu => cpu.group === group).length;
			return {group, maximumProcessors: count, activeProcessors: count, activeProcessorMask: activeMask};
		}),
		nodes: [...groupBy(processors, cpu => cpu.node ?? 0)].map(([node, members]) => ({node, groups: byGroup(members)})),
		sockets: [...groupBy(processors, cpu => cpu.socket ?? 0)].map(([socket, members]) => ({socket, groups: byGroup(members)})),
		cores: cores.map(members => {
			const [first] = members as [typeof processors[number]];
			return {group: first.group, core: first.core, mask: mask(members), efficiencyClass: first.efficiencyClass ?? 0};
		}),
	};
}

// The children diskspd 2.2 prints for a command-line timespan (Common.cpp TimeSpan::GetXml), before <Targets>.
export function timeSpanEntries(timeSpan: DiskspdProfileTimeSpan): [string, string][] {
	return [
		['CompletionRoutines', 'false'],
		['MeasureLatency', String(timeSpan.measureLatency)],
		['CalculateIopsStdDev', String(timeSpan.calculateIopsStdDev)],
		['DisableAffinity', 'false'],
		['Duration', String(timeSpan.durationS)],
		['Warmup', String(timeSpan.warmupS)],
		['Cooldown', String(timeSpan.cooldownS)],
		['ThreadCount', String(timeSpan.threadCount)],
		['RequestCount', String(timeSpan.requestCount)],
		['IoBucketDuration', String(timeSpan.ioBucketDurationMs)],
		['RandSeed', String(timeSpan.randSeed)],
	];
}

// The children diskspd 2.2 prints for a command-line target (Common.cpp Target::GetXml).
export function targetEntries(target: DiskspdProfileTarget): [string, string][] {
	const when = (condition: boolean, ...entries: [string, string][]) => condition ? entries : [];
	return [
		['Path', target.path],
		['BlockSize', String(target.blockSize)],
		['BaseFileOffset', '0'],
		['SequentialScan', 'false'],
		['RandomAccess', 'false'],
		['TemporaryFile', 'false'],
		['UseLargePages', 'false'],
		...when(target.disableOSCache === true, ['DisableOSCache', 'true']),
		...when(target.writeThrough === true, ['WriteThrough', 'true']),
		['WriteBufferContent', '<Pattern>sequential</Pattern>'],
		['ParallelAsyncIO', 'false'],
		...when(target.fileSize !== undefined, ['FileSize', String(target.fileSize)]),
		...target.random === undefined
			? [['StrideSize', String(target.blockSize)], ['InterlockedSequential', 'false']] as [string, string][]
			: [['Random', String(target.random)]] as [string, string][],
		['ThreadStride', '0'],
		['MaxFileSize', '0'],
		['RequestCount', String(target.requestCount)],
		['WriteRatio', String(target.writeRatio)],
		['Throughput', '0'],
		['ThreadsPerFile', String(target.threadsPerFile)],
		['IOPriority', '3'],
		['Weight', '1'],
	];
}

function groupBy<T, K>(items: T[], key: (item: T) => K): Map<K, T[]> {
	const groups = new Map<K, T[]>();
	for (const item of items) {
		const k = key(item);
		groups.set(k, [...groups.get(k) ?? [], item]);
	}

	return groups;
}
