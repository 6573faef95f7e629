// `rdmalab sim --rig <file>`: serves the simulated rig until Ctrl+C. It prints where each device listens and writes
// a rig file for those endpoints, so `rdmalab run --rig <that file>` drives the simulator like a physical rig.
import {appendFileSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {stringify} from 'yaml';
import {HarnessError} from '../errors.js';
import {loadRig} from '../rig/load.js';
import {misconfigs} from '../sim/misconfigs/index.js';
import type {Runtime} from './runtime.js';

export interface SimArguments {
	rig?: string;
	misconfigs: string[];
	writeRig?: string;
	/** Appends every command the devices receive, one JSON line each. */
	log?: string;
	listMisconfigs: boolean;
}

export const listMisconfigs = (runtime: Runtime): number => {
	const width = Math.max(...misconfigs.map(misconfig => misconfig.name.length));
	for (const misconfig of misconfigs) {
		// The validate rule a misconfiguration fails, so users can find the check that guards against it.
		runtime.stdout(`${misconfig.name.padEnd(width)}  ${misconfig.rule === undefined ? '' : `[fails ${misconfig.rule}] `}${misconfig.description}\n`);
	}

	return 0;
};

export const simCommand = async (args: SimArguments, runtime: Runtime): Promise<number> => {
	if (args.listMisconfigs) {
		return listMisconfigs(runtime);
	}

	if (args.rig === undefined) {
		throw new HarnessError('USAGE', 'rdmalab sim needs --rig <file> (a rig file marked simulated: true)', {hint: 'e.g. rdmalab sim --rig lab-configs/sim-rig.yaml'});
	}

	const rig = await loadRig(args.rig);
	if (!rig.simulated) {
		throw new HarnessError('USAGE', `${args.rig} describes a physical rig (simulated is not true)`, {target: args.rig});
	}

	const {startSimulator} = await import('../sim/index.js');
	const logFile = args.log === undefined ? undefined : path.resolve(runtime.cwd, args.log);
	const simulated = await startSimulator(rig, {
		misconfigs: args.misconfigs,
		file: args.rig,
		...(logFile ? {onCommand: record => appendFileSync(logFile, `${JSON.stringify(record)}\n`)} : {}),
	});
	const rigFile = path.resolve(runtime.cwd, args.writeRig ?? path.join(path.dirname(simulated.keyFile), `${rig.name}.yaml`));
	writeFileSync(rigFile, `# Endpoints of a running \`rdmalab sim\`; valid only while it runs.\n${stringify(simulated.rig)}`);
	for (const server of simulated.servers) {
		runtime.stdout(`${server.device.padEnd(10)} ssh://127.0.0.1:${server.port}\n`);
	}

	if (args.misconfigs.length > 0) {
		runtime.stdout(`misconfigured: ${args.misconfigs.join(', ')}\n`);
	}

	runtime.stdout(`rig file: ${rigFile}\nready (Ctrl+C stops the simulated rig)\n`);
	await new Promise<void>(resolve => {
		const dispose = runtime.onSignal(() => {
			dispose();
			resolve();
		});
	});
	await simulated.stop();
	runtime.stdout('simulated rig stopped\n');
	return 0;
};
