import {readFileSync} from 'node:fs';
import test from 'ava';
import {z} from 'zod';
import {isHarnessError} from '../../harness/errors.js';
import {decodeClixml, parsePsJson, psArray, psBool, psDate, psDateSchema, psNumber, psUInt64} from '../../harness/windows/ps-json.js';
import {fixture} from '../helpers/paths.js';

const read = (name: string) => readFileSync(fixture('formats', name), 'utf8');

test('5.1 document: hanging indentation, \\/Date()\\/ and \\u0026 escapes', t => {
	t.deepEqual(parsePsJson(read('ps51-calendar.json')), {
		MinSupportedDateTime: '/Date(-62135596800000)/',
		MaxSupportedDateTime: '/Date(253402300799999)/',
		AlgorithmType: 1,
		CalendarType: 1,
		Eras: [1],
		TwoDigitYearMax: 2029,
		IsReadOnly: false,
	});
	const adapters = psArray(parsePsJson(read('ps51-netadapter-array.json')));
	t.is(adapters.length, 2);
	t.like(adapters[0], {Name: 'SMB1', PnPDeviceID: 'BTH\\MS_BTHPAN\\6&296aa8f4&0&2', ReceiveLinkSpeed: 25_000_000_000, IpAddresses: ['192.168.10.11', 'fe80::1'], Tags: []});
	t.is(psDate((adapters[1] as {LastChange: unknown}).LastChange)?.toISOString(), '2024-06-13T18:01:03.500Z');
});

test('7 document after a depth warning line, with a depth-truncated value', t => {
	const value = parsePsJson(read('ps7-get-date-warning.txt')) as Record<string, unknown>;
	t.like(value, {DisplayHint: 2, DateTime: 'October 12, 2018 10:55:32 PM', DayOfWeek: 5, Tags: {Owner: 'R&D <lab>', Nested: '@{Level=3; Items=System.Object[]}'}});
	t.is(psDate(value['Date'])?.toISOString(), '2018-10-12T05:00:00.000Z');
	t.is(psDate(value['Now'])?.toISOString(), '2018-10-13T03:55:32.453Z');
	// Past 2^53: kept as the exact digits.
	t.is(value['Ticks'], '636749709320000000');
	t.is(psUInt64.parse(value['Ticks']), 636_749_709_320_000_000n);
});

test('empty output is null, and psArray turns every shape into an array', t => {
	t.is(parsePsJson(''), null);
	t.is(parsePsJson(' \r\n'), null);
	t.deepEqual(psArray(parsePsJson('')), []);
	t.deepEqual(psArray(undefined), []);
	t.deepEqual(psArray(parsePsJson('{"Name":"SMB1"}\r\n')), [{Name: 'SMB1'}]);
	t.deepEqual(psArray(parsePsJson('[{"Name":"SMB1"},{"Name":"SMB2"}]')), [{Name: 'SMB1'}, {Name: 'SMB2'}]);
	t.deepEqual(psArray(parsePsJson('{\r\n    "value":  [\r\n                  1,\r\n                  2\r\n              ],\r\n    "Count":  2\r\n}')), [1, 2]);
	// An object that merely has a value property is one result.
	t.deepEqual(psArray({value: [1], Count: 1, Name: 'x'}), [{value: [1], Count: 1, Name: 'x'}]);
	t.deepEqual(psArray('single'), ['single']);
});

test('a BOM and scalars are accepted', t => {
	t.deepEqual(parsePsJson('\uFEFF{"a":  1}'), {a: 1});
	t.is(parsePsJson('42\r\n'), 42);
	t.is(parsePsJson('"3.1.1"'), '3.1.1');
	t.is(parsePsJson('true'), true);
});

test('a 5.1 CIM value cut at the depth limit arrives as a string', t => {
	const text = '{\r\n    "InterfaceAlias":  "SMB1",\r\n    "CimInstanceProperties":  "Caption Description ElementName InstanceID = \\"{44492B04-1C1A-4D89-A5B3-1A2B3C4D5E6F}\\" Speed = 3000000"\r\n}';
	t.deepEqual(parsePsJson(text), {InterfaceAlias: 'SMB1', CimInstanceProperties: 'Caption Description ElementName InstanceID = "{44492B04-1C1A-4D89-A5B3-1A2B3C4D5E6F}" Speed = 3000000'});
});

test('integers beyond 2^53 keep their digits; digits inside strings are untouched', t => {
	t.deepEqual(parsePsJson('{"Bytes": 18446744073709551615, "Small": 9007199254740991, "Neg": -9007199254740993, "S": "123456789012345678901", "F": 1.5E+20}'),
		{Bytes: '18446744073709551615', Small: 9_007_199_254_740_991, Neg: '-9007199254740993', S: '123456789012345678901', F: 1.5e20});
});

