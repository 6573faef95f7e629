import test from 'ava';
import {z} from 'zod';
import type {HarnessError} from '../../harness/errors.js';
import {batchScript, parseBatch, psQuery} from '../../harness/windows/query.js';

const queries = {
	adapters: psQuery('adapters', 'Get-NetAdapter | Select-Object -Property Name,ifIndex', z.object({Name: z.string(), ifIndex: z.number()})),
	rdma: psQuery('rdma', 'Get-NetAdapterRdma | Select-Object -Property Name,Enabled', z.object({Name: z.string(), Enabled: z.boolean()})),
	teams: psQuery('teams', 'Get-NetLbfoTeam | Select-Object -Property Name', z.object({Name: z.string()})),
};

test('one script, each query in its own try/catch, one JSON document with an explicit depth', t => {
	const lines = batchScript(queries).split('\n');
	t.is(lines.filter(line => line.startsWith('try { $data[')).length, 3);
	t.true(lines.includes('try { $data[\'rdma\'] = @(Get-NetAdapterRdma | Select-Object -Property Name,Enabled) } catch { $errors[\'rdma\'] = $_.Exception.Message }'));
	t.regex(lines.at(-1)!, /^ConvertTo-Json .* -Depth \d+ -Compress$/);
	t.throws(() => batchScript({'bad key': queries.teams}), {message: /alphanumeric/});
});

test('one object, an array and an empty result all come back as arrays; failed queries keep their error', t => {
	// 5.1 unwraps a one-element array inside a hashtable and writes $null for an empty one.
	const stdout = '{"data":{"adapters":{"Name":"SLOT 2 Port 1","ifIndex":7},"rdma":[{"Name":"SLOT 2 Port 1","Enabled":true},{"Name":"SLOT 2 Port 2","Enabled":false}],"teams":null},"errors":{}}';
	const result = parseBatch(stdout, queries, 'hv01');
	t.deepEqual(result.data.adapters, [{Name: 'SLOT 2 Port 1', ifIndex: 7}]);
	t.deepEqual(result.data.rdma?.map(item => item.Enabled), [true, false]);
	t.deepEqual(result.data.teams, []);
	t.deepEqual(result.errors, {});

	const failed = parseBatch('{"data":{"adapters":[]},"errors":{"rdma":"The term \'Get-NetAdapterRdma\' is not recognized","teams":"Access denied"}}', queries, 'hv01');
	t.deepEqual(failed.data, {adapters: []});
	t.deepEqual(failed.errors, {rdma: 'The term \'Get-NetAdapterRdma\' is not recognized', teams: 'Access denied'});
});

test('output that is not the document, or objects without the selected properties, are PARSE errors', t => {
	const notDocument = t.throws<HarnessError>(() => parseBatch('[1,2]', queries, 'hv01'));
	t.like(notDocument, {code: 'PARSE', target: 'hv01'});
	const wrongShape = t.throws<HarnessError>(() => parseBatch('{"data":{"adapters":[{"Name":"x","ifIndex":"7"}]},"errors":{}}', queries, 'hv02'));
	t.like(wrongShape, {code: 'PARSE', target: 'hv02'});
	t.regex(wrongShape.message, /^adapters\[0\] does not have the expected properties: ifIndex:/);
});
