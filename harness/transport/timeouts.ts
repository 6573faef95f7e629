// Every remote command has a deadline; these are the defaults, named so they can be documented and reasoned about
// together. A command past its deadline is stopped (its channel closed, and for native tools the process killed on
// the node), so a hung device costs a bounded time, never the whole night.

export const timeouts = {
	/** SSH handshake, including authentication. */
	connectMs: 15_000,
	/** Keepalive probe interval; after `keepaliveCountMax` unanswered probes the connection counts as lost. */
	keepaliveIntervalMs: 5000,
	keepaliveCountMax: 3,
	/** Any command that does not say otherwise. */
	commandMs: 120_000,
	/** One switch CLI command (show, shutdown, no shutdown). */
	switchCommandMs: 30_000,
	/** A batch of read-only PowerShell queries. */
	queryMs: 60_000,
	/** Reading a node's clock (six lines, 125 ms of sleeps). */
	clockReadMs: 30_000,
	/** Killing a native tool on its node after its deadline or when the run stops. */
	killMs: 15_000,
	/** diskspd: its own planned duration plus this. */
	diskspdGraceMs: 120_000,
	/** ntttcp: warm-up + measured + cool-down + the connection handshake, plus this. */
	ntttcpGraceMs: 60_000,
	/** Writing a diskspd target file in full. */
	diskspdCreateMs: 30 * 60_000,
	/** typeperf: its planned samples × interval plus this. */
	typeperfGraceMs: 60_000,
	/** typeperf prints a line every interval; this many intervals (at least idleMinMs) without output is a hang. */
	typeperfIdleIntervals: 4,
	typeperfIdleMinMs: 10_000,
} as const;

/** Longest time a dead connection can go unnoticed: probes unanswered, each one interval apart. */
export const deadConnectionWithinMs = timeouts.keepaliveIntervalMs * (timeouts.keepaliveCountMax + 1);
