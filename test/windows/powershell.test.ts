import test from 'ava';
import {HarnessError} from '../../harness/errors.js';
import type {ExecOptions, ExecResult, Transport} from '../../harness/transport/types.js';
import {assertPowerShellOk, decodePowerShell, encodePowerShell, powershellCommand, preamble, psString, psStringList, runPowerShell, stdinBootstrap} from '../../harness/windows/powershell.js';

/** Records what the harness would send to a node and answers with a canned result. */
class RecordingTransport implements Transport {
	readonly target = 'hv01';
	readonly sent: Array<{command: string; options: ExecOptions | undefined}> = [];
	constructor(private readonly result: Partial<ExecResult> = {}) {}

	async exec(command: string, options?: ExecOptions): Promise<ExecResult> {
		this.sent.push({command, options});
		return {exitCode: 0, stdout: '', stderr: '', durationMs: 1, ...this.result};
	}

	async close() {}
}

test('psString makes a single-quoted literal, doubling every quote PowerShell treats as single', t => {
	t.is(psString('SLOT 2 Port 1'), '\'SLOT 2 Port 1\'');
	t.is(psString('it\'s'), '\'it\'\'s\'');
	t.is(psString('a\u2019b\u2018c\u201Ad\u201Be'), '\'a\u2019\u2019b\u2018\u2018c\u201A\u201Ad\u201B\u201Be\'');
	// Nothing inside single quotes is interpreted: $, backtick, ; and " pass through unchanged.
	t.is(psString('$(Remove-Item C:\\) `n; "x"'), '\'$(Remove-Item C:\\) `n; "x"\'');
	t.is(psStringList(['A', 'B\'']), '\'A\',\'B\'\'\'');
});

test('scripts travel as base64 of UTF-16LE, as -EncodedCommand expects', t => {
	const script = 'Get-NetAdapter -Name \'vEthernet (Mgmt)\' | Select-Object -Property Name';
	const encoded = encodePowerShell(script);
	// UTF-16LE of "G" is 47 00.
	t.deepEqual([...Buffer.from(encoded, 'base64').subarray(0, 2)], [0x47, 0x00]);
	t.is(decodePowerShell(encoded), script);
	t.is(decodePowerShell(encodePowerShell('Zürich – ✓')), 'Zürich – ✓');
});

test('short scripts go on the command line; long ones on stdin behind a fixed bootstrap, under cmd.exe\'s limit', t => {
	const short = powershellCommand('Get-Date', '5.1');
	t.is(short.command, `powershell.exe -NoProfile -NonInteractive -EncodedCommand ${encodePowerShell('Get-Date')}`);
	t.is(short.stdin, undefined);
	t.true(powershellCommand('Get-Date', '7').command.startsWith('pwsh.exe -NoProfile -NonInteractive -EncodedCommand '));

	const long = `# ${'x'.repeat(5000)}\nGet-Date`;
	const viaStdin = powershellCommand(long, '5.1');
	t.is(viaStdin.stdin, long);
	t.is(decodePowerShell(viaStdin.command.split(' ').at(-1)!), stdinBootstrap);
	t.true(viaStdin.command.length <= 8191);
});

test('runPowerShell sends the preamble first, passes options through and decodes CLIXML errors', async t => {
	const clixml = '#< CLIXML\r\n<Objs Version="1.1.0.1" xmlns="http://schemas.microsoft.com/powershell/2004/04"><S S="Error">Get-NetAdapter : No MSFT_NetAdapter objects found_x000D__x000A_</S></Objs>';
	const transport = new RecordingTransport({exitCode: 1, stdout: '', stderr: clixml});
	const controller = new AbortController();
	const result = await runPowerShell(transport, 'Get-NetAdapter -Name \'nope\'', {version: '5.1', timeoutMs: 5000, signal: controller.signal, label: 'inventory'});
	const [sent] = transport.sent;
	t.truthy(sent);
	t.is(decodePowerShell(sent!.command.split(' ').at(-1)!), `${preamble}\nGet-NetAdapter -Name 'nope'`);
	t.like(sent!.options, {timeoutMs: 5000, label: 'inventory'});
	t.is(sent!.options?.signal, controller.signal);
	t.is(result.stderr.trim(), 'Get-NetAdapter : No MSFT_NetAdapter objects found');

	const error = t.throws<HarnessError>(() => {
		assertPowerShellOk(result, 'hv01', 'inventory');
	});
	t.like(error, {code: 'COMMAND_FAILED', target: 'hv01'});
	t.regex(error.message, /^inventory failed: Get-NetAdapter : No MSFT_NetAdapter objects found/);
	t.notThrows(() => {
		assertPowerShellOk({stdout: '', stderr: '', exitCode: 0}, 'hv01', 'inventory');
	});
	t.regex(t.throws(() => {
		assertPowerShellOk({stdout: '', stderr: '', exitCode: 3}, 'hv01', 'x');
	})!.message, /exit code 3/);
	t.true(error instanceof HarnessError);
});
