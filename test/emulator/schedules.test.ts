import { startEmulator, type Emulator } from './index';
import { callApi, control } from './testClient';

const SANDBOX_SETTLEMENT = '_GET_FLAT_FILE_OFFAMAZONPAYMENTS_SANDBOX_SETTLEMENT_DATA_';
const ORDER_REFERENCE = '_GET_FLAT_FILE_OFFAMAZONPAYMENTS_ORDER_REFERENCE_DATA_';
const REFUND = '_GET_FLAT_FILE_OFFAMAZONPAYMENTS_REFUND_DATA_';

// 2024-08-01T00:00:00Z, a fixed clock so that schedule times are exact.
const START = Date.UTC(2024, 7, 1);
const HOUR = 3600_000;

let emulator: Emulator;

beforeAll(async () => {
	emulator = await startEmulator({ now: () => START, processingDelayMs: 1000 });
});
afterAll(async () => emulator.close());
beforeEach(() => emulator.reset());

const createSchedule = (
	body: Record<string, unknown>,
	options: { query?: Record<string, string>; idempotencyKey?: string } = {},
) =>
	callApi(emulator, {
		method: 'POST',
		path: '/v2/report-schedules',
		query: options.query,
		body: JSON.stringify(body),
		headers: options.idempotencyKey
			? { 'x-amz-pay-idempotency-key': options.idempotencyKey }
			: undefined,
	});

const getSchedule = (reportScheduleId: string) =>
	callApi(emulator, { method: 'GET', path: `/v2/report-schedules/${reportScheduleId}` });

