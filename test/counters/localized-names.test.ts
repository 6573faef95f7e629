import test from 'ava';
import {parseCounterPath} from '../../harness/counters/counter-path.js';
import {CounterNames, perflibNames} from '../../harness/counters/localized-names.js';
import {isHarnessError} from '../../harness/errors.js';

// The shape PowerShell 5.1's ConvertTo-Json prints for (Get-ItemProperty …\Perflib\<key> -Name Counter).Counter:
// the list starts with ("1", last index), then index/name pairs. German names: juangranados/check_win_perfmon #2
// and public German monitoring scripts (see harness/sim/windows/locale.ts).
const english = perflibNames(JSON.parse('["1","9000","2","System","6","% Processor Time","238","Processor","1846","Processor Information","6000","RDMA Activity","6002","RDMA Inbound Bytes/sec","6004","Bytes Total/sec","6006","Network Adapter","6008","SMB Direct Connection"]'), '009');
const german = perflibNames(JSON.parse('["1","9000","2","System","6","Prozessorzeit (%)","238","Prozessor","1846","Prozessorinformationen","6000","RDMA-Aktivität","6002","RDMA - eingehende Bytes/s","6004","Gesamtanzahl Bytes/s","6006","Netzwerkadapter","6008","SMB Direct Connection"]'), 'CurrentLanguage');

test('English paths map to the node\'s names by index; instance and machine stay as they are', t => {
	const names = new CounterNames(english, german);
	t.false(names.english);
	t.is(names.localPath('\\RDMA Activity(Mellanox ConnectX-4 Lx Ethernet Adapter #2)\\RDMA Inbound Bytes/sec'), '\\RDMA-Aktivität(Mellanox ConnectX-4 Lx Ethernet Adapter #2)\\RDMA - eingehende Bytes/s');
	t.is(names.localPath('\\Processor Information(_Total)\\% Processor Time'), '\\Prozessorinformationen(_Total)\\Prozessorzeit (%)');
	t.is(names.localPath('\\Network Adapter(*)\\*'), '\\Netzwerkadapter(*)\\*');
	// Not translated by the node's language: English, as PDH accepts it.
	t.is(names.localPath('\\SMB Direct Connection(_Total)\\Bytes RDMA Read/sec'), '\\SMB Direct Connection(_Total)\\Bytes RDMA Read/sec');
	t.deepEqual(names.englishPath(parseCounterPath('\\\\HV01\\netzwerkadapter(X _2)\\GESAMTANZAHL BYTES/S')), {machine: 'HV01', object: 'Network Adapter', instance: 'X _2', counter: 'Bytes Total/sec'});
	t.true(new CounterNames(english, english).english);
});

test('a Counter list of the wrong shape is a PARSE error naming the key', t => {
	for (const bad of [['1'], ['x', 'System'], ['2', 7], {Counter: []}]) {
		const error = t.throws(() => perflibNames(bad, 'CurrentLanguage'));
		t.true(isHarnessError(error));
		t.regex(error?.message ?? '', /Perflib\\CurrentLanguage Counter/);
	}
});
