// Misconfigurations the rdma-offload suite's verdicts guard against, beside the ones it shares with the failover
// suite (rnic2-rdma-disabled) and validate (rnic-technology-mismatch, sofs-networkdirect-global-off).
import {HarnessError} from '../../errors.js';
import {nodeState} from '../windows/node-state.js';
import type {Misconfig} from './types.js';

export const offloadMisconfigs: Misconfig[] = [
	{
		name: 'hosts-pfc-off',
		description: 'PFC is off on every Hyper-V host (Disable-NetQosFlowControl): on a RoCE rig SMB Direct still runs, but under load the hosts drop instead of pausing, so RDMA retransmits (go-back-N) and its queue pairs fail (RDMA error counters climb); iWARP recovers from losses and does not mind',
		apply(fabric) {
			if (fabric.rig.qos === undefined) {
				throw new HarnessError('USAGE', `misconfiguration ${this.name} needs a rig with a qos block`, {target: fabric.rig.name, hint: 'use a rig with dcb required or optional'});
			}

			for (const node of fabric.rig.nodes.filter(candidate => candidate.role === 'hyperv-host')) {
				nodeState(fabric, node.name).pfcPriorities.clear();
			}
		},
	},
];
