import type { IDataObject } from 'n8n-workflow';

import { startEmulator, type Emulator, type Report } from '../../emulator';
import { runWorkflow } from '../../runner';
import { emulatorCredentials } from '../../support/emulatorCredentials';
import { apiCalls, queryOf } from '../../support/servedDocuments';
import { singleNodeWorkflow } from '../../support/workflows';

process.env.NO_PROXY = '127.0.0.1,localhost';

const ORDER_REFERENCE = '_GET_FLAT_FILE_OFFAMAZONPAYMENTS_ORDER_REFERENCE_DATA_';
const REFUND = '_GET_FLAT_FILE_OFFAMAZONPAYMENTS_REFUND_DATA_';
const AUTHORIZATION = '_GET_FLAT_FILE_OFFAMAZONPAYMENTS_AUTHORIZATION_DATA_';
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

let emulator: Emulator;
beforeAll(async () => {
	emulator = await startEmulator({ processingDelayMs: 0 });
});
afterAll(async () => {
	await emulator.close();
});

let now: number;
beforeEach(() => {
	emulator.reset();
	now = Date.now();
	// 420 reports a minute apart over the last seven hours: types and statuses interleaved.
	for (let index = 0; index < 420; index++) {
		emulator.seedReport({
			reportType: [ORDER_REFERENCE, ORDER_REFERENCE, REFUND, AUTHORIZATION][index % 4],
			processingStatus: index % 5 === 0 ? 'IN_PROGRESS' : index % 7 === 0 ? 'FAILED' : 'COMPLETED',
			createdTime: now - (index + 1) * MINUTE,
		});
	}
	// Older than the Created Since filter below.
	for (let index = 0; index < 25; index++) {
		emulator.seedReport({ reportType: ORDER_REFERENCE, processingStatus: 'COMPLETED', createdTime: now - 20 * DAY - index * MINUTE });
	}
});

const getMany = (parameters: IDataObject) =>
	runWorkflow(singleNodeWorkflow({ resource: 'report', operation: 'getMany', ...parameters }), {
		credentials: { amazonPayApi: emulatorCredentials(emulator) },
	});

const FILTERS = {
	reportTypes: [ORDER_REFERENCE, REFUND],
	processingStatuses: ['COMPLETED', 'FAILED'],
};

/** What Amazon holds for the filters, newest first: the order Get Reports pages through. */
function matching(createdSinceMs: number): Report[] {
	return emulator
		.reports()
		.filter(
			(report) =>
				FILTERS.reportTypes.includes(report.reportType) &&
				FILTERS.processingStatuses.includes(report.processingStatus) &&
				Date.parse(report.createdTime.replace(/^(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z$/, '$1-$2-$3T$4:$5:$6Z')) >= createdSinceMs,
		);
}

const reportCalls = () => apiCalls(emulator, '/v2/reports').filter((call) => call.path.split('?')[0] === '/v2/reports');

describe('Report: Get Many across pages', () => {
	it("Return All: every matching report once, in Amazon's order, over several pages", async () => {
		const createdSinceMs = now - 10 * DAY;

		const result = await getMany({
			returnAll: true,
			filters: { ...FILTERS, createdSince: new Date(createdSinceMs).toISOString() },
		});

		expect(result.status).toBe('success');
		const expected = matching(Math.floor(createdSinceMs / 1000) * 1000);
		expect(expected.length).toBeGreaterThan(200);
		const listed = result.outputs['Amazon Pay'].map((item) => item.json);
		expect(listed).toEqual(expected);
		expect(new Set(listed.map((report) => report.reportId)).size).toBe(listed.length);
		expect(reportCalls()).toHaveLength(Math.ceil(expected.length / 100));
	});

	it('later pages send the nextToken with the type and status filters only, unchanged', async () => {
		const createdSince = new Date(now - 10 * DAY).toISOString();

		await getMany({ returnAll: true, filters: { ...FILTERS, createdSince } });

		const [first, ...later] = reportCalls().map((call) => Object.fromEntries(queryOf(call)));
		expect(first).toEqual({
			reportTypes: FILTERS.reportTypes.join(','),
			processingStatuses: FILTERS.processingStatuses.join(','),
			createdSince: expect.stringMatching(/^\d{8}T\d{6}Z$/),
			pageSize: '100',
		});
		expect(later.length).toBeGreaterThanOrEqual(2);
		for (const query of later) {
			expect(query).toEqual({
				nextToken: expect.any(String),
				reportTypes: first.reportTypes,
				processingStatuses: first.processingStatuses,
			});
		}
		expect(new Set(later.map((query) => query.nextToken)).size).toBe(later.length);
	});

	it('without filters, later pages send the nextToken alone', async () => {
		const result = await getMany({ returnAll: true, filters: {} });

		expect(result.outputs['Amazon Pay']).toHaveLength(445);
		const later = reportCalls().slice(1).map(queryOf);
		expect(later).toHaveLength(4);
		expect(later.every((query) => query.length === 1 && query[0][0] === 'nextToken')).toBe(true);
	});

	it('Limit over more than one page: exactly the first ones, and no page beyond', async () => {
		const result = await getMany({ returnAll: false, limit: 130, filters: FILTERS });

		const listed = result.outputs['Amazon Pay'].map((item) => item.json);
		expect(listed).toEqual(matching(now - 90 * DAY).slice(0, 130));
		expect(reportCalls()).toHaveLength(2);
	});

	it('a report created between two pages neither repeats nor pushes another out', async () => {
		const before = matching(now - 90 * DAY);
		let added: Report | undefined;

		// Seeded as soon as the first page has been answered, before the second is asked for.
		const result = await runWorkflow(singleNodeWorkflow({ resource: 'report', operation: 'getMany', returnAll: true, filters: FILTERS }), {
			credentials: { amazonPayApi: emulatorCredentials(emulator) },
			logger: (line) => {
				if (line.message === 'Amazon Pay call' && added === undefined) {
					added = emulator.seedReport({ reportType: ORDER_REFERENCE, processingStatus: 'COMPLETED' });
				}
			},
		});

		expect(added).toBeDefined();
		expect(reportCalls().length).toBeGreaterThan(1);
		const ids = result.outputs['Amazon Pay'].map((item) => item.json.reportId);
		expect(ids).toEqual(before.map((report) => report.reportId));
	});
});
