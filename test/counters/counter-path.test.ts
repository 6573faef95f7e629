import test from 'ava';
import {formatCounterPath, networkAdapterInstance, parseCounterPath, sameCounter, type CounterPath} from '../../harness/counters/counter-path.js';
import {isHarnessError} from '../../harness/errors.js';

const cases: [string, CounterPath][] = [
	['\\\\7702-48817743\\Process(AnyDesk#1)\\Virtual Bytes', {machine: '7702-48817743', object: 'Process', instance: 'AnyDesk', index: 1, counter: 'Virtual Bytes'}],
	['\\\\HV01\\Processor Information(0,_Total)\\% Processor Time', {machine: 'HV01', object: 'Processor Information', instance: '0,_Total', counter: '% Processor Time'}],
	['\\\\HV01\\SMB Client Shares(\\\\sofs\\vmstore)\\Data Bytes/sec', {machine: 'HV01', object: 'SMB Client Shares', instance: '\\\\sofs\\vmstore', counter: 'Data Bytes/sec'}],
	['\\\\HV01\\RDMA Activity(Mellanox ConnectX-4 Lx Ethernet Adapter #2)\\RDMA Inbound Bytes/sec', {machine: 'HV01', object: 'RDMA Activity', instance: 'Mellanox ConnectX-4 Lx Ethernet Adapter #2', counter: 'RDMA Inbound Bytes/sec'}],
	['\\\\HV01\\Network Adapter(Mellanox ConnectX-4 Lx Ethernet Adapter _2)\\Bytes Total/sec', {machine: 'HV01', object: 'Network Adapter', instance: 'Mellanox ConnectX-4 Lx Ethernet Adapter _2', counter: 'Bytes Total/sec'}],
	['\\\\IMPC3116\\LogicalDisk(C:)\\Avg. Disk Read Queue Length', {machine: 'IMPC3116', object: 'LogicalDisk', instance: 'C:', counter: 'Avg. Disk Read Queue Length'}],
	['\\Memory\\Available MBytes', {object: 'Memory', counter: 'Available MBytes'}],
	['\\\\DESKTOP-LRPVSK4\\Процесс(Idle)\\% загруженности процессора', {machine: 'DESKTOP-LRPVSK4', object: 'Процесс', instance: 'Idle', counter: '% загруженности процессора'}],
	['\\RDMA Activity(HPE Ethernet 10/25Gb 2-port 640FLR-SFP28 Adapter #2)\\RDMA Active Connections', {object: 'RDMA Activity', instance: 'HPE Ethernet 10/25Gb 2-port 640FLR-SFP28 Adapter #2', counter: 'RDMA Active Connections'}],
	['\\Thread(explorer/12#1)\\% Processor Time', {object: 'Thread', parent: 'explorer', instance: '12', index: 1, counter: '% Processor Time'}],
	['\\RDMA Activity(Intel(R) Ethernet Controller E810-C for QSFP)\\RDMA Inbound Frames/sec', {object: 'RDMA Activity', instance: 'Intel(R) Ethernet Controller E810-C for QSFP', counter: 'RDMA Inbound Frames/sec'}],
	['\\Process(*)\\% Processor Time', {object: 'Process', instance: '*', counter: '% Processor Time'}],
];

for (const [path, expected] of cases) {
	test(`parses and re-formats ${path}`, t => {
		t.deepEqual(parseCounterPath(path), expected);
		t.is(formatCounterPath(expected), path);
	});
}

test('formatting without a machine gives the local form', t => {
	const {machine: _machine, ...local} = parseCounterPath('\\\\HV01\\SMB Client Shares(\\\\sofs\\vmstore)\\Data Bytes/sec');
	t.is(formatCounterPath(local), '\\SMB Client Shares(\\\\sofs\\vmstore)\\Data Bytes/sec');
});

test('garbage is a PARSE error that quotes the path', t => {
	for (const [garbage, problem] of [
		['', /should start with/],
		['Memory\\Available MBytes', /"Memory\\\\Available MBytes" should start with/],
		['\\\\\\Memory\\Available MBytes', /empty machine name/],
		['\\\\HV01', /no object or counter/],
		['\\Memory', /no counter name/],
		['\\Memory\\', /no counter name/],
		['\\Process(AnyDesk\\Virtual Bytes', /one object name/],
		['\\(x)\\Counter', /one object name/],
		['\\A\\B\\C', /one object name/],
		['\\Obj)ect\\Counter', /one object name/],
	] as const) {
		const error = t.throws(() => parseCounterPath(garbage), undefined, garbage);
		t.true(isHarnessError(error));
		t.like(error, {code: 'PARSE', details: {format: 'counter-path', path: garbage}});
		t.regex(error?.message ?? '', new RegExp(`^counter path: .*${problem.source}`));
	}
});

test('Network Adapter instances mangle brackets, # and /', t => {
	t.is(networkAdapterInstance('Mellanox ConnectX-4 Lx Ethernet Adapter #2'), 'Mellanox ConnectX-4 Lx Ethernet Adapter _2');
	t.is(networkAdapterInstance('Intel(R) PRO/1000 MT Desktop Adapter'), 'Intel[R] PRO_1000 MT Desktop Adapter');
	t.is(networkAdapterInstance('HPE Ethernet 10/25Gb 2-port 640FLR-SFP28 Adapter #2'), 'HPE Ethernet 10_25Gb 2-port 640FLR-SFP28 Adapter _2');
});

test('sameCounter ignores case and machine but not instance or index', t => {
	const configured = parseCounterPath('\\Processor Information(_Total)\\% Processor Time');
	t.true(sameCounter(configured, parseCounterPath('\\\\computer01\\processor information(_total)\\% processor time')));
	t.false(sameCounter(configured, parseCounterPath('\\Processor Information(0,_Total)\\% Processor Time')));
	t.false(sameCounter(configured, parseCounterPath('\\Processor Information\\% Processor Time')));
	t.true(sameCounter(parseCounterPath('\\Process(AnyDesk#1)\\Virtual Bytes'), parseCounterPath('\\\\X\\process(anydesk#1)\\virtual bytes')));
	t.false(sameCounter(parseCounterPath('\\Process(AnyDesk#1)\\Virtual Bytes'), parseCounterPath('\\Process(AnyDesk#2)\\Virtual Bytes')));
	t.true(sameCounter(parseCounterPath('\\Процесс(Idle)\\% ЗАГРУЖЕННОСТИ процессора'), parseCounterPath('\\процесс(idle)\\% загруженности процессора')));
});
