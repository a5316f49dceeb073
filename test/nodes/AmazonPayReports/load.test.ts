// A hundred items against a throttling emulator: every item is answered with its own report,
// and no report is created twice. The thousand-item run is `npm run bench:load`.
import { startEmulator, type Emulator } from '../../emulator';
import { runCreateLoad } from '../../support/loadRun';

process.env.NO_PROXY = '127.0.0.1,localhost';

let emulator: Emulator;
beforeAll(async () => {
	emulator = await startEmulator({ processingDelayMs: 0 });
});
afterAll(async () => {
	await emulator.close();
});

it('a hundred creates under throttling: all answered, each once, none twice', async () => {
	const outcome = await runCreateLoad(emulator, 100, { ratePerSecond: 40, burst: 10 });

	expect(outcome.status).toBe('success');
	expect(outcome.throttled).toBeGreaterThan(0);
	expect(outcome.answered).toBe(100);
	expect(outcome.errors).toBe(0);
	expect(outcome.reportIds.size).toBe(100);
	expect(outcome.reportsCreated).toBe(100);
	expect(outcome.requests).toBe(100 + outcome.throttled);
}, 120_000);

it('connections dropped after the create committed are retried without a second report', async () => {
	const outcome = await runCreateLoad(emulator, 100, { ratePerSecond: 40, burst: 10 }, [
		{ match: { method: 'POST', path: '/v2/reports' }, action: 'dropAfterCommit', times: 2 },
	]);

	expect(outcome.status).toBe('success');
	expect(outcome.errors).toBe(0);
	expect(outcome.reportIds.size).toBe(100);
	expect(outcome.reportsCreated).toBe(100);
}, 120_000);
