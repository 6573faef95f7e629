// Reading a node's event log: the Get-WinEvent script and its parser, on a real Windows PowerShell 5.1
// `Get-WinEvent | ConvertTo-Json` (test/fixtures/formats/ps51-get-winevent-system.json, a public 5.1 transcript of
// `Get-WinEvent -LogName System -MaxEvents 10 | ConvertTo-Json` with the page's indentation removed).
import {readFileSync} from 'node:fs';
import {join} from 'node:path';
import test from 'ava';
import {parseWinEvents, winEventScript} from '../../harness/windows/events.js';
import {repoRoot} from '../helpers/paths.js';

const real = JSON.parse(readFileSync(join(repoRoot, 'test', 'fixtures', 'formats', 'ps51-get-winevent-system.json'), 'utf8')) as Array<Record<string, unknown>>;
const document = (events: unknown, failure: unknown = null) => JSON.stringify({events, failure});

test('the script filters by log, provider, IDs and an ISO start time, stops on errors and keeps why none were read', t => {
	const script = winEventScript({log: 'System', provider: 'Microsoft-Windows-FailoverClustering', ids: [1126, 1135], startUtcMs: Date.UTC(2026, 10, 24, 18, 45, 12)});
	t.true(script.includes('Get-WinEvent -FilterHashtable @{ LogName = \'System\'; ProviderName = \'Microsoft-Windows-FailoverClustering\'; Id = 1126,1135; StartTime = [datetime]\'2026-11-24T18:45:12.000Z\' } -ErrorAction Stop'));
	t.true(script.includes('$failure = [ordered]@{ id = $_.FullyQualifiedErrorId; message = $_.Exception.Message }'));
	t.true(script.endsWith('-Depth 5 -Compress'));
});

test('a real 5.1 event reads with its time and insertion strings once Properties are deep enough to print', t => {
	const event = {...real[0]!, Properties: [{Value: 'Microsoft Hyper-V Network Adapter #3'}, {Value: 3}]};
	t.deepEqual(parseWinEvents(document([event]), 'sofs01'), [{
		id: 13, recordId: 2555, provider: 'Microsoft-Windows-Hyper-V-Netvsc', timeUtcMs: 1_595_374_458_918, machine: 'DESKTOP-U3FCUKI', level: 'Information',
		data: ['Microsoft Hyper-V Network Adapter #3', '3'], message: 'Miniport NIC \'Microsoft Hyper-V Network Adapter #3\' disconnected',
	}]);
	// One event prints as an object, not an array.
	t.is(parseWinEvents(document(event), 'sofs01').length, 1);
});

test('the real output at ConvertTo-Json\'s default depth (Properties as type names) is a PARSE error, never empty insertion strings', t => {
	const error = t.throws(() => parseWinEvents(document(real), 'sofs01'));
	t.like(error, {code: 'PARSE', target: 'sofs01'});
	t.regex(error!.message, /^PowerShell JSON: Get-WinEvent event 0 does not have the expected properties: Properties/);
});

test('NoMatchingEventsFound is no events; any other failure is an error of the node', t => {
	t.deepEqual(parseWinEvents(document(null, {id: 'NoMatchingEventsFound,Microsoft.PowerShell.Commands.GetWinEventCommand', message: 'No events were found that match the specified selection criteria.'}), 'sofs01'), []);
	const error = t.throws(() => parseWinEvents(document(null, {id: 'Access is denied,Microsoft.PowerShell.Commands.GetWinEventCommand', message: 'Attempted to perform an unauthorized operation.'}), 'sofs01'));
	t.like(error, {code: 'COMMAND_FAILED', target: 'sofs01', message: 'Get-WinEvent: Attempted to perform an unauthorized operation.'});
	t.throws(() => parseWinEvents('WARNING: something\nnot json', 'sofs01'), {code: 'PARSE'});
});
