// A command as `rdmalab plan` shows it: the PowerShell script before it is encoded, or the switch CLI lines and how
// the result is read back. Built by the same code that sends it.

export type PlanCommand =
	| {kind: 'powershell'; exe: string; script: string; confirm?: PlanConfirm}
	| {kind: 'switch-cli'; lines: string[]; confirm?: PlanConfirm};

/** How a change is confirmed: the read-back command, until what, for how long. */
export interface PlanConfirm {
	line: string;
	until: string;
	withinS: number;
}
