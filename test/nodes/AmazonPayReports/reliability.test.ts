import type { IDataObject } from 'n8n-workflow';

import { startEmulator, type Emulator } from '../../emulator';
import { runWorkflow, type RunResult } from '../../runner';
import { emulatorCredentials } from '../../support/emulatorCredentials';
import { singleNodeWorkflow } from '../../support/workflows';

process.env.NO_PROXY = '127.0.0.1,localhost';

const ORDER_REFERENCE = '_GET_FLAT_FILE_OFFAMAZONPAYMENTS_ORDER_REFERENCE_DATA_';

let emulator: Emulator;
beforeAll(async () => {
	emulator = await startEmulator({ processingDelayMs: 0 });
});
afterAll(async () => {
	await emulator.close();
});
beforeEach(() => {
	emulator.reset();
});

const run = (workflow: Parameters<typeof runWorkflow>[0]) =>
	runWorkflow(workflow, { credentials: { amazonPayApi: emulatorCredentials(emulator) } });

const createReport = (requestOptions: IDataObject = {}, items?: IDataObject[], options?: IDataObject) =>
	singleNodeWorkflow(
		{
			resource: 'report',
			operation: 'create',
			reportType: ORDER_REFERENCE,
			startTime: '2024-08-01T00:00:00Z',
			endTime: '2024-08-02T00:00:00Z',
			requestOptions,
			...(options && { options }),
		},
		{ items },
	);

function amazonPayCallLogs(result: RunResult) {
	return result.logs.filter((line) => line.message === 'Amazon Pay call');
}

