import {writeFile} from 'node:fs/promises';
import {join} from 'node:path';
import test from 'ava';
import {formatDuration, prettyJson, renderHtmlReport} from '../../reports/html.js';
import type {RunOutcome, RunReportModel} from '../../reports/model.js';
import {tempDir} from '../helpers/cli.js';
import {failoverReport} from './fixtures/failover-run.js';

// Every string a rig file or a remote command could have put into the model, made hostile.
const hostile: RunReportModel = {
	title: '<script>alert("title")</script> Tom & Jerry',
	suite: 'suite<b>',
	rig: 'rack "3" & <i>',
	outcome: 'error',
	startedAt: '2025-11-24T02:13:07Z',
	durationS: 3725,
	verdicts: [{
		id: 'x" onmouseover="alert(1)',
		title: '<script>verdict</script>',
		status: 'error',
		summary: 'read & write <b>',
		threshold: '≤ 5 <ms>',
		measured: '<none>',
		evidence: {output: '</pre><script>alert(1)</script>', path: 'C:\\temp & more'},
	}],
	errors: [{message: '<img src=x onerror=alert(1)>', target: 'tor-a "core"', hint: 'check <cable> & retry'}],
	warnings: ['clock <skew> & drift'],
	charts: [{file: 'charts/"x".png', caption: '<script>caption</script>'}],
	artifacts: [{label: '<b>raw</b>', file: 'javascript:alert(1)'}],
	facts: [{label: '<script>', value: 'a & b'}],
};

test('every model string is escaped, so no markup from the model reaches the page', t => {
	const html = renderHtmlReport(hostile);
	t.false(/<script/i.test(html), 'no script element, not even one the report meant');
	t.false(html.includes('<img src=x'));
	t.false(html.includes('<b>'));
	t.false(html.includes('<i>'));
	t.false(html.includes('" onmouseover="'));
	t.true(html.includes('&lt;script&gt;alert(&quot;title&quot;)&lt;/script&gt; Tom &amp; Jerry'));
	t.true(html.includes('rack &quot;3&quot; &amp; &lt;i&gt;'));
	t.true(html.includes('&lt;/pre&gt;&lt;script&gt;alert(1)&lt;/script&gt;'));
	t.true(html.includes('check &lt;cable&gt; &amp; retry'));
	t.true(html.includes('clock &lt;skew&gt; &amp; drift'));
	t.true(html.includes('<dt>&lt;script&gt;</dt><dd>a &amp; b</dd>'));
});

test('links to run files stay relative paths: no script URL, no broken attribute', t => {
	const html = renderHtmlReport(hostile);
	t.true(html.includes('<a href="javascript%3Aalert(1)">&lt;b&gt;raw&lt;/b&gt;</a>'));
	t.true(html.includes('<img src="charts/%22x%22.png" alt="&lt;script&gt;caption&lt;/script&gt;">'));
	const links = renderHtmlReport({...failoverReport, artifacts: [{label: 'log', file: 'raw\\tor a#1.log'}]});
	t.true(links.includes('<a href="raw/tor%20a%231.log">log</a> <code>raw\\tor a#1.log</code>'));
});

test('the outcome is a big badge in its colour, with words that say what it means', t => {
	const expected: Record<RunOutcome, string> = {passed: 'PASSED', failed: 'FAILED', error: 'COULD NOT MEASURE', interrupted: 'INTERRUPTED'};
	for (const [outcome, text] of Object.entries(expected) as [RunOutcome, string][]) {
		const html = renderHtmlReport({...failoverReport, outcome});
		t.true(html.includes(`<div class="badge badge-${outcome}">${text}</div>`), outcome);
		t.true(html.includes(`<title>${text}: `), outcome);
	}

	t.regex(renderHtmlReport({...failoverReport, outcome: 'error'}), /neither a hardware failure nor a pass/);
	t.regex(renderHtmlReport(failoverReport), /3 checks: 2 pass, 1 fail\./);
});

test('the header names suite, rig, start time (UTC) and duration', t => {
	const html = renderHtmlReport(failoverReport);
	t.true(html.includes('<dt>Suite</dt><dd>multichannel-failover</dd>'));
	t.true(html.includes('<dt>Rig</dt><dd>lab-b-rack-3</dd>'));
	t.true(html.includes('<time datetime="2025-11-24T02:13:07.412Z">2025-11-24 02:13:07 UTC</time>'));
	t.true(html.includes('<dt>Duration</dt><dd>50 s</dd>'));
});

