// `rdmalab inspect --encoding`: PDH-CSV that perfmon / logman wrote in a Windows ANSI code page (cp1251 Russian,
// cp1252 Western European), through the real CLI. Counter names must come out as written, never as U+FFFD.
import {readFileSync, writeFileSync} from 'node:fs';
import {rm} from 'node:fs/promises';
import {join} from 'node:path';
import test from 'ava';
import iconv from 'iconv-lite';
import {parsePdhCsv} from '../../harness/counters/pdh-csv.js';
import {rdmalab, tempDir} from '../helpers/cli.js';
import {fixture} from '../helpers/paths.js';

const russian = fixture('formats', 'pdh-csv-cp1251-ru.csv');
const german = fixture('formats', 'pdh-csv-cp1252-de.csv');

const paths = (stdout: string) => (JSON.parse(stdout) as {counters: Array<{path: string; samples: number; max?: number}>}).counters;

test('cp1251 log with --encoding windows-1251: Russian names, zone and values as written', async t => {
	const result = await rdmalab(['inspect', russian, '--json', '--encoding', 'windows-1251']);
	t.is(result.exitCode, 0, result.stderr);
	const summary = JSON.parse(result.stdout) as {timeZone: string; biasMinutes: number; sampleCount: number};
	t.like(summary, {timeZone: 'RTZ 4 (зима)', biasMinutes: -240, sampleCount: 3});
	t.deepEqual(paths(result.stdout).map(counter => counter.path), [
		'\\\\DESKTOP-LRPVSK4\\Процесс(Idle)\\% загруженности процессора',
		'\\\\DESKTOP-LRPVSK4\\Сведения о процессоре(_Total)\\% загруженности процессора',
		'\\\\DESKTOP-LRPVSK4\\Память\\Доступно МБ',
		'\\\\DESKTOP-LRPVSK4\\Сетевой адаптер(Realtek PCIe GbE Family Controller)\\Всего байт/с',
	]);
	t.false(result.stdout.includes('\uFFFD'));
	t.deepEqual(paths(result.stdout).map(counter => counter.max), [Number("99.959073156484624434"), Number("4.7319004524886874937"), 7638, Number("2210.4423758044367")]);
});

test('cp1252 log with --encoding windows-1252: German names (ä, ü) as written', async t => {
	const result = await rdmalab(['inspect', german, '--json', '--encoding', 'windows-1252']);
	t.is(result.exitCode, 0, result.stderr);
	t.is((JSON.parse(result.stdout) as {timeZone: string}).timeZone, 'Mitteleuropäische Sommerzeit');
	t.deepEqual(paths(result.stdout).map(counter => counter.path), [
		'\\\\SERVER-01\\RDMA-Aktivität(HP InfiniBand FDR/Ethernet 10Gb/40Gb 2-port 544+QSFP Adapter #2)\\RDMA - ausgehende Bytes/s',
		'\\\\SERVER-01\\RDMA-Aktivität(HP InfiniBand FDR/Ethernet 10Gb/40Gb 2-port 544+QSFP Adapter #2)\\RDMA - eingehende Bytes/s',
		'\\\\SERVER-01\\Arbeitsspeicher\\Verfügbare MB',
		'\\\\SERVER-01\\Prozessorinformationen(_Total)\\Prozessorzeit (%)',
	]);
});

test('without --encoding a code-page log is a PARSE error naming the line and the option, not U+FFFD names', async t => {
	const result = await rdmalab(['inspect', russian]);
	t.is(result.exitCode, 2);
	t.regex(result.stderr, /PDH-CSV: line 1 is not UTF-8 text/);
	t.regex(result.stderr, /--encoding windows-1251/);
	t.false(result.stdout.includes('\uFFFD'));
});

test('UTF-8 (valid bytes, or a BOM) wins over --encoding; an unknown code page is a usage error', async t => {
	const dir = await tempDir();
	t.teardown(async () => rm(dir, {recursive: true, force: true}));
	const utf8 = join(dir, 'utf8.csv');
	writeFileSync(utf8, iconv.decode(readFileSync(russian), 'windows-1251'));
	const withBom = join(dir, 'bom.csv');
	writeFileSync(withBom, `\uFEFF${iconv.decode(readFileSync(german), 'windows-1252')}`);
	const expected = (await rdmalab(['inspect', russian, '--json', '--encoding', 'windows-1251'])).stdout;
	t.is((await rdmalab(['inspect', utf8, '--json'])).stdout, expected);
	t.is((await rdmalab(['inspect', utf8, '--json', '--encoding', 'windows-1251'])).stdout, expected);
	t.is((await rdmalab(['inspect', withBom, '--json', '--encoding', 'windows-1251'])).stdout, (await rdmalab(['inspect', german, '--json', '--encoding', 'windows-1252'])).stdout);
	const unknown = await rdmalab(['inspect', russian, '--encoding', 'klingon-1']);
	t.is(unknown.exitCode, 2);
	t.regex(unknown.stderr, /unknown encoding "klingon-1"/);
});

test('the code page decodes only text: sample values read the same from the bytes', t => {
	const decoded = parsePdhCsv(readFileSync(russian), {encoding: 'windows-1251'});
	const reference = parsePdhCsv(readFileSync(russian), {encoding: 'windows-1251', reference: true});
	t.deepEqual(decoded, reference);
	t.is(decoded.header.columns[2]?.path.object, 'Память');
});
