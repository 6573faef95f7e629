// The lifecycle every fault goes through, here with the port-down kind and a fake switch behind a fake FaultDevices:
// both directions are confirmed by reading the state back; the journal brackets the fault; the interlock guard and
// the rig check run before anything is sent.
import {readFileSync} from 'node:fs';
import test from 'ava';
import {HarnessError} from '../../harness/errors.js';
import type {FaultDevices} from '../../harness/kinds/fault-kind.js';
import {portDown, type PortDownStep} from '../../harness/kinds/faults/port-down.js';
import {faultKindOf} from '../../harness/kinds/index.js';
import type {Clock} from '../../harness/run/clock.js';
import {injectFault, restoreFault, type FaultContext} from '../../harness/run/fault-lifecycle.js';
import {RunRecorder} from '../../harness/run/recorder.js';
import type {FaultRecord} from '../../harness/run/run-data.js';
import {TeardownStack} from '../../harness/run/teardown.js';
import {FaultJournal} from '../../harness/safety/journal.js';
import type {PortControl, PortStatus, SwitchDriver} from '../../harness/targets/switch.js';
import {tempDir} from '../helpers/cli.js';
import {portDownStep} from '../helpers/journal.js';

/** A switch whose port obeys (or ignores) shutdown and no shutdown. */
class FakeSwitch implements PortControl {
	readonly name = 'tor-a';
	readonly vendor = 'nxos' as const;
	admin: 'up' | 'down' = 'up';
	sent: string[] = [];
	constructor(private readonly behaviour: {ignoreShutdown?: boolean; linkStaysDown?: boolean} = {}) {}

	async portStatus(port: string): Promise<PortStatus> {
		const oper = this.admin === 'down' || (this.behaviour.linkStaysDown && this.sent.includes('shutdown')) ? 'down' : 'up';
		return {port, admin: this.admin, oper};
	}

	async setPortAdmin(_port: string, up: boolean): Promise<void> {
		this.sent.push(up ? 'no shutdown' : 'shutdown');
		if (up || !this.behaviour.ignoreShutdown) {
			this.admin = up ? 'up' : 'down';
		}
	}
}

/** The devices a run would have open: this one switch (port-down only needs its port control), no node. */
const fakeDevices = (driver: FakeSwitch): FaultDevices & {asked: string[]} => {
	const asked: string[] = [];
	return {
		asked,
		async switchDriver(name) {
			asked.push(name);
			if (name !== driver.name) {
				throw new HarnessError('INTERNAL', `no connection to switch ${name}`);
			}

			return driver as unknown as SwitchDriver;
		},
		async windowsNode(name) {
			throw new HarnessError('INTERNAL', `port-down asked for node ${name}`);
		},
	};
};

// Each reading of the monotonic clock is 30 s later, so the confirmation deadlines pass at once.
const fastClock = (): Clock => {
	let monotonic = 0;
	return {now: () => Date.now(), monotonic: () => (monotonic += 30_000)};
};

const step: PortDownStep = portDownStep('pull', 'tor-a', 'Ethernet1/1', {node: 'hv01', rnic: 'SLOT 3 Port 1'});

type Context = FaultContext & {journalFile: FaultJournal; folder: string; asked: string[]};

const context = async (driver: FakeSwitch, extra: Partial<FaultContext> = {}): Promise<Context> => {
	const dir = await tempDir();
	const journal = new FaultJournal(dir, 'lab');
	const record: FaultRecord = {id: step.id, kind: step.kind, target: portDown.describe(step), step};
	const folder = `${dir}/run`;
	const devices = fakeDevices(driver);
	return {
		asked: devices.asked,
		// As the runner gets it: through the registry.
		kind: faultKindOf(step).kind, step, record, devices, teardown: new TeardownStack(), recorder: new RunRecorder(folder), clock: fastClock(), log() {},
		journal: {journal, runId: 'run-1'}, journalFile: journal, folder, ...extra,
	};
};

const events = (ctx: Context) => readFileSync(`${ctx.folder}/events.jsonl`, 'utf8').trim().split('\n').map(line => JSON.parse(line) as {type: string} & Record<string, unknown>);

test('a fault that takes and a restore that takes: journaled (the step whole) before the shutdown, closed after the confirmation', async t => {
	const driver = new FakeSwitch();
	const ctx = await context(driver);
	const journalBefore = ctx.journalFile;
	const originalSet = driver.setPortAdmin.bind(driver);
	driver.setPortAdmin = async (port, up) => {
		if (!up) {
			const pending = await journalBefore.pending();
			t.deepEqual(pending.map(intent => intent.id), ['run-1/pull'], 'the intent is on disk before the shutdown');
			t.like(pending[0], {runId: 'run-1', device: 'tor-a', describe: 'tor-a Ethernet1/1 (hv01 SLOT 3 Port 1)', step});
		}

		return originalSet(port, up);
	};

	const lines: string[] = [];
	ctx.log = line => lines.push(line);
	const entry = await injectFault(ctx, new AbortController().signal);
	t.is(driver.admin, 'down');
	t.deepEqual(ctx.teardown.pending.map(pending => pending.label), ['no shutdown on tor-a Ethernet1/1 (hv01 SLOT 3 Port 1)']);
	t.not(ctx.record.injectedAtS, undefined);
	t.not(ctx.record.confirmedAtS, undefined);
	await restoreFault(ctx, entry, new AbortController().signal);
	t.deepEqual(driver.sent, ['shutdown', 'no shutdown']);
	t.deepEqual(await ctx.journalFile.pending(), []);
	t.like((await ctx.journalFile.records()).at(-1), {type: 'restored', id: 'run-1/pull', by: 'run'});
	t.is(ctx.teardown.pending.length, 0);
	t.not(ctx.record.restoredAtS, undefined);
	t.not(ctx.record.restoreConfirmedAtS, undefined);
	t.deepEqual(lines, ['port shut: tor-a Ethernet1/1 (hv01 SLOT 3 Port 1)', 'link back up: tor-a Ethernet1/1 (hv01 SLOT 3 Port 1)']);
	t.deepEqual(events(ctx).map(event => event.type), ['fault-intent', 'fault-sent', 'fault-confirmed', 'fault-restore-sent', 'fault-restored']);
	t.like(events(ctx)[0], {fault: 'pull', kind: 'port-down', target: 'tor-a Ethernet1/1 (hv01 SLOT 3 Port 1)', step});
	t.deepEqual([...new Set(ctx.asked)], ['tor-a'], 'only the fault\'s own switch is asked for');
});

