// Which history a command writes to: PostgreSQL when RDMALAB_HISTORY_URL is a postgres:// URL, a SQLite file
// when it names one (`sqlite:PATH` or a path), otherwise history.sqlite in the state directory.
import path from 'node:path';
import {ensureStateDir, stateDir} from '../safety/state-dir.js';
import type {HistoryStore} from './history.js';
import {SqlHistoryStore} from './sql-store.js';

export const historyFile = 'history.sqlite';

export type HistoryTarget = {backend: 'postgres'; url: string} | {backend: 'sqlite'; file: string};

export const historyTarget = (env: NodeJS.ProcessEnv, cwd: string): HistoryTarget => {
	const url = env['RDMALAB_HISTORY_URL'];
	if (url === undefined || url === '') {
		return {backend: 'sqlite', file: path.join(stateDir(env, cwd), historyFile)};
	}

	if (/^postgres(ql)?:\/\//i.test(url)) {
		return {backend: 'postgres', url};
	}

	return {backend: 'sqlite', file: path.resolve(cwd, url.replace(/^sqlite:(\/\/)?/i, ''))};
};

export const openHistory = async (env: NodeJS.ProcessEnv, cwd: string): Promise<HistoryStore> => {
	const target = historyTarget(env, cwd);
	if (target.backend === 'postgres') {
		const {openPostgres} = await import('./postgres.js');
		return SqlHistoryStore.open(await openPostgres(target.url));
	}

	if (env['RDMALAB_HISTORY_URL'] === undefined || env['RDMALAB_HISTORY_URL'] === '') {
		await ensureStateDir(path.dirname(target.file));
	}

	const {openSqlite} = await import('./sqlite.js');
	return SqlHistoryStore.open(await openSqlite(target.file));
};