test('anything else is a PARSE error with a snippet', t => {
	for (const [text, found] of [
		['Get-NetAdapterRdma : The term is not recognized', /found "Get-NetAdapterRdma : The term is not recognized"/],
		['{"Name": "SMB1",', /found "\{\\"Name\\": \\"SMB1\\","/],
		['WARNING: x\r\n[1, 2', /found "\[1, 2"/],
	] as const) {
		const error = t.throws(() => parsePsJson(text));
		t.true(isHarnessError(error));
		t.like(error, {code: 'PARSE', details: {format: 'ps-json'}});
		t.regex(error?.message ?? '', /^PowerShell JSON: expected ConvertTo-Json output, /);
		t.regex(error?.message ?? '', found);
	}
});

test('psDate reads both dialects and the 5.1 ETS wrapper', t => {
	const iso = (value: unknown) => psDate(value)?.toISOString();
	t.is(iso('/Date(1326441600000)/'), '2012-01-13T08:00:00.000Z');
	t.is(iso('/Date(1326441600000-0700)/'), '2012-01-13T08:00:00.000Z');
	t.is(iso('/Date(-62135596800000)/'), '0001-01-01T00:00:00.000Z');
	t.is(iso('2018-10-12T00:00:00-05:00'), '2018-10-12T05:00:00.000Z');
	t.is(iso('2024-01-01T10:00:00.1234567+02:00'), '2024-01-01T08:00:00.123Z');
	t.is(iso('2024-01-01T10:00:00Z'), '2024-01-01T10:00:00.000Z');
	t.is(iso({value: '/Date(1326441600000)/', DisplayHint: 2, DateTime: 'Friday, January 13, 2012 12:00:00 AM'}), '2012-01-13T08:00:00.000Z');
	t.is(iso(new Date(5)), '1970-01-01T00:00:00.005Z');
	for (const notADate of ['2018-10-12T00:00:00', 'October 12, 2018', '/Date(abc)/', 1_326_441_600_000, null, {DateTime: 'x'}]) {
		t.is(psDate(notADate), undefined, String(notADate));
	}
});

test('zod helpers validate cmdlet output', t => {
	const adapter = z.object({
		Name: z.string(),
		Enabled: psBool,
		ReceiveLinkSpeed: psUInt64,
		NetLuid: psUInt64,
		LastChange: psDateSchema,
	});
	const [first, second] = psArray(parsePsJson(read('ps51-netadapter-array.json'))).map(item => adapter.parse(item));
	t.deepEqual(first, {Name: 'SMB1', Enabled: true, ReceiveLinkSpeed: 25_000_000_000n, NetLuid: 1_689_399_632_855_040n, LastChange: new Date(1_718_301_662_000)});
	t.is(second?.Enabled, false);

	t.true(psBool.parse('True'));
	t.false(psBool.parse('False'));
	t.false(psBool.safeParse('yes').success);
	t.false(psBool.safeParse(1).success);
	t.is(psNumber.parse(3.5), 3.5);
	t.is(psNumber.parse('426.0'), 426);
	t.false(psNumber.safeParse('40 Gbps').success);
	t.is(psUInt64.parse('18446744073709551615'), 18_446_744_073_709_551_615n);
	t.false(psUInt64.safeParse(-1).success);
	t.false(psUInt64.safeParse(1.5).success);
	t.false(psUInt64.safeParse('0x10').success);
	const badDate = psDateSchema.safeParse('yesterday');
	t.false(badDate.success);
	t.regex(badDate.error?.issues[0]?.message ?? '', /expected a PowerShell DateTime/);
});

test('CLIXML on stderr becomes plain lines; progress records are dropped', t => {
	t.is(decodeClixml(read('powershell51-stderr-clixml.txt')), [
		'WARNING: The NetAdapter module is loaded from a compatibility session.',
		'Get-NetAdapterRdma : No MSFT_NetAdapterRdmaSettingData objects found with property \'Name\' equal to \'SMB9\'.  Verify the value of the ',
		'property and retry.',
		'At line:1 char:1',
		'+ Get-NetAdapterRdma -Name SMB9 & | ConvertTo-Json',
		'+ ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~',
		'    + CategoryInfo          : ObjectNotFound: (SMB9:String) [Get-NetAdapterRdma], CimJobException',
		'    + FullyQualifiedErrorId : CmdletizationQuery_NotFound_Name,Get-NetAdapterRdma',
	].join('\n'));
});

test('stderr that is not CLIXML passes through', t => {
	const plain = 'ssh: connect to host hv01 port 22: Connection refused\r\n';
	t.is(decodeClixml(plain), plain);
	t.is(decodeClixml(''), '');
	t.is(decodeClixml('before\n#< CLIXML\r\n<Objs Version="1.1.0.1" xmlns="http://schemas.microsoft.com/powershell/2004/04"><S S="Error">x_x005F_x000A_y_x000D__x000A_</S></Objs>'), 'before\nx_x000A_y');
});