test('a shutdown the switch ignores is FAULT_NOT_CONFIRMED, and the teardown still holds the no shutdown', async t => {
	const driver = new FakeSwitch({ignoreShutdown: true});
	const ctx = await context(driver);
	const error = await t.throwsAsync(injectFault(ctx, new AbortController().signal), {message: 'tor-a Ethernet1/1 (hv01 SLOT 3 Port 1): shut was sent but it reads admin up, link up after 15 s'});
	t.is((error as HarnessError).code, 'FAULT_NOT_CONFIRMED');
	t.is((error as HarnessError).target, 'tor-a');
	t.deepEqual(ctx.teardown.pending.map(entry => entry.label), ['no shutdown on tor-a Ethernet1/1 (hv01 SLOT 3 Port 1)']);
	t.is(ctx.record.confirmedAtS, undefined);
	// The teardown's undo is the kind's restore, confirmed.
	await ctx.teardown.pending[0]!.run();
	t.deepEqual(driver.sent, ['shutdown', 'no shutdown']);
	t.deepEqual(await ctx.journalFile.pending(), []);
});

test('a link that does not come back is FAULT_NOT_CONFIRMED and stays in the journal for rdmalab restore', async t => {
	const driver = new FakeSwitch({linkStaysDown: true});
	const ctx = await context(driver);
	const entry = await injectFault(ctx, new AbortController().signal);
	const error = await t.throwsAsync(restoreFault(ctx, entry, new AbortController().signal), {message: 'tor-a Ethernet1/1 (hv01 SLOT 3 Port 1): no shut was sent but it reads admin up, link down after 60 s'});
	t.is((error as HarnessError).code, 'FAULT_NOT_CONFIRMED');
	t.deepEqual((await ctx.journalFile.pending()).map(intent => intent.id), ['run-1/pull']);
	t.deepEqual(ctx.teardown.pending, [], 'sending no shutdown again would change nothing');
	t.is(ctx.record.restoreConfirmedAtS, undefined);
});

test('a port already down is refused, and a refusing interlock or rig check sends nothing and journals nothing', async t => {
	const down = new FakeSwitch();
	down.admin = 'down';
	const downCtx = await context(down);
	const refused = await t.throwsAsync(injectFault(downCtx, new AbortController().signal), {message: 'refusing to shut tor-a Ethernet1/1 (hv01 SLOT 3 Port 1): it is not in its normal state (admin down, link down)'});
	t.like(refused, {code: 'FAULT_NOT_CONFIRMED', target: 'tor-a'});
	const driver = new FakeSwitch();
	const ctx = await context(driver, {guard() {
		throw new HarnessError('INTERLOCK', 'refused');
	}});
	await t.throwsAsync(injectFault(ctx, new AbortController().signal), {message: 'refused'});
	const checked = new FakeSwitch();
	const checkedCtx = await context(checked, {async rigCheck() {
		throw new HarnessError('INTERLOCK', 'another port is down');
	}});
	await t.throwsAsync(injectFault(checkedCtx, new AbortController().signal), {message: 'another port is down'});
	for (const [fake, faultCtx] of [[down, downCtx], [driver, ctx], [checked, checkedCtx]] as const) {
		t.deepEqual(fake.sent, []);
		t.deepEqual(await faultCtx.journalFile.pending(), []);
		t.deepEqual(faultCtx.teardown.pending, []);
		t.is(faultCtx.record.injectedAtS, undefined);
	}
});

test('a journal that cannot be written stops the fault before anything is sent', async t => {
	const driver = new FakeSwitch();
	const ctx = await context(driver);
	ctx.journalFile.intent = async () => {
		throw new HarnessError('IO', 'cannot write the fault journal lab.journal.jsonl: EROFS');
	};

	await t.throwsAsync(injectFault(ctx, new AbortController().signal), {message: /EROFS/});
	t.deepEqual(driver.sent, []);
	t.deepEqual(ctx.teardown.pending, []);
});

test('a restore confirmed up whose journal entry cannot be written says the rig is fine, and is not sent again', async t => {
	const driver = new FakeSwitch();
	const ctx = await context(driver);
	const entry = await injectFault(ctx, new AbortController().signal);
	ctx.journalFile.restored = async () => {
		throw new HarnessError('IO', 'cannot write the fault journal lab.journal.jsonl: EFBIG: file too large');
	};

	const error = await t.throwsAsync(restoreFault(ctx, entry, new AbortController().signal));
	t.like(error, {code: 'IO', message: 'tor-a Ethernet1/1 (hv01 SLOT 3 Port 1) is back and confirmed, but the journal could not be updated: cannot write the fault journal lab.journal.jsonl: EFBIG: file too large'});
	t.regex((error as HarnessError).hint!, /rdmalab restore finds it restored and records it/);
	t.is(driver.admin, 'up');
	t.deepEqual(ctx.teardown.pending, [], 'the teardown does not send no shutdown again');
	t.deepEqual(driver.sent, ['shutdown', 'no shutdown']);
});
