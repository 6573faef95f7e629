// `rdmalab inspect FILE [--json] [--encoding CODEPAGE]`: a summary of a diskspd result or a PDH-CSV log, for people or (with --json) tools.
import path from 'node:path';
import {HarnessError} from '../errors.js';
import {formatDiskspdSummary} from '../inspect/diskspd-summary.js';
import {inspectFile} from '../inspect/inspect.js';
import {formatPdhSummary} from '../inspect/pdh-summary.js';
import type {Runtime} from './runtime.js';

export const inspectCommand = async (args: {file?: string; json: boolean; encoding?: string}, runtime: Runtime): Promise<number> => {
	if (args.file === undefined) {
		throw new HarnessError('USAGE', 'rdmalab inspect needs a file', {hint: 'e.g. rdmalab inspect runs/…/diskspd/hv01-diskspd.xml --json'});
	}

	const summary = await inspectFile(path.resolve(runtime.cwd, args.file), args.encoding === undefined ? {} : {encoding: args.encoding});
	runtime.stdout(args.json ? `${JSON.stringify(summary, null, 2)}\n` : summary.kind === 'diskspd' ? formatDiskspdSummary(summary) : formatPdhSummary(summary));
	return 0;
};
