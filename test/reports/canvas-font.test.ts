import test from 'ava';
import {chooseFontFamily} from '../../reports/canvas-font.js';

test('prefers DejaVu Sans, then any sans-serif face that is not monospaced, then whatever there is', t => {
	t.is(chooseFontFamily(['DejaVu Math TeX Gyre', 'DejaVu Serif', 'DejaVu Sans', 'DejaVu Sans Mono']), 'DejaVu Sans');
	t.is(chooseFontFamily(['Fira Sans Mono', 'Open Sans']), 'Open Sans');
	t.is(chooseFontFamily(['Some Serif']), 'Some Serif');
	t.is(chooseFontFamily([]), undefined);
});
