import { startEmulator, type Emulator } from './index';
import { callApi, control } from './testClient';

const SANDBOX_SETTLEMENT = '_GET_FLAT_FILE_OFFAMAZONPAYMENTS_SANDBOX_SETTLEMENT_DATA_';
const ORDER_REFERENCE = '_GET_FLAT_FILE_OFFAMAZONPAYMENTS_ORDER_REFERENCE_DATA_';
const SETTLEMENT = '_GET_FLAT_FILE_OFFAMAZONPAYMENTS_SETTLEMENT_DATA_';
const CAPTURE = '_GET_FLAT_FILE_OFFAMAZONPAYMENTS_CAPTURE_DATA_';

// 2022-11-18T15:06:30Z, a fixed clock so that times in answers are exact.
const START = Date.UTC(2022, 10, 18, 15, 6, 30);

let emulator: Emulator;

beforeAll(async () => {
	emulator = await startEmulator({ now: () => START });
});
afterAll(async () => emulator.close());
beforeEach(() => emulator.reset());

const createReport = (body: unknown, headers?: Record<string, string>) =>
	callApi(emulator, {
		method: 'POST',
		path: '/v2/reports',
		body: typeof body === 'string' ? body : JSON.stringify(body),
		headers,
	});

const getReports = (query: Record<string, string> = {}) =>
	callApi(emulator, { method: 'GET', path: '/v2/reports', query });

const settlementBody = {
	reportType: SANDBOX_SETTLEMENT,
	startTime: '20221101T000000Z',
	endTime: '20221118T000000Z',
};

describe('Create Report and Get Report By Id', () => {
	it('moves a report from IN_PROGRESS to COMPLETED as the clock passes', async () => {
		const created = await createReport(settlementBody);
		expect(created.status).toBe(201);
		const { reportId } = created.body;
		expect(reportId).toMatch(/^\d{12}$/);

		const path = `/v2/reports/${reportId}`;
		const pending = await callApi(emulator, { method: 'GET', path });
		expect(pending.status).toBe(200);
		expect(pending.body).toEqual({
			reportId,
			reportType: SANDBOX_SETTLEMENT,
			startTime: '20221101T000000Z',
			endTime: '20221118T000000Z',
			createdTime: '20221118T150630Z',
			processingStatus: 'IN_PROGRESS',
			processingStartTime: '20221118T150630Z',
		});

		emulator.advanceClock(2000);
		const done = await callApi(emulator, { method: 'GET', path });
		expect(done.body.processingStatus).toBe('COMPLETED');
		expect(done.body.processingEndTime).toBe('20221118T150632Z');
		expect(done.body.reportDocumentId).toEqual(expect.any(String));
	});

	it('advances the clock through the control endpoint too', async () => {
		const { body } = await createReport(settlementBody);
		const advanced = await control(emulator, 'POST', 'clock', { advanceMs: 5000 });
		expect(advanced.body.now).toBe(START + 5000);

		const done = await callApi(emulator, { method: 'GET', path: `/v2/reports/${body.reportId}` });
		expect(done.body.processingStatus).toBe('COMPLETED');
	});

	it('accepts extended ISO times and answers in the compact form', async () => {
		const created = await createReport({
			...settlementBody,
			startTime: '2022-08-04T00:00:00Z',
			endTime: '2022-08-04T23:59:59Z',
		});
		expect(created.status).toBe(201);
		expect(emulator.reports()[0]).toMatchObject({
			startTime: '20220804T000000Z',
			endTime: '20220804T235959Z',
		});
	});

	it('answers ResourceNotFound for an unknown reportId', async () => {
		const answer = await callApi(emulator, { method: 'GET', path: '/v2/reports/123456789012' });
		expect(answer.status).toBe(404);
		expect(answer.body.reasonCode).toBe('ResourceNotFound');
		expect(answer.body.message).toContain('123456789012');
	});

	it('does not show a live report to a sandbox key', async () => {
		const seeded = emulator.seedReport({ reportType: SETTLEMENT, environment: 'live' });
		const answer = await callApi(emulator, {
			method: 'GET',
			path: `/v2/reports/${seeded.reportId}`,
		});
		expect(answer.status).toBe(404);
	});

	it.each([
		[
			'an unknown reportType',
			{ ...settlementBody, reportType: '_NO_SUCH_REPORT_' },
			'InvalidParameterValue',
			'reportType',
		],
		[
			'the capture report',
			{ ...settlementBody, reportType: CAPTURE },
			'InvalidParameterValue',
			'not available',
		],
		[
			'the live settlement report',
			{ ...settlementBody, reportType: SETTLEMENT },
			'InvalidParameterValue',
			'cannot be created',
		],
		[
			'endTime before startTime',
			{ ...settlementBody, endTime: '20221031T000000Z' },
			'InvalidParameterValue',
			'endTime',
		],
		[
			'endTime equal to startTime',
			{ ...settlementBody, endTime: settlementBody.startTime },
			'InvalidParameterValue',
			'endTime',
		],
		[
			'the docs typo form of a time',
			{ ...settlementBody, startTime: '2022-08-04T00-00-00Z' },
			'InvalidParameterValue',
			'startTime',
		],
		[
			'an impossible date',
			{ ...settlementBody, startTime: '20220230T000000Z' },
			'InvalidParameterValue',
			'startTime',
		],
		['an unknown field', { ...settlementBody, format: 'csv' }, 'UnrecognizedField', 'format'],
		[
			'a missing reportType',
			{ startTime: '20221101T000000Z', endTime: '20221118T000000Z' },
			'MissingParameterValue',
			'reportType',
		],
		['malformed JSON', '{"reportType": ', 'InvalidRequestFormat', 'JSON'],
		['a JSON array', '[]', 'InvalidRequestFormat', 'object'],
	])('refuses %s', async (_case, body, reasonCode, mentioned) => {
		const answer = await createReport(body);
		expect(answer.status).toBe(400);
		expect(answer.body.reasonCode).toBe(reasonCode);
		expect(answer.body.message).toContain(mentioned);
		expect(emulator.reports()).toHaveLength(0);
	});

	it('accepts transaction reports in sandbox', async () => {
		const answer = await createReport({ ...settlementBody, reportType: ORDER_REFERENCE });
		expect(answer.status).toBe(201);
	});
});

