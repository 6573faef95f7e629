// What a run recorded, on one timeline: seconds since the run's origin on the orchestrator's clock. Suites judge
// verdicts and build charts from this alone; it is also written to the run folder as the result JSON.
import type {MissingCounter} from '../counters/discovery.js';
import type {NodeLocale} from './counter-discovery.js';
import type {ErrorRecord} from '../errors.js';
import type {DeviceManifest} from '../manifest/manifest.js';
import type {FaultStepBase} from '../kinds/fault-kind.js';
import type {EtsClass} from '../targets/switch.js';
import type {ClockReading} from '../targets/windows-node.js';
import type {ClockDrift} from './clock-drift.js';
import type {StartSkew} from './start-skew.js';
import type {NodeInventory} from '../windows/inventory/read.js';
import type {DiskspdParams} from '../workloads/diskspd/args.js';
import type {DiskspdResult} from '../workloads/diskspd/xml.js';
import type {NtttcpParams} from '../workloads/ntttcp/args.js';
import type {NtttcpResult} from '../workloads/ntttcp/xml.js';

export interface CounterSample {
	/** Seconds since the run origin, on the orchestrator's clock. */
	t: number;
	values: Array<number | null>;
}

export interface CounterCapture {
	/** The device the samples come from: a node, or a switch. */
	node: string;
	/** The capture's kind; typeperf when absent. */
	kind?: string;
	/** Its CSV in the run folder, when not `counters/<node>.csv`. */
	file?: string;
	/** Counter paths as the node printed them, one per value column; set and counter names in English. */
	columns: string[];
	/** The same paths in the node's display language, as typeperf printed them, when it is not English. */
	localizedColumns?: string[];
	/** The node's culture, decimal separator and ANSI code page, from counter discovery. */
	locale?: NodeLocale;
	samples: CounterSample[];
	/** Requested counters the node did not report: missing, never zero. */
	missing: string[];
	/** Why, for those counter discovery (typeperf -qx) found missing before the capture. */
	unavailable?: MissingCounter[];
	/** Why the capture stopped early, if it did. */
	error?: ErrorRecord;
	/** Switch counters read with `readEts`: each port's egress scheduler (priorities per queue, shares) as the run began. */
	ets?: Record<string, EtsClass[]>;
	/** Events a capture read beside its samples (the cluster's FailoverClustering events), oldest first. */
	events?: CapturedEvent[];
}

/** One event from a node's event log, on the run timeline. */
export interface CapturedEvent {
	/** Seconds since the run origin: the node's TimeCreated, its clock skew taken out. */
	t: number;
	/** The node whose log has it. */
	node: string;
	provider: string;
	id: number;
	recordId: number;
	level: string | null;
	/** Its insertion strings (Properties' values). */
	data: string[];
	message: string | null;
	/** The rig network of the cluster network the event names, when it names one. */
	network?: string;
}

interface WorkloadRunBase {
	id: string;
	node: string;
	/** Planned start, s on the run timeline. */
	atS?: number;
	/** When the node started the tool, on the run timeline. */
	startedAtS?: number;
	exitCode?: number | null;
	stderr: string;
	/** Why no result exists, when the tool itself failed. */
	error?: ErrorRecord;
}

/** diskspd's run; records written before other kinds existed have no `kind`. */
export interface DiskspdRun extends WorkloadRunBase {
	kind?: 'diskspd';
	params: DiskspdParams;
	result?: DiskspdResult;
	/** I/O error lines diskspd printed (a product failure, not an infrastructure one). */
	ioErrors: string[];
}

/** ntttcp's run: `node` is the sender, whose start stamp places it on the timeline; exit code and stderr are its. */
export interface NtttcpRun extends WorkloadRunBase {
	kind: 'ntttcp';
	receiver: string;
	params: NtttcpParams;
	/** Both sides' -xml results, once both ended with one. */
	result?: {sender: NtttcpResult; receiver: NtttcpResult};
	/** The receiver's exit code and stderr. */
	receiverExit?: {exitCode: number | null; stderr: string};
}

export type WorkloadRun = DiskspdRun | NtttcpRun;

export interface FaultRecord {
	id: string;
	kind: string;
	/** What and where, for people: `tor-a Ethernet1/1 (hv01 SLOT 3 Port 1)`. */
	target: string;
	/** The planned step, whole. */
	step: FaultStepBase & Record<string, unknown>;
	/** When the fault's command was sent: a command that returns once done (Move-VM) took from here to injectedAtS. */
	injectSentAtS?: number;
	/** Read back already in place before it was due, and left as found (its kind's choice): never injected or restored. */
	foundInPlace?: boolean;
	/** When the device accepted the fault. */
	injectedAtS?: number;
	/** When the fault read back in place. */
	confirmedAtS?: number;
	/** When the undo was sent. */
	restoreSentAtS?: number;
	/** When the device accepted the undo. */
	restoredAtS?: number;
	/** When the rig read back as before. */
	restoreConfirmedAtS?: number;
}

export interface NodeFacts {
	/** Read at the start of the run and again at its end. */
	clocks: ClockReading[];
	/** End reading against start reading, once both exist. */
	clockDrift?: ClockDrift;
	adapters?: NodeInventory['adapters'];
	multichannel?: NodeInventory['smbMultichannel'];
}

export interface RunData {
	suite: string;
	rig: string;
	/** ISO 8601 UTC of the origin. */
	startedAt: string;
	/** Orchestrator epoch ms of t = 0. */
	originEpochMs: number;
	/** Length of the run, s. */
	durationS: number;
	nodes: Record<string, NodeFacts>;
	captures: CounterCapture[];
	workloads: WorkloadRun[];
	faults: FaultRecord[];
	/** Start skew of each group of workloads planned to start together. */
	startSkew?: StartSkew[];
	/** What the hardware and its software were (OS builds, drivers, firmware, switch OS, DCB configuration), read at the start. */
	manifest?: DeviceManifest;
	/** Infrastructure errors. */
	errors: ErrorRecord[];
	warnings: string[];
	interrupted: boolean;
	/**
	 * Why the run stopped before its timeline ended (a lost node, a hung tool, the run folder failing). Verdicts are
	 * not judged on such a run: partial data must not fail (or pass) the hardware.
	 */
	stoppedEarly?: string;
}
