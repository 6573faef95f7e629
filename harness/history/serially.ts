// One connection holds one transaction at a time: work handed to it while another is open waits its turn
// instead of mixing its statements into the other's transaction.
export const serially = () => {
	let last: Promise<unknown> = Promise.resolve();
	return async <T>(work: () => Promise<T>): Promise<T> => {
		const turn = last.then(work, work);
		last = turn.catch(() => undefined);
		return turn;
	};
};
