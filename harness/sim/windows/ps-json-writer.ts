// TEMPORARY development copy; replaced by the formats branch before merge.
export const toPsJson = (value: unknown, options: {style: '5.1' | '7'; compress?: boolean; depth?: number}): string => {
	const text = JSON.stringify(value, (_k, v: unknown) => typeof v === 'bigint' ? Number(v) : v, options.compress ? undefined : 4) ?? 'null';
	return options.style === '5.1' ? text.replace(/&/g, '\\u0026') : text;
};
export const toClixmlError = (message: string): string => `#< CLIXML\r\n<Objs Version="1.1.0.1" xmlns="http://schemas.microsoft.com/powershell/2004/04"><S S="Error">${message.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/\r?\n/g, '_x000D__x000A_')}</S></Objs>`;
