// `show version` of each simulated switch OS, laid out as the real ones print it (test/fixtures/switches/versions
// holds a real sample of each): the software the run manifest records for a switch.
import type {SwitchVendor} from '../../rig/switch-ports.js';

const json = (value: unknown) => `${JSON.stringify(value, undefined, 4)}\n`;

export const simVersionOutput: Record<SwitchVendor, (device: string) => string> = {
	nxos: device => `${JSON.stringify({
		header_str: 'Cisco Nexus Operating System (NX-OS) Software\nTAC support: http://www.cisco.com/tac\n', bios_ver_str: '05.47', kickstart_ver_str: '10.3(4a)', nxos_ver_str: '10.3(4a)',
		kick_file_name: 'bootflash:///nxos64-cs.10.3.4a.M.bin', nxos_file_name: 'bootflash:///nxos64-cs.10.3.4a.M.bin', chassis_id: 'Nexus9000 C93180YC-FX Chassis',
		cpu_name: 'Intel(R) Xeon(R) CPU D-1528 @ 1.90GHz', memory: 24571604, mem_type: 'kB', proc_board_id: 'FDO24190ABC', host_name: device, manufacturer: 'Cisco Systems, Inc.',
	})}\n`,
	eos: () => json({
		mfgName: 'Arista', modelName: 'DCS-7050CX3-32S', hardwareRevision: '11.00', serialNumber: 'JPE20201234', systemMacAddress: '44:4c:a8:a3:61:77', version: '4.30.3M',
		architecture: 'x86_64', internalVersion: '4.30.3M-33434233.4303M', internalBuildId: 'd009619b-2677-41db-86d6-fcccff30ae3b', imageFormatVersion: '3.0', isIntlVersion: false,
	}),
	nvue: device => json({build: 'Cumulus Linux 5.4.0', hostname: device, timezone: 'Etc/UTC', uptime: 763}),
	sonic: () => [
		'SONiC Software Version: SONiC.202311.1-8c08d87', 'Distribution: Debian 11.8', 'Kernel: 5.10.0-18-2-amd64', 'Build commit: 8c08d87',
		'Build date: Thu Nov 16 14:23:00 UTC 2023', 'Built by: sonicbld@sonic-build-server', '', 'Platform: x86_64-mlnx_msn2700-r0', 'HwSKU: Mellanox-SN2700',
		'ASIC: mellanox', 'ASIC Count: 1', 'Serial Number: MT1822K07815', 'Model Number: MSN2700-CS2FO', 'Hardware Rev: A1', '',
	].join('\n'),
	onyx: () => json({
		'Product name': 'Onyx', 'Product release': '3.10.4006', 'Build ID': '#1-dev', 'Build date': '2023-06-15 12:14:46', 'Target arch': 'x86_64', 'Target hw': 'x86_64',
		'Version summary': 'X86_64 3.10.4006 2023-06-15 12:14:46 x86_64', 'Product model': 'x86onie', 'System serial num': 'MT1931X02468',
	}),
	os10: () => [
		'Dell SmartFabric OS10 Enterprise', 'Copyright (c) 1999-2023 by Dell Inc. All Rights Reserved.', 'OS Version: 10.5.4.2', 'Build Version: 10.5.4.2.88',
		'Build Time: 2023-01-24T21:16:43+0000', 'System Type: S5248F-ON', 'Architecture: x86_64', 'Up Time: 12:04:21', '',
	].join('\n'),
};
