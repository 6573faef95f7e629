// Reading a drawn chart back: PNG headers and pixels, so chart tests can say "the band is shaded here" and "this
// series is drawn in its colour at its value" without comparing whole images, which change with every font.
import type {Canvas} from '@napi-rs/canvas';

export type Rgba = [number, number, number, number];

export function pngSize(png: Buffer): {width: number; height: number} {
	if (!png.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) {
		throw new Error('not a PNG signature');
	}

	// The first chunk must be IHDR: length (4 bytes), type, then width and height as big-endian uint32.
	if (png.toString('latin1', 12, 16) !== 'IHDR') {
		throw new Error('IHDR is not the first chunk');
	}

	return {width: png.readUInt32BE(16), height: png.readUInt32BE(20)};
}

export function pixel(canvas: Canvas, x: number, y: number): Rgba {
	const [r = 0, g = 0, b = 0, a = 0] = canvas.getContext('2d').getImageData(Math.round(x), Math.round(y), 1, 1).data;
	return [r, g, b, a];
}

export const isWhite = ([r, g, b, a]: Rgba): boolean => a === 255 && r >= 250 && g >= 250 && b >= 250;
// The band's translucent red over white: red stays high, green and blue drop a little.
export const isBandTint = ([r, g, b, a]: Rgba): boolean => a === 255 && r >= 235 && r - g >= 12 && r - b >= 12;
export const isBandText = ([r, g, b]: Rgba): boolean => r > 120 && g < 90 && b < 90;
export const isDark = ([r, g, b]: Rgba): boolean => r < 110 && g < 110 && b < 110;

/**
 * Whether most of a short vertical strip matches: a grid line may cross any single pixel, a 9-pixel strip
 * holds at most one of them.
 */
export function mostly(canvas: Canvas, x: number, y: number, test: (rgba: Rgba) => boolean): boolean {
	let matches = 0;
	for (let dy = -4; dy <= 4; dy++) {
		matches += test(pixel(canvas, x, y + dy)) ? 1 : 0;
	}

	return matches >= 7;
}

/** Share of dark pixels down a column, taking the darkest of three neighbours (lines fall between pixels). */
export function darkShare(canvas: Canvas, x: number, top: number, bottom: number): number {
	let dark = 0;
	for (let y = Math.ceil(top); y < bottom; y++) {
		dark += [-1, 0, 1].some(dx => isDark(pixel(canvas, x + dx, y))) ? 1 : 0;
	}

	return dark / (bottom - top);
}

/** Whether a pixel close to `rgb` lies within `radius` pixels of (x, y). */
export function near(canvas: Canvas, x: number, y: number, rgb: [number, number, number], tolerance = 24, radius = 3): boolean {
	return anyIn(canvas, {x0: x - radius, x1: x + radius, y0: y - radius, y1: y + radius}, ([r, g, b]) =>
		Math.abs(r - rgb[0]) <= tolerance && Math.abs(g - rgb[1]) <= tolerance && Math.abs(b - rgb[2]) <= tolerance);
}

export function anyIn(canvas: Canvas, box: {x0: number; x1: number; y0: number; y1: number}, test: (rgba: Rgba) => boolean): boolean {
	for (let y = Math.round(box.y0); y <= box.y1; y++) {
		for (let x = Math.round(box.x0); x <= box.x1; x++) {
			if (test(pixel(canvas, x, y))) {
				return true;
			}
		}
	}

	return false;
}
