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
import {assertNothingElseDown, withWatchedSwitches} from '../safety/rig-ports.js';
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
import {nodeManifest, type DeviceManifest} from '../manifest/manifest.js';
import {readSwitchManifest} from '../manifest/read.js';
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
	/** Each stage as it begins, with the run's data so far (samples arrive in it as they are captured). */
	onPhase?: (phase: RunPhase, data: RunData) => void;
	clock?: Clock;
	connect?: ConnectOptions;
	/** Fault journal of the rig and this run's id: every fault is recorded there before it is injected. */
	journal?: {journal: FaultJournal; runId: string};
}

/** The stages of a run, in order; `teardown` (faults restored, captures stopped) comes however the run ends. */
export type RunPhase = 'connect' | 'inventory' | 'prepare' | 'capture' | 'timeline' | 'collect' | 'teardown';

const firstSampleWithinMs = 30_000;
/** From the captures' first samples to t = 0: the first event is sent on time, not while the origin is being fixed. */
const originLeadMs = 500;

/** An abort whose reason is an error other than a cancellation is a failure, not an operator's stop. */
const stoppedByError = (signal: AbortSignal) => isHarnessError(signal.reason) && signal.reason.code !== 'CANCELLED';
// PowerShell start-up on a loaded node takes seconds; far longer means it is not coming.
const armDeadlineMs = 30_000;

/** What the phases of a run share. */
interface RunState {
	options: RunnerOptions;
	data: RunData;
	clock: Clock;
	stamp: (line: string) => void;
	/** Aborted when the caller cancels or when the run must stop early; teardown does not use it. */
	run: AbortController;
	limit: ReturnType<typeof pLimit>;
	teardown: TeardownStack;
	transports: Transport[];
	nodes: Map<string, WindowsNode>;
	switches: Map<string, SwitchDriver>;
	clocks: Map<string, ClockReading>;
	captures: RunningCapture[];
	workloads: Array<Promise<WorkloadRun | undefined>>;
	armed?: ArmedWorkloads;
	/** Ends the run early on the first infrastructure failure; verdicts are not judged on what is left. */
	stopEarly: (reason: string) => void;
}

export const executePlan = async (options: RunnerOptions): Promise<RunData> => {
	const {rig, plan, recorder} = options;
	const clock = options.clock ?? systemClock;
	const data: RunData = {
		suite: plan.suite, rig: rig.name, startedAt: new Date(clock.now()).toISOString(), originEpochMs: clock.now(), durationS: plan.durationS,
		nodes: {}, captures: [], workloads: [], faults: [], errors: [], warnings: [], interrupted: false,
	};
	const run = new AbortController();
	// Every command and wait of the run listens on this signal; dozens at once is expected, not a leak.
	setMaxListeners(256, run.signal);
	const state: RunState = {
		options, data, clock, run, limit: pLimit(8), teardown: new TeardownStack(), transports: [], nodes: new Map(), switches: new Map(), clocks: new Map(), captures: [], workloads: [],
		stamp: line => options.log(`[${recorder.toRunTime(clock.now()).toFixed(1).padStart(6)} s] ${line}`),
		stopEarly(reason) {
			if (!run.signal.aborted) {
				data.stoppedEarly ??= reason;
				run.abort();
			}
		},
	};
	const phase = (name: RunPhase) => options.onPhase?.(name, data);
	const onAbort = () => run.abort();
	options.signal.addEventListener('abort', onAbort, {once: true});
	const disposeRecorderWatch = recorder.onFailure(error => {
		data.errors.push(errorRecord(error));
		state.stamp(`error: ${formatError(error)}`);
		state.stopEarly(error.message);
	});

	try {
		if (recorder.failure) {
			throw recorder.failure;
		}

		assertInterlocks(planInterlocks(plan, rig), rig);
		phase('connect');
		await connect(state);
		phase('inventory');
		// Untimed, side by side: the captures' counter discovery, and the devices' inventory followed by the
		// workloads' files and armed launches (which need each node's clock reading).
		const [prepared] = await Promise.all([prepareCaptures(state), (async () => {
			await Promise.all([readNodes(state), readSwitchManifests(state)]);
			phase('prepare');
			await prepareAndArmWorkloads(state);
		})()]);
		phase('capture');
		const origin = await startCaptures(state, prepared);
		await sleep(origin - clock.now(), run.signal);
		recorder.event('timeline-start', {plan: plan.suite});
		state.stamp(`timeline started (${plan.durationS} s planned)`);
		phase('timeline');
		await timeline(state);
		phase('collect');
		await collect(state);
	} catch (error) {
		recordFailure(state, error);
	} finally {
		options.signal.removeEventListener('abort', onAbort);
		phase('teardown');
		await stopEverything(state);
		disposeRecorderWatch();
	}

	if (data.stoppedEarly !== undefined && !data.interrupted) {
		state.stamp(`run stopped early: ${data.stoppedEarly}`);
	}

	recorder.event('run-end', {interrupted: data.interrupted, errors: data.errors.length, ...(data.stoppedEarly === undefined ? {} : {stoppedEarly: data.stoppedEarly})});
	return data;
};

