import { request } from 'undici';

import { startEmulator, type Emulator } from './index';
import { callApi, control } from './testClient';

const SANDBOX_SETTLEMENT = '_GET_FLAT_FILE_OFFAMAZONPAYMENTS_SANDBOX_SETTLEMENT_DATA_';
const createBody = JSON.stringify({
	reportType: SANDBOX_SETTLEMENT,
	startTime: '20221101T000000Z',
	endTime: '20221118T000000Z',
});

let emulator: Emulator;

beforeAll(async () => {
	emulator = await startEmulator();
});
afterAll(async () => emulator.close());
beforeEach(() => emulator.reset());

const createReport = (idempotencyKey?: string) =>
	callApi(emulator, {
		method: 'POST',
		path: '/v2/reports',
		body: createBody,
		headers: idempotencyKey ? { 'x-amz-pay-idempotency-key': idempotencyKey } : undefined,
	});

const getReports = () => callApi(emulator, { method: 'GET', path: '/v2/reports' });

describe('fault rules', () => {
	it('answers a status, Amazon-shaped, with Retry-After, for the next N matches', async () => {
		const added = await control(emulator, 'POST', 'faults', {
			match: { method: 'GET', path: '/v2/reports' },
			action: 'status',
			status: 429,
			times: 2,
			retryAfter: 3,
		});
		expect(added.status).toBe(201);

		for (let attempt = 0; attempt < 2; attempt++) {
			const throttled = await getReports();
			expect(throttled.status).toBe(429);
			expect(throttled.headers['retry-after']).toBe('3');
			expect(throttled.headers['content-type']).toBe('application/json');
			expect(throttled.body.reasonCode).toBe('TooManyRequests');
			expect(throttled.body.message).toEqual(expect.any(String));
		}
		expect((await getReports()).status).toBe(200);
		expect(emulator.requests().map((entry) => entry.status)).toEqual([429, 429, 200]);
	});

	it('leaves requests that do not match alone', async () => {
		emulator.addFault({ match: { method: 'POST' }, action: 'status', status: 503 });
		expect((await getReports()).status).toBe(200);

		const created = await createReport();
		expect(created.status).toBe(503);
		expect(created.body.reasonCode).toBe('ServiceUnavailable');
		expect(emulator.reports()).toHaveLength(0);
	});

	it('matches a path with its environment segment or by prefix', async () => {
		emulator.addFault({ match: { path: '/v2/reports/*' }, action: 'status', status: 500 });
		const byId = await callApi(emulator, { method: 'GET', path: '/v2/reports/123456789012' });
		expect(byId.status).toBe(500);
		expect(byId.body.reasonCode).toBe('InternalServerError');
	});

	it('drops the connection without an answer and creates nothing', async () => {
		emulator.addFault({ match: { method: 'POST', path: '/v2/reports' }, action: 'drop' });
		await expect(createReport()).rejects.toThrow();
		expect(emulator.reports()).toHaveLength(0);
		expect(emulator.requests()[0]).toMatchObject({ status: 0, fault: 'drop', dropped: true });
	});

	it('commits, drops the answer, and a retry with the same key adds no report', async () => {
		emulator.addFault({
			match: { method: 'POST', path: '/v2/reports' },
			action: 'dropAfterCommit',
		});

		await expect(createReport('retry-safe-create-1')).rejects.toThrow();
		expect(emulator.reports()).toHaveLength(1);

		const retried = await createReport('retry-safe-create-1');
		expect(retried.status).toBe(201);
		expect(retried.body.reportId).toBe(emulator.reports()[0].reportId);
		expect(emulator.reports()).toHaveLength(1);
		expect(emulator.requests().map((entry) => [entry.status, entry.dropped])).toEqual([
			[201, true],
			[201, undefined],
		]);
	});

	it('delays an answer', async () => {
		emulator.addFault({ match: { method: 'GET' }, action: 'delay', delayMs: 300 });
		const started = Date.now();
		const answer = await getReports();
		expect(answer.status).toBe(200);
		expect(Date.now() - started).toBeGreaterThanOrEqual(280);
	});

	it('refuses a rule it cannot apply', async () => {
		const answer = await control(emulator, 'POST', 'faults', { action: 'status' });
		expect(answer.status).toBe(400);
		expect(answer.body.reasonCode).toBe('InvalidRequest');
	});

	it('lists and clears rules', async () => {
		await control(emulator, 'POST', 'faults', {
			rules: [
				{ action: 'drop', times: 3 },
				{ action: 'delay', delayMs: 10 },
			],
		});
		expect((await control(emulator, 'GET', 'faults')).body.faults).toHaveLength(2);
		await control(emulator, 'DELETE', 'faults');
		expect((await control(emulator, 'GET', 'faults')).body.faults).toHaveLength(0);
	});
});

