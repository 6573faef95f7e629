// JUnit XML as CI servers see it: validated against the schema Jenkins uses (test/fixtures/junit/junit-10.xsd) with
// xmllint, and read back with junit2json, a JUnit reader from npm.
import {writeFile} from 'node:fs/promises';
import {join} from 'node:path';
import type {ExecutionContext} from 'ava';
import {execa} from 'execa';
import {parse, type TestCase, type TestSuite, type TestSuites} from 'junit2json';
import {tempDir} from './cli.js';
import {fixture} from './paths.js';
import {needTool} from './tools.js';

export const junitXsd = fixture('junit', 'junit-10.xsd');

/** Validates XML against Jenkins' junit-10.xsd with xmllint; false (after saying why) when xmllint is missing. */
export const assertSchemaValid = async (t: ExecutionContext, xml: string): Promise<boolean> => {
	const xmllint = needTool(t, 'xmllint', 'libxml2-utils');
	if (xmllint === undefined) {
		return false;
	}

	const file = join(await tempDir(), 'junit.xml');
	await writeFile(file, xml);
	const {exitCode, stderr} = await execa(xmllint, ['--noout', '--schema', junitXsd, file], {reject: false});
	t.is(exitCode, 0, stderr);
	t.regex(stderr, /validates$/m);
	return true;
};

/** The XML read back by junit2json, a JUnit reader from npm, as its <testsuites>. */
export const readBack = async (xml: string): Promise<TestSuites> => {
	const parsed = await parse(xml);
	if (parsed === null || parsed === undefined || !('testsuite' in parsed) || parsed.testsuite === undefined) {
		throw new Error(`junit2json found no <testsuites>: ${JSON.stringify(parsed)}`);
	}

	return parsed as TestSuites;
};

export const caseNamed = (suite: TestSuite | undefined, name: string): TestCase => {
	const found = suite?.testcase?.find(testCase => testCase.name === name);
	if (found === undefined) {
		throw new Error(`no testcase "${name}" in ${suite?.name ?? 'no suite'}: ${suite?.testcase?.map(testCase => testCase.name).join(', ')}`);
	}

	return found;
};

