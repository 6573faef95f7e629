// The manifest as report sections: what ran on the nodes and switches when the run measured, for the engineer who
// signs the hardware off. Pure: manifest in, report model out.
import type {ReportSection} from '../../reports/model.js';
import type {DeviceManifest} from './manifest.js';

const short = (sha256: string | undefined) => (sha256 === undefined ? 'not read' : sha256.slice(0, 12));
const byName = <T>(record: Record<string, T>) => Object.entries(record).sort(([a], [b]) => a.localeCompare(b));
const or = (value: string | number | null | undefined, missing = 'not reported') => (value === null || value === undefined ? missing : value);

export const manifestSections = (manifest: DeviceManifest | undefined): ReportSection[] => {
	if (manifest === undefined) {
		return [];
	}

	const sections: ReportSection[] = [{
		kind: 'table',
		title: 'Rig manifest: nodes',
		columns: ['Node', 'OS', 'Build', 'rNIC', 'Driver', 'Firmware', 'Link (Gb/s)', 'DCB/QoS configuration'],
		rows: byName(manifest.nodes).flatMap(([node, facts]) => byName(facts.rnics).map(([rnic, item]) => [
			node, `${or(facts.os.name, 'not read')} ${facts.os.version ?? ''}`.trim(), or(facts.os.build, 'not read'), `${rnic} (${or(item.description, 'absent')})`,
			`${or(item.driver.name)} ${or(item.driver.version)}`, or(item.firmware), or(item.linkGbps, 'down'), short(facts.dcb.sha256),
		])),
		caption: 'Read at the start of the run. The DCB/QoS column is the sha256 of the node\'s QoS policies, traffic classes, PFC, DCBX and the rNICs\' RDMA and DCB settings: the same hash, the same configuration.',
	}];
	if (Object.keys(manifest.switches).length > 0) {
		sections.push({
			kind: 'table',
			title: 'Rig manifest: switches',
			columns: ['Switch', 'OS', 'Version', 'Model', 'DCB configuration', 'Ports'],
			rows: byName(manifest.switches).map(([name, item]) => [
				name, or(item.os?.os, 'not read'), or(item.os?.version, 'not read'), or(item.os?.model), short(item.dcb?.sha256), item.dcb === null ? 'not read' : Object.keys(item.dcb.content).join(', '),
			]),
			caption: 'The DCB column is the sha256 of PFC, ETS, trust, MTU and DCBX of the ports cabled to the run\'s rNICs.',
		});
	}

	if (manifest.unread.length > 0) {
		sections.push({kind: 'facts', title: 'Rig manifest: not read', facts: manifest.unread.map((line, index) => ({label: String(index + 1), value: line}))});
	}

	return sections;
};