describe('report schedules', () => {
	it('creates, reads wrapped or flat, lists, and cancels a schedule', async () => {
		const created = await createSchedule({ reportType: ORDER_REFERENCE, scheduleFrequency: 'P1D' });
		expect(created.status).toBe(201);
		const { reportScheduleId } = created.body;
		expect(reportScheduleId).toMatch(/^\d{11}$/);

		const schedule = {
			reportScheduleId,
			reportType: ORDER_REFERENCE,
			scheduleFrequency: 'P1D',
			nextReportCreationTime: '20240802T000000Z',
		};
		const wrapped = await getSchedule(reportScheduleId);
		expect(wrapped.status).toBe(200);
		expect(wrapped.body).toEqual({ reportSchedules: [schedule] });

		emulator.setOptions({ scheduleByIdShape: 'flat' });
		expect((await getSchedule(reportScheduleId)).body).toEqual(schedule);
		await control(emulator, 'POST', 'options', { scheduleByIdShape: 'wrapped' });
		expect((await getSchedule(reportScheduleId)).body).toEqual({ reportSchedules: [schedule] });

		await createSchedule({ reportType: REFUND, scheduleFrequency: 'PT12H' });
		const all = await callApi(emulator, { method: 'GET', path: '/v2/report-schedules' });
		expect(all.body.reportSchedules.map((item: { reportType: string }) => item.reportType)).toEqual([
			ORDER_REFERENCE,
			REFUND,
		]);
		const filtered = await callApi(emulator, {
			method: 'GET',
			path: '/v2/report-schedules',
			query: { reportTypes: `${ORDER_REFERENCE},${SANDBOX_SETTLEMENT}` },
		});
		expect(filtered.body).toEqual({ reportSchedules: [schedule] });

		const path = `/v2/report-schedules/${reportScheduleId}`;
		const cancelled = await callApi(emulator, { method: 'DELETE', path });
		expect(cancelled.status).toBe(200);
		expect(cancelled.body).toEqual({});

		const gone = await getSchedule(reportScheduleId);
		expect(gone.status).toBe(404);
		expect(gone.body.reasonCode).toBe('ResourceNotFound');
		expect((await callApi(emulator, { method: 'DELETE', path })).status).toBe(404);
		expect(emulator.schedules().map((item) => item.reportType)).toEqual([REFUND]);
	});

	it('keeps one schedule per report type unless deleteExistingSchedule is true', async () => {
		const first = await createSchedule({ reportType: ORDER_REFERENCE, scheduleFrequency: 'P1D' });

		const refused = await createSchedule({ reportType: ORDER_REFERENCE, scheduleFrequency: 'P7D' });
		expect(refused.status).toBe(400);
		expect(refused.body.reasonCode).toBe('InvalidRequest');
		expect(refused.body.message).toContain(`schedule for reportType '${ORDER_REFERENCE}' exists`);

		const replaced = await createSchedule({
			reportType: ORDER_REFERENCE,
			scheduleFrequency: 'P7D',
			deleteExistingSchedule: true,
		});
		expect(replaced.status).toBe(201);
		expect((await getSchedule(first.body.reportScheduleId)).status).toBe(404);

		// The docs name it a query parameter; that works as well.
		const byQuery = await createSchedule(
			{ reportType: ORDER_REFERENCE, scheduleFrequency: 'PT4H' },
			{ query: { deleteExistingSchedule: 'true' } },
		);
		expect(byQuery.status).toBe(201);
		expect(emulator.schedules()).toEqual([
			expect.objectContaining({
				reportScheduleId: byQuery.body.reportScheduleId,
				scheduleFrequency: 'PT4H',
			}),
		]);
	});

	it.each([
		[{ reportType: ORDER_REFERENCE, scheduleFrequency: 'PT10M' }, 'InvalidParameterValue', 'scheduleFrequency'],
		[{ reportType: ORDER_REFERENCE }, 'MissingParameterValue', 'scheduleFrequency'],
		[{ scheduleFrequency: 'P1D' }, 'MissingParameterValue', 'reportType'],
		[
			{ reportType: '_GET_CSV_CUSTOM_OFFAMAZONPAYMENTS_MULTI_CURRENCY_PAYMENTS_DATA_', scheduleFrequency: 'P1D' },
			'InvalidParameterValue',
			'cannot be scheduled',
		],
		[
			{ reportType: '_GET_FLAT_FILE_OFFAMAZONPAYMENTS_CAPTURE_DATA_', scheduleFrequency: 'P1D' },
			'InvalidParameterValue',
			'cannot be scheduled',
		],
		[
			{ reportType: '_GET_FLAT_FILE_OFFAMAZONPAYMENTS_SETTLEMENT_DATA_', scheduleFrequency: 'P1D' },
			'InvalidParameterValue',
			'cannot be scheduled',
		],
		[
			{ reportType: REFUND, scheduleFrequency: 'P1D', nextReportCreationTime: '20240731T000000Z' },
			'InvalidParameterValue',
			'nextReportCreationTime',
		],
		[
			{ reportType: REFUND, scheduleFrequency: 'P1D', deleteExistingSchedule: 'yes' },
			'InvalidParameterValue',
			'deleteExistingSchedule',
		],
	])('refuses %j with %s', async (body, reasonCode, inMessage) => {
		const answer = await createSchedule(body);
		expect(answer.status).toBe(400);
		expect(answer.body.reasonCode).toBe(reasonCode);
		expect(answer.body.message).toContain(inMessage);
		expect(emulator.schedules()).toHaveLength(0);
	});

	it('replays a create with the same idempotency key', async () => {
		const body = { reportType: REFUND, scheduleFrequency: 'P2D' };
		const first = await createSchedule(body, { idempotencyKey: 'schedule-refunds-1' });
		const again = await createSchedule(body, { idempotencyKey: 'schedule-refunds-1' });
		expect(again.status).toBe(201);
		expect(again.body.reportScheduleId).toBe(first.body.reportScheduleId);
		expect(emulator.schedules()).toHaveLength(1);
	});

	it('creates a report per period as the clock passes, each covering the period before', async () => {
		const created = await createSchedule({
			reportType: SANDBOX_SETTLEMENT,
			scheduleFrequency: 'PT1H',
			nextReportCreationTime: '2024-08-01T01:00:00Z',
		});
		expect(created.status).toBe(201);
		expect(emulator.reports()).toHaveLength(0);

		emulator.advanceClock(3 * HOUR + 500);
		const listed = await callApi(emulator, { method: 'GET', path: '/v2/reports' });
		expect(
			listed.body.reports.map((report: Record<string, string>) => [
				report.createdTime,
				report.startTime,
				report.endTime,
				report.processingStatus,
			]),
		).toEqual([
			['20240801T030000Z', '20240801T020000Z', '20240801T030000Z', 'IN_PROGRESS'],
			['20240801T020000Z', '20240801T010000Z', '20240801T020000Z', 'COMPLETED'],
			['20240801T010000Z', '20240801T000000Z', '20240801T010000Z', 'COMPLETED'],
		]);
		expect(listed.body.reports[0].reportType).toBe(SANDBOX_SETTLEMENT);

		const schedule = await getSchedule(created.body.reportScheduleId);
		expect(schedule.body.reportSchedules[0].nextReportCreationTime).toBe('20240801T040000Z');

		// A cancelled schedule makes no more reports.
		await callApi(emulator, {
			method: 'DELETE',
			path: `/v2/report-schedules/${created.body.reportScheduleId}`,
		});
		emulator.advanceClock(10 * HOUR);
		expect(emulator.reports()).toHaveLength(3);
	});

	it('starts the first period one frequency after creation by default', async () => {
		await createSchedule({ reportType: REFUND, scheduleFrequency: 'PT30M' });
		expect(emulator.schedules()[0].nextReportCreationTime).toBe('20240801T003000Z');

		emulator.advanceClock(HOUR);
		expect(emulator.reports().map((report) => report.createdTime)).toEqual([
			'20240801T010000Z',
			'20240801T003000Z',
		]);
	});
});
