// Tests that need a program from the system (xmllint, chromium): .ci/run installs them. Where one is missing, the
// test says so loudly and passes without checking; in CI (RDMALAB_CI_STRICT=1) it fails instead, so a missing
// install step can never hide behind a green run.
import {accessSync, constants} from 'node:fs';
import {delimiter, isAbsolute, join} from 'node:path';
import type {ExecutionContext} from 'ava';

const executable = (file: string): boolean => {
	try {
		accessSync(file, constants.X_OK);
		return true;
	} catch {
		return false;
	}
};

/** The program's path, found as given (absolute) or on PATH. */
export const findTool = (name: string): string | undefined => (isAbsolute(name)
	? (executable(name) ? name : undefined)
	: (process.env['PATH'] ?? '').split(delimiter).filter(Boolean).map(folder => join(folder, name)).find(file => executable(file)));

/** True when the tool is there; otherwise skips loudly, or fails under RDMALAB_CI_STRICT=1. */
export const needTool = (t: ExecutionContext, name: string, debianPackage: string): string | undefined => {
	const found = findTool(name);
	if (found !== undefined) {
		return found;
	}

	notChecked(t, `${name} is not installed (Debian package ${debianPackage}, which .ci/run installs)`);
	return undefined;
};

/**
 * What a test needs is missing here: it says so loudly (in its log and on stderr) and passes without checking, or
 * fails under RDMALAB_CI_STRICT=1, where nothing may hide behind a green run.
 */
export const notChecked = (t: ExecutionContext, why: string): void => {
	const message = `${t.title}: ${why}`;
	if (process.env['RDMALAB_CI_STRICT'] === '1') {
		t.fail(`${message}; RDMALAB_CI_STRICT=1 makes that a failure`);
		return;
	}

	t.log(`SKIPPED, NOT CHECKED: ${message}`);
	process.stderr.write(`\n*** SKIPPED, NOT CHECKED: ${message} ***\n\n`);
	t.pass();
};