describe('control endpoints', () => {
	it('seeds a report with a scripted timeline', async () => {
		const now = emulator.now();
		const seeded = await control(emulator, 'POST', 'reports', {
			reportType: SANDBOX_SETTLEMENT,
			createdTime: now - 1000,
			processingDelayMs: 60_000,
		});
		expect(seeded.status).toBe(201);
		expect(seeded.body.processingStatus).toBe('IN_PROGRESS');

		emulator.advanceClock(60_000);
		const answer = await callApi(emulator, {
			method: 'GET',
			path: `/v2/reports/${seeded.body.reportId}`,
		});
		expect(answer.body.processingStatus).toBe('COMPLETED');
	});

	it('reports state without key material and resets it', async () => {
		await createReport();
		const state = await control(emulator, 'GET', 'state');
		expect(state.body.reports).toHaveLength(1);
		expect(state.body.requests).toHaveLength(1);
		expect(JSON.stringify(state.body)).not.toContain('PRIVATE KEY');

		await control(emulator, 'POST', 'reset');
		const after = await control(emulator, 'GET', 'state');
		expect(after.body.reports).toHaveLength(0);
		expect(after.body.requests).toHaveLength(0);
	});

	it('generates a live key on request and accepts it on the live path', async () => {
		const added = await control(emulator, 'POST', 'keys', {
			region: 'jp',
			environment: 'live',
			prefix: '',
		});
		expect(added.status).toBe(201);
		expect(added.body.publicKeyId).toMatch(/^[A-Z0-9]{24}$/);

		const signedAs = {
			publicKeyId: added.body.publicKeyId,
			privateKeyPem: added.body.privateKeyPem,
		};
		const live = await callApi(emulator, {
			method: 'GET',
			path: '/live/v2/reports',
			region: 'jp',
			...signedAs,
		});
		expect(live.status).toBe(200);

		// Without an environment prefix in the key ID the path must name the environment.
		const bare = await callApi(emulator, {
			method: 'GET',
			path: '/v2/reports',
			region: 'jp',
			...signedAs,
		});
		expect(bare.status).toBe(400);
		expect(bare.body.reasonCode).toBe('InvalidRequest');

		const sandbox = await callApi(emulator, {
			method: 'GET',
			path: '/sandbox/v2/reports',
			region: 'jp',
			...signedAs,
		});
		expect(sandbox.status).toBe(401);
		expect(sandbox.body.message).toContain('belongs to the live environment');
	});

	it('answers InvalidAPIVersion for another API version', async () => {
		const answer = await callApi(emulator, { method: 'GET', path: '/v1/reports' });
		expect(answer.status).toBe(400);
		expect(answer.body.reasonCode).toBe('InvalidAPIVersion');
	});

	it('answers 404 for a path no operation serves', async () => {
		const answer = await request(`${emulator.url}/v2/nothing-here`);
		expect(answer.statusCode).toBe(404);
		expect(await answer.body.json()).toMatchObject({ reasonCode: 'ResourceNotFound' });
	});
});
