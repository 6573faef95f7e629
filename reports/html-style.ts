// The report's stylesheet, inlined so the page is one file that opens from a run folder, a CI artifact or a
// mail attachment. Colours carry meaning only together with words (PASS, FAIL ...), so a grey-scale print
// still reads.
export const reportCss = `
:root {
	--text: #111827;
	--muted: #4b5563;
	--line: #d1d5db;
	--pass: #15803d;
	--fail: #b91c1c;
	--error: #b45309;
	--skipped: #6b7280;
	--error-bg: #fffbeb;
	--warning-bg: #fefce8;
	--warning: #a16207;
}
* { box-sizing: border-box; }
body {
	margin: 0 auto;
	max-width: 1200px;
	padding: 24px;
	color: var(--text);
	font: 15px/1.5 system-ui, 'Segoe UI', 'DejaVu Sans', Helvetica, Arial, sans-serif;
}
h1 { font-size: 26px; margin: 8px 0 4px; }
h2 { font-size: 19px; margin: 32px 0 10px; padding-bottom: 4px; border-bottom: 1px solid var(--line); }
h3 { font-size: 16px; margin: 24px 0 8px; }
h2 .status { vertical-align: middle; margin-left: 8px; }
.suite-meta { color: var(--muted); margin: 0 0 8px; }
code.target { color: var(--muted); }
code, pre { font-family: 'DejaVu Sans Mono', Consolas, Menlo, monospace; font-size: 13px; }
header { padding-bottom: 12px; border-bottom: 3px solid var(--line); }
.outcome-passed { border-bottom-color: var(--pass); }
.outcome-failed { border-bottom-color: var(--fail); }
.outcome-error { border-bottom-color: var(--error); }
.outcome-interrupted { border-bottom-color: var(--skipped); }
.badge {
	display: inline-block;
	padding: 6px 18px;
	border-radius: 6px;
	color: #fff;
	font-size: 24px;
	font-weight: bold;
	letter-spacing: 0.04em;
	-webkit-print-color-adjust: exact;
	print-color-adjust: exact;
}
.badge-passed { background: var(--pass); }
.badge-failed { background: var(--fail); }
.badge-error { background: var(--error); }
.badge-interrupted { background: var(--skipped); }
.headline { font-size: 17px; margin: 4px 0 12px; }
.run-meta { display: flex; flex-wrap: wrap; gap: 6px 32px; margin: 0; }
.run-meta dt { color: var(--muted); font-size: 13px; }
.run-meta dd { margin: 0; font-weight: bold; }
.problems { list-style: none; padding: 0; margin: 0; }
.problems li { margin: 8px 0; padding: 10px 14px; border-left: 6px solid var(--error); background: var(--error-bg); }
.problems li.warning { border-left-color: var(--warning); background: var(--warning-bg); }
.problems p { margin: 2px 0; }
.problems .kind { font-size: 12px; font-weight: bold; text-transform: uppercase; letter-spacing: 0.05em; color: var(--error); }
.problems li.warning .kind { color: var(--warning); }
.problems .message { font-weight: bold; }
table { width: 100%; border-collapse: collapse; }
th, td { text-align: left; vertical-align: top; padding: 8px 10px; border-bottom: 1px solid var(--line); }
th { font-size: 13px; color: var(--muted); }
tbody tr { break-inside: avoid; }
td.measured, td.threshold { white-space: nowrap; font-variant-numeric: tabular-nums; }
td.number { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
.status {
	display: inline-block;
	min-width: 5.5em;
	padding: 2px 8px;
	border-radius: 4px;
	color: #fff;
	font-size: 13px;
	font-weight: bold;
	text-align: center;
	-webkit-print-color-adjust: exact;
	print-color-adjust: exact;
}
.status-pass { background: var(--pass); }
.status-fail { background: var(--fail); }
.status-error { background: var(--error); }
.status-skipped { background: var(--skipped); }
.status-passed { background: var(--pass); }
.status-failed { background: var(--fail); }
.status-interrupted { background: var(--skipped); }
tr.verdict-fail td.measured { color: var(--fail); font-weight: bold; }
details { margin-top: 6px; }
summary { cursor: pointer; color: var(--muted); font-size: 13px; }
pre {
	margin: 6px 0 0;
	padding: 10px;
	max-height: 480px;
	overflow: auto;
	background: #f3f4f6;
	white-space: pre-wrap;
	overflow-wrap: anywhere;
}
figure { margin: 16px 0; break-inside: avoid; }
figure img { display: block; max-width: 100%; height: auto; border: 1px solid var(--line); }
figcaption, .caption { color: var(--muted); margin-top: 6px; }
.facts { display: grid; grid-template-columns: max-content 1fr; gap: 4px 24px; margin: 0; }
.facts dt { color: var(--muted); }
.facts dd { margin: 0; overflow-wrap: anywhere; }
.artifacts li { margin: 4px 0; }
.artifacts code { color: var(--muted); }
.empty { color: var(--muted); font-style: italic; }
footer { margin-top: 40px; color: var(--muted); font-size: 12px; }
@media print {
	body { max-width: none; padding: 0; font-size: 11pt; }
	h2 { break-after: avoid; }
	pre { max-height: none; overflow: visible; }
	/* A closed details element prints closed, and paper cannot be clicked open. */
	details::details-content { content-visibility: visible; display: block; }
}
`;
