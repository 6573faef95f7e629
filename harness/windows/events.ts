// Reading a node's event log: Get-WinEvent -FilterHashtable over a time window, selected properties, as JSON. A
// filter that matches nothing is not an empty result to Get-WinEvent but its NoMatchingEventsFound error; that one
// (recognised by its FullyQualifiedErrorId, which no locale translates) means no events, any other error is an
// error. Properties are the event's insertion strings (`{"Value": …}` each under -Depth 5); TimeCreated is 5.1's
// `/Date(ms)/` (a real `Get-WinEvent | ConvertTo-Json` under 5.1 prints `"TimeCreated":  "\/Date(1595374458918)\/"`).
import {z} from 'zod';
import {HarnessError} from '../errors.js';
import {snippet} from '../parse-error.js';
import {parsePsJson, psArray, psDateSchema} from './ps-json.js';
import {psString} from './powershell.js';

export interface WinEventFilter {
	log: string;
	provider: string;
	ids: readonly number[];
	/** UTC, as the node's clock reads it. */
	startUtcMs: number;
}

export interface WinEvent {
	id: number;
	recordId: number;
	provider: string;
	/** UTC epoch ms, on the node's clock. */
	timeUtcMs: number;
	machine: string;
	level: string | null;
	data: string[];
	message: string | null;
}

const properties = ['Id', 'RecordId', 'ProviderName', 'TimeCreated', 'MachineName', 'LevelDisplayName', 'Properties', 'Message'];

/** The script: events of one provider and IDs since a time, and why none were read when none were. */
export const winEventScript = (filter: WinEventFilter): string => [
	'$events = @()',
	'$failure = $null',
	// [datetime] of an ISO time with Z is that instant (in local time, which Get-WinEvent turns back into UTC).
	`try { $events = @(Get-WinEvent -FilterHashtable @{ LogName = ${psString(filter.log)}; ProviderName = ${psString(filter.provider)}; Id = ${filter.ids.join(',')}; StartTime = [datetime]${psString(new Date(filter.startUtcMs).toISOString())} } -ErrorAction Stop | Select-Object -Property ${properties.join(',')}) } catch { $failure = [ordered]@{ id = $_.FullyQualifiedErrorId; message = $_.Exception.Message } }`,
	'ConvertTo-Json -InputObject ([ordered]@{ events = $events; failure = $failure }) -Depth 5 -Compress',
].join('\n');

const eventItem = z.object({
	Id: z.number().int(),
	RecordId: z.number().int(),
	ProviderName: z.string(),
	TimeCreated: psDateSchema,
	MachineName: z.string(),
	LevelDisplayName: z.string().nullable(),
	// At too small a -Depth each property prints as its type name, "System.Diagnostics.Eventing.Reader.EventProperty".
	Properties: z.union([z.array(z.object({Value: z.unknown()})), z.object({Value: z.unknown()})]).nullable(),
	Message: z.string().nullable(),
});

const unreadable = (message: string, hint: string, target: string) => new HarnessError('PARSE', `PowerShell JSON: Get-WinEvent ${message}`, {target, hint, details: {format: 'ps-json'}});

const documentSchema = z.object({
	events: z.unknown(),
	failure: z.object({id: z.string().nullable(), message: z.string().nullable()}).nullable(),
});

/** The events the script printed; a failure other than "no events" is an error of the node. */
export const parseWinEvents = (stdout: string, target: string): WinEvent[] => {
	const document = documentSchema.safeParse(parsePsJson(stdout));
	if (!document.success) {
		throw unreadable(`expected {events, failure}, found ${snippet(stdout, 80)}`, 'the script prints one JSON document and nothing else', target);
	}

	const {failure} = document.data;
	if (failure !== null) {
		if (failure.id?.startsWith('NoMatchingEventsFound') === true) {
			return [];
		}

		throw new HarnessError('COMMAND_FAILED', `Get-WinEvent: ${failure.message ?? failure.id ?? 'failed'}`, {target, hint: 'the account needs to read the System log (Event Log Readers or Administrators)'});
	}

	return psArray(document.data.events).map((item, index) => {
		const parsed = eventItem.safeParse(item);
		if (!parsed.success) {
			throw unreadable(`event ${index} does not have the expected properties: ${parsed.error.issues.slice(0, 3).map(issue => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`, 'an event prints Id, RecordId, ProviderName, TimeCreated, MachineName, LevelDisplayName, Properties (each {Value}) and Message', target);
		}

		const event = parsed.data;
		const values = event.Properties === null ? [] : Array.isArray(event.Properties) ? event.Properties : [event.Properties];
		return {
			id: event.Id, recordId: event.RecordId, provider: event.ProviderName, timeUtcMs: event.TimeCreated.getTime(), machine: event.MachineName,
			level: event.LevelDisplayName, data: values.map(value => (value.Value === null || value.Value === undefined ? '' : String(value.Value))), message: event.Message,
		};
	});
};
