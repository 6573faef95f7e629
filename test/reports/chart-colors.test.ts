import test from 'ava';
import {paletteColor, translucent} from '../../reports/chart-colors.js';

test('hex colours fade to rgba; other colour strings pass through', t => {
	t.is(translucent('#0072B2', 0.11), 'rgba(0, 114, 178, 0.11)');
	t.is(translucent('#fff', 0.5), 'rgba(255, 255, 255, 0.5)');
	t.is(translucent('tomato', 0.5), 'tomato');
});

test('the palette repeats after its six colours', t => {
	t.is(paletteColor(0), '#0072B2');
	t.is(paletteColor(6), '#0072B2');
	t.is(paletteColor(7), '#E69F00');
});
