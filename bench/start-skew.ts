// Benchmark (b): 64 simulated Hyper-V hosts. The runner starts diskspd on all of them at the same planned instant
// while each streams 100 counters a second; reported are the start skew (latest minus earliest start, from the
// nodes' own start stamps on the orchestrator timeline) and the CPU used meanwhile. The simulator runs in this
// process by default, so the CPU figure is orchestrator and simulator together; --sim-process serves the rig from
// a child `rdmalab sim` instead, and the figure is the orchestrator's alone.
//   npm run bench:start-skew [-- --hosts 64 --runs 3 --duration 10 --sim-process]
import {spawn} from 'node:child_process';
import {mkdtemp, rm, writeFile, readFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {parseArgs} from 'node:util';
import {parse, stringify} from 'yaml';
import type {Plan} from '../harness/plan/plan.js';
import {loadRig} from '../harness/rig/load.js';
import type {Rig} from '../harness/rig/schema.js';
import {RunRecorder} from '../harness/run/recorder.js';
import {executePlan} from '../harness/run/runner.js';
import {startSimulator} from '../harness/sim/index.js';
import {diskspdParamsSchema} from '../harness/workloads/diskspd/args.js';

const repo = new URL('..', new URL('..', import.meta.url));
const simRig = new URL('lab-configs/sim-rig.yaml', repo);

interface RigDocument {
	name: string;
	nodes: Array<Record<string, unknown> & {name: string; role: string; ssh: {address: string}; management: {address: string}; rnics: Array<{address: string; cable: {port: string}}>}>;
	simulation: {nodes: Record<string, {utcOffsetMinutes: number; clockSkewMs: number}>};
}

/** The embedded rig with its Hyper-V hosts replaced by `count` copies of hv01, each with its own clock skew. */
const wideRig = async (count: number, dir: string): Promise<Rig> => {
	const document = parse(await readFile(simRig, 'utf8')) as RigDocument;
	const template = document.nodes.find(node => node.role === 'hyperv-host')!;
	const sofs = document.nodes.filter(node => node.role !== 'hyperv-host');
	const hosts = Array.from({length: count}, (_, index) => {
		const host = structuredClone(template);
		const octet = 100 + index;
		host.name = `hv${String(index + 1).padStart(2, '0')}`;
		host.ssh.address = `192.168.10.${octet}`;
		host.management.address = `192.168.10.${octet}`;
		host.rnics.forEach((rnic, side) => {
			rnic.address = `10.71.${side + 1}.${octet}`;
			rnic.cable.port = `Ethernet2/${index + 1}`;
		});
		return host;
	});
	document.name = `sim-${count}-hosts`;
	document.nodes = [...hosts, ...sofs];
	document.simulation.nodes = {
		...Object.fromEntries(sofs.map(node => [node.name, document.simulation.nodes[node.name]!])),
		// Skews from −500 to +500 ms: the start stamps are only comparable once each node's skew is taken out.
		...Object.fromEntries(hosts.map((host, index) => [host.name, {utcOffsetMinutes: [0, 60, -300, 330][index % 4]!, clockSkewMs: ((index * 263) % 1001) - 500}])),
	};
	const file = join(dir, 'rig.yaml');
	await writeFile(file, stringify(document));
	return loadRig(file);
};

// 100 counters a host: both rNICs' RDMA Activity, every logical processor of the hypervisor, and Processor
// Information per core (the root partition's view).
const hostCounters = (rig: Rig, host: string): string[] => {
	const node = rig.nodes.find(candidate => candidate.name === host)!;
	const rdma = node.rnics.flatMap(rnic => ['RDMA Inbound Bytes/sec', 'RDMA Outbound Bytes/sec', 'RDMA Inbound Frames/sec', 'RDMA Outbound Frames/sec', 'RDMA Active Connections', 'RDMA Completion Queue Errors', 'RDMA Connection Errors', 'RDMA Failed Connection Attempts'].map(counter => `\\RDMA Activity(${rnic.interfaceDescription})\\${counter}`));
	const lps = ['_Total', ...Array.from({length: 16}, (_, index) => `Hv LP ${index}`)].flatMap(instance => ['% Total Run Time', '% Hypervisor Run Time', '% Guest Run Time'].map(counter => `\\Hyper-V Hypervisor Logical Processor(${instance})\\${counter}`));
	const cpus = ['_Total', '0,_Total', ...Array.from({length: 16}, (_, index) => `0,${index}`)].flatMap(instance => ['% Processor Time', '% Privileged Time'].map(counter => `\\Processor Information(${instance})\\${counter}`));
	return [...rdma, ...lps, ...cpus].slice(0, 100);
};

const plan = (rig: Rig, durationS: number): Plan => {
	const hosts = rig.nodes.filter(node => node.role === 'hyperv-host');
	const warmupS = 1;
	return {
		suite: 'bench-start-skew',
		rig: rig.name,
		durationS: warmupS + durationS,
		captures: hosts.map(host => ({kind: 'typeperf' as const, node: host.name, counters: hostCounters(rig, host.name), intervalS: 1, samples: warmupS + durationS + 4})),
		workloads: hosts.map(host => ({
			kind: 'diskspd' as const, id: `diskspd-${host.name}`, node: host.name, atS: 0,
			params: diskspdParamsSchema.parse({blockSize: '4K', threads: 2, outstanding: 8, durationS, warmupS, targets: [{path: `\\\\${rig.sofs.name}\\${rig.sofs.shares[0]!.name}\\bench-${host.name}.dat`, size: '1M'}]}),
		})),
		faults: [],
		notes: [],
	};
};

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** The simulator in a child process (`rdmalab sim`), so this process's CPU is the orchestrator's alone. */
const simulatorProcess = async (rigFile: string, dir: string): Promise<{rig: Rig; stop(): Promise<void>}> => {
	const resolved = join(dir, 'resolved.yaml');
	const child = spawn(process.execPath, [fileURLToPath(new URL('bin/rdmalab.js', repo)), 'sim', '--rig', rigFile, '--write-rig', resolved], {stdio: ['ignore', 'pipe', 'inherit']});
	await new Promise<void>((resolve, reject) => {
		let output = '';
		child.stdout.on('data', (chunk: Buffer) => {
			output += chunk.toString();
			if (output.includes('ready (Ctrl+C')) {
				resolve();
			}
		});
		child.once('exit', code => reject(new Error(`rdmalab sim exited with ${String(code)}: ${output}`)));
	});
	return {
		rig: await loadRig(resolved),
		async stop() {
			const exited = new Promise(resolve => child.once('exit', resolve));
			child.kill('SIGINT');
			await exited;
		},
	};
};

const runOnce = async (hosts: number, durationS: number, run: number, simInChild: boolean) => {
	const dir = await mkdtemp(join(tmpdir(), 'rdmalab-bench-skew-'));
	const rig = await wideRig(hosts, dir);
	const simulated = simInChild ? await simulatorProcess(join(dir, 'rig.yaml'), dir) : await startSimulator(rig);
	try {
		const thePlan = plan(simulated.rig, durationS);
		const recorder = new RunRecorder(join(dir, 'run'));
		let timelineCpu: NodeJS.CpuUsage | undefined;
		let timelineAt = 0;
		let cpu: NodeJS.CpuUsage | undefined;
		let wallS = 0;
		const data = await executePlan({
			rig: simulated.rig, plan: thePlan, recorder, signal: new AbortController().signal,
			log(line) {
				if (line.includes('timeline started')) {
					timelineCpu = process.cpuUsage();
					timelineAt = performance.now();
				}

				// Printed once every workload has finished: the window is start to end of the load.
				if (line.includes('synchronized start at')) {
					cpu = process.cpuUsage(timelineCpu);
					wallS = (performance.now() - timelineAt) / 1000;
				}
			},
		});
		await recorder.close();
		const starts = Object.values(data.startSkew?.[0]?.startedAtS ?? {}).sort((a, b) => a - b);
		process.stderr.write(`run ${run} starts, ms after t=0: ${starts.map(start => (start * 1000).toFixed(0)).join(' ')}\n`);
		if (data.errors.length > 0) {
			throw new Error(`run ${run} had errors: ${data.errors.map(error => `${error.target ?? ''} ${error.message}`).join('; ')}`);
		}

		const group = data.startSkew?.[0];
		if (group === undefined || Object.keys(group.startedAtS).length !== hosts) {
			throw new Error(`run ${run}: ${Object.keys(group?.startedAtS ?? {}).length} of ${hosts} hosts stamped their start`);
		}

		const samples = data.captures.reduce((sum, capture) => sum + (capture.samples.length * capture.columns.length), 0);
		return {skewMs: group.skewMs, cpuPercent: ((cpu!.user + cpu!.system) / 1e6 / wallS) * 100, wallS, values: samples, missing: data.captures.reduce((sum, capture) => sum + capture.missing.length, 0)};
	} finally {
		await simulated.stop();
		await rm(dir, {recursive: true, force: true});
	}
};

const {values} = parseArgs({options: {hosts: {type: 'string', default: '64'}, runs: {type: 'string', default: '3'}, duration: {type: 'string', default: '10'}, 'sim-process': {type: 'boolean'}}});
const hosts = Number(values.hosts);
const results = [];
for (let run = 1; run <= Number(values.runs); run++) {
	const result = await runOnce(hosts, Number(values.duration), run, values['sim-process'] ?? false);
	results.push(result);
	process.stderr.write(`run ${run}: start skew ${result.skewMs.toFixed(1)} ms, CPU ${result.cpuPercent.toFixed(0)} % of one core over ${result.wallS.toFixed(1)} s, ${result.values} counter values, ${result.missing} missing\n`);
}

const summary = {
	hosts, countersPerHost: 100, simulator: values['sim-process'] ? 'child process (CPU is the orchestrator\'s alone)' : 'in-process (CPU is orchestrator + simulator)', runs: results.length, node: process.version,
	startSkewMsMedian: Number(median(results.map(result => result.skewMs)).toFixed(1)),
	startSkewMsMax: Number(Math.max(...results.map(result => result.skewMs)).toFixed(1)),
	cpuPercentOfOneCoreMedian: Math.round(median(results.map(result => result.cpuPercent))),
	loadWindowSMedian: Number(median(results.map(result => result.wallS)).toFixed(1)),
};
process.stdout.write(`${JSON.stringify(summary, null, 2)}\ntarget (start skew ≤ 20 ms): ${summary.startSkewMsMedian <= 20 ? 'met' : 'NOT met'}\n`);
