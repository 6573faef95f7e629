// TEMPORARY development copy; replaced by the formats branch before merge.
export const parsePsJson = (stdout: string): unknown => { const t = stdout.replace(/^\uFEFF/, '').trim(); if (t === '') return null; const i = t.search(/[[{]/); return JSON.parse(t.slice(i)); };
export const psArray = (value: unknown): unknown[] => value == null ? [] : Array.isArray(value) ? value : (typeof value === 'object' && 'value' in (value as object) && 'Count' in (value as object)) ? (value as {value: unknown[]}).value : [value];
export const decodeClixml = (stderr: string): string => { if (!stderr.startsWith('#< CLIXML')) return stderr; return [...stderr.matchAll(/<S S="Error">([^<]*)<\/S>/g)].map(m => m[1]!.replace(/_x000D__x000A_/g, '\n')).join(''); };
export const psDate = (value: unknown): Date | undefined => { if (typeof value !== 'string') return undefined; const m = /^\/Date\((-?\d+)/.exec(value); return m ? new Date(Number(m[1])) : new Date(value); };
