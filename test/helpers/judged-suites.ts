// Two judged suites' runs as the CLI hands them to writeResult: the 50 s failover run of test/reports/fixtures (a
// failed stall verdict, its chart, table and facts) and a second suite with a skipped and an unmeasured verdict, an
// infrastructure error and a chart of its own. What a certification of several suites writes.
import type {SuiteReport} from '../../harness/cli/write-report.js';
import type {RunData} from '../../harness/run/run-data.js';
import {diskspdParamsSchema} from '../../harness/workloads/diskspd/args.js';
import {failoverRunChart, failoverSuite} from '../reports/fixtures/failover-run.js';

const origin = Date.parse('2026-12-01T02:13:07.412Z');

const runData = (suite: string, startMs: number, durationS: number, change: Partial<RunData> = {}): RunData => ({
	suite,
	rig: 'lab-b-rack-3',
	startedAt: new Date(startMs).toISOString(),
	originEpochMs: startMs,
	durationS,
	nodes: {hv01: {clocks: [{skewMs: 180.4, spreadMs: 3.2, utcOffsetMinutes: 60, zoneId: 'W. Europe Standard Time', at: startMs - 2000}]}},
	captures: [{node: 'hv01', columns: ['\\\\hv01\\RDMA Activity(x)\\RDMA Inbound Bytes/sec'], samples: [{t: 0, values: [1]}, {t: 1, values: [null]}], missing: []}],
	workloads: [{
		id: 'load', node: 'hv01', atS: 0, startedAtS: 0.012, exitCode: 0, ioErrors: [], stderr: '',
		params: diskspdParamsSchema.parse({durationS: 50, targets: [{path: '\\\\sofs\\vmstore\\rdmalab-hv01.dat', size: '1G'}]}),
	}],
	faults: [{
		id: 'pull-link', kind: 'port-down', target: 'tor-a Ethernet1/1 (hv01 SLOT 3 Port 1)',
		step: {kind: 'port-down', id: 'pull-link', atS: 15, restoreAtS: 25, switch: 'tor-a', port: 'Ethernet1/1'},
		injectedAtS: 15.01, confirmedAtS: 15.4, restoredAtS: 25.02, restoreConfirmedAtS: 27.9,
	}],
	startSkew: [],
	errors: [],
	warnings: [],
	interrupted: false,
	...change,
});

export const failoverSuiteReport: SuiteReport = {
	suite: 'multichannel-failover',
	title: 'SMB Multichannel link failover',
	outcome: 'failed',
	verdicts: failoverSuite.verdicts.map(verdict => ({...verdict, metric: {name: `${verdict.id}Ms`, value: 1520.25, unit: 'ms', better: 'lower' as const}})),
	sections: failoverSuite.sections,
	data: runData('multichannel-failover', origin, 50.2, {warnings: ['hv01: SLOT 3 Port 2 was down before any fault']}),
	params: {holdS: 10, thresholds: {maxStallMs: 1000}},
	folder: 'multichannel-failover',
};

export const qosSuiteReport: SuiteReport = {
	suite: 'qos-contention',
	title: 'QoS shares under contention',
	outcome: 'error',
	verdicts: [
		{id: 'smb-share', title: 'SMB keeps its ETS share', target: 'tor-a/Ethernet1/1', status: 'error', summary: '3 of 20 samples blank', threshold: '≥ 45 %', measured: '', evidence: {blank: 3}, hint: 'check typeperf on sofs02'},
		{id: 'cluster-share', title: 'Cluster heartbeat keeps its share', target: 'tor-a/Ethernet1/1', status: 'skipped', summary: 'not judged: no heartbeat traffic', threshold: '', measured: '', evidence: {}},
	],
	sections: [{kind: 'chart', file: 'shares.png', caption: 'SMB and default class share of tor-a Ethernet1/1', chart: {...failoverRunChart, title: 'ETS shares under contention'}}],
	data: runData('qos-contention', origin + 60_000, 40, {errors: [{code: 'CONNECTION_LOST', message: 'typeperf on sofs02 stopped', target: 'sofs02', hint: 'check the management network'}]}),
	params: {contentionS: 30},
	folder: 'qos-contention',
};
