// `rdmalab plan <suite> --rig <file>`: prints what a run would do, and touches nothing: the rig file is read, no
// simulator is started and no connection is opened. Exit 0 when the interlocks pass, 2 when they refuse the plan.
import {loadRig} from '../rig/load.js';
import {planReport, renderPlanReport} from '../safety/plan-report.js';
import {parseSettings} from './settings.js';
import {loadSuite, suiteParams} from './suite-loader.js';
import type {Runtime} from './runtime.js';

export interface PlanArguments {
	suite: string;
	rig: string;
	settings: string[];
	json: boolean;
}

export const planCommand = async (args: PlanArguments, runtime: Runtime): Promise<number> => {
	const {suite} = await loadSuite(args.suite, runtime.cwd);
	const params = suiteParams(suite, parseSettings(args.settings));
	const rig = await loadRig(args.rig);
	const report = planReport(suite.plan(rig, params), rig);
	runtime.stdout(args.json ? `${JSON.stringify(report, null, 2)}\n` : renderPlanReport(report));
	if (report.interlocks.length > 0) {
		runtime.stderr(`rdmalab plan: the interlocks refuse ${report.interlocks.length} fault(s); rdmalab run would stop before touching the rig\n`);
		return 2;
	}

	return 0;
};
