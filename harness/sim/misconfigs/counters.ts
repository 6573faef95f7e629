// What a node's counters and clock can do to a run's timeline while a port is shut: a counter row the parser
// cannot read, counter instances that go blank, a clock that steps. None is a product failure; each must end as
// an infrastructure error (or an unjudged verdict), never as a pass or a fail, with the rig restored.
import {networkAdapterInstance} from '../../counters/counter-path.js';
import type {Fabric} from '../fabric.js';
import type {SimProcess} from '../ssh-server.js';
import type {NativeProgram} from '../windows/host.js';
import type {Misconfig} from './types.js';

/** How far the first Hyper-V host's clock steps forward when its first rNIC's port is shut (`clock-step`). */
export const clockStepSizeMs = 20_000;

const clockSteps = new WeakMap<Fabric, {node: string; stepMs: number}>();

const firstHost = (fabric: Fabric) => fabric.rig.nodes.find(node => node.role === 'hyperv-host');

/** When the first Hyper-V host's first rNIC lost its port, if it has (fabric ms). */
const faultedAt = (fabric: Fabric): number | undefined => {
	const cable = firstHost(fabric)?.rnics[0]?.cable;
	return cable === undefined ? undefined : fabric.firstShutAt(cable.switch, cable.port);
};

/** The step a misconfiguration adds to a node's clock now, ms (0 for a steady clock). */
export const clockStepMs = (fabric: Fabric, node: string): number => {
	const step = clockSteps.get(fabric);
	return step?.node === node && faultedAt(fabric) !== undefined ? step.stepMs : 0;
};

type RowRewrite = (row: string, header: string, fabric: Fabric) => string;

/**
 * Wraps the first Hyper-V host's typeperf capture (not its `-qx` discovery) so that rows printed once the fault is
 * in place are rewritten; `header` rewrites the header line instead.
 */
const rewriteTypeperf = (rewrite: {row?: RowRewrite; header?: (line: string) => string}): NonNullable<NonNullable<Misconfig['sim']>['native']> => (node, name, program) => {
	if (name !== 'typeperf') {
		return program;
	}

	const wrapped: NativeProgram = async (args, context) => {
		if (firstHost(context.fabric)?.name !== node.name || args.includes('-qx')) {
			return program(args, context);
		}

		let header = '';
		const process: SimProcess = {
			...context.process,
			stdout(text) {
				context.process.stdout(text.split(/(?<=\r\n)/).map(line => {
					if (line.startsWith('"(PDH-CSV')) {
						header = line;
						return rewrite.header?.(line) ?? line;
					}

					return line.startsWith('"') && faultedAt(context.fabric) !== undefined && rewrite.row !== undefined ? rewrite.row(line, header, context.fabric) : line;
				}).join(''));
			},
		};
		return program(args, {...context, process});
	};

	return wrapped;
};

// Fields of a typeperf row: `"time","v1","v2",...\r\n`.
const fields = (row: string) => row.replace(/\r\n$/, '').slice(1, -1).split('","');
const joinFields = (values: string[]) => `"${values.join('","')}"\r\n`;

/** Header columns (after the PDH-CSV one) that belong to the first Hyper-V host's first rNIC. */
const firstRnicColumns = (header: string, fabric: Fabric): number[] => {
	const rnic = firstHost(fabric)?.rnics[0];
	if (rnic === undefined) {
		return [];
	}

	const description = rnic.interfaceDescription.toLowerCase();
	const mangled = networkAdapterInstance(rnic.interfaceDescription).toLowerCase();
	return fields(header).flatMap((column, index) => (index > 0 && (column.toLowerCase().includes(`(${description})`) || column.toLowerCase().includes(`(${mangled})`)) ? [index] : []));
};

export const counterMisconfigs: Misconfig[] = [
	{
		name: 'typeperf-comma-decimal',
		description: 'Once the first Hyper-V host\'s first rNIC port is shut, its typeperf prints values with a comma decimal separator ("1234,5"), as some locales do',
		sim: {
			native: rewriteTypeperf({row: row => joinFields(fields(row).map((value, index) => (index === 0 ? value : value.replace('.', ','))))}),
		},
	},
	{
		name: 'typeperf-quote-in-instance',
		description: 'The first Hyper-V host\'s typeperf header carries a counter instance with an unescaped `"` in its name (an adapter named with quotes)',
		sim: {
			native: rewriteTypeperf({header: line => line.replace(/\(([^()"]*)\)\\RDMA Inbound Bytes\/sec"/, '($1 "rev B")\\RDMA Inbound Bytes/sec"')}),
		},
	},
	{
		name: 'blank-counter-values',
		description: 'From the moment its port is shut, the first Hyper-V host\'s first rNIC counters print " " (no value), as PDH does when an instance disappears',
		sim: {
			native: rewriteTypeperf({
				row(row, header, fabric) {
					const blank = firstRnicColumns(header, fabric);
					return joinFields(fields(row).map((value, index) => (blank.includes(index) ? ' ' : value)));
				},
			}),
		},
	},
	{
		name: 'clock-step',
		description: `The first Hyper-V host's clock steps ${clockStepSizeMs / 1000} s forward the moment its first rNIC's port is shut (an NTP step)`,
		apply(fabric) {
			const host = firstHost(fabric);
			if (host !== undefined) {
				clockSteps.set(fabric, {node: host.name, stepMs: clockStepSizeMs});
			}
		},
	},
];
