// Every host rule of `rdmalab validate`, in the order the table prints them, and the judge over all of them.
import type {Verdict} from '../verdicts/verdict.js';
import type {HostFacts} from './host-facts.js';
import type {HostRule} from './host-rule.js';
import {clusterRules} from './host-rules-cluster.js';
import {nicRules} from './host-rules-nic.js';
import {qosRules} from './host-rules-qos.js';
import {smbRules} from './host-rules-smb.js';

export const hostRules: readonly HostRule[] = [...nicRules, ...smbRules, ...qosRules, ...clusterRules];

export const judgeHosts = (facts: HostFacts): Verdict[] => hostRules.flatMap(rule => rule.judge(facts));
