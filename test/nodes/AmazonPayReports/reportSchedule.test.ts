import type { IDataObject } from 'n8n-workflow';

import { startEmulator, type Emulator } from '../../emulator';
import { runWorkflow } from '../../runner';
import { emulatorCredentials } from '../../support/emulatorCredentials';
import { apiCalls, queryOf } from '../../support/servedDocuments';
import { singleNodeWorkflow } from '../../support/workflows';

process.env.NO_PROXY = '127.0.0.1,localhost';

const ORDER_REFERENCE = '_GET_FLAT_FILE_OFFAMAZONPAYMENTS_ORDER_REFERENCE_DATA_';
const REFUND = '_GET_FLAT_FILE_OFFAMAZONPAYMENTS_REFUND_DATA_';
const AUTHORIZATION = '_GET_FLAT_FILE_OFFAMAZONPAYMENTS_AUTHORIZATION_DATA_';
const HOUR = 3600_000;
const DAY = 24 * HOUR;

let emulator: Emulator;
beforeAll(async () => {
	// The emulator's clock is moved days ahead to run schedules, while the node signs with the
	// real time: the emulator accepts request dates that far behind its clock.
	emulator = await startEmulator({ processingDelayMs: 0, maxDateAgeMs: 30 * DAY });
});
afterAll(async () => {
	await emulator.close();
});
beforeEach(() => {
	emulator.reset();
});

const run = (parameters: IDataObject, options: Parameters<typeof singleNodeWorkflow>[1] = {}) =>
	runWorkflow(singleNodeWorkflow(parameters, options), {
		credentials: { amazonPayApi: emulatorCredentials(emulator) },
	});

const createSchedule = (reportType: string, scheduleFrequency: string, options: IDataObject = {}) =>
	run({ resource: 'reportSchedule', operation: 'create', reportType, scheduleFrequency, options });

async function advanceEmulatorClock(advanceMs: number): Promise<void> {
	const response = await fetch(`${emulator.url}/__emulator/clock`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ advanceMs }),
	});
	expect(response.status).toBe(200);
}

/** Compact UTC, as Amazon Pay writes times. */
const compact = (ms: number) => new Date(ms).toISOString().replace(/[-:]|\.\d{3}/g, '');

describe('Report Schedule: Create', () => {
	it('creates a schedule with its frequency and next creation time, and outputs what it sent', async () => {
		const next = Math.ceil((Date.now() + 2 * DAY) / HOUR) * HOUR;

		const result = await createSchedule(ORDER_REFERENCE, 'P7D', { nextReportCreationTime: new Date(next).toISOString() });

		expect(result.status).toBe('success');
		const [schedule] = emulator.schedules();
		expect(schedule).toEqual({
			reportScheduleId: expect.any(String),
			reportType: ORDER_REFERENCE,
			scheduleFrequency: 'P7D',
			nextReportCreationTime: compact(next),
		});
		expect(result.outputs['Amazon Pay'][0].json).toEqual({
			reportScheduleId: schedule.reportScheduleId,
			reportType: ORDER_REFERENCE,
			scheduleFrequency: 'P7D',
			nextReportCreationTime: compact(next),
		});
		expect(apiCalls(emulator, '/v2/report-schedules')[0].idempotencyKey).toMatch(/^[A-Za-z0-9_-]{1,32}$/);
	});

	it('replaces the existing schedule of the report type when asked', async () => {
		await createSchedule(ORDER_REFERENCE, 'P1D');
		const [first] = emulator.schedules();

		const result = await createSchedule(ORDER_REFERENCE, 'PT12H', { deleteExistingSchedule: true });

		expect(result.status).toBe('success');
		const schedules = emulator.schedules();
		expect(schedules).toHaveLength(1);
		expect(schedules[0]).toMatchObject({ reportType: ORDER_REFERENCE, scheduleFrequency: 'PT12H' });
		expect(schedules[0].reportScheduleId).not.toBe(first.reportScheduleId);
		expect(result.outputs['Amazon Pay'][0].json).toMatchObject({ deleteExistingSchedule: true });
	});

	it("without Replace, a second schedule of the type fails with Amazon's reason", async () => {
		await createSchedule(ORDER_REFERENCE, 'P1D');
		const [first] = emulator.schedules();

		const result = await createSchedule(ORDER_REFERENCE, 'P2D');

		expect(result.status).toBe('error');
		expect(result.error?.httpCode).toBe('400');
		expect(result.error?.description).toMatch(/InvalidRequest/);
		expect(result.error?.description).toContain(first.reportScheduleId);
		expect(emulator.schedules()).toEqual([first]);
	});

	it('reads an Idempotency Key that an expression makes a number as text', async () => {
		const result = await createSchedule(ORDER_REFERENCE, 'P1D', { idempotencyKey: '={{ 20240801 }}' });

		expect(result.status).toBe('success');
		expect(apiCalls(emulator, '/v2/report-schedules')[0].idempotencyKey).toBe('20240801');
	});

	it('refuses a non-text Idempotency Key Amazon would refuse, with the usual message', async () => {
		const result = await createSchedule(ORDER_REFERENCE, 'P1D', { idempotencyKey: '={{ 0.5 }}' });

		expect(result.error?.message).toMatch(/^The Idempotency Key "0.5" is not accepted by Amazon Pay: it must be 1 to 32 characters/);
		expect(emulator.requests()).toHaveLength(0);
	});

	it('refuses a frequency Amazon Pay does not know, before any request', async () => {
		const result = await createSchedule(ORDER_REFERENCE, '={{ "P1W" }}');

		expect(result.status).toBe('error');
		expect(result.error?.message).toBe('The Frequency "P1W" is not one Amazon Pay accepts.');
		expect(result.error?.description).toMatch(/P1D for daily/);
		expect(emulator.requests()).toHaveLength(0);
	});
});

