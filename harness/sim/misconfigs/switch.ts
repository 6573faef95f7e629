// Misconfigurations of the switch ports cabled to rNICs, one per switch rule of `rdmalab validate`. Each changes
// the simulated switches' configuration (or link) the way the real mistake would, on every vendor of the rig.
import {HarnessError} from '../../errors.js';
import type {Fabric} from '../fabric.js';
import {switchConfigs, type SimPortConfig} from '../switches/state.js';
import type {Misconfig} from './types.js';

const everyPort = (fabric: Fabric, change: (config: SimPortConfig) => void) => {
	const configs = switchConfigs(fabric);
	for (const device of fabric.rig.switches) {
		for (const port of configs.cabledPorts(device.name)) {
			change(configs.port(device.name, port));
		}
	}
};

const requireQos = (fabric: Fabric, name: string) => {
	if (fabric.rig.qos === undefined) {
		throw new HarnessError('USAGE', `misconfiguration ${name} needs a rig with a qos block`, {target: fabric.rig.name, hint: 'use a rig with dcb required or optional'});
	}

	return fabric.rig.qos;
};

export const switchMisconfigs: Misconfig[] = [
	{
		name: 'switch-port-shut',
		rule: 'switch-port-up',
		description: 'The switch port cabled to the first SOFS node\'s last rNIC is shut (the host sees that rNIC disconnected too)',
		apply(fabric) {
			const sofs = fabric.rig.nodes.find(node => node.role === 'sofs-node') ?? fabric.rig.nodes[0]!;
			const {cable} = sofs.rnics.at(-1)!;
			fabric.initialPortAdmin(cable.switch, cable.port, false);
		},
	},
	{
		name: 'switch-pfc-auto',
		rule: 'switch-pfc-forced',
		description: 'PFC left on auto (DCBX) on every storage port; the Windows hosts send no DCB TLVs, so it is operationally off (NX-OS "Mode Auto, Oper Off")',
		apply(fabric) {
			requireQos(fabric, this.name);
			everyPort(fabric, config => {
				config.pfcMode = 'auto';
			});
		},
	},
	{
		name: 'switch-pfc-extra-priority',
		rule: 'switch-pfc-priorities',
		description: 'A second priority, which the hosts do not pause on, is lossless on every storage port (stock SONiC makes 3 and 4 lossless)',
		apply(fabric) {
			const qos = requireQos(fabric, this.name);
			const used = new Set([qos.smb.priority, qos.cluster.priority, qos.default.priority, ...qos.pfcPriorities, ...(qos.backup ? [qos.backup.priority] : [])]);
			const extra = [4, 5, 2, 1, 6].find(priority => !used.has(priority))!;
			everyPort(fabric, config => {
				config.pfcPriorities = [...config.pfcPriorities, extra].sort((a, b) => a - b);
				// The priority gets its own lossless queue, carved out of the default class so the SMB share stays.
				const fallback = config.ets.find(entry => entry.priorities.includes(qos.default.priority))!;
				fallback.priorities = fallback.priorities.filter(priority => priority !== extra);
				fallback.bandwidthPercent -= 5;
				config.ets.push({trafficClass: extra, priorities: [extra], algorithm: 'ets', bandwidthPercent: 5});
				config.ets.sort((a, b) => a.trafficClass - b.trafficClass);
			});
		},
	},
	{
		name: 'switch-ets-smb-share',
		rule: 'switch-ets-smb-share',
		description: 'The switch queue carrying SMB Direct gets 20 points less than the hosts\' ETS share; the default class gets them',
		apply(fabric) {
			const qos = requireQos(fabric, this.name);
			everyPort(fabric, config => {
				const smb = config.ets.find(entry => entry.priorities.includes(qos.smb.priority))!;
				const fallback = config.ets.find(entry => entry.priorities.includes(qos.default.priority))!;
				smb.bandwidthPercent -= 20;
				fallback.bandwidthPercent += 20;
			});
		},
	},
	{
		name: 'switch-trust-dscp',
		rule: 'switch-trust-cos',
		description: 'Storage ports classify by DSCP (stock SONiC); the hosts mark only the 802.1p priority, so SMB Direct lands in the default queue',
		apply(fabric) {
			requireQos(fabric, this.name);
			everyPort(fabric, config => {
				config.trust = 'dscp';
			});
		},
	},
	{
		name: 'switch-mtu-1500',
		rule: 'switch-mtu',
		description: 'Storage ports have a 1500-byte MTU while the rNICs send jumbo frames',
		apply(fabric) {
			everyPort(fabric, config => {
				config.mtu = 1500;
			});
		},
	},
	{
		name: 'switch-lldp-two-neighbors',
		rule: 'switch-lldp-neighbor',
		description: 'The rNICs\' firmware LLDP agent runs beside Windows\', so every storage port sees two neighbours',
		apply(fabric) {
			everyPort(fabric, config => {
				const windows = config.lldp[0];
				if (windows !== undefined) {
					// Firmware agents (Mellanox LLDP_NB_TX_MODE) advertise the port MAC and no system name.
					config.lldp.push({systemName: '', portId: windows.chassisId, portDescription: '', chassisId: windows.chassisId});
				}
			});
		},
	},
	{
		name: 'switch-no-backup-class',
		rule: 'switch-backup-priority',
		description: 'The switches have no queue for the backup priority: backup traffic shares the default class',
		apply(fabric) {
			const qos = requireQos(fabric, this.name);
			const backup = qos.backup;
			if (backup === undefined || fabric.rig.backup === undefined || fabric.rig.backup.attachment === 'dedicated-nic') {
				throw new HarnessError('USAGE', `misconfiguration ${this.name} needs a rig whose backup server shares the storage links`, {target: fabric.rig.name, hint: 'use lab-configs/sim-rig-mixed-switches.yaml'});
			}

			everyPort(fabric, config => {
				const fallback = config.ets.find(entry => entry.priorities.includes(qos.default.priority))!;
				const own = config.ets.find(entry => entry.priorities.includes(backup.priority));
				if (own !== undefined && own !== fallback) {
					fallback.bandwidthPercent += own.bandwidthPercent;
					config.ets = config.ets.filter(entry => entry !== own);
				}

				fallback.priorities = [...fallback.priorities, backup.priority].sort((a, b) => a - b);
			});
		},
	},
];
