// Native programs of the simulated Windows nodes, by lower-case base name without .exe.
import {diskspd} from './diskspd.js';
import type {NativeProgram} from './host.js';
import {ntttcp} from './ntttcp.js';
import {taskkill} from './taskkill.js';
import {typeperf} from './typeperf.js';

export const natives: Record<string, NativeProgram> = {diskspd, ntttcp, taskkill, typeperf};