describe('types Amazon Pay will not schedule or create are refused before any request', () => {
	it.each([
		['_GET_CSV_CUSTOM_OFFAMAZONPAYMENTS_MULTI_CURRENCY_PAYMENTS_DATA_', 'A Multi-Currency Payments report cannot be scheduled: Amazon Pay does not schedule multi-currency reports; create them on demand.'],
		['_GET_FLAT_FILE_OFFAMAZONPAYMENTS_SETTLEMENT_DATA_', 'A Settlement (Live) report cannot be scheduled: Amazon Pay creates live settlement reports itself with each settlement; watch for them with the trigger instead.'],
		['_GET_FLAT_FILE_OFFAMAZONPAYMENTS_CAPTURE_DATA_', /^A Capture \(Transactions\) report cannot be scheduled: Amazon Pay lists capture reports but does not serve them through the API/],
	])('schedule %s', async (reportType, expected) => {
		const result = await createSchedule(`={{ "${reportType}" }}`, 'P1D');

		expect(result.status).toBe('error');
		expect(result.error?.message).toEqual(typeof expected === 'string' ? expected : expect.stringMatching(expected));
		expect(emulator.requests()).toHaveLength(0);
		expect(emulator.schedules()).toHaveLength(0);
	});

	it.each([
		['_GET_FLAT_FILE_OFFAMAZONPAYMENTS_SETTLEMENT_DATA_', /^A Settlement \(Live\) report cannot be created: Amazon Pay creates live settlement reports itself/],
		['_GET_FLAT_FILE_OFFAMAZONPAYMENTS_CAPTURE_DATA_', /^A Capture \(Transactions\) report cannot be created: .*use the settlement report, which includes captures/],
	])('create %s', async (reportType, expected) => {
		const result = await run({
			resource: 'report',
			operation: 'create',
			reportType: `={{ "${reportType}" }}`,
			startTime: '2024-08-01T00:00:00Z',
			endTime: '2024-08-02T00:00:00Z',
		});

		expect(result.status).toBe('error');
		expect(result.error?.message).toMatch(expected);
		expect(emulator.requests()).toHaveLength(0);
		expect(emulator.reports()).toHaveLength(0);
	});
});

