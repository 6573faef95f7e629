// The rig manifest of a run: what the hardware and its software were when the run measured them. OS build, rNIC
// driver, firmware and negotiated link speed per node; OS and version per switch; the DCB / QoS configuration of
// every node and of the switch ports cabled to its rNICs, hashed; and the rig file itself. Stored with the run and
// in the history, so a regression can be put next to what changed (usually a driver or firmware update). Pure:
// built from what the run already read.
import {createHash} from 'node:crypto';
import type {RigNode} from '../rig/schema.js';
import type {DcbxState, EtsClass, PfcState, SwitchVersion, Trust} from '../targets/switch.js';
import type {NodeInventory} from '../windows/inventory/read.js';

/** A piece of configuration and its identity: the hash says whether it changed, the content says what. */
export interface Hashed<T> {
	/** sha256 of the content as canonical JSON (keys sorted), hex. */
	sha256: string;
	content: T;
}

export interface RnicManifest {
	description: string | null;
	driver: {name: string | null; version: string | null; provider: string | null};
	/** null: the driver does not report it (DEVPKEY_Device_FirmwareVersion empty), or it could not be read. */
	firmware: string | null;
	/** Negotiated link speed, Gb/s; null when the link was down or the adapter absent. */
	linkGbps: number | null;
}

export interface NodeManifest {
	os: {name: string | null; version: string | null; build: string | null};
	rnics: Record<string, RnicManifest>;
	/** QoS policies, traffic classes, PFC, adapter QoS, DCBX and the rNICs' RDMA and DCB-relevant properties. */
	dcb: Hashed<Record<string, unknown>>;
}

export interface SwitchPortDcb {
	pfc: {mode: PfcState['mode']; priorities: number[]};
	/** By traffic class (`TC 3`), so a change names its class. */
	ets: Record<string, Omit<EtsClass, 'trafficClass'>>;
	trust: Trust;
	mtu: number;
	dcbx: DcbxState;
}

export interface SwitchManifest {
	vendor: string;
	/** null when the switch could not say (see unread). */
	os: SwitchVersion | null;
	/** The DCB configuration of the ports cabled to the run's rNICs; null when it could not be read. */
	dcb: Hashed<Record<string, SwitchPortDcb>> | null;
}

/** What the run's devices said about themselves. */
export interface DeviceManifest {
	nodes: Record<string, NodeManifest>;
	switches: Record<string, SwitchManifest>;
	/** What could not be read, and why: missing, never guessed. */
	unread: string[];
}

/** The devices' manifest and the rig file the run was given (the configuration the lab wrote). */
export interface RigManifest extends DeviceManifest {
	rigFile: Hashed<unknown>;
}

