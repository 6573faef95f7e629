// What kind of file `rdmalab inspect` was given, from its content, never its name: lab logs are renamed freely.
export type InspectKind = 'diskspd' | 'pdh-csv';

/** Looks at the first 64 KiB: a diskspd -Rxml document has a <Results> root; PDH-CSV a "(PDH-CSV 4.0)" header cell. */
export const detectKind = (head: Buffer): InspectKind | undefined => {
	// A UTF-16 file (typeperf -f CSV on some consoles) would need decoding first; the parsers refuse it with a hint.
	const text = head.subarray(0, 64 * 1024).toString('utf8');
	if (/<Results>\s*<System>|<Results>[\s\S]*<TimeSpan>/.test(text)) {
		return 'diskspd';
	}

	if (/^\uFEFF?"\(PDH-CSV 4\.0\)/m.test(text)) {
		return 'pdh-csv';
	}

	return undefined;
};
