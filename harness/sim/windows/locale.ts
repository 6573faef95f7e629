// The display language and culture of a simulated node (`simulation.nodes.<name>.language` in the rig file), and
// what they change: the counter names typeperf takes and prints, the registry's Perflib name lists the harness maps
// them with, and Get-Culture (decimal separator, ANSI code page). PDH-CSV values keep their `.` whatever the
// culture (formats.md §3.1: a Russian host's logman file), so the culture's separator shows only where PowerShell
// formats numbers for people.
import type {Cmdlet} from './ps-interpreter.js';
import type {RegistryKey} from './registry.js';

export type NodeLanguage = 'en-US' | 'de-DE';

// The English (Perflib\009) names the simulated counter sets use, with an index each. The first few keep the
// numbers every Windows has (2 System, 4 Memory, 6 % Processor Time, 238 Processor); the others are numbered in
// registration order as Windows does for sets added later, so no index means anything to the harness.
const englishNames = [
	'System', 'Memory', '% Processor Time', 'Processor',
	'RDMA Activity', 'RDMA Inbound Bytes/sec', 'RDMA Outbound Bytes/sec', 'RDMA Inbound Frames/sec', 'RDMA Outbound Frames/sec',
	'RDMA Active Connections', 'RDMA Completion Queue Errors', 'RDMA Connection Errors', 'RDMA Failed Connection Attempts',
	'RDMA Accepted Connections', 'RDMA Initiated Connections',
	'Network Adapter', 'Bytes Total/sec', 'Bytes Received/sec', 'Bytes Sent/sec', 'Current Bandwidth',
	'Processor Information', '% Privileged Time',
	'SMB Server Shares', 'SMB Client Shares', 'Data Bytes/sec', 'Read Bytes/sec', 'Write Bytes/sec', 'Data Requests/sec',
	'Read Requests/sec', 'Write Requests/sec', 'Read Bytes transmitted via SMB Direct/sec',
	'SMB Direct Connection', 'Bytes RDMA Read/sec', 'Bytes RDMA Written/sec',
	'Hyper-V Hypervisor Logical Processor', '% Total Run Time', '% Hypervisor Run Time', '% Guest Run Time',
	'Write Bytes transmitted via SMB Direct/sec',
] as const;

const classicIndexes: Partial<Record<string, number>> = {'System': 2, 'Memory': 4, '% Processor Time': 6, 'Processor': 238};

const indexed: ReadonlyArray<[number, string]> = englishNames.map((name, position) => [classicIndexes[name] ?? 6000 + (position * 2), name]);

// German names, each from a real German Windows (no name is made up; one without a public source stays English,
// which is what Perflib\CurrentLanguage lists for a counter its language does not translate):
// - RDMA-Aktivität and its counters: juangranados/check_win_perfmon issue #2, `Get-Counter -ListSet "RDMA-Aktivität*"`
//   on a German Windows Server;
// - Netzwerkadapter, Gesamtanzahl Bytes/s, Arbeitsspeicher, Prozessor, Prozessorzeit (%): a public German Hyper-V
//   counter script (`"\Prozessor(_Total)\Prozessorzeit (%)", "\Arbeitsspeicher\Verfügbare MB",
//   "\Netzwerkadapter(*)\Gesamtanzahl Bytes/s"`);
// - Prozessorinformationen: public German monitoring scripts (`\Prozessorinformationen(_Total)\Prozessorzeit (%)`).
const german: Partial<Record<(typeof englishNames)[number], string>> = {
	'Memory': 'Arbeitsspeicher',
	'% Processor Time': 'Prozessorzeit (%)',
	'Processor': 'Prozessor',
	'RDMA Activity': 'RDMA-Aktivität',
	'RDMA Inbound Bytes/sec': 'RDMA - eingehende Bytes/s',
	'RDMA Outbound Bytes/sec': 'RDMA - ausgehende Bytes/s',
	'RDMA Inbound Frames/sec': 'RDMA - eingehende Frames/s',
	'RDMA Outbound Frames/sec': 'RDMA - ausgehende Frames/s',
	'RDMA Active Connections': 'RDMA - aktive Verbindungen',
	'RDMA Completion Queue Errors': 'RDMA - CQ-Fehler',
	'RDMA Connection Errors': 'RDMA - Verbindungsfehler',
	'RDMA Failed Connection Attempts': 'RDMA - nicht erfolgreiche Verbindungsversuche',
	'RDMA Accepted Connections': 'RDMA - akzeptierte Verbindungen',
	'RDMA Initiated Connections': 'RDMA - initiierte Verbindungen',
	'Network Adapter': 'Netzwerkadapter',
	'Bytes Total/sec': 'Gesamtanzahl Bytes/s',
	'Processor Information': 'Prozessorinformationen',
};

/** The name of a counter set or counter as typeperf on this node takes and prints it. */
export const localName = (language: NodeLanguage, english: string): string =>
	(language === 'de-DE' ? german[english as (typeof englishNames)[number]] : undefined) ?? english;

const cultures: Record<NodeLanguage, {name: string; decimalSeparator: string; ansiCodePage: number}> = {
	'en-US': {name: 'en-US', decimalSeparator: '.', ansiCodePage: 1252},
	'de-DE': {name: 'de-DE', decimalSeparator: ',', ansiCodePage: 1252},
};

/** `Get-Culture`: the CultureInfo members the harness reads. */
export const getCulture = (language: NodeLanguage): Cmdlet => () => {
	const culture = cultures[language];
	return [{Name: culture.name, NumberFormat: {NumberDecimalSeparator: culture.decimalSeparator, NumberGroupSeparator: culture.decimalSeparator === ',' ? '.' : ','}, TextInfo: {ANSICodePage: culture.ansiCodePage}}];
};

const perflib = 'HKLM:\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Perflib\\';

/**
 * `Get-ItemProperty -LiteralPath 'HKLM:\…\Perflib\009' -Name Counter` (or CurrentLanguage): the REG_MULTI_SZ as a
 * string array alternating index and name, led by ("1", the last index) as the real list is.
 */
export const perflibKeys = (language: NodeLanguage): RegistryKey => path => {
	const key = path.toLowerCase().startsWith(perflib.toLowerCase()) ? path.slice(perflib.length) : undefined;
	const names = key === '009' ? indexed : key?.toLowerCase() === 'currentlanguage' ? indexed.map(([index, name]): [number, string] => [index, localName(language, name)]) : undefined;
	if (names === undefined) {
		return undefined;
	}

	const last = Math.max(...indexed.map(([index]) => index));
	return {
		Counter: ['1', String(last), ...names.flatMap(([index, name]) => [String(index), name])],
		PSPath: `Microsoft.PowerShell.Core\\Registry::HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Perflib\\${key!}`,
		PSChildName: key,
	};
};