describe('Report Schedule: Get, Get Many, Cancel', () => {
	it.each(['wrapped', 'flat'] as const)('Get reads the schedule when Amazon answers it %s', async (scheduleByIdShape) => {
		emulator.setOptions({ scheduleByIdShape });
		await createSchedule(REFUND, 'PT4H');
		const [schedule] = emulator.schedules();

		const result = await run({ resource: 'reportSchedule', operation: 'get', reportScheduleId: schedule.reportScheduleId });

		expect(result.status).toBe('success');
		expect(result.outputs['Amazon Pay'].map((item) => item.json)).toEqual([schedule]);
	});

	it('Get Many filters by report types', async () => {
		await createSchedule(ORDER_REFERENCE, 'P1D');
		await createSchedule(REFUND, 'P2D');
		await createSchedule(AUTHORIZATION, 'PT8H');
		const byType = Object.fromEntries(emulator.schedules().map((schedule) => [schedule.reportType, schedule]));

		const filtered = await run({ resource: 'reportSchedule', operation: 'getMany', filters: { reportTypes: [REFUND, AUTHORIZATION] } });
		const all = await run({ resource: 'reportSchedule', operation: 'getMany', filters: {} });

		expect(filtered.outputs['Amazon Pay'].map((item) => item.json)).toEqual([byType[REFUND], byType[AUTHORIZATION]]);
		expect(all.outputs['Amazon Pay'].map((item) => item.json)).toEqual(emulator.schedules());
		const [filteredCall, allCall] = apiCalls(emulator, '/v2/report-schedules').filter((call) => call.method === 'GET');
		expect(queryOf(filteredCall)).toEqual([['reportTypes', `${REFUND},${AUTHORIZATION}`]]);
		expect(queryOf(allCall)).toEqual([]);
	});

	it('Cancel removes the schedule; reports it made stay', async () => {
		await createSchedule(ORDER_REFERENCE, 'PT1H', { nextReportCreationTime: new Date(Date.now() + HOUR).toISOString() });
		await advanceEmulatorClock(HOUR + 1000);
		const [schedule] = emulator.schedules();
		expect(emulator.reports()).toHaveLength(1);

		const result = await run({ resource: 'reportSchedule', operation: 'cancel', reportScheduleId: schedule.reportScheduleId });

		expect(result.outputs['Amazon Pay'][0].json).toEqual({ reportScheduleId: schedule.reportScheduleId, cancelled: true });
		expect(emulator.schedules()).toEqual([]);
		await advanceEmulatorClock(5 * HOUR);
		expect(emulator.reports()).toHaveLength(1);
	});

	it.each(['cancel', 'get'])(
		"%s of an unknown schedule fails with Amazon's 404 and advice about schedules, not reports",
		async (operation) => {
			const result = await run({ resource: 'reportSchedule', operation, reportScheduleId: '12345678901' });

			expect(result.status).toBe('error');
			expect(result.error?.httpCode).toBe('404');
			expect(result.error?.message).toBe('Amazon Pay has no such item');
			expect(result.error?.description).toContain('12345678901');
			expect(result.error?.description).toMatch(
				/Check the reportScheduleId \(Report Schedule > Get Many lists the current ones\); a cancelled schedule no longer exists/,
			);
			expect(result.error?.description).not.toMatch(/reports are kept|90 days/);
			expect(apiCalls(emulator, '/v2/report-schedules')).toHaveLength(1);
		},
	);

	it('Cancel whose answer was lost after Amazon cancelled: the retry meets 404, and that means done', async () => {
		await createSchedule(ORDER_REFERENCE, 'P1D');
		const [schedule] = emulator.schedules();
		emulator.addFault({ match: { method: 'DELETE', path: '/v2/report-schedules/*' }, action: 'dropAfterCommit', times: 1 });

		const result = await run({ resource: 'reportSchedule', operation: 'cancel', reportScheduleId: schedule.reportScheduleId });

		expect(result.status).toBe('success');
		expect(result.outputs['Amazon Pay'][0].json).toEqual({ reportScheduleId: schedule.reportScheduleId, cancelled: true });
		expect(emulator.schedules()).toEqual([]);
		const deletes = apiCalls(emulator, '/v2/report-schedules').filter((call) => call.method === 'DELETE');
		expect(deletes.map((call) => [call.status, call.dropped ?? false])).toEqual([
			[200, true],
			[404, false],
		]);
	});

	it('Cancel retried after a server error that may have cancelled: a 404 then means done', async () => {
		emulator.addFault({ match: { method: 'DELETE', path: '/v2/report-schedules/*' }, action: 'status', status: 503, times: 1 });

		const result = await run({ resource: 'reportSchedule', operation: 'cancel', reportScheduleId: '12345678901' });

		expect(result.status).toBe('success');
		expect(apiCalls(emulator, '/v2/report-schedules').map((call) => call.status)).toEqual([503, 404]);
	});

	it('Cancel retried after a 429, which Amazon never carries out: a 404 still fails', async () => {
		emulator.addFault({
			match: { method: 'DELETE', path: '/v2/report-schedules/*' },
			action: 'status',
			status: 429,
			reasonCode: 'TooManyRequests',
			retryAfter: 0,
			times: 1,
		});

		const result = await run({ resource: 'reportSchedule', operation: 'cancel', reportScheduleId: '12345678901' });

		expect(result.status).toBe('error');
		expect(result.error?.httpCode).toBe('404');
		expect(apiCalls(emulator, '/v2/report-schedules').map((call) => call.status)).toEqual([429, 404]);
	});
});

describe('a schedule at work', () => {
	it('creates a report each period as the clock moves on, and Report > Get Many lists them', async () => {
		const first = Date.now() + HOUR;
		await createSchedule(AUTHORIZATION, 'PT2H', { nextReportCreationTime: new Date(first).toISOString() });
		await createSchedule(REFUND, 'P1D', { nextReportCreationTime: new Date(Date.now() + 2 * DAY).toISOString() });

		await advanceEmulatorClock(6 * HOUR);

		const result = await run({
			resource: 'report',
			operation: 'getMany',
			returnAll: true,
			filters: { reportTypes: [AUTHORIZATION] },
		});
		expect(result.status).toBe('success');
		const reports = result.outputs['Amazon Pay'].map((item) => item.json);
		// Due at +1 h, +3 h and +5 h; each covers the two hours before it. Newest first.
		const firstSecond = Math.floor(first / 1000) * 1000;
		expect(reports.map((report) => [report.startTime, report.endTime])).toEqual(
			[4, 2, 0].map((hours) => [compact(firstSecond + (hours - 2) * HOUR), compact(firstSecond + hours * HOUR)]),
		);
		expect(reports.every((report) => report.reportType === AUTHORIZATION && report.processingStatus === 'COMPLETED')).toBe(true);
		expect(emulator.reports().filter((report) => report.reportType === REFUND)).toHaveLength(0);
		expect(emulator.schedules().find((schedule) => schedule.reportType === AUTHORIZATION)?.nextReportCreationTime).toBe(
			compact(firstSecond + 6 * HOUR),
		);
	});
});
