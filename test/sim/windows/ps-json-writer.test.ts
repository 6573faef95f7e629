import {readFileSync} from 'node:fs';
import test from 'ava';
import {psJsonDepthWarning, psJsonTruncates, toClixmlError, toPsJson} from '../../../harness/sim/windows/ps-json-writer.js';
import {decodeClixml, parsePsJson, psDate} from '../../../harness/windows/ps-json.js';
import {fixture} from '../../helpers/paths.js';

const read = (name: string) => readFileSync(fixture('formats', name), 'utf8');

const calendar = {
	MinSupportedDateTime: new Date(-62_135_596_800_000),
	MaxSupportedDateTime: new Date(253_402_300_799_999),
	AlgorithmType: 1,
	CalendarType: 1,
	Eras: [1],
	TwoDigitYearMax: 2029,
	IsReadOnly: false,
};

test('5.1 layout matches the formats.md sample line for line', t => {
	const lines = toPsJson(calendar, {style: '5.1'}).split('\r\n');
	t.deepEqual(lines.slice(0, 8), [
		'{',
		'    "MinSupportedDateTime":  "\\/Date(-62135596800000)\\/",',
		'    "MaxSupportedDateTime":  "\\/Date(253402300799999)\\/",',
		'    "AlgorithmType":  1,',
		'    "CalendarType":  1,',
		'    "Eras":  [',
		'                 1',
		'             ],',
	]);
	t.is(toPsJson(calendar, {style: '5.1'}), read('ps51-calendar.json'));
});

const adapters = [
	{
		Name: 'SMB1',
		InterfaceDescription: 'Mellanox ConnectX-4 Lx Ethernet Adapter #2',
		PnPDeviceID: 'BTH\\MS_BTHPAN\\6&296aa8f4&0&2',
		ReceiveLinkSpeed: 25_000_000_000,
		NetLuid: 1_689_399_632_855_040n,
		Enabled: true,
		IpAddresses: ['192.168.10.11', 'fe80::1'],
		QosSettings: {Priority: 3, Enabled: true},
		Tags: [],
		LastChange: new Date(1_718_301_662_000),
	},
	{
		Name: 'SMB2',
		InterfaceDescription: 'Mellanox ConnectX-4 Lx Ethernet Adapter',
		PnPDeviceID: null,
		ReceiveLinkSpeed: 0,
		NetLuid: 1_689_399_632_855_041n,
		Enabled: false,
		IpAddresses: ['192.168.11.11'],
		QosSettings: {Priority: 3, Enabled: false},
		Tags: [],
		LastChange: new Date(1_718_301_663_500),
	},
];

test('5.1 layout of an array of objects with nested arrays, objects and empty arrays', t => {
	t.is(toPsJson(adapters, {style: '5.1', depth: 3}), read('ps51-netadapter-array.json'));
});

test('7 layout: two-space indent, one space after the colon, ISO dates with the host offset', t => {
	const date = {DisplayHint: 2, DateTime: 'October 12, 2018 10:55:32 PM', Date: new Date('2018-10-12T05:00:00Z'), DayOfWeek: 5};
	t.is(toPsJson(date, {style: '7', utcOffsetMinutes: -300}), [
		'{',
		'  "DisplayHint": 2,',
		'  "DateTime": "October 12, 2018 10:55:32 PM",',
		'  "Date": "2018-10-12T00:00:00-05:00",',
		'  "DayOfWeek": 5',
		'}',
		'',
	].join('\r\n'));
	t.is(toPsJson({a: [1, {b: 2}], c: {}, d: []}, {style: '7'}), '{\r\n  "a": [\r\n    1,\r\n    {\r\n      "b": 2\r\n    }\r\n  ],\r\n  "c": {},\r\n  "d": []\r\n}\r\n');
	t.is(toPsJson({t: new Date('2024-01-01T10:00:00.120Z')}, {style: '7', compress: true}), '{"t":"2024-01-01T10:00:00.12Z"}\r\n');
	t.is(toPsJson({t: new Date('2024-01-01T10:00:00Z')}, {style: '7', compress: true, utcOffsetMinutes: 330}), '{"t":"2024-01-01T15:30:00+05:30"}\r\n');
});

