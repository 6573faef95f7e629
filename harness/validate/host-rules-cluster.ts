// Cluster and Hyper-V rules: storage networks carrying cluster traffic (so one link loss cannot partition the
// heartbeat), live migration over SMB, and an SMB bandwidth limit so live migration cannot starve storage.
import {checker} from './check.js';
import {hyperVHosts, inCidr, inventoryOf, storageNetworks} from './host-facts.js';
import type {HostRule} from './host-rule.js';

export const clusterNetworks: HostRule = {
	rule: {id: 'cluster-networks', title: 'Every storage network is a cluster network allowed to carry cluster traffic', hint: '(Get-ClusterNetwork "<name>").Role = 3  # ClusterAndClient (1 = Cluster only)'},
	judge(facts) {
		const check = checker(clusterNetworks.rule);
		const {rig} = facts;
		if (rig.cluster === undefined) {
			return [check.skip(rig.name, 'the rig file declares no cluster')];
		}

		const members = rig.sofs.nodes.map(name => inventoryOf(facts, name));
		const source = members.find(inventory => inventory.errors.clusterNetworks === undefined);
		if (source === undefined) {
			return [check.fail(rig.cluster.name, `Get-ClusterNetwork failed on every SOFS node: ${members.map(inventory => `${inventory.node}: ${inventory.errors.clusterNetworks ?? ''}`).join('; ')}`, {})];
		}

		return storageNetworks(rig).map(network => {
			const [base = '', prefix = ''] = network.cidr.split('/');
			const found = source.clusterNetworks.find(item => item.Address === base || inCidr(network.cidr, item.Address));
			const allowed = found !== undefined && (found.Role === 'Cluster' || found.Role === 'ClusterAndClient');
			const message = found === undefined ? `no cluster network on ${network.cidr}` : `${found.Name} (${found.Address}/${prefix}) role ${found.Role}, state ${found.State}`;
			return check.expect(allowed, `${rig.cluster!.name}/${network.name}`, message, {clusterNetwork: found?.Name ?? null, role: found?.Role ?? null, readFrom: source.node});
		});
	},
};

export const liveMigrationSmb: HostRule = {
	rule: {id: 'live-migration-smb', title: 'Live migration uses SMB (SMB Direct over the rNICs)', hint: 'Set-VMHost -VirtualMachineMigrationPerformanceOption SMB'},
	judge(facts) {
		const check = checker(liveMigrationSmb.rule);
		const expected = facts.rig.hyperv.liveMigration;
		if (expected !== 'SMB') {
			return [check.skip(facts.rig.name, `the rig file sets live migration to ${expected}`)];
		}

		return hyperVHosts(facts.rig).map(node => {
			const inventory = inventoryOf(facts, node.name);
			const host = inventory.vmHost[0];
			if (host === undefined) {
				return check.fail(node.name, `Get-VMHost: ${inventory.errors.vmHost ?? 'no output'}`, {});
			}

			return check.expect(host.VirtualMachineMigrationPerformanceOption === 'SMB', node.name, `VirtualMachineMigrationPerformanceOption ${host.VirtualMachineMigrationPerformanceOption}`, {option: host.VirtualMachineMigrationPerformanceOption, enabled: host.VirtualMachineMigrationEnabled});
		});
	},
};

export const liveMigrationLimit: HostRule = {
	rule: {id: 'live-migration-limit', title: 'Live migration over SMB capped by an SMB bandwidth limit', hint: 'Install-WindowsFeature FS-SMBBW; Set-SmbBandwidthLimit -Category LiveMigration -BytesPerSecond 750MB'},
	judge(facts) {
		const check = checker(liveMigrationLimit.rule);
		const {liveMigration, liveMigrationLimitMBps} = facts.rig.hyperv;
		if (liveMigration !== 'SMB') {
			return [check.skip(facts.rig.name, `live migration does not use SMB (${liveMigration})`)];
		}

		const expected = liveMigrationLimitMBps === undefined ? undefined : liveMigrationLimitMBps * 1024 * 1024;
		return hyperVHosts(facts.rig).map(node => {
			const inventory = inventoryOf(facts, node.name);
			const limit = inventory.smbBandwidthLimits.find(item => item.Category === 'LiveMigration');
			if (limit === undefined) {
				return check.fail(node.name, `no LiveMigration bandwidth limit${inventory.errors.smbBandwidthLimits === undefined ? '' : ` (${inventory.errors.smbBandwidthLimits})`}`, {expected: expected ?? null});
			}

			const ok = expected === undefined || limit.BytesPerSecond === expected;
			return check.expect(ok, node.name, `LiveMigration limited to ${Math.round(limit.BytesPerSecond / 1024 / 1024)} MB/s${liveMigrationLimitMBps === undefined ? '' : ` (rig: ${liveMigrationLimitMBps} MB/s)`}`, {bytesPerSecond: limit.BytesPerSecond, expected: expected ?? null});
		});
	},
};

export const clusterRules: HostRule[] = [clusterNetworks, liveMigrationSmb, liveMigrationLimit];
