// Executes a plan against a rig: connect, check the rig's state, prepare, start captures, run the timeline of
// workloads and faults, collect. Whatever happens (a failure, a lost node, Ctrl+C), the teardown stack restores
// every fault and the data captured so far stays in the run folder. The runner does not judge anything.
import {setMaxListeners} from 'node:events';
import pLimit from 'p-limit';
import {errorRecord, formatError, HarnessError, isHarnessError} from '../errors.js';
import {planTargets, type FaultStep, type Plan} from '../plan/plan.js';
import type {Rig} from '../rig/schema.js';
import {assertInterlocks, injectionInterlocks, planInterlocks} from '../safety/interlocks.js';
import type {FaultJournal} from '../safety/journal.js';
import {expectedDown, unexpectedlyDown, unexpectedlyDownError, withWatchedSwitches} from '../safety/rig-ports.js';
import type {FaultDevices} from '../kinds/fault-kind.js';
import type {CaptureRun, RunningCapture} from '../kinds/capture-kind.js';
import {captureKindOf, faultKindOf, workloadKindOf} from '../kinds/index.js';
import {switchDriver} from '../targets/switches/index.js';
import type {SwitchDriver} from '../targets/switch.js';
import {WindowsNode, type ClockReading} from '../targets/windows-node.js';
import {connectDevice, type ConnectOptions} from '../transport/connect.js';
import {ReconnectingTransport, type ReconnectEvent} from '../transport/reconnecting.js';
import type {Transport} from '../transport/types.js';
import {readInventory} from '../windows/inventory/read.js';
import {armWorkloads, type ArmedWorkloads} from './armed-start.js';
import {defaultStartSkewBoundMs, readEndClocks, recordStartSkew} from './run-timeline.js';
import {sleep, systemClock, type Clock} from './clock.js';
import {injectFault, restoreFault, type FaultContext} from './fault-lifecycle.js';
import type {RunRecorder} from './recorder.js';
import type {FaultRecord, RunData, WorkloadRun} from './run-data.js';
import {TeardownStack, type TeardownEntry} from './teardown.js';

export interface RunnerOptions {
	rig: Rig;
	plan: Plan;
	recorder: RunRecorder;
	/** Aborting it stops the run: faults are restored and the partial run is kept. */
	signal: AbortSignal;
	/** Progress for people, one line each. */
	log: (line: string) => void;
	clock?: Clock;
	connect?: ConnectOptions;
	/** Fault journal of the rig and this run's id: every fault is recorded there before it is injected. */
	journal?: {journal: FaultJournal; runId: string};
}

const firstSampleWithinMs = 30_000;

/** An abort whose reason is an error other than a cancellation is a failure, not an operator's stop. */
const stoppedByError = (signal: AbortSignal) => isHarnessError(signal.reason) && signal.reason.code !== 'CANCELLED';
// PowerShell start-up on a loaded node takes seconds; far longer means it is not coming.
const armDeadlineMs = 30_000;

