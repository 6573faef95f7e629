import {writeFile} from 'node:fs/promises';
import {join} from 'node:path';
import test from 'ava';
import {formatDuration, prettyJson, renderHtmlReport} from '../../reports/html.js';
import type {RunOutcome, RunReportModel, SuiteView} from '../../reports/model.js';
import {tempDir} from '../helpers/cli.js';
import {failoverReport, failoverRunChart, failoverSuite} from './fixtures/failover-run.js';

/** The failover report with its one suite changed. */
const withSuite = (change: Partial<SuiteView>, report: RunReportModel = failoverReport): RunReportModel => ({...report, suites: [{...report.suites[0]!, ...change}]});

// Every string a rig file or a remote command could have put into the model, made hostile.
const hostileSuite: SuiteView = {
	suite: 'suite<b>',
	title: '<script>alert("suite")</script>',
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
	sections: [
		{kind: 'chart', file: 'charts/"x".png', caption: '<script>caption</script>', chart: {...failoverRunChart, title: '<script>chart</script>'}},
		{kind: 'table', title: '<b>table</b>', columns: ['<th>'], rows: [['<td>', 1]], caption: '<i>caption</i>'},
		{kind: 'facts', title: '<h2>facts', facts: [{label: '<dt>', value: '</dl>'}]},
	],
	facts: [{label: '<script>', value: 'a & b'}],
};
const hostile: RunReportModel = {
	title: '<script>alert("title")</script> Tom & Jerry',
	rig: 'rack "3" & <i>',
	outcome: 'error',
	startedAt: '2025-11-24T02:13:07Z',
	durationS: 3725,
	suites: [hostileSuite],
	errors: [],
	warnings: [],
	manifest: [{label: '<b>user</b>', value: '"root" & <admin>'}],
	artifacts: [{label: '<b>raw</b>', file: 'javascript:alert(1)'}],
	// A data URL that is not a PNG's is not used: the image falls back to its file.
	images: {'charts/"x".png': 'javascript:alert(1)'},
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
	t.true(html.includes('<h3>&lt;script&gt;chart&lt;/script&gt;</h3>'));
	t.true(html.includes('<h3>&lt;b&gt;table&lt;/b&gt;</h3>'));
	t.true(html.includes('<dt>&lt;b&gt;user&lt;/b&gt;</dt><dd>&quot;root&quot; &amp; &lt;admin&gt;</dd>'));
	t.true(html.includes('<th>&lt;th&gt;</th>'));
	t.true(html.includes('<tr><td>&lt;td&gt;</td><td class="number">1</td></tr>'));
	t.true(html.includes('<p class="caption">&lt;i&gt;caption&lt;/i&gt;</p>'));
	t.true(html.includes('<h3>&lt;h2&gt;facts</h3>'));
	t.true(html.includes('<dt>&lt;dt&gt;</dt><dd>&lt;/dl&gt;</dd>'));
});

