// report.html as a person sees it: opened from disk in real headless Chromium (Debian's chromium driven by
// playwright-core, no browser download). Every chart image loads, the verdict table is there with every verdict,
// nothing is logged to the console as an error and nothing is fetched from outside the page.
import {copyFileSync, mkdtempSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {pathToFileURL} from 'node:url';
import test, {type ExecutionContext} from 'ava';
import {chromium} from 'playwright-core';
import {writeResult} from '../../harness/cli/write-report.js';
import {RunRecorder} from '../../harness/run/recorder.js';
import {tempDir} from '../helpers/cli.js';
import {failoverSuiteReport, qosSuiteReport} from '../helpers/judged-suites.js';
import {needTool} from '../helpers/tools.js';

// Headless on a build machine: no sandbox (root in CI), no GPU, nothing that reaches the network on its own.
const launchArgs = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

interface PageCheck {
	images: Array<{alt: string; complete: boolean; width: number; src: string}>;
	verdictRows: number;
	headings: string[];
	consoleErrors: string[];
	requests: string[];
}

const openInChromium = async (t: ExecutionContext, file: string): Promise<PageCheck | undefined> => {
	const executablePath = needTool(t, '/usr/bin/chromium', 'chromium');
	if (executablePath === undefined) {
		return undefined;
	}

	const context = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'rdmalab-chromium-')), {executablePath, headless: true, args: launchArgs});
	try {
		const page = await context.newPage();
		const consoleErrors: string[] = [];
		const requests: string[] = [];
		page.on('console', message => {
			if (message.type() === 'error') {
				consoleErrors.push(message.text());
			}
		});
		page.on('pageerror', error => consoleErrors.push(error.message));
		page.on('requestfailed', request => consoleErrors.push(`request failed: ${request.url()}`));
		page.on('request', request => requests.push(request.url()));
		await page.goto(pathToFileURL(file).href, {waitUntil: 'load'});
		const images = await page.$$eval('img', elements => elements.map(image => ({alt: image.alt, complete: image.complete, width: image.naturalWidth, src: image.currentSrc.slice(0, 22)})));
		const verdictRows = await page.locator('#verdicts table tbody tr').count();
		const headings = await page.locator('h2').allTextContents();
		return {images, verdictRows, headings, consoleErrors, requests};
	} finally {
		await context.close();
	}
};

const writeCertification = async () => {
	const recorder = new RunRecorder(join(await tempDir(), 'certify'));
	const written = await writeResult(recorder, {title: 'Certification of lab-b-rack-3', rig: 'lab-b-rack-3', suites: [failoverSuiteReport, qosSuiteReport], manifest: {rdmalab: '0.1.0'}});
	await recorder.close();
	return written.html!;
};

test('every chart image loads, the verdict table holds every verdict, no console error, nothing fetched', async t => {
	const page = await openInChromium(t, await writeCertification());
	if (page === undefined) {
		return;
	}

	t.is(page.images.length, 2);
	for (const image of page.images) {
		t.true(image.complete && image.width === 1400, `${image.alt}: loaded ${image.width} px wide`);
		t.is(image.src, 'data:image/png;base64,');
	}

	t.is(page.verdictRows, failoverSuiteReport.verdicts.length + qosSuiteReport.verdicts.length);
	t.is(page.headings[0], 'Verdicts');
	t.true(page.headings.includes('Manifest'));
	t.true(page.headings.some(heading => heading.startsWith(failoverSuiteReport.title)));
	t.true(page.headings.some(heading => heading.startsWith(qosSuiteReport.title)));
	t.deepEqual(page.consoleErrors, []);
	t.deepEqual(page.requests.filter(url => !url.startsWith('file:') && !url.startsWith('data:')), []);
});

test('the page alone, copied away from its run folder, still shows every chart', async t => {
	const html = await writeCertification();
	const alone = join(await tempDir(), 'report.html');
	copyFileSync(html, alone);
	const page = await openInChromium(t, alone);
	if (page === undefined) {
		return;
	}

	t.true(page.images.length > 0);
	t.true(page.images.every(image => image.complete && image.width > 0), JSON.stringify(page.images));
	t.deepEqual(page.consoleErrors, []);
});