describe('idempotent Create Report', () => {
	it('answers a repeated key and body with the same reportId and makes one report', async () => {
		const headers = { 'x-amz-pay-idempotency-key': 'create-2022-11-18_a' };
		const first = await createReport(settlementBody, headers);
		const second = await createReport(settlementBody, headers);

		expect(first.status).toBe(201);
		expect(second.status).toBe(201);
		expect(second.body.reportId).toBe(first.body.reportId);
		expect(emulator.reports()).toHaveLength(1);
	});

	it('refuses the same key with another body', async () => {
		const headers = { 'x-amz-pay-idempotency-key': 'create-2022-11-18_b' };
		await createReport(settlementBody, headers);
		const reused = await createReport({ ...settlementBody, endTime: '20221117T000000Z' }, headers);

		expect(reused.status).toBe(400);
		expect(reused.body.reasonCode).toBe('DuplicateIdempotencyKey');
		expect(emulator.reports()).toHaveLength(1);
	});

	it.each([
		['a UUID with dashes (36 characters)', '3f1c2a4e-9b7d-4c1e-8f2a-6d5b4c3a2e1f'],
		['a dot', 'create.1'],
	])('refuses %s as InvalidHeaderValue', async (_case, idempotencyKey) => {
		const answer = await createReport(settlementBody, {
			'x-amz-pay-idempotency-key': idempotencyKey,
		});
		expect(answer.status).toBe(400);
		expect(answer.body.reasonCode).toBe('InvalidHeaderValue');
	});

	it('accepts a 32-character key (a UUID without dashes)', async () => {
		const answer = await createReport(settlementBody, {
			'x-amz-pay-idempotency-key': '3f1c2a4e9b7d4c1e8f2a6d5b4c3a2e1f',
		});
		expect(answer.status).toBe(201);
	});
});