export const executePlan = async (options: RunnerOptions): Promise<RunData> => {
	const {rig, plan, recorder, log} = options;
	const clock = options.clock ?? systemClock;
	const data: RunData = {
		suite: plan.suite, rig: rig.name, startedAt: new Date(clock.now()).toISOString(), originEpochMs: clock.now(), durationS: plan.durationS,
		nodes: {}, captures: [], workloads: [], faults: [], errors: [], warnings: [], interrupted: false,
	};
	const stamp = (line: string) => log(`[${recorder.toRunTime(clock.now()).toFixed(1).padStart(6)} s] ${line}`);
	// Aborted when the caller cancels or when the run must stop early; teardown does not use it.
	const run = new AbortController();
	// Every command and wait of the run listens on this signal; dozens at once is expected, not a leak.
	setMaxListeners(256, run.signal);
	const onAbort = () => run.abort();
	options.signal.addEventListener('abort', onAbort, {once: true});
	const teardown = new TeardownStack();
	const transports: Transport[] = [];
	const nodes = new Map<string, WindowsNode>();
	const switches = new Map<string, SwitchDriver>();
	const clocks = new Map<string, ClockReading>();
	const captures: RunningCapture[] = [];
	const workloads: Array<Promise<WorkloadRun | undefined>> = [];
	// The first infrastructure failure that ends the run early; verdicts are not judged on what is left.
	const stopEarly = (reason: string) => {
		if (!run.signal.aborted) {
			data.stoppedEarly ??= reason;
			run.abort();
		}
	};

	// A device whose connection dropped gets a new one where that is safe (reads, restores); say so every time.
	const onReconnect = (event: ReconnectEvent) => {
		const line = `${event.target}: SSH connection lost (${event.reason}); reconnected for ${event.label}`;
		data.warnings.push(line);
		recorder.event('reconnected', {target: event.target, reason: event.reason, for: event.label});
		stamp(line);
	};

	const disposeRecorderWatch = recorder.onFailure(error => {
		data.errors.push(errorRecord(error));
		stamp(`error: ${formatError(error)}`);
		stopEarly(error.message);
	});
	let armed: ArmedWorkloads | undefined;

	try {
		if (recorder.failure) {
			throw recorder.failure;
		}

		assertInterlocks(planInterlocks(plan, rig), rig);
		const targets = withWatchedSwitches(planTargets(plan), plan, rig);
		const limit = pLimit(8);
		stamp(`connecting to ${[...targets.nodes, ...targets.switches].join(', ')}`);
		// Settle every connection before failing on one, so none opened late is left behind unclosed.
		const connected = await Promise.allSettled([
			...targets.nodes.map(async name => limit(async () => {
				const node = rig.nodes.find(candidate => candidate.name === name)!;
				const transport = await ReconnectingTransport.connect(async () => connectDevice(rig, node, options.connect), onReconnect);
				transports.push(transport);
				nodes.set(name, new WindowsNode(node, transport, clock.now));
			})),
			...targets.switches.map(async name => limit(async () => {
				const device = rig.switches.find(candidate => candidate.name === name)!;
				const transport = await ReconnectingTransport.connect(async () => connectDevice(rig, device, options.connect), onReconnect);
				transports.push(transport);
				switches.set(name, switchDriver(device, transport));
			})),
		]);
		const refused = connected.find((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
		if (refused !== undefined) {
			throw refused.reason;
		}

		recorder.event('connected', {nodes: targets.nodes, switches: targets.switches});

		await Promise.all([...nodes.values()].map(async node => limit(async () => {
			const reading = await node.readClock(run.signal);
			clocks.set(node.name, reading);
			// The whole configuration as it was when the run started (the same read as `rdmalab validate`), kept with
			// the run so a result can be traced to the state that produced it.
			const inventory = await readInventory(node, {signal: run.signal});
			const rnics = inventory.adapters.filter(adapter => node.node.rnics.some(rnic => rnic.name === adapter.Name));
			data.nodes[node.name] = {clocks: [reading], adapters: rnics, multichannel: inventory.smbMultichannel};
			for (const rnic of node.node.rnics) {
				const adapter = rnics.find(candidate => candidate.Name === rnic.name);
				if (adapter?.Status !== 'Up') {
					data.warnings.push(`${node.name} ${rnic.name} is ${adapter?.Status ?? 'not present'} before any fault`);
				}
			}

			await recorder.write(`inventory/${node.name}.json`, JSON.stringify({clock: reading, ...inventory}, null, 2));
		})));
		for (const [name, reading] of clocks) {
			stamp(`${name}: clock ${reading.skewMs >= 0 ? '+' : ''}${Math.round(reading.skewMs)} ms, UTC${reading.utcOffsetMinutes >= 0 ? '+' : ''}${reading.utcOffsetMinutes / 60} (${reading.zoneId})`);
		}

		for (const warning of data.warnings) {
			stamp(`warning: ${warning}`);
		}

		const workloadContext = (node: string) => ({node: nodes.get(node)!, clock: clocks.get(node)!, recorder, signal: run.signal, now: clock.now});
		// Nodes prepare (write their own target files), side by side, untimed.
		await Promise.all(plan.workloads.map(async planned => limit(async () => {
			const {kind, step} = workloadKindOf(planned);
			stamp(`preparing ${kind.kind} on ${step.node}`);
			await kind.prepare(workloadContext(step.node), step);
		})));

		// Every workload is launched now and waits, armed, for its planned instant (see armed-start.ts).
		armed = armWorkloads(plan.workloads, (planned, gate) => {
			const {kind, step} = workloadKindOf(planned);
			workloads.push(kind.run(workloadContext(step.node), step, gate).catch((error: unknown) => {
				// A workload that could not run ends the run: there is nothing left to measure.
				if (!run.signal.aborted) {
					data.errors.push(errorRecord(error));
					stamp(`error: ${formatError(error)}`);
					stopEarly(`diskspd on ${step.node} failed: ${error instanceof Error ? error.message : String(error)}`);
				}

				return undefined;
			}));
		});
		await armed.ready(armDeadlineMs, run.signal);
		// What each device really has, asked before anything is captured (a missing counter set is never read as zero).
		const captureRun: CaptureRun = {devices: connectedDevices(nodes, switches), clockOf: name => clocks.get(name), recorder, signal: run.signal, now: clock.now};
		const planned = plan.captures.map(step => captureKindOf(step));
		const prepared = await Promise.all(planned.map(async ({kind, step}) => limit(async () => kind.prepare(captureRun, step))));
		// The origin is fixed before captures start, a little ahead, so every sample is stamped against it.
		const origin = clock.now() + (Math.max(1, ...plan.captures.map(step => step.intervalS)) * 1000) + 1000;
		recorder.setOrigin(origin);
		data.originEpochMs = origin;
		data.startedAt = new Date(origin).toISOString();
		for (const [index, {kind, step}] of planned.entries()) {
			// eslint-disable-next-line no-await-in-loop
			const capture = await kind.start(captureRun, step, prepared[index]);
			captures.push(capture);
			data.captures.push(capture.data);
			// A capture that fails mid-run (node lost, typeperf hung) ends the run: its samples would be missing.
			void capture.done.then(() => {
				if (capture.data.error) {
					stopEarly(`counter capture on ${capture.data.node} failed: ${capture.data.error.message}`);
				}
			});
		}

		await Promise.race([
			Promise.all(captures.map(async capture => capture.firstSample)),
			sleep(firstSampleWithinMs, run.signal).then(() => {
				throw new HarnessError('COUNTER_MISSING', `no counter samples within ${firstSampleWithinMs / 1000} s`, {hint: 'check that typeperf runs on the nodes'});
			}),
		]);
		for (const capture of captures) {
			if (capture.data.missing.length > 0) {
				const reasons = capture.data.missing.map(counter => `${counter} (${capture.data.unavailable?.find(entry => entry.counter === counter)?.reason ?? 'typeperf did not report it'})`);
				data.warnings.push(`${capture.data.node} does not report ${reasons.join(', ')}; missing from the run, not zero`);
			}
		}

		await sleep(origin - clock.now(), run.signal);
		recorder.event('timeline-start', {plan: plan.suite});
		stamp(`timeline started (${plan.durationS} s planned)`);
		await timeline({rig, journal: options.journal, plan, nodes, switches, recorder, clock, teardown, data, armed, stamp, signal: run.signal});
		const finished = await Promise.all(workloads);
		data.workloads = finished.filter((workload): workload is WorkloadRun => workload !== undefined);
		recordStartSkew(data, plan.startSkewBoundMs ?? defaultStartSkewBoundMs, stamp);
		// Let the captures take their last samples, then stop them.
		await Promise.race([Promise.all(captures.map(async capture => capture.done)), sleep(3000, run.signal)]);
		await readEndClocks(nodes, data, limit, stamp, run.signal);
	} catch (error) {
		if (options.signal.aborted && !stoppedByError(options.signal)) {
			data.interrupted = true;
			stamp('interrupted: restoring faults, keeping what was captured');
		} else if (options.signal.aborted) {
			// The caller stopped the run on an error of its own (one nothing caught); it records that error.
			data.stoppedEarly ??= formatError(options.signal.reason);
			stamp(`stopping: ${formatError(options.signal.reason)}`);
		} else if (!(error instanceof HarnessError && error.code === 'CANCELLED' && run.signal.aborted)) {
			data.errors.push(errorRecord(error));
			data.stoppedEarly ??= error instanceof Error ? error.message : String(error);
			stamp(`error: ${formatError(error)}`);
		}
	} finally {
		options.signal.removeEventListener('abort', onAbort);
		// Workloads still armed are cancelled by the abort: each is killed on its node by the PID its armed line
		// gave, before its channel closes. Never released here: closing stdin is what starts diskspd.
		run.abort();
		for (const entry of teardown.pending) {
			stamp(`teardown: ${entry.label}`);
		}

		for (const error of await teardown.runAll()) {
			data.errors.push(errorRecord(error));
			stamp(`teardown failed: ${formatError(error)}`);
		}

		for (const capture of captures) {
			capture.stop();
		}

		await Promise.all(captures.map(async capture => capture.done));
		for (const capture of data.captures) {
			// A capture that failed before its first sample has already failed the run with its own message.
			if (capture.error && !data.errors.some(error => error.message === capture.error!.message)) {
				data.errors.push(capture.error);
			}
		}

		if (data.workloads.length === 0) {
			data.workloads = (await Promise.all(workloads)).filter((workload): workload is WorkloadRun => workload !== undefined);
		}

		await Promise.all(transports.map(async transport => transport.close()));
		disposeRecorderWatch();
	}

	if (data.stoppedEarly !== undefined && !data.interrupted) {
		stamp(`run stopped early: ${data.stoppedEarly}`);
	}

	recorder.event('run-end', {interrupted: data.interrupted, errors: data.errors.length, ...(data.stoppedEarly === undefined ? {} : {stoppedEarly: data.stoppedEarly})});
	return data;
};

/** The run's open connections, as kinds ask for them. */
const connectedDevices = (nodes: ReadonlyMap<string, WindowsNode>, switches: ReadonlyMap<string, SwitchDriver>): FaultDevices => ({
	switchDriver: async name => switches.get(name) ?? Promise.reject(new HarnessError('INTERNAL', `no connection to switch ${name}`, {target: name})),
	windowsNode: async name => nodes.get(name) ?? Promise.reject(new HarnessError('INTERNAL', `no connection to node ${name}`, {target: name})),
});

interface TimelineContext {
	rig: Rig;
	journal: RunnerOptions['journal'];
	plan: Plan;
	nodes: Map<string, WindowsNode>;
	switches: Map<string, SwitchDriver>;
	recorder: RunRecorder;
	clock: Clock;
	teardown: TeardownStack;
	data: RunData;
	armed: ArmedWorkloads;
	stamp: (line: string) => void;
	signal: AbortSignal;
}

const timeline = async (context: TimelineContext): Promise<void> => {
	const {plan, recorder, clock, data, stamp, signal} = context;
	const faults = new Map<string, {context: FaultContext; entry?: TeardownEntry}>();
	const inPlace = () => [...faults.values()].filter(fault => fault.context.record.injectedAtS !== undefined && fault.context.record.restoreConfirmedAtS === undefined).map(fault => fault.context.step);
	const devices = connectedDevices(context.nodes, context.switches);
	const faultContext = (planned: FaultStep): FaultContext => {
		const {kind, step} = faultKindOf(planned);
		const record: FaultRecord = {id: step.id, kind: step.kind, target: kind.describe(step), step: planned};
		data.faults.push(record);
		return {
			kind, step, record, devices, teardown: context.teardown, recorder, clock, log: stamp, ...(context.journal ? {journal: context.journal} : {}),
			// Checked again right before the injection, against the faults actually in place at that moment.
			guard: () => assertInterlocks(injectionInterlocks(context.rig, step, inPlace(), plan.allowAllPathsDown ?? false), context.rig),
			// Nothing else on the rig may be down but what this run's own faults take down.
			...(context.switches.size === 0 ? {} : {rigCheck: async (signal: AbortSignal) => {
				const expected = expectedDown(context.rig, [...inPlace(), step]);
				const down = await unexpectedlyDown(context.rig, context.switches, expected, signal);
				if (down.length > 0) {
					throw unexpectedlyDownError(kind.device(step).name, `${kind.verbs.inject} ${kind.describe(step)}`, down);
				}
			}}),
		};
	};

	const events = [
		// Workloads planned for the same instant are released in one go: one event each would put a timer tick
		// (a millisecond or more) between them.
		...[...new Set(plan.workloads.map(step => step.atS))].map(atS => ({atS, order: 0, async run() {
			const steps = plan.workloads.filter(step => step.atS === atS);
			for (const step of steps) {
				context.armed.release(step.id);
			}

			stamp(`start diskspd on ${steps.map(step => step.node).join(', ')}`);
		}})),
		...plan.faults.flatMap(step => [
			{atS: step.atS, order: 1, async run() {
				const fault: {context: FaultContext; entry?: TeardownEntry} = {context: faultContext(step)};
				faults.set(step.id, fault);
				stamp(`${fault.context.kind.verbs.inject} ${fault.context.record.target}`);
				fault.entry = await injectFault(fault.context, signal);
			}},
			{atS: step.restoreAtS, order: 2, async run() {
				const fault = faults.get(step.id)!;
				stamp(`${fault.context.kind.verbs.restore} ${fault.context.record.target}`);
				await restoreFault(fault.context, fault.entry!, signal);
			}},
		]),
	].sort((a, b) => a.atS - b.atS || a.order - b.order);

	for (const event of events) {
		// eslint-disable-next-line no-await-in-loop
		await sleep(recorder.origin + (event.atS * 1000) - clock.now(), signal);
		// eslint-disable-next-line no-await-in-loop
		await event.run();
	}
};
