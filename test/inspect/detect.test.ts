import test from 'ava';
import {detectKind} from '../../harness/inspect/detect.js';

test('content decides: diskspd XML with text before it, PDH-CSV with a BOM or after console lines', t => {
	t.is(detectKind(Buffer.from('Command Line: diskspd -Rxml\r\n<Results>\r\n  <System>\r\n')), 'diskspd');
	t.is(detectKind(Buffer.from('\uFEFF"(PDH-CSV 4.0) (W. Europe Standard Time)(-60)","\\\\H\\P(_Total)\\% Processor Time"\r\n')), 'pdh-csv');
	t.is(detectKind(Buffer.from('\r\n"(PDH-CSV 4.0)","\\\\H\\P(_Total)\\% Processor Time"\r\n')), 'pdh-csv');
});

test('other XML, other CSV and a diskspd text report are not recognized', t => {
	t.is(detectKind(Buffer.from('<?xml version="1.0"?><testsuites/>')), undefined);
	t.is(detectKind(Buffer.from('"time","value"\n"1","2"\n')), undefined);
	t.is(detectKind(Buffer.from('Command Line: diskspd -b4K c:\\t.dat\n\nInput parameters:\n')), undefined);
});