test('links to run files stay relative paths: no script URL, no broken attribute', t => {
	const html = renderHtmlReport(hostile);
	t.true(html.includes('<a href="javascript%3Aalert(1)">&lt;b&gt;raw&lt;/b&gt;</a>'));
	t.true(html.includes('<a href="charts/%22x%22.png"><img src="charts/%22x%22.png" alt="&lt;script&gt;caption&lt;/script&gt;"></a>'));
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

test('infrastructure errors get their own section, apart from the verdicts, right after them', t => {
	const html = renderHtmlReport(hostile);
	t.true(html.indexOf('id="verdicts"') < html.indexOf('id="problems"'));
	t.true(html.includes('<li class="error"><p class="kind">Infrastructure error: not measured</p>'));
	t.true(html.includes('<p class="target">Target: <code>tor-a &quot;core&quot;</code></p>'));
	t.true(html.includes('<p class="hint">What to do: check'));
	t.true(html.includes('<li class="warning"><p class="kind">Warning</p>'));
	t.true(html.includes('<h2>Infrastructure errors and warnings</h2>'));
	t.true(renderHtmlReport(withSuite({warnings: []}, hostile)).includes('<h2>Infrastructure errors</h2>'));
	t.false(renderHtmlReport(withSuite({warnings: []})).includes('id="problems"'));
	// An error of the whole run (the report itself) is shown as well, without a suite.
	t.true(renderHtmlReport({...failoverReport, errors: [{message: 'report.html could not be completed'}]}).includes('<p class="message">report.html could not be completed</p>'));
});

test('verdicts first, then problems, the manifest, the suite\'s section (its sections in their order, its run facts), raw outputs', t => {
	const html = renderHtmlReport(failoverReport);
	const at = (needle: string) => {
		const index = html.indexOf(needle);
		t.not(index, -1, needle);
		return index;
	};

	const order = ['id="verdicts"', 'id="problems"', 'id="manifest"', '<section class="suite" id="suite-1">', '<section class="report-chart" id="suite-1-section-1">', '<section class="report-table" id="suite-1-section-2">', '<section class="report-facts" id="suite-1-section-3">', 'id="suite-1-facts"', 'id="artifacts"'].map(at);
	t.deepEqual(order, [...order].sort((a, b) => a - b));
	const reversed = renderHtmlReport(withSuite({sections: [...failoverSuite.sections].reverse()}));
	t.true(reversed.indexOf('class="report-facts" id="suite-1-section-1"') < reversed.indexOf('class="report-chart" id="suite-1-section-3"'));
});

test('several suites: one verdict table with a suite column on top, then one section per suite with its outcome', t => {
	const second: SuiteView = {...failoverSuite, suite: 'qos-contention', title: 'QoS shares under contention', outcome: 'passed', verdicts: [{...failoverSuite.verdicts[1]!, id: 'smb-share', title: 'SMB keeps its share', target: 'tor-a/Ethernet1/1'}], warnings: [], errors: [{message: 'typeperf on sofs02 stopped', target: 'sofs02'}]};
	const html = renderHtmlReport({...failoverReport, suites: [failoverSuite, second]});
	t.true(html.includes('<thead><tr><th>Suite</th><th>Status</th>'));
	t.is(html.match(/<tr class="verdict-/g)?.length, 4);
	t.true(html.includes('<td><a href="#suite-2">qos-contention</a></td>'));
	t.true(html.includes('SMB keeps its share<br><code class="target">tor-a/Ethernet1/1</code>'));
	t.true(html.includes('<dt>Suites</dt><dd>multichannel-failover, qos-contention</dd>'));
	t.true(html.includes('<h2>QoS shares under contention <span class="status status-passed">PASSED</span></h2>'));
	t.true(html.includes('<p class="message">qos-contention: typeperf on sofs02 stopped</p>'));
	t.true(html.indexOf('id="suite-1"') < html.indexOf('id="suite-2"'));
	t.true(html.indexOf('</table>') < html.indexOf('id="suite-1"'), 'the verdict table of every suite comes before the first suite section');
	t.regex(html, /4 checks: 3 pass, 1 fail\./);
});

test('a chart section is its image (embedded when given, linking to its PNG) under the chart\'s title, with the caption', t => {
	const png = 'data:image/png;base64,iVBORw0KGgo=';
	const html = renderHtmlReport({...failoverReport, images: {'charts/failover.png': png}});
	t.true(html.includes(`<section class="report-chart" id="suite-1-section-1">
<h3>SMB Multichannel failover: hv01 → sofs01</h3>
<figure>
<a href="charts/failover.png"><img src="${png}" alt="Per-rNIC throughput and total IOPS; shaded while tor-a Ethernet1/1 was shut."></a>
<figcaption>Per-rNIC throughput and total IOPS; shaded while tor-a Ethernet1/1 was shut.</figcaption>
</figure>
</section>`));
	t.true(renderHtmlReport(failoverReport).includes('<a href="charts/failover.png"><img src="charts/failover.png" alt='), 'without the image, the file');
});

test('a table section: header, rows with numbers grouped and right-aligned, short rows padded, the caption', t => {
	const html = renderHtmlReport(failoverReport);
	t.true(html.includes('<thead><tr><th>Series</th><th>Unit</th><th>Before the shut (0.0–15.0 s)</th><th>Port down (15.0–25.0 s)</th><th>After the no shut (25.0–50.0 s)</th></tr></thead>'));
	t.true(html.includes('<tr><td>Total (diskspd)</td><td>IOPS</td><td class="number">268,555</td><td class="number">253,418</td><td class="number">268,012</td></tr>'));
	t.true(html.includes('<td>1,364 (2 of 50 samples blank)</td>'));
	t.true(html.includes('<p class="caption">Means over the samples'));
	const odd = renderHtmlReport(withSuite({sections: [{kind: 'table', title: 'odd', columns: ['a', 'b', 'c'], rows: [[1.25], [Number.NaN, 1234.5678, 'x', 'extra']]}]}));
	t.true(odd.includes('<tr><td class="number">1.25</td><td></td><td></td></tr>'));
	t.true(odd.includes('<tr><td class="number">—</td><td class="number">1,234.5678</td><td>x</td><td>extra</td></tr>'));
	t.false(odd.includes('class="caption"'));
	const empty = renderHtmlReport(withSuite({sections: [{kind: 'table', title: 'none', columns: ['a', 'b'], rows: []}]}));
	t.true(empty.includes('<tr><td class="empty" colspan="2">No rows.</td></tr>'));
});

test('a facts section is a list of label and value under its title', t => {
	const html = renderHtmlReport(failoverReport);
	t.true(html.includes('<section class="report-facts" id="suite-1-section-3">\n<h3>SMB channels</h3>\n<dl class="facts">\n<dt>hv01 → sofs01</dt><dd>2 RDMA-capable channels, 1 per rNIC</dd>\n</dl>\n</section>'));
});

test('manifest, facts and raw outputs are listed; empty lists leave no empty sections', t => {
	const html = renderHtmlReport(failoverReport);
	t.true(html.includes('<a href="raw/hv01-diskspd.xml">diskspd XML</a>'));
	t.true(html.includes('<dt>Clock offset hv01</dt><dd>+180 ms</dd>'));
	t.true(html.includes('<section id="manifest">\n<h2>Manifest</h2>\n<dl class="facts">\n<dt>rdmalab</dt><dd>0.1.0</dd>'));
	const bare = renderHtmlReport({...withSuite({verdicts: [], sections: [], facts: [], warnings: []}), artifacts: [], manifest: []});
	t.false(/id="(suite-1-section-\d+|artifacts|suite-1-facts|manifest|problems)"/.test(bare));
	t.true(bare.includes('No verdicts were computed.'));
});

test('the page is self-contained: inline style, no scripts, no external assets', t => {
	const html = renderHtmlReport({...failoverReport, images: {'charts/failover.png': 'data:image/png;base64,iVBORw0KGgo='}});
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
