// The simulated Hyper-V hosts' virtual machines and their live migrations. Each host's `testVm` (rig file) runs on
// it with the memory `simulation.vms` gives it. A live migration goes the way the source host is set up
// (Set-VMHost -VirtualMachineMigrationPerformanceOption): SMB sends the memory over SMB Direct on the rNICs of both
// hosts, capped by the source host's SMB bandwidth limit for LiveMigration (Set-SmbBandwidthLimit, bytes per second);
// without a limit it takes half of every link it crosses, as an RDMA flow sharing a queue fairly with the storage
// traffic there. TCPIP and Compression send it over the management vNIC, one TCP stream through the virtual switch.
// It takes the configured overhead plus the memory (times the pages sent again) over that rate, and its bytes show on
// the rNICs' RDMA counters, on their links (where storage gets what is left) and on the management adapter's
// statistics.
import type {RigNode} from '../rig/schema.js';
import type {AdapterState, CrossTraffic, Fabric} from './fabric.js';
import {nodeState} from './windows/node-state.js';

export interface Vm {
	name: string;
	/** The host it runs on when the simulation starts. */
	home: string;
	memoryBytes: number;
}

export interface Migration {
	vm: string;
	from: string;
	to: string;
	/** The command's start and the switch-over, fabric ms. */
	at: number;
	endsAt: number;
	/** When memory is being copied, and at what rate (bytes per second in total). */
	copyFrom: number;
	copyTo: number;
	bytesPerS: number;
	transport: 'rdma' | 'tcp';
	/** The rNIC pairs it crosses (SMB), source first. */
	links: Array<[AdapterState, AdapterState]>;
}

const performanceOptions = {TCPIP: 0, Compression: 1, SMB: 2} as const;
const liveMigrationCategory = 2;
const mib = 1024 * 1024;
// The management adapter's counters start from where a host that has been up a while has them.
const managementBaseBytes = {sent: 48_117_296_128, received: 71_905_411_072};

export class SimLiveMigration {
	readonly vms: Vm[];
	readonly migrations: Migration[] = [];

	constructor(readonly fabric: Fabric) {
		this.vms = fabric.rig.nodes.flatMap(node => (node.testVm === undefined ? [] : [{
			name: node.testVm, home: node.name, memoryBytes: (fabric.config.vms[node.testVm]?.memoryMB ?? 4096) * mib,
		}]));
		fabric.crossTraffic.push((adapter, t) => this.trafficOn(adapter, t));
	}

	vm(name: string): Vm | undefined {
		return this.vms.find(vm => vm.name.toLowerCase() === name.toLowerCase());
	}

	/** The host a VM runs on at t (the source until the switch-over). */
	hostOf(vm: Vm, t = this.fabric.now()): string {
		return this.migrations.findLast(migration => migration.vm === vm.name && migration.endsAt <= t)?.to ?? vm.home;
	}

	migrating(vm: Vm, t = this.fabric.now()): Migration | undefined {
		return this.migrations.find(migration => migration.vm === vm.name && migration.at <= t && t < migration.endsAt);
	}

	/** Starts a live migration now; its end is `endsAt`. */
	start(vm: Vm, from: RigNode, to: RigNode): Migration {
		const {overheadMs, copyFactor, tcpMBps} = this.fabric.config.liveMigration;
		const source = nodeState(this.fabric, from.name);
		const smb = source.vmHost?.migrationOption === performanceOptions.SMB && this.fabric.rig.storage.transport !== 'TCP';
		const links = smb ? from.rnics.flatMap(rnic => {
			const peer = to.rnics.find(candidate => candidate.network === rnic.network);
			const pair: [AdapterState, AdapterState] | undefined = peer === undefined ? undefined : [this.fabric.adapter(from.name, rnic.name), this.fabric.adapter(to.name, peer.name)];
			return pair !== undefined && pair.every(adapter => this.fabric.linkUp(adapter) && adapter.rdmaEnabled) ? [pair] : [];
		}) : [];
		const limit = source.bandwidthLimits.find(candidate => candidate.Category === liveMigrationCategory)?.BytesPerSecond;
		const linkBytes = (adapter: AdapterState) => adapter.rnic.linkGbps * 1e9 / 8 * 0.979;
		const rdmaBytes = links.reduce((sum, [a, b]) => sum + (Math.min(linkBytes(a), linkBytes(b)) / 2), 0);
		const transport = links.length > 0 ? 'rdma' : 'tcp';
		const bytesPerS = transport === 'rdma' ? (limit === undefined ? rdmaBytes : Math.min(limit, rdmaBytes)) : tcpMBps * 1e6;
		const at = this.fabric.now();
		const copyMs = vm.memoryBytes * copyFactor / bytesPerS * 1000;
		const migration: Migration = {vm: vm.name, from: from.name, to: to.name, at, copyFrom: at + (overheadMs / 2), copyTo: at + (overheadMs / 2) + copyMs, endsAt: at + overheadMs + copyMs, bytesPerS, transport, links};
		this.migrations.push(migration);
		return migration;
	}

	private trafficOn(adapter: AdapterState, t: number): CrossTraffic | undefined {
		const migration = this.migrations.find(candidate => candidate.transport === 'rdma' && candidate.copyFrom <= t && t < candidate.copyTo && candidate.links.some(pair => pair.includes(adapter)));
		if (migration === undefined) {
			return undefined;
		}

		const share = migration.bytesPerS / migration.links.length;
		return adapter.node === migration.from ? {inbound: 0, outbound: share, transport: 'rdma'} : {inbound: share, outbound: 0, transport: 'rdma'};
	}

	/** Get-NetAdapterStatistics of a host's management adapter: background traffic plus TCP migrations. */
	managementBytes(node: string, t = this.fabric.now()): {sent: number; received: number} {
		const background = this.fabric.config.liveMigration.managementBytesPerS * Math.max(0, t) / 1000;
		const copied = (migration: Migration) => migration.bytesPerS * Math.max(0, Math.min(t, migration.copyTo) - migration.copyFrom) / 1000;
		const tcp = this.migrations.filter(migration => migration.transport === 'tcp');
		return {
			sent: Math.round(managementBaseBytes.sent + background + tcp.filter(migration => migration.from === node).reduce((sum, migration) => sum + copied(migration), 0)),
			received: Math.round(managementBaseBytes.received + background + tcp.filter(migration => migration.to === node).reduce((sum, migration) => sum + copied(migration), 0)),
		};
	}
}

const models = new WeakMap<Fabric, SimLiveMigration>();

/** The fabric's VMs and migrations, created on first use; from then on migrations share the fabric's links. */
export const simLiveMigration = (fabric: Fabric): SimLiveMigration => {
	let model = models.get(fabric);
	if (model === undefined) {
		model = new SimLiveMigration(fabric);
		models.set(fabric, model);
	}

	return model;
};
