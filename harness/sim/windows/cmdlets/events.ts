// Get-WinEvent -FilterHashtable of a simulated node: the FailoverClustering events the cluster model wrote to this
// node's System log, newest first, as EventLogRecord objects (Id, RecordId, ProviderName, TimeCreated, Properties
// with one Value each, Message …; the property set of a real `Get-WinEvent | ConvertTo-Json` under 5.1). A filter
// that matches nothing is Get-WinEvent's NoMatchingEventsFound error, which -ErrorAction Stop makes terminating.
import type {RigNode} from '../../../rig/schema.js';
import {eventMessage, provider, simCluster, type ClusterEvent} from '../../cluster.js';
import type {Fabric} from '../../fabric.js';
import {nodeClock} from '../host.js';
import {PsRuntimeError, type Cmdlet} from '../ps-interpreter.js';

const levels: Record<ClusterEvent['level'], number> = {Critical: 1, Error: 2, Warning: 3, Information: 4};
// The Microsoft-Windows-FailoverClustering provider's GUID.
const providerId = 'baf908ea-3421-4ca9-9b84-6689b8c6f85f';
const firstRecordId = 48_211;

const asList = (value: unknown): unknown[] => (value === undefined || value === null ? [] : Array.isArray(value) ? value : [value]);

const filterOf = (value: unknown): Map<string, unknown> => {
	if (!(value instanceof Map)) {
		throw new PsRuntimeError('Cannot bind parameter \'FilterHashtable\'. A hashtable is required.', undefined, 'InvalidArgument: (:) [Get-WinEvent], ParameterBindingException');
	}

	// Hashtable keys are case-insensitive.
	return new Map([...value].map(([key, entry]) => [String(key).toLowerCase(), entry]));
};

export const getWinEvent = (node: RigNode, fabric: Fabric): Cmdlet => call => {
	const filter = filterOf(call.named.get('filterhashtable'));
	const logs = asList(filter.get('logname')).map(String);
	const providers = asList(filter.get('providername')).map(String);
	const ids = asList(filter.get('id')).map(Number);
	const start = filter.get('starttime');
	const end = filter.get('endtime');
	const clock = nodeClock(node, fabric);
	// Event times are fabric times; the node stamps them with its own clock.
	const toNodeTime = (t: number) => clock.utcNow() - fabric.now() + t;
	const matching = simCluster(fabric).events()
		.filter(event => event.loggedOn.includes(node.name))
		.map((event, index) => ({event, recordId: firstRecordId + index, time: new Date(Math.round(toNodeTime(event.t)))}))
		.filter(({event, time}) => (logs.length === 0 || logs.some(log => log.toLowerCase() === 'system'))
			&& (providers.length === 0 || providers.some(name => name.toLowerCase() === provider.toLowerCase()))
			&& (ids.length === 0 || ids.includes(event.id))
			&& (!(start instanceof Date) || time >= start)
			&& (!(end instanceof Date) || time <= end))
		.reverse();
	if (matching.length === 0) {
		const action = String(call.named.get('erroraction') ?? 'Continue').toLowerCase();
		if (action === 'silentlycontinue' || action === 'ignore') {
			return [];
		}

		throw new PsRuntimeError('No events were found that match the specified selection criteria.', undefined, 'ObjectNotFound: (:) [Get-WinEvent], Exception', 'NoMatchingEventsFound,Microsoft.PowerShell.Commands.GetWinEventCommand');
	}

	return matching.map(({event, recordId, time}) => ({
		Id: event.id,
		Version: 0,
		Qualifiers: null,
		Level: levels[event.level],
		Task: event.id === 1135 ? 4 : 3,
		Opcode: 0,
		RecordId: recordId,
		ProviderName: provider,
		ProviderId: providerId,
		LogName: 'System',
		ProcessId: 2108,
		ThreadId: 3344,
		MachineName: node.name,
		UserId: 'S-1-5-18',
		TimeCreated: time,
		LevelDisplayName: event.level,
		Properties: event.data.map(value => ({Value: value})),
		Message: eventMessage(event),
	}));
};