test('5.1 escapes < > & \' as \\u00XX; 7 escapes only what JSON needs', t => {
	const value = {Path: 'R&D <lab> it\'s "x"\\y\n'};
	t.is(toPsJson(value, {style: '5.1', compress: true}), '{"Path":"R\\u0026D \\u003clab\\u003e it\\u0027s \\"x\\"\\\\y\\n"}\r\n');
	t.is(toPsJson(value, {style: '7', compress: true}), '{"Path":"R&D <lab> it\'s \\"x\\"\\\\y\\n"}\r\n');
	t.true(toPsJson(adapters, {style: '5.1'}).includes('\\u0026'));
	t.false(toPsJson(adapters, {style: '7'}).includes('\\u0026'));
});

test('compress gives one line in both styles', t => {
	for (const style of ['5.1', '7'] as const) {
		const text = toPsJson(adapters, {style, compress: true});
		t.is(text.indexOf('\r\n'), text.length - 2, style);
		t.false(text.includes(' "'), style);
	}
});

test('both styles round-trip through parsePsJson', t => {
	const value = {
		Name: 'vEthernet (SMB1)',
		Special: 'tab\there, quote " backslash \\ < & > \u0001 é',
		Count: 3,
		Ratio: 0.125,
		Huge: 18_446_744_073_709_551_615n,
		Flags: [true, false, null],
		When: new Date('2024-06-13T18:01:02.345Z'),
		Inner: {List: [1, 2], Empty: {}},
	};
	for (const style of ['5.1', '7'] as const) {
		for (const compress of [false, true]) {
			const parsed = parsePsJson(toPsJson(value, {style, compress, utcOffsetMinutes: -240})) as Record<string, unknown>;
			t.like(parsed, {Name: value.Name, Special: value.Special, Count: 3, Ratio: 0.125, Huge: '18446744073709551615', Flags: [true, false, null], Inner: {List: [1, 2], Empty: {}}}, `${style} compress=${compress}`);
			t.deepEqual(psDate(parsed['When']), value.When);
		}
	}
});

test('objects past the depth become their string form; only 7 warns', t => {
	const deep = {a: {b: {c: {d: 1}, list: [{x: 1}]}, tags: ['r', 's']}};
	t.true(psJsonTruncates(deep));
	t.true(psJsonTruncates(deep, 3));
	t.false(psJsonTruncates(deep, 4));
	t.false(psJsonTruncates(calendar));
	t.is(toPsJson(deep, {style: '7', compress: true}), '{"a":{"b":{"c":"@{d=1}","list":"@{x=1}"},"tags":["r","s"]}}\r\n');
	t.is(toPsJson(deep, {style: '5.1', compress: true, depth: 1}), '{"a":{"b":"@{c=@{d=1}; list=System.Object[]}","tags":"r s"}}\r\n');
	// An empty array past the depth is an empty string, as [string]@() is.
	t.is(toPsJson({a: [{b: []}]}, {style: '7', compress: true}), '{"a":[{"b":""}]}\r\n');
	t.is(toPsJson({a: [[1, 2], [3]]}, {style: '7', compress: true, depth: 1}), '{"a":["1 2","3"]}\r\n');
	t.is(psJsonDepthWarning(2), 'WARNING: Resulting JSON is truncated as serialization has exceeded the set depth of 2.\r\n');
	t.deepEqual(parsePsJson(psJsonDepthWarning(2) + toPsJson(deep, {style: '7'})), {a: {b: {c: '@{d=1}', list: '@{x=1}'}, tags: ['r', 's']}});
});

test('non-JSON values are refused', t => {
	t.throws(() => toPsJson({x: Number.NaN}, {style: '7'}), {instanceOf: RangeError});
	t.throws(() => toPsJson({f: () => 1}, {style: '5.1'}), {instanceOf: TypeError});
});

test('toClixmlError is the stderr form decodeClixml reads back', t => {
	const message = 'Get-SmbMultichannelConnection : Access is denied.\nAt line:1 char:1\n+ Get-SmbMultichannelConnection & <x> _x000A_';
	const stderr = toClixmlError(message);
	t.true(stderr.startsWith('#< CLIXML\r\n<Objs Version="1.1.0.1" xmlns="http://schemas.microsoft.com/powershell/2004/04"><S S="Error">Get-SmbMultichannelConnection : Access is denied._x000D__x000A_</S>'));
	t.true(stderr.includes('&amp; &lt;x&gt; _x005F_x000A__x000D__x000A_</S></Objs>'));
	t.is(decodeClixml(stderr), message);
});
