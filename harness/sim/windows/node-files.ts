// The local disks of the simulated nodes: files the tools write there (ntttcp's -xml result) and the folders they
// can write to. Paths are Windows paths, compared case-insensitively; one store per node and simulated rig.
import path from 'node:path';
import type {Fabric} from '../fabric.js';

export interface NodeFiles {
	/** Lower-case path → content. */
	files: Map<string, string>;
	/** Lower-case folder paths, without a trailing backslash except a drive's root. */
	folders: Set<string>;
}

const stores = new WeakMap<Fabric, Map<string, NodeFiles>>();

export const nodeFiles = (fabric: Fabric, node: string): NodeFiles => {
	let byNode = stores.get(fabric);
	if (byNode === undefined) {
		byNode = new Map();
		stores.set(fabric, byNode);
	}

	let found = byNode.get(node);
	if (found === undefined) {
		// A fresh Windows Server: the system drive, and the tools folder the rig file's tools are in.
		const tools = fabric.rig.nodes.find(candidate => candidate.name === node)?.tools;
		found = {files: new Map(), folders: new Set(['c:\\', ...(tools === undefined ? [] : [folderKey(path.win32.dirname(tools.diskspd))])])};
		byNode.set(node, found);
	}

	return found;
};

export const fileKey = (file: string): string => path.win32.normalize(file).toLowerCase();

export const folderKey = (folder: string): string => {
	const normal = path.win32.normalize(folder).toLowerCase();
	return /^[a-z]:\\$/.test(normal) ? normal : normal.replace(/\\+$/, '');
};

/** Whether a file could be created at the path: its folder exists. */
export const folderExists = (store: NodeFiles, file: string): boolean => store.folders.has(folderKey(path.win32.dirname(file)));
