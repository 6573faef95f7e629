// The node queries a run needs before it starts: the rNICs as Windows sees them and the SMB Multichannel
// connections. Property names are the cmdlets' own (see reference/formats.md §5.2).
import {z} from 'zod';
import {psQuery} from './query.js';
import {psStringList} from './powershell.js';

export const netAdapterItem = z.object({
	Name: z.string(),
	InterfaceDescription: z.string(),
	ifIndex: z.number().int(),
	/** 'Up', 'Disconnected', 'Disabled' ... (an ETS property, always a string). */
	Status: z.string(),
	/** Bits per second; 0 when the link is down. */
	ReceiveLinkSpeed: z.number().nullable(),
	MacAddress: z.string().nullable(),
});
export type NetAdapter = z.infer<typeof netAdapterItem>;

export const netAdapterQuery = (names: readonly string[]) => psQuery(
	'netAdapter',
	`Get-NetAdapter -Name ${psStringList(names)} | Select-Object -Property Name,InterfaceDescription,ifIndex,Status,ReceiveLinkSpeed,MacAddress`,
	netAdapterItem,
);

export const multichannelItem = z.object({
	ServerName: z.string(),
	ClientInterfaceIndex: z.number().int(),
	ClientInterfaceFriendlyName: z.string().nullable(),
	ClientIpAddress: z.string(),
	ServerIpAddress: z.string(),
	ClientRdmaCapable: z.boolean(),
	ServerRdmaCapable: z.boolean(),
	Selected: z.boolean(),
	Failed: z.boolean(),
	CurrentChannels: z.number().int(),
	MaxChannels: z.number().int(),
	// Newer builds only; Select-Object yields null where the property does not exist.
	RdmaConnectionCount: z.number().int().nullable().optional(),
	TcpConnectionCount: z.number().int().nullable().optional(),
});
export type MultichannelConnection = z.infer<typeof multichannelItem>;

export const multichannelQuery = () => psQuery(
	'smbMultichannel',
	'Get-SmbMultichannelConnection -IncludeNotSelected | Select-Object -Property ServerName,ClientInterfaceIndex,ClientInterfaceFriendlyName,ClientIpAddress,ServerIpAddress,ClientRdmaCapable,ServerRdmaCapable,Selected,Failed,CurrentChannels,MaxChannels,RdmaConnectionCount,TcpConnectionCount',
	multichannelItem,
);
