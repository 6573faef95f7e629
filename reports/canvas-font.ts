// A Node canvas draws text only in a registered font family; ask for one that is not there and the text may
// come out in a fallback face or not at all on a bare container. So the renderers pick a family that exists.
import {GlobalFonts} from '@napi-rs/canvas';

const preferred = ['DejaVu Sans', 'Liberation Sans', 'Noto Sans', 'Arial', 'Helvetica'];

/** The best sans-serif family among `families`; undefined when none is registered (keep the library default). */
export function chooseFontFamily(families: readonly string[]): string | undefined {
	const known = preferred.find(name => families.includes(name));
	if (known !== undefined) {
		return known;
	}

	return families.find(name => /sans/i.test(name) && !/mono/i.test(name)) ?? families[0];
}

export const installedFontFamily = (): string | undefined => chooseFontFamily(GlobalFonts.families.map(font => font.family));