describe('Get Reports', () => {
	function seedMany(count: number) {
		const reportIds: string[] = [];
		for (let i = 0; i < count; i++) {
			const report = emulator.seedReport({
				reportType: i % 5 === 0 ? ORDER_REFERENCE : SANDBOX_SETTLEMENT,
				createdTime: START - (count - i) * 60_000,
				processingStatus: i % 3 === 0 ? 'FAILED' : 'COMPLETED',
			});
			reportIds.push(report.reportId);
		}
		return reportIds.reverse(); // newest first
	}

	it('lists newest first with a default page size of 10', async () => {
		const newestFirst = seedMany(12);
		const answer = await getReports();

		expect(answer.status).toBe(200);
		expect(answer.body.reports.map((report: { reportId: string }) => report.reportId)).toEqual(
			newestFirst.slice(0, 10),
		);
		expect(answer.body.nextToken).toEqual(expect.any(String));
	});

	it('filters by reportTypes and processingStatuses', async () => {
		seedMany(15);
		const answer = await getReports({
			reportTypes: ORDER_REFERENCE,
			processingStatuses: 'FAILED,CANCELLED',
			pageSize: '100',
		});

		expect(answer.status).toBe(200);
		// Indexes 0..14 with i % 5 === 0 and i % 3 === 0: only 0.
		expect(answer.body.reports).toHaveLength(1);
		expect(answer.body.reports[0]).toMatchObject({
			reportType: ORDER_REFERENCE,
			processingStatus: 'FAILED',
		});
		expect(answer.body.reports[0].reportDocumentId).toBeUndefined();
		expect(answer.body.nextToken).toBeUndefined();
	});

	it('filters by createdSince and createdUntil; leaves out reports past 90 days', async () => {
		emulator.seedReport({ reportType: SANDBOX_SETTLEMENT, createdTime: START - 91 * 86_400_000 });
		emulator.seedReport({ reportType: SANDBOX_SETTLEMENT, createdTime: '20221110T000000Z' });
		emulator.seedReport({ reportType: SANDBOX_SETTLEMENT, createdTime: '20221115T000000Z' });

		expect((await getReports()).body.reports).toHaveLength(2);
		const ranged = await getReports({
			createdSince: '2022-11-09T00:00:00Z',
			createdUntil: '20221111T000000Z',
		});
		expect(
			ranged.body.reports.map((report: { createdTime: string }) => report.createdTime),
		).toEqual(['20221110T000000Z']);
	});

	it('pages 25 reports by 10, none twice or skipped, while reports are added', async () => {
		const newestFirst = seedMany(25);
		const seen: string[] = [];

		let answer = await getReports({ pageSize: '10' });
		const pageSizes: number[] = [];
		for (;;) {
			expect(answer.status).toBe(200);
			pageSizes.push(answer.body.reports.length);
			seen.push(...answer.body.reports.map((report: { reportId: string }) => report.reportId));
			if (!answer.body.nextToken) break;

			// A report created between pages must not shift the pages already handed out.
			await createReport(settlementBody);
			answer = await getReports({ nextToken: answer.body.nextToken });
		}

		expect(pageSizes).toEqual([10, 10, 5]);
		expect(seen).toEqual(newestFirst);
		expect(new Set(seen).size).toBe(25);
	});

	it('accepts nextToken with the same filters, as the .NET SDK sends it', async () => {
		seedMany(25);
		const query = {
			reportTypes: SANDBOX_SETTLEMENT,
			processingStatuses: 'COMPLETED',
			pageSize: '5',
		};
		const first = await getReports(query);
		const second = await getReports({
			nextToken: first.body.nextToken,
			reportTypes: SANDBOX_SETTLEMENT,
			processingStatuses: 'COMPLETED',
		});
		expect(second.status).toBe(200);
		expect(second.body.reports).toHaveLength(5);
	});

	it('refuses nextToken with changed filters as InvalidParameterCombination', async () => {
		seedMany(25);
		const first = await getReports({ reportTypes: SANDBOX_SETTLEMENT });
		const second = await getReports({
			nextToken: first.body.nextToken,
			reportTypes: ORDER_REFERENCE,
		});
		expect(second.status).toBe(400);
		expect(second.body.reasonCode).toBe('InvalidParameterCombination');
	});

	it('refuses an unknown nextToken', async () => {
		const answer = await getReports({ nextToken: 'bm90LWEtdG9rZW4' });
		expect(answer.status).toBe(400);
		expect(answer.body.reasonCode).toBe('InvalidParameterValue');
	});

	it.each(['0', '101', 'ten', '5.5', '-1'])('refuses pageSize %s', async (pageSize) => {
		const answer = await getReports({ pageSize });
		expect(answer.status).toBe(400);
		expect(answer.body.reasonCode).toBe('InvalidParameterValue');
		expect(answer.body.message).toContain('pageSize');
	});

	it.each([
		['an unknown report type', { reportTypes: '_NOPE_' }],
		['an unknown status', { processingStatuses: 'DONE' }],
		['an unreadable createdSince', { createdSince: 'yesterday' }],
		['an unknown parameter', { limit: '5' }],
	])('refuses %s as InvalidParameterValue', async (_case, query) => {
		const answer = await getReports(query);
		expect(answer.status).toBe(400);
		expect(answer.body.reasonCode).toBe('InvalidParameterValue');
	});
});
