// The suite's own sections of the HTML report (charts, tables, facts), in the order the suite gave them. Every
// string is escaped: labels and values come from rig files and remote output.
import {escapeHtml, runFileHref} from './html-escape.js';
import type {ChartSection, FactsSection, PartSection, ReportSection, TableSection} from './model.js';

export function reportSections(sections: readonly ReportSection[]): string {
	// Numbered ids: titles repeat and may hold anything, positions do not.
	return sections.map((section, index) => sectionHtml(section, `section-${index + 1}`)).join('\n');
}

function sectionHtml(section: ReportSection, id: string): string {
	switch (section.kind) {
		case 'chart': {
			return chartSection(section, id);
		}

		case 'table': {
			return tableSection(section, id);
		}

		case 'facts': {
			return factsSection(section, id);
		}

		case 'part': {
			return partSection(section, id);
		}
	}
}

const outcomeWords = {passed: 'PASSED', failed: 'FAILED', error: 'COULD NOT MEASURE', interrupted: 'INTERRUPTED'} as const;

function partSection(section: PartSection, id: string): string {
	const link = section.report === undefined ? '' : ` <a class="part-report" href="${escapeHtml(runFileHref(section.report))}">its own report</a>`;
	const outcome = escapeHtml(section.outcome);
	return `<section class="report-part" id="${id}">
<h2 class="part-title"><span class="badge badge-${outcome}">${outcomeWords[section.outcome]}</span> ${escapeHtml(section.title)}</h2>${link}
</section>`;
}

function chartSection(section: ChartSection, id: string): string {
	return `<section class="report-chart" id="${id}">
<h2>${escapeHtml(section.chart.title)}</h2>
<figure>
<img src="${escapeHtml(runFileHref(section.file))}" alt="${escapeHtml(section.caption)}">
<figcaption>${escapeHtml(section.caption)}</figcaption>
</figure>
</section>`;
}

function tableSection(section: TableSection, id: string): string {
	// Short rows are padded so every row has the header's cells; long ones keep theirs: data is never cut off.
	const rows = section.rows.map(row => {
		const cells = [...row, ...Array.from<string>({length: Math.max(0, section.columns.length - row.length)}).fill('')];
		return `<tr>${cells.map(cell => (typeof cell === 'number' ? `<td class="number">${escapeHtml(formatNumber(cell))}</td>` : `<td>${escapeHtml(cell)}</td>`)).join('')}</tr>`;
	});
	const body = rows.length === 0 ? `<tr><td class="empty" colspan="${Math.max(1, section.columns.length)}">No rows.</td></tr>` : rows.join('\n');
	return `<section class="report-table" id="${id}">
<h2>${escapeHtml(section.title)}</h2>
<table>
<thead><tr>${section.columns.map(column => `<th>${escapeHtml(column)}</th>`).join('')}</tr></thead>
<tbody>
${body}
</tbody>
</table>
${section.caption === undefined ? '' : `<p class="caption">${escapeHtml(section.caption)}</p>\n`}</section>`;
}

function factsSection(section: FactsSection, id: string): string {
	const rows = section.facts.map(fact => `<dt>${escapeHtml(fact.label)}</dt><dd>${escapeHtml(fact.value)}</dd>`);
	return `<section class="report-facts" id="${id}">
<h2>${escapeHtml(section.title)}</h2>
<dl class="facts">
${rows.join('\n')}
</dl>
</section>`;
}

/** `1,234.5`: grouped for reading, as precise as the suite rounded it; a value that is not a number is missing. */
export const formatNumber = (value: number): string => (Number.isFinite(value) ? value.toLocaleString('en-US', {maximumFractionDigits: 20}) : '—');
