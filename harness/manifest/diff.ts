// What changed between two manifests, in words a lab engineer reads: "hv01 SLOT 3 Port 1 driver version 3.10.50000
// → 3.10.51000", "tor-a OS version 10.3(4a) → 10.4(1)", "rig file simulation.timings.failoverDetectionMs 1500 →
// 2500". Hashes are left out (the content they stand for is compared leaf by leaf). Pure.
import type {DeviceManifest, RigManifest} from './manifest.js';

export interface ManifestChange {
	/** What changed, e.g. `hv01 SLOT 3 Port 1 firmware`. */
	what: string;
	/** As it was, or null when it was not there (or not reported). */
	before: string | null;
	after: string | null;
}

type Leaves = Map<string, {path: string[]; value: string | null}>;

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Items of a list that all carry a distinct name are compared by name, not by position. */
const nameOf = (item: unknown): string | undefined => (isRecord(item) && typeof item['name'] === 'string' ? item['name'] : undefined);

const flatten = (value: unknown, path: string[], into: Leaves): void => {
	if (Array.isArray(value)) {
		const names = value.map(nameOf);
		const byName = names.every(name => name !== undefined) && new Set(names).size === names.length;
		value.forEach((item, index) => flatten(item, [...path, byName ? names[index]! : `[${index}]`], into));
		if (value.length === 0) {
			into.set(JSON.stringify(path), {path, value: '[]'});
		}

		return;
	}

	if (isRecord(value)) {
		if (Object.keys(value).length === 0) {
			into.set(JSON.stringify(path), {path, value: '{}'});
		}

		for (const [key, item] of Object.entries(value)) {
			if (key !== 'sha256') {
				flatten(item, [...path, key], into);
			}
		}

		return;
	}

	into.set(JSON.stringify(path), {path, value: value === null || value === undefined ? null : typeof value === 'string' ? value : JSON.stringify(value)});
};

const fieldWords: Record<string, string> = {linkGbps: 'link speed (Gb/s)', os: 'OS', dcb: 'DCB/QoS'};

/** `nodes/hv01/rnics/SLOT 3 Port 1/driver/version` → `hv01 SLOT 3 Port 1 driver version`. */
const describe = (path: string[]): string => {
	const [section, ...rest] = path.filter(part => part !== 'content');
	if (section === 'rigFile') {
		return `rig file ${rest.join('.')}`;
	}

	return rest.filter((part, index) => !(index === 1 && part === 'rnics')).map(part => fieldWords[part] ?? part).join(' ');
};

const devices = (manifest: DeviceManifest) => [
	...Object.keys(manifest.nodes).map(name => ['nodes', name] as const),
	...Object.keys(manifest.switches).map(name => ['switches', name] as const),
];

/**
 * Every leaf that differs, in a stable order. A node or switch only one manifest has (a run that touched other
 * devices) is one line, not a change of each of its fields.
 */
export const manifestChanges = (before: RigManifest, after: RigManifest): ManifestChange[] => {
	const changes: ManifestChange[] = [];
	const shared = new Set<string>();
	for (const [section, name] of devices(before)) {
		if (after[section][name] === undefined) {
			changes.push({what: name, before: 'read', after: 'not read by this run'});
		} else {
			shared.add(`${section}/${name}`);
		}
	}

	for (const [section, name] of devices(after)) {
		if (before[section][name] === undefined) {
			changes.push({what: name, before: 'not read by the baseline run', after: 'read'});
		}
	}

	const leaves = (manifest: RigManifest) => {
		const into: Leaves = new Map();
		for (const [section, name] of devices(manifest).filter(([section, name]) => shared.has(`${section}/${name}`))) {
			flatten(manifest[section][name], [section, name], into);
		}

		flatten(manifest.rigFile, ['rigFile'], into);
		return into;
	};

	const old = leaves(before);
	const current = leaves(after);
	for (const key of new Set([...old.keys(), ...current.keys()])) {
		const was = old.get(key);
		const now = current.get(key);
		if ((was?.value ?? null) !== (now?.value ?? null)) {
			changes.push({what: describe((was ?? now)!.path), before: was?.value ?? null, after: now?.value ?? null});
		}
	}

	return changes;
};

export const formatChange = (change: ManifestChange): string => `${change.what}: ${change.before ?? 'none'} → ${change.after ?? 'none'}`;
