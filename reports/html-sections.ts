// The suite's own sections of the HTML report (charts, tables, facts), in the order the suite gave them. Every
// string is escaped: labels and values come from rig files and remote output.
import {escapeHtml, runFileHref} from './html-escape.js';
import type {BarChartSection, ChartSection, FactsSection, ReportSection, RunReportModel, TableSection} from './model.js';

/** A suite's sections, under its heading; ids are the suite's id and the position. */
export function reportSections(sections: readonly ReportSection[], suiteId: string, images: RunReportModel['images']): string {
	// Numbered ids: titles repeat and may hold anything, positions do not.
	return sections.map((section, index) => sectionHtml(section, `${suiteId}-section-${index + 1}`, images)).join('\n');
}

function sectionHtml(section: ReportSection, id: string, images: RunReportModel['images']): string {
	switch (section.kind) {
		case 'chart':
		case 'bar-chart': {
			return chartSection(section, id, images[section.file]);
		}

		case 'table': {
			return tableSection(section, id);
		}

		case 'facts': {
			return factsSection(section, id);
		}
	}
}

// The image is embedded when the writer gave it (the page then shows it wherever it travels) and links to its PNG.
function chartSection(section: ChartSection | BarChartSection, id: string, dataUrl: string | undefined): string {
	const href = escapeHtml(runFileHref(section.file));
	const source = dataUrl !== undefined && /^data:image\/png;base64,[A-Za-z0-9+/=]*$/.test(dataUrl) ? dataUrl : href;
	return `<section class="report-chart" id="${id}">
<h3>${escapeHtml(section.chart.title)}</h3>
<figure>
<a href="${href}"><img src="${source}" alt="${escapeHtml(section.caption)}"></a>
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
<h3>${escapeHtml(section.title)}</h3>
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
<h3>${escapeHtml(section.title)}</h3>
<dl class="facts">
${rows.join('\n')}
</dl>
</section>`;
}

/** `1,234.5`: grouped for reading, as precise as the suite rounded it; a value that is not a number is missing. */
export const formatNumber = (value: number): string => (Number.isFinite(value) ? value.toLocaleString('en-US', {maximumFractionDigits: 20}) : '—');
