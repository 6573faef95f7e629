import {readFileSync} from 'node:fs';
import {join} from 'node:path';
import test from 'ava';
import {rigJsonSchema} from '../../harness/rig/json-schema.js';
import {repoRoot} from '../helpers/paths.js';

test('lab-configs/rig.schema.json is the schema the harness validates with (regenerate: npm run schema)', t => {
	const committed = readFileSync(join(repoRoot, 'lab-configs', 'rig.schema.json'), 'utf8');
	t.is(committed, `${JSON.stringify(rigJsonSchema(), null, 2)}\n`);
});

test('the JSON Schema rejects unknown keys and describes the keys people ask about', t => {
	const schema = rigJsonSchema() as {additionalProperties: boolean; properties: Record<string, {description?: string}>; required: string[]};
	t.false(schema.additionalProperties);
	t.deepEqual(schema.required, ['rdmalab', 'name', 'storage', 'networks', 'credentials', 'nodes', 'switches', 'sofs']);
	t.regex(schema.properties['simulated']?.description ?? '', /simulator/);
});
