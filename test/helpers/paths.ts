import {existsSync} from 'node:fs';
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';

// Tests run compiled from dist/test/..., so walk up to the directory that holds package.json.
function findRepoRoot(from: string): string {
	let dir = from;
	while (!existsSync(join(dir, 'package.json'))) {
		const parent = dirname(dir);
		if (parent === dir) {
			throw new Error(`no package.json above ${from}`);
		}

		dir = parent;
	}

	return dir;
}

export const repoRoot = findRepoRoot(dirname(fileURLToPath(import.meta.url)));

/** Path of a file under test/fixtures, e.g. `fixture('shared', 'diskspd', 'x.xml')`. */
export const fixture = (...parts: string[]): string => join(repoRoot, 'test', 'fixtures', ...parts);
