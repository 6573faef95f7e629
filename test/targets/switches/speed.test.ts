import test from 'ava';
import {speedGbps} from '../../../harness/targets/switch.js';
import {parseOs10Interface} from '../../../harness/targets/switches/os10-parse.js';
import {parseSonicStatus} from '../../../harness/targets/switches/sonic-parse.js';

test('speeds of every vendor in Gb/s; a down port\'s auto-speed or 0 is unknown, never a number', t => {
	t.is(speedGbps('100G'), 100); // SONiC, NVUE, OS10
	t.is(speedGbps('25 Gb/s'), 25); // NX-OS eth_speed
	t.is(speedGbps('1000 Mb/s'), 1); // NX-OS eth_speed at 1G
	t.is(speedGbps('40 Gbps'), 40); // Onyx "Actual speed"
	t.is(speedGbps('25000M'), 25);
	t.is(speedGbps('auto-speed'), undefined); // NX-OS, port down
	t.is(speedGbps('0'), undefined); // OS10, port down
	t.is(speedGbps('0G'), undefined);
	t.is(speedGbps('auto'), undefined);
	t.is(speedGbps('N/A'), undefined); // SONiC
	t.is(speedGbps('100000'), undefined); // a bare number has no unit to trust
	t.is(speedGbps(undefined), undefined);
});

test('OS10 show interface of a down port: "LineSpeed 0" leaves the speed unknown', t => {
	const text = 'Ethernet 1/1/2 is up, line protocol is down\nMTU 9216 bytes, IP MTU 9198 bytes\nLineSpeed 0, Auto-Negotiation off\n';
	const status = parseOs10Interface(text, 'ethernet1/1/2');
	t.like(status, {admin: 'up', oper: 'down', mtu: 9216});
	t.false(status !== undefined && 'speedGbps' in status);
});

test('SONiC show interfaces status: N/A speed is unknown', t => {
	const text = [
		'  Interface            Lanes    Speed    MTU    FEC    Alias    Vlan    Oper    Admin             Type    Asym PFC',
		'-----------  ---------------  -------  -----  -----  -------  ------  ------  -------  ---------------  ----------',
		'  Ethernet8  2312,2313,2314,2315      N/A   9100     rs   etp3    trunk    down       up              N/A         N/A',
	].join('\n');
	t.false('speedGbps' in parseSonicStatus(text, 'Ethernet8')!);
});
