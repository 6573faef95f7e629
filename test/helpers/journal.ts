// Journal entries as the runner writes them (harness/run/fault-lifecycle.ts): the step whole, its device and its
// kind's description. Tests that stand in for a killed run write their intents through these.
import type {FaultStepBase} from '../../harness/kinds/fault-kind.js';
import {faultKindOf} from '../../harness/kinds/index.js';
import type {PortDownStep} from '../../harness/kinds/faults/port-down.js';
import type {FaultIntent, FaultJournal} from '../../harness/safety/journal.js';

/** A port-down step; `atS`/`restoreAtS` do not matter to the journal. */
export const portDownStep = (id: string, switchName: string, port: string, cable: {node: string; rnic: string}, atS = 0, restoreAtS = 1): PortDownStep =>
	({kind: 'port-down', id, switch: switchName, port, cable, atS, restoreAtS});

/** Journals `step` under `<runId>/<step.id>`, as fault-lifecycle does before it injects. */
export const journalIntent = async (journal: FaultJournal, runId: string, step: FaultStepBase & Record<string, unknown>): Promise<FaultIntent> => {
	const {kind, step: parsed} = faultKindOf(step);
	return journal.intent({id: `${runId}/${step.id}`, runId, step, device: kind.device(parsed).name, describe: kind.describe(parsed)});
};

/** Journals the shutdown of `switchName port` (the rNIC `cable` on its other end) as run `runId`'s fault `faultId`. */
export const journalPortDown = async (journal: FaultJournal, entry: {runId: string; faultId: string; switch: string; port: string; cable: {node: string; rnic: string}}): Promise<FaultIntent> =>
	journalIntent(journal, entry.runId, portDownStep(entry.faultId, entry.switch, entry.port, entry.cable));
