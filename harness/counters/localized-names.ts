// Counter set and counter names on a non-English Windows. typeperf takes and prints them in the display language
// (`\Prozessorinformationen(_Total)\Prozessorzeit (%)` for `\Processor Information(_Total)\% Processor Time`;
// `\RDMA-Aktivität(*)\RDMA - ausgehende Bytes/s` on German Windows Server), so English paths find nothing there.
// The registry holds both lists, index ↔ name: `Perflib\009` (English) and `Perflib\CurrentLanguage` (the display
// language), each a REG_MULTI_SZ `Counter` that PowerShell 5.1's ConvertTo-Json prints as a string array
// alternating index and name: `["1","1847","2","System","4","Memory","6","% Processor Time",…]`. Two names with the
// same index are the same counter. A name the display language does not translate is listed in English, as PDH
// then accepts it.
import {parseError, snippet} from '../parse-error.js';
import {formatCounterPath, parseCounterPath, type CounterPath} from './counter-path.js';

/** `HKLM:\…\Perflib\<key>`: 009 is English; CurrentLanguage the node's display language. */
export const perflibKey = (key: '009' | 'CurrentLanguage'): string => `HKLM:\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Perflib\\${key}`;

const hint = 'expected (Get-ItemProperty \'HKLM:\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Perflib\\009\' -Name Counter).Counter as a JSON string array alternating index and name';

/** Index → name from the Counter list (the JSON array already parsed). */
export const perflibNames = (list: unknown, key: string): Map<number, string> => {
	if (!Array.isArray(list) || list.length % 2 !== 0) {
		throw parseError('ps-json', `Perflib\\${key} Counter should be an even-length string array, found ${snippet(JSON.stringify(list) ?? String(list))}`, hint, {key});
	}

	const names = new Map<number, string>();
	for (let i = 0; i < list.length; i += 2) {
		const [index, name] = [list[i] as unknown, list[i + 1] as unknown];
		if (typeof index !== 'string' || !/^\d+$/.test(index) || typeof name !== 'string') {
			throw parseError('ps-json', `Perflib\\${key} Counter entry ${i / 2 + 1} should be an index and a name, found ${snippet(JSON.stringify([index, name]))}`, hint, {key});
		}

		// The list also starts with ("1", last index): harmless, no path names a number.
		names.set(Number(index), name);
	}

	return names;
};

/** English ↔ display-language names of one node. */
export class CounterNames {
	private readonly localByEnglish = new Map<string, string>();
	private readonly englishByLocal = new Map<string, string>();

	constructor(english: ReadonlyMap<number, string>, local: ReadonlyMap<number, string>) {
		// Lowest index first, so a name registered twice maps the way its first registration does.
		for (const [index, name] of [...english].sort((a, b) => a[0] - b[0])) {
			const translated = local.get(index);
			if (translated === undefined) {
				continue;
			}

			if (!this.localByEnglish.has(name.toLowerCase())) {
				this.localByEnglish.set(name.toLowerCase(), translated);
			}

			if (!this.englishByLocal.has(translated.toLowerCase())) {
				this.englishByLocal.set(translated.toLowerCase(), name);
			}
		}
	}

	/** True when the display language names nothing differently (an English node). */
	get english(): boolean {
		return [...this.localByEnglish].every(([english, local]) => english === local.toLowerCase());
	}

	toLocal(name: string): string {
		return this.localByEnglish.get(name.toLowerCase()) ?? name;
	}

	toEnglish(name: string): string {
		return this.englishByLocal.get(name.toLowerCase()) ?? name;
	}

	/** The path with its set and counter in the display language; machine and instance as they are. */
	localPath(path: string): string {
		const parsed = parseCounterPath(path);
		return formatCounterPath(this.translate(parsed, name => this.toLocal(name)));
	}

	/** The path a node printed, with its set and counter in English. */
	englishPath(path: CounterPath): CounterPath {
		return this.translate(path, name => this.toEnglish(name));
	}

	private translate(path: CounterPath, name: (text: string) => string): CounterPath {
		// `*` stays a wildcard.
		return {...path, object: name(path.object), counter: path.counter === '*' ? '*' : name(path.counter)};
	}
}