/** JSON with object keys sorted at every level: the same content always hashes the same. */
export const canonicalJson = (value: unknown): string => JSON.stringify(value, (_key, item: unknown) => (
	item !== null && typeof item === 'object' && !Array.isArray(item)
		? Object.fromEntries(Object.entries(item as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
		: item
)) ?? 'null';

export const sha256 = (value: unknown): string => createHash('sha256').update(canonicalJson(value)).digest('hex');

export const hashed = <T>(content: T): Hashed<T> => ({sha256: sha256(content), content});

const byName = <T, V>(items: readonly T[], key: (item: T) => string, value: (item: T) => V): Record<string, V> =>
	Object.fromEntries(items.map(item => [key(item), value(item)] as const).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

const gbps = (bps: number | string | null | undefined) => {
	const value = Number(bps);
	return bps === null || bps === undefined || !Number.isFinite(value) || value <= 0 ? null : value / 1e9;
};

/** The manifest of one node from its inventory: only its rNICs (the rig file's) count for drivers and firmware. */
export const nodeManifest = (node: RigNode, inventory: NodeInventory): {manifest: NodeManifest; unread: string[]} => {
	const unread: string[] = [];
	const os = inventory.os[0];
	const registry = inventory.osBuild[0];
	if (registry === undefined) {
		unread.push(`${node.name}: OS update revision not read${inventory.errors.osBuild === undefined ? '' : ` (${inventory.errors.osBuild})`}`);
	}

	if (inventory.errors.firmware !== undefined) {
		unread.push(`${node.name}: rNIC firmware not read (${inventory.errors.firmware})`);
	}

	const rnicNames = new Set(node.rnics.map(rnic => rnic.name));
	const rnics = byName(node.rnics, rnic => rnic.name, (rnic): RnicManifest => {
		const adapter = inventory.adapters.find(candidate => candidate.Name === rnic.name);
		const pnp = adapter?.PnPDeviceID?.toLowerCase();
		const property = inventory.firmware.find(item => pnp !== undefined && item.InstanceId.toLowerCase() === pnp);
		const firmware = typeof property?.Data === 'string' && property.Data.trim() !== '' ? property.Data.trim() : null;
		return {
			description: adapter?.InterfaceDescription ?? null,
			driver: {name: adapter?.DriverName ?? null, version: adapter?.DriverVersionString ?? null, provider: adapter?.DriverProvider ?? null},
			firmware,
			linkGbps: gbps(adapter?.ReceiveLinkSpeed),
		};
	});
	const ours = <T extends {Name: string}>(items: readonly T[]) => items.filter(item => rnicNames.has(item.Name));
	const dcb = {
		policies: byName(inventory.qosPolicies, policy => policy.Name, ({Name: _name, ...policy}) => policy),
		// Global settings carry ifIndex 0; a per-adapter (PolicySet Adapter) one is named with its adapter's index.
		trafficClasses: byName(inventory.qosTrafficClasses, trafficClass => `${trafficClass.Name}${trafficClass.IfIndex ? ` (ifIndex ${trafficClass.IfIndex})` : ''}`, ({Name: _name, ...trafficClass}) => trafficClass),
		flowControl: byName(inventory.qosFlowControl, item => `priority ${item.Priority}${item.IfIndex ? ` (ifIndex ${item.IfIndex})` : ''}`, item => item.Enabled),
		dcbxWilling: byName(inventory.dcbx, item => item.InterfaceAlias ?? 'global', item => item.Willing),
		adapterQos: byName(ours(inventory.adapterQos), item => item.Name, ({Name: _name, ...item}) => item),
		rdma: byName(ours(inventory.rdma), item => item.Name, item => item.Enabled),
		advanced: byName(node.rnics, rnic => rnic.name, rnic => byName(inventory.advanced.filter(item => item.Name === rnic.name), item => item.RegistryKeyword, item => item.RegistryValue)),
	};
	return {
		manifest: {
			os: {
				name: registry?.ProductName ?? os?.Caption ?? null,
				version: registry?.DisplayVersion ?? os?.Version ?? null,
				// CurrentBuild.UBR is what `winver` shows ("20348.2340"); BuildNumber alone misses every cumulative update.
				build: registry === undefined ? os?.BuildNumber ?? null : registry.UBR === undefined || registry.UBR === null ? registry.CurrentBuild : `${registry.CurrentBuild}.${registry.UBR}`,
			},
			rnics,
			dcb: hashed(dcb),
		},
		unread,
	};
};

/** The DCB configuration of a switch port as a driver reads it: configuration only, no state or counters. */
export const switchPortDcb = (pfc: PfcState, ets: EtsClass[], trust: Trust, mtu: number, dcbx: DcbxState): SwitchPortDcb => ({
	pfc: {mode: pfc.mode, priorities: [...pfc.priorities].sort((a, b) => a - b)},
	ets: Object.fromEntries([...ets].sort((a, b) => a.trafficClass - b.trafficClass).map(({trafficClass, ...item}) => [`TC ${trafficClass}`, {...item, priorities: [...item.priorities].sort((a, b) => a - b)}])),
	trust,
	mtu,
	dcbx,
});

export const rigManifest = (devices: DeviceManifest, rigFile: unknown): RigManifest => ({...devices, rigFile: hashed(rigFile)});
