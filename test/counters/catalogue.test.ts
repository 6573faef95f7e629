import test from 'ava';
import {catalogueEntry, counterCatalogue, hostCpuCounter, networkAdapterCounter} from '../../harness/counters/catalogue.js';

test('the catalogue names every set the harness reads, SMB Direct under both of its names', t => {
	t.deepEqual(counterCatalogue.map(entry => entry.set), [
		'RDMA Activity', 'SMB Direct Connection', 'SMB Direct', 'SMB Client Shares', 'SMB Server Shares', 'Network Adapter',
		'Processor Information', 'Hyper-V Hypervisor Logical Processor', 'Cluster CSVFS',
	]);
	t.deepEqual(catalogueEntry('smb direct connection')?.renamedAs, ['SMB Direct']);
	t.deepEqual(catalogueEntry('SMB Direct')?.renamedAs, ['SMB Direct Connection']);
	t.is(catalogueEntry('Processor'), undefined);
	for (const entry of counterCatalogue) {
		t.is(new Set(entry.counters).size, entry.counters.length, entry.set);
	}
});

test('a Hyper-V host\'s CPU is read from the hypervisor, any other node\'s from Processor Information', t => {
	t.deepEqual(hostCpuCounter({role: 'hyperv-host'}), {object: 'Hyper-V Hypervisor Logical Processor', instance: '_Total', counter: '% Total Run Time'});
	t.deepEqual(hostCpuCounter({role: 'sofs-node'}), {object: 'Processor Information', instance: '_Total', counter: '% Processor Time'});
});

test('Network Adapter instances escape ( ) # and /', t => {
	t.is(networkAdapterCounter('HPE Ethernet 10/25Gb 2-port 640SFP28 Adapter (NDIS) #2', 'Bytes Total/sec'), '\\Network Adapter(HPE Ethernet 10_25Gb 2-port 640SFP28 Adapter [NDIS] _2)\\Bytes Total/sec');
});
