// Both directions of a port fault are confirmed by reading the port back; the journal brackets the fault; the
// interlock guard runs before anything is sent.
import test from 'ava';
import {HarnessError} from '../../harness/errors.js';
import type {PortDownStep} from '../../harness/plan/plan.js';
import type {Clock} from '../../harness/run/clock.js';
import {injectPortDown, restorePort, type PortFaultContext} from '../../harness/run/port-fault.js';
import {RunRecorder} from '../../harness/run/recorder.js';
import type {FaultRecord} from '../../harness/run/run-data.js';
import {TeardownStack} from '../../harness/run/teardown.js';
import {FaultJournal} from '../../harness/safety/journal.js';
import type {PortControl, PortStatus} from '../../harness/targets/switch.js';
import {tempDir} from '../helpers/cli.js';

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

// Each reading of the monotonic clock is 30 s later, so the confirmation deadlines pass at once.
const fastClock = (): Clock => {
	let monotonic = 0;
	return {now: () => Date.now(), monotonic: () => (monotonic += 30_000)};
};

const step: PortDownStep = {kind: 'port-down', id: 'pull', switch: 'tor-a', port: 'Ethernet1/1', cable: {node: 'hv01', rnic: 'SLOT 3 Port 1'}, atS: 0, restoreAtS: 1};

const context = async (driver: PortControl, extra: Partial<PortFaultContext> = {}): Promise<PortFaultContext & {journalFile: FaultJournal}> => {
	const dir = await tempDir();
	const journal = new FaultJournal(dir, 'lab');
	const record: FaultRecord = {id: step.id, switch: step.switch, port: step.port, cable: step.cable};
	return {driver, step, record, teardown: new TeardownStack(), recorder: new RunRecorder(`${dir}/run`), clock: fastClock(), log() {}, journal: {journal, runId: 'run-1'}, journalFile: journal, ...extra};
};

test('a fault that takes and a restore that takes: journaled before the shutdown, closed after the confirmation', async t => {
	const driver = new FakeSwitch();
	const ctx = await context(driver);
	const journalBefore = ctx.journalFile;
	const originalSet = driver.setPortAdmin.bind(driver);
	driver.setPortAdmin = async (port, up) => {
		if (!up) {
			t.deepEqual((await journalBefore.pending()).map(intent => intent.id), ['run-1/pull'], 'the intent is on disk before the shutdown');
		}

		return originalSet(port, up);
	};

	const entry = await injectPortDown(ctx, new AbortController().signal);
	t.is(driver.admin, 'down');
	t.is(ctx.teardown.pending.length, 1);
	await restorePort(ctx, entry, new AbortController().signal);
	t.deepEqual(driver.sent, ['shutdown', 'no shutdown']);
	t.deepEqual(await ctx.journalFile.pending(), []);
	t.is(ctx.teardown.pending.length, 0);
	t.not(ctx.record.restoreConfirmedAtS, undefined);
});

test('a shutdown the switch ignores is FAULT_NOT_CONFIRMED, and the teardown still holds the no shutdown', async t => {
	const driver = new FakeSwitch({ignoreShutdown: true});
	const ctx = await context(driver);
	const error = await t.throwsAsync(injectPortDown(ctx, new AbortController().signal), {message: /shutdown was sent but the port is still up after 15 s/});
	t.is((error as HarnessError).code, 'FAULT_NOT_CONFIRMED');
	t.deepEqual(ctx.teardown.pending.map(entry => entry.label), ['no shutdown on tor-a Ethernet1/1']);
});

test('a link that does not come back is FAULT_NOT_CONFIRMED and stays in the journal for rdmalab restore', async t => {
	const driver = new FakeSwitch({linkStaysDown: true});
	const ctx = await context(driver);
	const entry = await injectPortDown(ctx, new AbortController().signal);
	const error = await t.throwsAsync(restorePort(ctx, entry, new AbortController().signal), {message: /no shutdown was sent but the link is not up after 60 s/});
	t.is((error as HarnessError).code, 'FAULT_NOT_CONFIRMED');
	t.deepEqual((await ctx.journalFile.pending()).map(intent => intent.id), ['run-1/pull']);
});

test('a port already down is refused, and a refusing interlock sends nothing and journals nothing', async t => {
	const down = new FakeSwitch();
	down.admin = 'down';
	const downCtx = await context(down);
	await t.throwsAsync(injectPortDown(downCtx, new AbortController().signal), {message: /it is already down/});
	const driver = new FakeSwitch();
	const ctx = await context(driver, {guard() {
		throw new HarnessError('INTERLOCK', 'refused');
	}});
	await t.throwsAsync(injectPortDown(ctx, new AbortController().signal), {message: 'refused'});
	t.deepEqual(driver.sent, []);
	t.deepEqual(await ctx.journalFile.pending(), []);
	t.deepEqual(down.sent, []);
	t.deepEqual(await downCtx.journalFile.pending(), []);
});

test('a restore confirmed up whose journal entry cannot be written says the port is up, and is not sent again', async t => {
	const driver = new FakeSwitch();
	const ctx = await context(driver);
	const entry = await injectPortDown(ctx, new AbortController().signal);
	ctx.journalFile.restored = async () => {
		throw new HarnessError('IO', 'cannot write the fault journal lab.journal.jsonl: EFBIG: file too large');
	};

	const error = await t.throwsAsync(restorePort(ctx, entry, new AbortController().signal));
	t.like(error, {code: 'IO', message: 'tor-a Ethernet1/1 (hv01 SLOT 3 Port 1) is back up and confirmed, but the journal could not be updated: cannot write the fault journal lab.journal.jsonl: EFBIG: file too large'});
	t.regex((error as HarnessError).hint!, /rdmalab restore finds the port up and records it/);
	t.is(driver.admin, 'up');
	t.deepEqual(ctx.teardown.pending, [], 'the teardown does not send no shutdown again');
	t.deepEqual(driver.sent, ['shutdown', 'no shutdown']);
});
