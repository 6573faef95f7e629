// The HTML report: one self-contained page (style inline, chart images embedded) a lab engineer opens from the run
// folder, a CI artifact or a mail to decide whether the hardware passes. The outcome comes first and big, then one
// verdict table for every suite; infrastructure errors are set apart from verdicts because "could not measure" is
// neither a pass nor a product fail; then the manifest, one section per suite and the raw files. Every model string
// is escaped: rig-file values and remote output end up here verbatim.
import {escapeHtml, runFileHref} from './html-escape.js';
import {reportSections} from './html-sections.js';
import {reportCss} from './html-style.js';
import type {ErrorView, RunOutcome, RunReportModel, SuiteView, VerdictStatus, VerdictView} from './model.js';

const outcomeBadges: Record<RunOutcome, string> = {
	passed: 'PASSED',
	failed: 'FAILED',
	error: 'COULD NOT MEASURE',
	interrupted: 'INTERRUPTED',
};

const statusLabels: Record<VerdictStatus, string> = {
	pass: 'PASS',
	fail: 'FAIL',
	error: 'ERROR',
	skipped: 'SKIPPED',
};

export function renderHtmlReport(model: RunReportModel): string {
	const badge = outcomeBadges[model.outcome];
	// Typed as a union, but it is still a string from the model.
	const outcome = escapeHtml(model.outcome);
	const several = model.suites.length > 1;
	return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${badge}: ${escapeHtml(model.title)}</title>
<style>${reportCss}</style>
</head>
<body>
<header class="outcome-${outcome}">
<div class="badge badge-${outcome}">${badge}</div>
<h1>${escapeHtml(model.title)}</h1>
<p class="headline">${escapeHtml(headline(model))}</p>
<dl class="run-meta">
${metaItem(several ? 'Suites' : 'Suite', escapeHtml(model.suites.map(suite => suite.suite).join(', ')))}
${metaItem('Rig', escapeHtml(model.rig))}
${metaItem('Started', startTime(model.startedAt))}
${metaItem('Duration', escapeHtml(formatDuration(model.durationS)))}
</dl>
</header>
<main>
${verdictsSection(model.suites)}
${problemsSection(model)}
${factsSection('manifest', 'Manifest', model.manifest)}
${model.suites.map((suite, index) => suiteSection(suite, `suite-${index + 1}`, several, model.images)).join('\n')}
${artifactsSection(model.artifacts)}
</main>
<footer>rdmalab report · ${escapeHtml(model.suites.map(suite => suite.suite).join(', '))} · ${escapeHtml(model.startedAt)}</footer>
</body>
</html>
`;
}

const allVerdicts = (model: RunReportModel): VerdictView[] => model.suites.flatMap(suite => suite.verdicts);

/** What the outcome means, in a sentence, then how the checks came out. */
function headline(model: RunReportModel): string {
	const meaning: Record<RunOutcome, string> = {
		passed: 'Every check that ran passed.',
		failed: 'The hardware missed at least one threshold.',
		error: 'The run could not measure everything it needed (see the infrastructure errors). This is neither a hardware failure nor a pass.',
		interrupted: 'The run was stopped before it finished. The results are incomplete.',
	};
	return `${meaning[model.outcome]} ${tally(allVerdicts(model))}`;
}

function tally(verdicts: VerdictView[]): string {
	if (verdicts.length === 0) {
		return 'No checks were judged.';
	}

	const counts = (Object.keys(statusLabels) as VerdictStatus[])
		.map(status => ({status, count: verdicts.filter(verdict => verdict.status === status).length}))
		.filter(({count}) => count > 0)
		.map(({status, count}) => `${count} ${statusLabels[status].toLowerCase()}`);
	return `${verdicts.length} ${verdicts.length === 1 ? 'check' : 'checks'}: ${counts.join(', ')}.`;
}

const metaItem = (label: string, valueHtml: string): string => `<div><dt>${label}</dt><dd>${valueHtml}</dd></div>`;

function problemsSection(model: RunReportModel): string {
	// With several suites, each problem names the suite it comes from.
	const from = (suite: SuiteView) => (model.suites.length > 1 ? `${suite.suite}: ` : '');
	const errors = [...model.errors.map(error => ({error, from: ''})), ...model.suites.flatMap(suite => suite.errors.map(error => ({error, from: from(suite)})))];
	const warnings = [...model.warnings, ...model.suites.flatMap(suite => suite.warnings.map(warning => `${from(suite)}${warning}`))];
	if (errors.length === 0 && warnings.length === 0) {
		return '';
	}

	const items = [
		...errors.map(({error, from}) => errorItem(error, from)),
		...warnings.map(warning => `<li class="warning"><p class="kind">Warning</p><p>${escapeHtml(warning)}</p></li>`),
	];
	const heading = errors.length === 0
		? 'Warnings'
		: (warnings.length === 0 ? 'Infrastructure errors' : 'Infrastructure errors and warnings');
	return `<section id="problems">
<h2>${heading}</h2>
<ul class="problems">
${items.join('\n')}
</ul>
</section>`;
}

function errorItem(error: ErrorView, from: string): string {
	const lines = [
		'<p class="kind">Infrastructure error: not measured</p>',
		`<p class="message">${escapeHtml(from + error.message)}</p>`,
		...(error.target === undefined ? [] : [`<p class="target">Target: <code>${escapeHtml(error.target)}</code></p>`]),
		...(error.hint === undefined ? [] : [`<p class="hint">What to do: ${escapeHtml(error.hint)}</p>`]),
	];
	return `<li class="error">${lines.join('')}</li>`;
}

function verdictsSection(suites: readonly SuiteView[]): string {
	if (suites.every(suite => suite.verdicts.length === 0)) {
		return '<section id="verdicts">\n<h2>Verdicts</h2>\n<p class="empty">No verdicts were computed.</p>\n</section>';
	}

	// With several suites, a column says whose verdict each row is, and links to that suite's section.
	const several = suites.length > 1;
	const rows = suites.flatMap((suite, index) => suite.verdicts.map(verdict => verdictRow(verdict, several ? `<td><a href="#suite-${index + 1}">${escapeHtml(suite.suite)}</a></td>\n` : '')));
	return `<section id="verdicts">
<h2>Verdicts</h2>
<table>
<thead><tr>${several ? '<th>Suite</th>' : ''}<th>Status</th><th>Check</th><th>Threshold</th><th>Measured</th><th>Summary</th></tr></thead>
<tbody>
${rows.join('\n')}
</tbody>
</table>
</section>`;
}

function verdictRow(verdict: VerdictView, suiteCell: string): string {
	// A verdict that did not pass is what the reader came for: show its evidence without a click.
	const open = verdict.status === 'fail' || verdict.status === 'error' ? ' open' : '';
	const status = escapeHtml(verdict.status);
	const target = verdict.target === undefined ? '' : `<br><code class="target">${escapeHtml(verdict.target)}</code>`;
	return `<tr class="verdict-${status}">
${suiteCell}<td><span class="status status-${status}">${statusLabels[verdict.status]}</span></td>
<td>${escapeHtml(verdict.title)}${target}</td>
<td class="threshold">${escapeHtml(verdict.threshold)}</td>
<td class="measured">${escapeHtml(verdict.measured)}</td>
<td>${escapeHtml(verdict.summary)}
<details${open}><summary>Evidence</summary><pre>${escapeHtml(prettyJson(verdict.evidence))}</pre></details></td>
</tr>`;
}

/** A suite's own part: its charts, tables and facts in its order, then the facts of its run. */
function suiteSection(suite: SuiteView, id: string, several: boolean, images: RunReportModel['images']): string {
	const outcome = several ? ` <span class="status status-${escapeHtml(suite.outcome)}">${outcomeBadges[suite.outcome]}</span>` : '';
	return `<section class="suite" id="${id}">
<h2>${escapeHtml(suite.title)}${outcome}</h2>
<p class="suite-meta">${escapeHtml(suite.suite)} · started ${startTime(suite.startedAt)} · ${escapeHtml(formatDuration(suite.durationS))}</p>
${reportSections(suite.sections, id, images)}
${factsSection(`${id}-facts`, 'Run facts', suite.facts, 'h3')}
</section>`;
}

function factsSection(id: string, title: string, facts: RunReportModel['manifest'], heading = 'h2'): string {
	if (facts.length === 0) {
		return '';
	}

	const rows = facts.map(fact => `<dt>${escapeHtml(fact.label)}</dt><dd>${escapeHtml(fact.value)}</dd>`);
	return `<section id="${id}">\n<${heading}>${title}</${heading}>\n<dl class="facts">\n${rows.join('\n')}\n</dl>\n</section>`;
}

function artifactsSection(artifacts: RunReportModel['artifacts']): string {
	if (artifacts.length === 0) {
		return '';
	}

	const items = artifacts.map(artifact =>
		`<li><a href="${escapeHtml(runFileHref(artifact.file))}">${escapeHtml(artifact.label)}</a> <code>${escapeHtml(artifact.file)}</code></li>`);
	return `<section id="artifacts">\n<h2>Raw outputs</h2>\n<ul class="artifacts">\n${items.join('\n')}\n</ul>\n</section>`;
}

/** Evidence as indented JSON; never throws, since a report with odd evidence beats no report. */
export function prettyJson(value: unknown): string {
	try {
		return JSON.stringify(value, (_key, item: unknown) => (typeof item === 'bigint' ? item.toString() : item), 2) ?? 'null';
	} catch (error) {
		return `(evidence could not be shown as JSON: ${error instanceof Error ? error.message : String(error)})`;
	}
}

/** `2025-11-24 17:19:03 UTC`, keeping the exact ISO value in the datetime attribute; unparsable input as is. */
function startTime(iso: string): string {
	const time = new Date(iso);
	const shown = Number.isNaN(time.getTime()) ? iso : time.toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC');
	return `<time datetime="${escapeHtml(iso)}">${escapeHtml(shown)}</time>`;
}

/** `50 s`, `4 min 10 s`, `8 h 2 min 5 s`. */
export function formatDuration(seconds: number): string {
	if (!Number.isFinite(seconds) || seconds < 0) {
		return 'unknown';
	}

	const total = Math.round(seconds);
	const hours = Math.floor(total / 3600);
	const minutes = Math.floor((total % 3600) / 60);
	const parts = [hours > 0 ? `${hours} h` : '', hours > 0 || minutes > 0 ? `${minutes} min` : '', `${total % 60} s`];
	return parts.filter(part => part !== '').join(' ');
}
