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

const createReport = (requestOptions: IDataObject = {}, items?: IDataObject[]) =>
	singleNodeWorkflow(
		{
			resource: 'report',
			operation: 'create',
			reportType: ORDER_REFERENCE,
			startTime: '2024-08-01T00:00:00Z',
			endTime: '2024-08-02T00:00:00Z',
			requestOptions,
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
