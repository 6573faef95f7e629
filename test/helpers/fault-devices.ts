// FaultDevices over a simulated rig, connected as the runner and `rdmalab restore` connect (connectDevice, then
// switchDriver or WindowsNode): one connection per device, opened on first use and closed when the test ends.
import type {ExecutionContext} from 'ava';
import type {FaultDevices} from '../../harness/kinds/fault-kind.js';
import type {Rig} from '../../harness/rig/schema.js';
import {switchDriver} from '../../harness/targets/switches/index.js';
import {WindowsNode} from '../../harness/targets/windows-node.js';
import {connectDevice} from '../../harness/transport/connect.js';
import type {Transport} from '../../harness/transport/types.js';
import {decodePowerShell} from '../../harness/windows/powershell.js';

export const devicesFor = (t: ExecutionContext, rig: Rig): FaultDevices => {
	const connections = new Map<string, Promise<Transport>>();
	const connect = async (device: Parameters<typeof connectDevice>[1]): Promise<Transport> => {
		let connection = connections.get(device.name);
		if (connection === undefined) {
			connection = connectDevice(rig, device);
			connections.set(device.name, connection);
			t.teardown(async () => (await connection!).close());
		}

		return connection;
	};

	return {
		async switchDriver(name) {
			const device = rig.switches.find(candidate => candidate.name === name);
			if (device === undefined) {
				throw new Error(`no switch ${name} in ${rig.name}`);
			}

			return switchDriver(device, await connect(device));
		},
		async windowsNode(name) {
			const node = rig.nodes.find(candidate => candidate.name === name);
			if (node === undefined) {
				throw new Error(`no node ${name} in ${rig.name}`);
			}

			return new WindowsNode(node, await connect(node));
		},
	};
};

/** The PowerShell scripts a device received, decoded from their -EncodedCommand. */
export const scriptsSent = (commands: ReadonlyArray<{device: string; command: string}>, device: string): string[] => commands
	.filter(record => record.device === device)
	.flatMap(record => {
		const encoded = /-EncodedCommand\s+(\S+)/i.exec(record.command)?.[1];
		return encoded === undefined ? [] : [decodePowerShell(encoded)];
	});
