// A host rule: its identity and hint (check.ts) and the pure function that judges it from the facts.
import type {Verdict} from '../verdicts/verdict.js';
import type {Rule} from './check.js';
import type {HostFacts} from './host-facts.js';

export interface HostRule {
	rule: Rule;
	judge(facts: HostFacts): Verdict[];
}