/** Opens every connection the plan needs; settles them all before failing on one, so none opened late leaks. */
const connect = async (state: RunState): Promise<void> => {
	const {options: {rig, plan, recorder}, data, limit, clock} = state;
	// A device whose connection dropped gets a new one where that is safe (reads, restores); say so every time.
	const onReconnect = (event: ReconnectEvent) => {
		const line = `${event.target}: SSH connection lost (${event.reason}); reconnected for ${event.label}`;
		data.warnings.push(line);
		recorder.event('reconnected', {target: event.target, reason: event.reason, for: event.label});
		state.stamp(line);
	};

	const open = async (device: Parameters<typeof connectDevice>[1]) => {
		const transport = await ReconnectingTransport.connect(async () => connectDevice(rig, device, state.options.connect), onReconnect);
		state.transports.push(transport);
		return transport;
	};

	const targets = withWatchedSwitches(planTargets(plan), plan, rig);
	state.stamp(`connecting to ${[...targets.nodes, ...targets.switches].join(', ')}`);
	const connected = await Promise.allSettled([
		...targets.nodes.map(async name => limit(async () => {
			const node = rig.nodes.find(candidate => candidate.name === name)!;
			state.nodes.set(name, new WindowsNode(node, await open(node), clock.now));
		})),
		...targets.switches.map(async name => limit(async () => {
			const device = rig.switches.find(candidate => candidate.name === name)!;
			state.switches.set(name, switchDriver(device, await open(device)));
		})),
	]);
	const refused = connected.find((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
	if (refused !== undefined) {
		throw refused.reason;
	}

	recorder.event('connected', {nodes: targets.nodes, switches: targets.switches});
};

/** Each node's clock and its whole configuration as the run starts (the reads of `rdmalab validate`), kept with the run. */
const readNodes = async (state: RunState): Promise<void> => {
	const {options: {recorder}, data, limit, run} = state;
	await Promise.all([...state.nodes.values()].map(async node => limit(async () => {
		const reading = await node.readClock(run.signal);
		state.clocks.set(node.name, reading);
		const inventory = await readInventory(node, {signal: run.signal});
		const rnics = inventory.adapters.filter(adapter => node.node.rnics.some(rnic => rnic.name === adapter.Name));
		data.nodes[node.name] = {clocks: [reading], adapters: rnics, multichannel: inventory.smbMultichannel};
		const {manifest, unread} = nodeManifest(node.node, inventory);
		const devices = manifestOf(data);
		devices.nodes[node.name] = manifest;
		devices.unread.push(...unread);
		for (const rnic of node.node.rnics) {
			const adapter = rnics.find(candidate => candidate.Name === rnic.name);
			if (adapter?.Status !== 'Up') {
				data.warnings.push(`${node.name} ${rnic.name} is ${adapter?.Status ?? 'not present'} before any fault`);
			}
		}

		await recorder.write(`inventory/${node.name}.json`, JSON.stringify({clock: reading, ...inventory}, null, 2));
	})));
	for (const [name, reading] of state.clocks) {
		state.stamp(`${name}: clock ${reading.skewMs >= 0 ? '+' : ''}${Math.round(reading.skewMs)} ms, UTC${reading.utcOffsetMinutes >= 0 ? '+' : ''}${reading.utcOffsetMinutes / 60} (${reading.zoneId})`);
	}

	for (const warning of data.warnings) {
		state.stamp(`warning: ${warning}`);
	}
};

const manifestOf = (data: RunData): DeviceManifest => {
	data.manifest ??= {nodes: {}, switches: {}, unread: []};
	return data.manifest;
};

/**
 * The manifest's switch part: each connected switch's OS and the DCB configuration of the ports cabled to the rNICs
 * of the nodes this run reads. A run that connects to no switch (a host-side fault) records none.
 */
const readSwitchManifests = async (state: RunState): Promise<void> => {
	const {options: {rig}, data, limit, run} = state;
	const devices = manifestOf(data);
	await Promise.all([...state.switches.values()].map(async driver => limit(async () => {
		const ports = rig.nodes.filter(node => state.nodes.has(node.name)).flatMap(node => node.rnics).filter(rnic => rnic.cable.switch === driver.name).map(rnic => rnic.cable.port);
		const {manifest, unread} = await readSwitchManifest(driver, ports, run.signal);
		devices.switches[driver.name] = manifest;
		devices.unread.push(...unread);
	})));
	for (const line of devices.unread) {
		state.stamp(`manifest: ${line}`);
	}
};

/** Workloads prepare untimed, side by side, then are launched armed, each waiting for its planned instant. */
const prepareAndArmWorkloads = async (state: RunState): Promise<void> => {
	const {options: {plan, recorder}, data, limit, run, clock} = state;
	const devices = connectedDevices(state.nodes, state.switches);
	const context = (node: string) => ({node: state.nodes.get(node)!, devices, clock: state.clocks.get(node)!, recorder, signal: run.signal, now: clock.now});
	await Promise.all(plan.workloads.map(async planned => limit(async () => {
		const {kind, step} = workloadKindOf(planned);
		state.stamp(`preparing ${kind.kind} on ${step.node}`);
		await kind.prepare(context(step.node), step);
	})));
	state.armed = armWorkloads(plan.workloads, (planned, gate) => {
		const {kind, step} = workloadKindOf(planned);
		state.workloads.push(kind.run(context(step.node), step, gate).catch((error: unknown) => {
			// A workload that could not run ends the run: there is nothing left to measure.
			if (!run.signal.aborted) {
				data.errors.push(errorRecord(error));
				state.stamp(`error: ${formatError(error)}`);
				state.stopEarly(`${kind.kind} on ${step.node} failed: ${error instanceof Error ? error.message : String(error)}`);
			}

			return undefined;
		}));
	});
	await state.armed.ready(armDeadlineMs, run.signal);
};

const captureRunOf = (state: RunState): CaptureRun => ({
	devices: connectedDevices(state.nodes, state.switches), clockOf: name => state.clocks.get(name), recorder: state.options.recorder, signal: state.run.signal, now: state.clock.now,
});

type PreparedCapture = ReturnType<typeof captureKindOf> & {prepared: unknown};

/** Asks each device what it really has: a missing counter set is never read as zero. */
const prepareCaptures = async (state: RunState): Promise<PreparedCapture[]> => {
	const captureRun = captureRunOf(state);
	return Promise.all(state.options.plan.captures.map(async planned => state.limit(async () => {
		const {kind, step} = captureKindOf(planned);
		return {kind, step, prepared: await kind.prepare(captureRun, step)};
	})));
};

/**
 * Starts every capture (each with what prepareCaptures learnt), waits for their first samples and only then fixes the
 * timeline's origin, half a second ahead: however long the captures took to start (a loaded node, many counters), the
 * timeline starts on time and every sample is stamped against it.
 */
const startCaptures = async (state: RunState, captures: readonly PreparedCapture[]): Promise<number> => {
	const {options: {recorder}, data, run, clock} = state;
	const captureRun = captureRunOf(state);
	recorder.holdOrigin();
	try {
		for (const {kind, step, prepared} of captures) {
			const capture = await kind.start(captureRun, step, prepared);
			state.captures.push(capture);
			data.captures.push(capture.data);
			// A capture that fails mid-run (node lost, typeperf hung) ends the run: its samples would be missing.
			void capture.done.then(() => {
				if (capture.data.error) {
					state.stopEarly(`counter capture on ${capture.data.node} failed: ${capture.data.error.message}`);
				}
			});
		}

		await Promise.race([
			Promise.all(state.captures.map(async capture => capture.firstSample)),
			sleep(firstSampleWithinMs, run.signal).then(() => {
				throw new HarnessError('COUNTER_MISSING', `no counter samples within ${firstSampleWithinMs / 1000} s`, {hint: 'check that the capture tools run on the devices'});
			}),
		]);
	} finally {
		// Fixed however this ends: should a capture fail to start, what the others sampled is still put on a timeline.
		recorder.setOrigin(clock.now() + originLeadMs);
		data.originEpochMs = recorder.origin;
		data.startedAt = new Date(recorder.origin).toISOString();
	}

	for (const capture of state.captures) {
		if (capture.data.missing.length > 0) {
			const reasons = capture.data.missing.map(counter => `${counter} (${capture.data.unavailable?.find(entry => entry.counter === counter)?.reason ?? 'typeperf did not report it'})`);
			data.warnings.push(`${capture.data.node} does not report ${reasons.join(', ')}; missing from the run, not zero`);
		}
	}

	return recorder.origin;
};

/**
 * Resolves once every capture has a sample at or past the end of the timeline (the one that closes its last
 * interval), or has ended. The captures are planned to run a few samples longer; those are not waited for.
 */
const closingSamples = async (captures: readonly RunningCapture[], endS: number, deadline: number, clock: Clock, signal: AbortSignal): Promise<void> => {
	const ended = new Set<RunningCapture>();
	for (const capture of captures) {
		void capture.done.then(() => ended.add(capture));
	}

	const closed = (capture: RunningCapture) => ended.has(capture) || (capture.data.samples.at(-1)?.t ?? Number.NEGATIVE_INFINITY) >= endS;
	while (!captures.every(closed) && clock.monotonic() < deadline) {
		await sleep(100, signal);
	}
};

/** After the timeline: every workload's result, the start skew, the captures' last samples, the clocks again. */
const collect = async (state: RunState): Promise<void> => {
	const {options: {plan}, data, run} = state;
	const finished = await Promise.all(state.workloads);
	data.workloads = finished.filter((workload): workload is WorkloadRun => workload !== undefined);
	recordStartSkew(data, plan.startSkewBoundMs ?? defaultStartSkewBoundMs, state.stamp);
	// A capture's closing sample is at most one interval away; two seconds more for it to arrive.
	await closingSamples(state.captures, plan.durationS, state.clock.monotonic() + ((Math.max(1, ...plan.captures.map(step => step.intervalS)) + 2) * 1000), state.clock, run.signal);
	await readEndClocks(state.nodes, data, state.limit, state.stamp, run.signal);
};

/** Why the run ended before its end: the operator's stop, an error the caller caught for it, or a failure of its own. */
const recordFailure = (state: RunState, error: unknown): void => {
	const {options, data, run} = state;
	if (options.signal.aborted && !stoppedByError(options.signal)) {
		data.interrupted = true;
		state.stamp('interrupted: restoring faults, keeping what was captured');
	} else if (options.signal.aborted) {
		// The caller stopped the run on an error of its own (one nothing caught); it records that error.
		data.stoppedEarly ??= formatError(options.signal.reason);
		state.stamp(`stopping: ${formatError(options.signal.reason)}`);
	} else if (!(error instanceof HarnessError && error.code === 'CANCELLED' && run.signal.aborted)) {
		data.errors.push(errorRecord(error));
		data.stoppedEarly ??= error instanceof Error ? error.message : String(error);
		state.stamp(`error: ${formatError(error)}`);
	}
};

/** However the run ended: faults restored (the teardown stack), captures stopped and flushed, connections closed. */
const stopEverything = async (state: RunState): Promise<void> => {
	const {data} = state;
	// Workloads still armed are cancelled by the abort: each is killed on its node by the PID its armed line gave,
	// before its channel closes. Never released here: closing stdin is what starts diskspd.
	state.run.abort();
	for (const entry of state.teardown.pending) {
		state.stamp(`teardown: ${entry.label}`);
	}

	for (const error of await state.teardown.runAll()) {
		data.errors.push(errorRecord(error));
		state.stamp(`teardown failed: ${formatError(error)}`);
	}

	for (const capture of state.captures) {
		capture.stop();
	}

	await Promise.all(state.captures.map(async capture => capture.done));
	for (const capture of data.captures) {
		// A capture that failed before its first sample has already failed the run with its own message.
		if (capture.error && !data.errors.some(error => error.message === capture.error!.message)) {
			data.errors.push(capture.error);
		}
	}

	if (data.workloads.length === 0) {
		data.workloads = (await Promise.all(state.workloads)).filter((workload): workload is WorkloadRun => workload !== undefined);
	}

	await Promise.all(state.transports.map(async transport => transport.close()));
};

/** The run's open connections, as kinds ask for them. */
const connectedDevices = (nodes: ReadonlyMap<string, WindowsNode>, switches: ReadonlyMap<string, SwitchDriver>): FaultDevices => ({
	switchDriver: async name => switches.get(name) ?? Promise.reject(new HarnessError('INTERNAL', `no connection to switch ${name}`, {target: name})),
	windowsNode: async name => nodes.get(name) ?? Promise.reject(new HarnessError('INTERNAL', `no connection to node ${name}`, {target: name})),
});

const timeline = async (state: RunState): Promise<void> => {
	const {options: {rig, plan, recorder, journal}, clock, data, stamp, nodes, switches, teardown} = state;
	const signal = state.run.signal;
	const faults = new Map<string, {context: FaultContext; entry?: TeardownEntry}>();
	const inPlace = () => [...faults.values()].filter(fault => fault.context.record.injectedAtS !== undefined && fault.context.record.restoreConfirmedAtS === undefined).map(fault => fault.context.step);
	const devices = connectedDevices(nodes, switches);
	const faultContext = (planned: FaultStep): FaultContext => {
		const {kind, step} = faultKindOf(planned);
		const record: FaultRecord = {id: step.id, kind: step.kind, target: kind.describe(step), step: planned};
		data.faults.push(record);
		return {
			kind, step, record, devices, teardown, recorder, clock, log: stamp, ...(journal ? {journal} : {}),
			// Checked again right before the injection, against the faults actually in place at that moment.
			guard: () => assertInterlocks(injectionInterlocks(rig, step, inPlace(), plan.allowAllPathsDown ?? false), rig),
			// Nothing else on the rig may be down but what this run's own faults take down.
			rigCheck: async (checkSignal: AbortSignal) => assertNothingElseDown(rig, state, [...inPlace(), step], {device: kind.device(step).name, what: `${kind.verbs.inject} ${kind.describe(step)}`}, checkSignal),
		};
	};

	const events = [
		// Workloads planned for the same instant are released in one go: one event each would put a timer tick
		// (a millisecond or more) between them.
		...[...new Set(plan.workloads.map(step => step.atS))].map(atS => ({atS, order: 0, async run() {
			const steps = plan.workloads.filter(step => step.atS === atS);
			for (const step of steps) {
				state.armed!.release(step.id);
			}

			stamp(`start ${[...new Set(steps.map(step => step.kind))].join(' and ')} on ${steps.map(step => step.node).join(', ')}`);
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
				if (fault.context.record.foundInPlace === true) {
					return;
				}

				stamp(`${fault.context.kind.verbs.restore} ${fault.context.record.target}`);
				await restoreFault(fault.context, fault.entry, signal);
			}},
		]),
	].sort((a, b) => a.atS - b.atS || a.order - b.order);

	for (const event of events) {
		await sleep(recorder.origin + (event.atS * 1000) - clock.now(), signal);
		await event.run();
	}

	// The timeline lasts as planned: its last seconds (a restore seen by the captures) count even with no event in them.
	await sleep(recorder.origin + (plan.durationS * 1000) - clock.now(), signal);
};