describe('retries', () => {
	it('tries again on 503 and 500, signing each attempt afresh, then succeeds', async () => {
		emulator.addFault({ match: { method: 'POST', path: '/v2/reports' }, action: 'status', status: 503, times: 1 });
		emulator.addFault({ match: { method: 'POST', path: '/v2/reports' }, action: 'status', status: 500, times: 1 });

		const result = await run(createReport());

		expect(result.status).toBe('success');
		expect(emulator.requests().map((call) => call.status)).toEqual([503, 500, 201]);
		expect(emulator.reports()).toHaveLength(1);
		const attempts = amazonPayCallLogs(result).map((line) => line.meta);
		expect(attempts).toEqual([
			expect.objectContaining({ method: 'POST', path: '/v2/reports', status: 503, attempt: 1, milliseconds: expect.any(Number) }),
			expect.objectContaining({ status: 500, attempt: 2 }),
			expect.objectContaining({ status: 201, attempt: 3 }),
		]);
	});

	it('waits as long as Retry-After asks on 429', async () => {
		emulator.addFault({ match: { path: '/v2/reports' }, action: 'status', status: 429, reasonCode: 'TooManyRequests', retryAfter: 2, times: 1 });

		const startedAt = Date.now();
		const result = await run(createReport());

		expect(result.status).toBe('success');
		expect(Date.now() - startedAt).toBeGreaterThanOrEqual(2000);
		expect(emulator.requests().map((call) => call.status)).toEqual([429, 201]);
	});

	it('waits a Retry-After above 20 seconds in full: an early retry would be throttled again', async () => {
		// One call per 21 s, and Amazon says so: the second item must wait all of it.
		emulator.setThrottle({ ratePerSecond: 1 / 21, burst: 1, retryAfterSeconds: 21 });

		const startedAt = Date.now();
		const result = await run(createReport({ maxAttempts: 2 }, [{}, {}]));

		expect(result.status).toBe('success');
		expect(Date.now() - startedAt).toBeGreaterThanOrEqual(21_000);
		expect(emulator.requests().map((call) => call.status)).toEqual([201, 429, 201]);
		expect(emulator.reports()).toHaveLength(2);
	}, 60_000);

	it.each([
		['seconds', '300', '5 minutes'],
		['an HTTP date', () => new Date(Date.now() + 3_600_000).toUTCString(), '60 minutes'],
	])('fails at once when Retry-After (%s) asks for longer than the node waits, saying how long', async (_, retryAfter, shown) => {
		emulator.addFault({
			match: { path: '/v2/reports' },
			action: 'status',
			status: 429,
			reasonCode: 'TooManyRequests',
			retryAfter: typeof retryAfter === 'string' ? retryAfter : retryAfter(),
			times: 5,
		});

		const startedAt = Date.now();
		const result = await run(createReport());

		expect(result.status).toBe('error');
		expect(result.error?.message).toBe('Amazon Pay is throttling requests');
		expect(result.error?.description).toMatch(/^Amazon Pay answered 429 TooManyRequests/);
		expect(result.error?.description).toMatch(
			new RegExp(`Amazon Pay asked to wait (${shown}|\\d+ seconds \\(about ${shown}\\)) before the next request \\(Retry-After\\), longer than the node waits within a run \\(2 minutes\\), so it did not try again`),
		);
		expect(emulator.requests()).toHaveLength(1);
		expect(Date.now() - startedAt).toBeLessThan(5_000);
	});

	it('says how long Amazon asked to wait when the attempts run out', async () => {
		emulator.addFault({ match: { path: '/v2/reports' }, action: 'status', status: 503, retryAfter: 1, times: 5 });

		const result = await run(createReport({ maxAttempts: 2 }));

		expect(result.error?.message).toBe('Amazon Pay had a server error (still failing after 2 attempts)');
		expect(result.error?.description).toMatch(/Amazon Pay asked to wait 1 second before the next request \(Retry-After\)\.$/);
	});

	it('gives up after Max Attempts with the reason and the number of attempts', async () => {
		emulator.addFault({ match: { path: '/v2/reports' }, action: 'status', status: 429, reasonCode: 'TooManyRequests', retryAfter: 0, times: 10 });

		const result = await run(createReport({ maxAttempts: 2 }));

		expect(result.status).toBe('error');
		expect(result.error?.message).toBe('Amazon Pay is throttling requests (still failing after 2 attempts)');
		expect(result.error?.description).toMatch(/^Amazon Pay answered 429 TooManyRequests/);
		expect(emulator.requests()).toHaveLength(2);
	});

	it('does not retry a 400: it fails at once with Amazon\'s reason', async () => {
		emulator.addFault({ match: { path: '/v2/reports' }, action: 'status', status: 400, reasonCode: 'InvalidParameterValue', message: 'startTime is too old', times: 5 });

		const result = await run(createReport());

		expect(result.error?.httpCode).toBe('400');
		expect(result.error?.description).toBe(
			'Amazon Pay answered 400 InvalidParameterValue: startTime is too old. Check the values named in the message above.',
		);
		expect(emulator.requests()).toHaveLength(1);
	});

	it('tries again when the connection drops before an answer', async () => {
		emulator.addFault({ match: { path: '/v2/reports' }, action: 'drop', times: 1 });

		const result = await run(createReport());

		expect(result.status).toBe('success');
		expect(emulator.reports()).toHaveLength(1);
	});
});