test('one table row per verdict, with status, threshold, measured value and evidence', t => {
	const html = renderHtmlReport(failoverReport);
	t.is(html.match(/<tr class="verdict-/g)?.length, 3);
	t.true(html.includes('<span class="status status-fail">FAIL</span>'));
	t.is(html.match(/status-pass">PASS</g)?.length, 2);
	t.true(html.includes('<td class="threshold">≤ 1000 ms</td>\n<td class="measured">1520 ms</td>'));
	t.true(html.includes('&quot;baselineIops&quot;: 268555,\n  &quot;stallFloorIops&quot;'), 'evidence is indented JSON');
	// The failed verdict shows its evidence; passing ones keep it folded.
	t.is(html.match(/<details open>/g)?.length, 1);
	t.is(html.match(/<details>/g)?.length, 2);
});

test('infrastructure errors get their own section, apart from the verdicts and before them', t => {
	const html = renderHtmlReport(hostile);
	t.true(html.indexOf('id="problems"') < html.indexOf('id="verdicts"'));
	t.true(html.includes('<li class="error"><p class="kind">Infrastructure error: not measured</p>'));
	t.true(html.includes('<p class="target">Target: <code>tor-a &quot;core&quot;</code></p>'));
	t.true(html.includes('<p class="hint">What to do: check'));
	t.true(html.includes('<li class="warning"><p class="kind">Warning</p>'));
	t.true(html.includes('<h2>Infrastructure errors and warnings</h2>'));
	t.true(renderHtmlReport({...hostile, warnings: []}).includes('<h2>Infrastructure errors</h2>'));
	t.false(renderHtmlReport({...failoverReport, warnings: []}).includes('id="problems"'));
});

test('charts, facts and raw outputs are listed; empty lists leave no empty sections', t => {
	const html = renderHtmlReport(failoverReport);
	t.true(html.includes('<img src="charts/failover.png" alt="Per-rNIC throughput'));
	t.true(html.includes('<figcaption>Per-rNIC throughput'));
	t.true(html.includes('<a href="raw/hv01-diskspd.xml">diskspd XML</a>'));
	t.true(html.includes('<dt>Clock offset hv01</dt><dd>+180 ms</dd>'));
	const bare = renderHtmlReport({...failoverReport, verdicts: [], charts: [], artifacts: [], facts: [], warnings: []});
	t.false(/id="(charts|artifacts|facts|problems)"/.test(bare));
	t.true(bare.includes('No verdicts were computed.'));
});

test('the page is self-contained: inline style, no scripts, no external assets', t => {
	const html = renderHtmlReport(failoverReport);
	t.true(html.startsWith('<!doctype html>\n<html lang="en">'));
	t.true(html.includes('<style>'));
	t.false(/<script|<link|https?:\/\//i.test(html));
	t.true(html.includes('@media print'));
});

test('durations read as seconds, minutes and hours', t => {
	t.deepEqual([50.2, 59.6, 250, 3725, 8 * 3600, -1, Number.NaN].map(seconds => formatDuration(seconds)), [
		'50 s',
		'1 min 0 s',
		'4 min 10 s',
		'1 h 2 min 5 s',
		'8 h 0 min 0 s',
		'unknown',
		'unknown',
	]);
});

test('evidence that is not plain JSON still shows', t => {
	t.is(prettyJson({bytes: 10n ** 20n}), '{\n  "bytes": "100000000000000000000"\n}');
	const loop: Record<string, unknown> = {};
	loop['self'] = loop;
	t.regex(prettyJson(loop), /^\(evidence could not be shown as JSON: /);
	t.is(prettyJson(undefined), 'null');
});

test('example: the report of the 50 s failover run, written to the test\'s own folder (its path in the log)', async t => {
	const html = renderHtmlReport(failoverReport);
	const file = join(await tempDir(), 'report-example.html');
	await writeFile(file, html);
	t.log(`written to ${file}`);
	t.is(html.match(/<details/g)?.length, html.match(/<\/details>/g)?.length);
	t.is(html.match(/<section/g)?.length, html.match(/<\/section>/g)?.length);
});
