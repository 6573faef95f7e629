// File cmdlets of a simulated node, on its local disks (node-files.ts): New-Item -ItemType Directory, Remove-Item,
// Get-Content. They fail as PowerShell's do, with the provider's messages.
import path from 'node:path';
import type {RigNode} from '../../../rig/schema.js';
import type {Fabric} from '../../fabric.js';
import {fileKey, folderKey, nodeFiles} from '../node-files.js';
import {PsRuntimeError, type Cmdlet, type CmdletCall} from '../ps-interpreter.js';

const pathOf = (call: CmdletCall): string => {
	const value = call.named.get('literalpath') ?? call.named.get('path') ?? call.positional[0];
	if (value === undefined) {
		throw new PsRuntimeError('Cannot process command because of one or more missing mandatory parameters: Path.');
	}

	return String(value);
};

const notFound = (file: string) => new PsRuntimeError(`Cannot find path '${file}' because it does not exist.`, undefined, `ObjectNotFound: (${file}:String) [], ItemNotFoundException`);

export const newItem = (node: RigNode, fabric: Fabric): Cmdlet => call => {
	const folder = pathOf(call);
	if (String(call.named.get('itemtype') ?? '').toLowerCase() !== 'directory') {
		throw new PsRuntimeError('The simulated node creates only directories (New-Item -ItemType Directory).');
	}

	const store = nodeFiles(fabric, node.name);
	if (store.folders.has(folderKey(folder)) && !call.switches.has('force')) {
		throw new PsRuntimeError(`An item with the specified name ${folder} already exists.`, undefined, `ResourceExists: (${folder}:String) [New-Item], IOException`);
	}

	// -Force creates the parents too, as New-Item does.
	for (let current = folder; folderKey(current) !== folderKey(path.win32.dirname(current)); current = path.win32.dirname(current)) {
		store.folders.add(folderKey(current));
	}

	return [{Name: path.win32.basename(folder), FullName: folder, Mode: 'd-----'}];
};

export const removeItem = (node: RigNode, fabric: Fabric): Cmdlet => call => {
	const file = pathOf(call);
	if (!nodeFiles(fabric, node.name).files.delete(fileKey(file))) {
		throw notFound(file);
	}

	return [];
};

export const getContent = (node: RigNode, fabric: Fabric): Cmdlet => call => {
	const file = pathOf(call);
	const content = nodeFiles(fabric, node.name).files.get(fileKey(file));
	if (content === undefined) {
		throw notFound(file);
	}

	return call.switches.has('raw') ? [content] : content.split(/\r?\n/).filter((line, index, lines) => index < lines.length - 1 || line !== '');
};
