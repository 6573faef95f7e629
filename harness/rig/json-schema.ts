// The rig file schema as JSON Schema, for editors (yaml-language-server) and for people reading what a key means.
import {z} from 'zod';
import {rigSchema} from './schema.js';

export const rigJsonSchema = (): Record<string, unknown> => ({
	...z.toJSONSchema(rigSchema, {io: 'input', unrepresentable: 'any'}),
	$id: 'https://rdmalab.invalid/rig.schema.json',
	title: 'rdmalab rig file',
});
