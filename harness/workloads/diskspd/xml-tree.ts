// A small ordered element tree over fast-xml-parser, shaped for diskspd output: attributes and children
// keep document order (so a writer can reproduce a profile exactly), text is kept verbatim, and
// nothing is unescaped twice.

import {XMLParser, XMLValidator} from 'fast-xml-parser';
import {parseError, type ParsedFormat} from '../../parse-error.js';

export interface XmlElement {
	name: string;
	attributes: [string, string][];
	/** Text content as printed; '' for elements that only hold children. */
	text: string;
	children: XmlElement[];
}

type OrderedNode = Record<string, unknown>;

const parser = new XMLParser({
	preserveOrder: true,
	ignoreAttributes: false,
	attributeNamePrefix: '',
	parseTagValue: false,
	parseAttributeValue: false,
	trimValues: false,
	processEntities: true,
	htmlEntities: false,
});

// diskspd prints <Path> and <ComputerName> unescaped, so a bare `&` would make the document malformed.
const bareAmpersand = /&(?!(?:amp|lt|gt|quot|apos);)/g;

/** Whose XML it is, for the error message: the format and what the operator can do about a malformed one. */
export interface XmlSource {
	format: ParsedFormat;
	hint: string;
}

const diskspdSource: XmlSource = {format: 'diskspd-xml', hint: 'the output is truncated or something else was printed into it; capture -Rxml stdout alone (no -v, no -P)'};

/**
 * Parses XML text into elements. `firstLine` is the line of `xml` within the tool's whole output, so
 * errors point at the line the operator sees.
 */
export function readXml(xml: string, firstLine = 1, source: XmlSource = diskspdSource): XmlElement[] {
	const escaped = xml.replace(bareAmpersand, '&amp;');
	const verdict = XMLValidator.validate(escaped);
	if (verdict !== true) {
		const {msg, line, col} = verdict.err;
		throw parseError(source.format, `malformed XML at line ${line + firstLine - 1}, column ${col}: ${msg}`, source.hint, {line: line + firstLine - 1, column: col});
	}

	return toElements(parser.parse(escaped) as OrderedNode[]);
}

function toElements(nodes: OrderedNode[]): XmlElement[] {
	const elements: XmlElement[] = [];
	for (const node of nodes) {
		const name = Object.keys(node).find(key => key !== ':@' && key !== '#text');
		if (name === undefined) {
			continue;
		}

		const content = node[name] as OrderedNode[];
		const children = toElements(content);
		const text = content.map(child => typeof child['#text'] === 'string' ? child['#text'] : '').join('');
		const attributes = Object.entries((node[':@'] ?? {}) as Record<string, string>);
		// Whitespace between child elements is layout, not content.
		elements.push({name, attributes, text: children.length > 0 ? '' : text, children});
	}

	return elements;
}

/** `Name a="1"`: what goes between `<` and `>`. */
export function startTag(element: XmlElement): string {
	return [element.name, ...element.attributes.map(([key, value]) => `${key}="${value}"`)].join(' ');
}

/** One-line XML of an element, unescaped like diskspd prints it. */
export function compactXml(element: XmlElement): string {
	const tag = startTag(element);
	if (element.children.length > 0) {
		return `<${tag}>${element.children.map(compactXml).join('')}</${element.name}>`;
	}

	if (element.text === '' && element.attributes.length > 0) {
		return `<${tag}/>`;
	}

	return `<${tag}>${element.text}</${element.name}>`;
}

/** `[start tag, content]`: content is the text, or the children as compact XML. */
export function toRawEntry(element: XmlElement): [string, string] {
	const content = element.children.length > 0 ? element.children.map(compactXml).join('') : element.text;
	return [startTag(element), content];
}

export function fromRawEntry([tag, content]: [string, string]): XmlElement {
	const name = tag.split(' ', 1)[0] ?? tag;
	// Most entries are plain `<Name>text</Name>`; skip the XML parser for them.
	if (name === tag && !content.includes('<')) {
		return {name, attributes: [], text: content, children: []};
	}

	const [element] = readXml(`<${tag}>${content}</${name}>`);
	if (element === undefined) {
		throw parseError('diskspd-xml', `raw profile entry <${tag}> does not form an element`, 'raw entries come from a parsed document; build new ones as [name, text]');
	}

	return element;
}
