// Everything in a report model may come from a rig file or a remote command's output; none of it is markup.

const entities: Record<string, string> = {'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', '\'': '&#39;'};

/** Escapes text for an HTML element body or a quoted attribute value. */
export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, character => entities[character]!);

/**
 * A link to a file in the run folder. Each path segment is percent-encoded, so a `#` or `?` in a file name still
 * names the file and a value like `javascript:alert(1)` stays a relative path (its colon is encoded) instead of
 * becoming a script URL. The result still needs escapeHtml for the attribute.
 */
export const runFileHref = (file: string): string =>
	// A harness on Windows writes `charts\failover.png`; a URL wants forward slashes.
	file.split(/[\\/]/).map(segment => encodeURIComponent(segment)).join('/');
