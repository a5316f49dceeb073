// `npm run bench:load`: a thousand Create Report items through the n8n engine against the
// emulator throttling like Amazon (a token bucket per key). Prints what came of it; the
// hundred-item version runs in `npm test`.
import { startEmulator } from '../test/emulator';
import { runCreateLoad } from '../test/support/loadRun';

process.env.NO_PROXY = '127.0.0.1,localhost';

async function main(): Promise<number> {
	const items = Number(process.env.LOAD_ITEMS ?? 1000);
	const throttle = { ratePerSecond: 10, burst: 10 };
	const emulator = await startEmulator({ processingDelayMs: 0 });
	try {
		const outcome = await runCreateLoad(emulator, items, throttle, [
			{ match: { method: 'POST', path: '/v2/reports' }, action: 'dropAfterCommit', times: 2 },
		]);
		const rows: Array<[string, string | number, boolean]> = [
			['workflow status', outcome.status, outcome.status === 'success'],
			['items answered', `${outcome.answered} of ${items}`, outcome.answered === items],
			['error items', outcome.errors, outcome.errors === 0],
			['distinct reportIds', outcome.reportIds.size, outcome.reportIds.size === items],
			['reports in the emulator', outcome.reportsCreated, outcome.reportsCreated === items],
			['requests sent', outcome.requests, true],
			['answered 429', outcome.throttled, true],
			['wall time (s)', (outcome.milliseconds / 1000).toFixed(1), true],
			['creates per second', ((items * 1000) / outcome.milliseconds).toFixed(1), true],
		];
		console.log(`Load: ${items} Create Report items, throttled at ${throttle.ratePerSecond}/s (burst ${throttle.burst}), the first two creates dropped after commit\n`);
		console.log('| measure | value | ok |\n| --- | --- | --- |');
		for (const [name, value, ok] of rows) console.log(`| ${name} | ${value} | ${ok ? 'yes' : 'NO'} |`);
		return rows.every(([, , ok]) => ok) ? 0 : 1;
	} finally {
		await emulator.close();
	}
}

main().then(
	(code) => process.exit(code),
	(error: unknown) => {
		console.error(error);
		process.exit(1);
	},
);
