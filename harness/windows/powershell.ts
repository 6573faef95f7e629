// Running PowerShell on a Windows node. The script never appears on the command line: it travels as
// -EncodedCommand (base64 of UTF-16LE), or, when that would pass cmd.exe's 8191-character limit, on stdin behind a
// fixed encoded bootstrap. So no rig-file value is ever parsed by cmd.exe or a remote shell.
import {HarnessError} from '../errors.js';
import type {ExecOptions, Transport} from '../transport/types.js';
import {decodeClixml} from './ps-json.js';

export type PowerShellVersion = '5.1' | '7';

export const powershellExe = (version: PowerShellVersion) => (version === '7' ? 'pwsh.exe' : 'powershell.exe');

// PowerShell treats the typographic quotes U+2018..U+201B as single quotes too, so they are doubled like '.
const singleQuotes = /['\u2018\u2019\u201A\u201B]/g;

/** A PowerShell single-quoted string literal: nothing inside it is interpreted. */
export const psString = (value: string): string => `'${value.replace(singleQuotes, quote => quote + quote)}'`;

export const psStringList = (values: readonly string[]): string => values.map(psString).join(',');

export const encodePowerShell = (script: string): string => Buffer.from(script, 'utf16le').toString('base64');

export const decodePowerShell = (encoded: string): string => Buffer.from(encoded, 'base64').toString('utf16le');

// Output as UTF-8 without BOM (5.1 otherwise writes the OEM code page), no progress records on stderr, and every
// error terminating so a script fails loudly instead of printing half a result.
export const preamble = [
	'$ErrorActionPreference = \'Stop\'',
	'$ProgressPreference = \'SilentlyContinue\'',
	'[Console]::OutputEncoding = [System.Text.UTF8Encoding]::new($false)',
].join('\n');

/** Reads the real script from stdin and runs it; used when the script is too long for the command line. */
export const stdinBootstrap = '$s = [Console]::In.ReadToEnd(); & ([ScriptBlock]::Create($s))';

// cmd.exe (Windows OpenSSH's default shell) rejects longer command lines.
const commandLineLimit = 8191;

export interface PowerShellCommand {
	command: string;
	stdin?: string;
}

export const powershellCommand = (script: string, version: PowerShellVersion): PowerShellCommand => {
	const prefix = `${powershellExe(version)} -NoProfile -NonInteractive -EncodedCommand `;
	const encoded = encodePowerShell(script);
	if (prefix.length + encoded.length <= commandLineLimit) {
		return {command: prefix + encoded};
	}

	return {command: prefix + encodePowerShell(stdinBootstrap), stdin: script};
};

export interface PowerShellResult {
	stdout: string;
	/** stderr with 5.1's CLIXML envelope decoded to text. */
	stderr: string;
	exitCode: number | null;
}

export interface RunPowerShellOptions extends Omit<ExecOptions, 'stdin'> {
	version: PowerShellVersion;
}

export const runPowerShell = async (transport: Transport, script: string, {version, ...execOptions}: RunPowerShellOptions): Promise<PowerShellResult> => {
	const {command, stdin} = powershellCommand(`${preamble}\n${script}`, version);
	const result = await transport.exec(command, {...execOptions, ...(stdin === undefined ? {} : {stdin})});
	return {stdout: result.stdout, stderr: decodeClixml(result.stderr), exitCode: result.exitCode};
};

/** Throws COMMAND_FAILED with the script's own error text when PowerShell reported failure. */
export const assertPowerShellOk = (result: PowerShellResult, target: string, label: string): void => {
	if (result.exitCode !== 0) {
		const reason = result.stderr.trim().split(/\r?\n/).slice(0, 6).join(' | ') || `exit code ${String(result.exitCode)}`;
		throw new HarnessError('COMMAND_FAILED', `${label} failed: ${reason}`, {target, details: {exitCode: result.exitCode}});
	}
};
