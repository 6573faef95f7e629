// Colours shared by the charts. Series take the Okabe-Ito palette: distinct for colour-blind readers and on a
// grey-scale printout, and none close to the red of a fault band.
export const seriesPalette = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#000000'] as const;

export const chartText = '#111827';
export const chartMutedText = '#4b5563';
export const chartGrid = '#e5e7eb';
export const chartPaper = '#ffffff';

export const paletteColor = (index: number): string => seriesPalette[index % seriesPalette.length]!;

/**
 * `#rgb` or `#rrggbb` at the given opacity, for fills drawn over the paper. Any other colour string is returned as
 * is: canvas has no way to fade a named colour, and an opaque fill still shows where the window is.
 */
export function translucent(color: string, alpha: number): string {
	const hex = /^#([\da-f]{3}|[\da-f]{6})$/i.exec(color)?.[1];
	if (hex === undefined) {
		return color;
	}

	const full = hex.length === 3 ? [...hex].map(digit => digit + digit).join('') : hex;
	const [r, g, b] = [0, 2, 4].map(offset => Number.parseInt(full.slice(offset, offset + 2), 16));
	return `rgba(${r}, ${g}, ${b}, ${alpha})`;
}