describe('no duplicates', () => {
	it('a create whose answer is lost is retried with the same idempotency key: one report', async () => {
		emulator.addFault({ match: { method: 'POST', path: '/v2/reports' }, action: 'dropAfterCommit', times: 1 });

		const result = await run(createReport());

		expect(result.status).toBe('success');
		const reports = emulator.reports();
		expect(reports).toHaveLength(1);
		expect(result.outputs['Amazon Pay'][0].json.reportId).toBe(reports[0].reportId);
		const keys = emulator.requests().map((call) => call.idempotencyKey);
		expect(keys).toHaveLength(2);
		expect(keys[0]).toMatch(/^[A-Za-z0-9_-]{1,32}$/);
		expect(keys[1]).toBe(keys[0]);
	});

	it('gives every item its own key, so two items make two reports', async () => {
		const result = await run(createReport({}, [{}, {}]));

		const keys = emulator.requests().map((call) => call.idempotencyKey);
		expect(new Set(keys).size).toBe(2);
		expect(emulator.reports()).toHaveLength(2);
		expect(result.outputs['Amazon Pay']).toHaveLength(2);
	});

	it('an Idempotency Key option makes a re-run return the first report', async () => {
		const workflow = singleNodeWorkflow({
			resource: 'report',
			operation: 'create',
			reportType: ORDER_REFERENCE,
			startTime: '2024-08-01T00:00:00Z',
			endTime: '2024-08-02T00:00:00Z',
			options: { idempotencyKey: 'nightly-2024-08-01' },
		});
		const first = await run(workflow);
		const second = await run(workflow);

		expect(second.outputs['Amazon Pay'][0].json.reportId).toBe(first.outputs['Amazon Pay'][0].json.reportId);
		expect(emulator.reports()).toHaveLength(1);
	});

	it.each([
		['a number', '={{ 12345 }}', '12345'],
		['a number from the item', '={{ $json.orderId }}', '9876543210'],
		['text with spaces around it', '={{ "  nightly-1  " }}', 'nightly-1'],
	])('reads an Idempotency Key that an expression makes %s as text', async (_, idempotencyKey, sent) => {
		const result = await run(createReport({}, [{ orderId: 9876543210 }], { idempotencyKey }));

		expect(result.status).toBe('success');
		expect(emulator.requests().map((call) => call.idempotencyKey)).toEqual([sent]);
	});

	it.each([
		['={{ 1.5 }}', '1.5'],
		['={{ { a: 1 } }}', '{"a":1}'],
	])('refuses a non-text Idempotency Key %s that Amazon would refuse, with the usual message', async (idempotencyKey, shown) => {
		const result = await run(createReport({}, undefined, { idempotencyKey }));

		expect(result.error?.message).toBe(
			`The Idempotency Key "${shown}" is not accepted by Amazon Pay: it must be 1 to 32 characters of letters, digits, "-" and "_" (a UUID with dashes is 36 characters, too long).`,
		);
		expect(emulator.requests()).toHaveLength(0);
	});

	it('a fixed Idempotency Key on several items: the second is refused, saying each item needs its own key', async () => {
		const result = await run(
			singleNodeWorkflow(
				{
					resource: 'report',
					operation: 'create',
					reportType: ORDER_REFERENCE,
					startTime: '={{ $json.start }}',
					endTime: '={{ $json.end }}',
					options: { idempotencyKey: 'nightly-report' },
				},
				{
					items: [
						{ start: '2024-08-01T00:00:00Z', end: '2024-08-02T00:00:00Z' },
						{ start: '2024-08-02T00:00:00Z', end: '2024-08-03T00:00:00Z' },
					],
				},
			),
		);

		expect(result.status).toBe('error');
		expect(result.error?.message).toBe('This Idempotency Key was already used for a different request');
		expect(result.error?.description).toMatch(/^Amazon Pay answered 400 DuplicateIdempotencyKey: /);
		expect(result.error?.description).toContain(
			"each item needs its own key: leave the 'Idempotency Key' option empty (the node then makes one per item), or set it to an expression with the item's values",
		);
		expect(emulator.reports()).toHaveLength(1);
	});

	it('refuses an Idempotency Key Amazon would refuse, before any request', async () => {
		const result = await run(
			singleNodeWorkflow({
				resource: 'report',
				operation: 'create',
				reportType: ORDER_REFERENCE,
				startTime: '2024-08-01T00:00:00Z',
				endTime: '2024-08-02T00:00:00Z',
				options: { idempotencyKey: '8f14e45f-ceea-467f-a0e6-6d7c0b8b9c1a' },
			}),
		);
		expect(result.error?.message).toMatch(/^The Idempotency Key "8f14e45f-ceea-467f-a0e6-6d7c0b8b9c1a" is not accepted by Amazon Pay: it must be 1 to 32 characters/);
		expect(emulator.requests()).toHaveLength(0);
	});
});

describe('time limits', () => {
	it('a hung answer fails cleanly within the timeout', async () => {
		emulator.addFault({ match: { path: '/v2/reports*' }, action: 'delay', delayMs: 60_000, times: 5 });

		const startedAt = Date.now();
		const result = await run(
			singleNodeWorkflow({ resource: 'report', operation: 'get', reportId: '1', requestOptions: { timeoutSeconds: 1, maxAttempts: 2 } }),
		);

		expect(result.status).toBe('error');
		expect(result.error?.message).toMatch(/^Could not reach Amazon Pay: no answer within the time limit$/);
		expect(Date.now() - startedAt).toBeLessThan(10_000);
	});
});
