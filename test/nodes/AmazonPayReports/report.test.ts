import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { startEmulator, type Emulator } from '../../emulator';
import { runWorkflow } from '../../runner';
import { emulatorCredentials } from '../../support/emulatorCredentials';
import { singleNodeWorkflow } from '../../support/workflows';

process.env.NO_PROXY = '127.0.0.1,localhost';

let emulator: Emulator;
beforeAll(async () => {
	emulator = await startEmulator({ processingDelayMs: 1000 });
});
afterAll(async () => {
	await emulator.close();
});
beforeEach(() => {
	emulator.reset();
});

const run = (workflow: Parameters<typeof runWorkflow>[0], overrides: Record<string, unknown> = {}) =>
	runWorkflow(workflow, { credentials: { amazonPayApi: emulatorCredentials(emulator, overrides) } });

const ORDER_REFERENCE = '_GET_FLAT_FILE_OFFAMAZONPAYMENTS_ORDER_REFERENCE_DATA_';

describe('Report: Create', () => {
	it('creates a report with a signature the emulator verified, and hands on its reportId', async () => {
		const workflow = JSON.parse(
			readFileSync(join(__dirname, '../../../examples/create-report.json'), 'utf8'),
		);
		const result = await run(workflow);

		expect(result.status).toBe('success');
		const [created] = result.outputs['Create Report'];
		const [fetched] = result.outputs['Get Report'];
		expect(emulator.reports().map((report) => report.reportId)).toEqual([created.json.reportId]);
		expect(fetched.json).toMatchObject({
			reportId: created.json.reportId,
			reportType: ORDER_REFERENCE,
			processingStatus: 'IN_PROGRESS',
		});
		expect(emulator.requests().map((call) => call.status)).toEqual([201, 200]);
	});

	it.each([
		['extended ISO with offset', '2024-08-01T02:00:00+02:00', '2024-08-02T00:00:00Z'],
		['compact form', '20240801T000000Z', '20240802T000000Z'],
		["the docs' dashed-time form", '2024-08-01T00-00-00Z', '2024-08-02T00-00-00Z'],
	])('sends %s dates as compact UTC and outputs what it sent', async (_name, startTime, endTime) => {
		const result = await run(
			singleNodeWorkflow({ resource: 'report', operation: 'create', reportType: ORDER_REFERENCE, startTime, endTime }),
		);

		expect(result.status).toBe('success');
		expect(result.outputs['Amazon Pay'][0].json).toEqual({
			reportId: emulator.reports()[0].reportId,
			reportType: ORDER_REFERENCE,
			startTime: '20240801T000000Z',
			endTime: '20240802T000000Z',
		});
		expect(emulator.reports()[0]).toMatchObject({ startTime: '20240801T000000Z', endTime: '20240802T000000Z' });
	});

	it('refuses an end before the start, naming the field, before any request', async () => {
		const result = await run(
			singleNodeWorkflow({ resource: 'report', operation: 'create', reportType: ORDER_REFERENCE, startTime: '2024-08-02T00:00:00Z', endTime: '2024-08-01T00:00:00Z' }),
		);

		expect(result.status).toBe('error');
		expect(result.error?.message).toBe(
			'The End Time (2024-08-01T00:00:00.000Z) must be after the Start Time (2024-08-02T00:00:00.000Z).',
		);
		expect(emulator.requests()).toHaveLength(0);
	});

	it('refuses an unreadable date with an accepted example', async () => {
		const result = await run(
			singleNodeWorkflow({ resource: 'report', operation: 'create', reportType: ORDER_REFERENCE, startTime: 'last tuesday', endTime: '2024-08-01T00:00:00Z' }),
		);

		expect(result.error?.message).toBe('The Start Time "last tuesday" is not a date that can be read.');
		expect(result.error?.description).toContain('2024-08-04T00:00:00Z');
		expect(emulator.requests()).toHaveLength(0);
	});

	it.each([
		['_GET_FLAT_FILE_OFFAMAZONPAYMENTS_CAPTURE_DATA_', /Capture \(Transactions\) report cannot be created: Amazon Pay lists capture reports but does not serve them through the API/],
		['_GET_FLAT_FILE_OFFAMAZONPAYMENTS_SETTLEMENT_DATA_', /Settlement \(Live\) report cannot be created: Amazon Pay creates live settlement reports itself/],
		['_GET_NOT_A_REPORT_', /The Report Type "_GET_NOT_A_REPORT_" is not an Amazon Pay report type\./],
	])('refuses report type %s before any request', async (reportType, expected) => {
		const result = await run(
			singleNodeWorkflow({ resource: 'report', operation: 'create', reportType: `={{ "${reportType}" }}`, startTime: '2024-08-01T00:00:00Z', endTime: '2024-08-02T00:00:00Z' }),
		);

		expect(result.status).toBe('error');
		expect(result.error?.message).toMatch(expected);
		expect(emulator.requests()).toHaveLength(0);
	});

	it('creates one report per input item, each output paired with its item', async () => {
		const result = await run(
			singleNodeWorkflow(
				{ resource: 'report', operation: 'create', reportType: ORDER_REFERENCE, startTime: '={{ $json.from }}', endTime: '={{ $json.to }}' },
				{ items: [{ from: '2024-08-01', to: '2024-08-02' }, { from: '2024-08-02', to: '2024-08-03' }] },
			),
		);

		expect(result.status).toBe('success');
		const items = result.outputs['Amazon Pay'];
		expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		// A date without an offset is read in the workflow's time zone: n8n's default, New York.
		expect(items.map((item) => item.json.startTime)).toEqual(['20240801T040000Z', '20240802T040000Z']);
		expect(new Set(items.map((item) => item.json.reportId)).size).toBe(2);
		expect(emulator.reports()).toHaveLength(2);
	});

	it('continues on fail with an error item paired to the failing item', async () => {
		const result = await run(
			singleNodeWorkflow(
				{ resource: 'report', operation: 'create', reportType: ORDER_REFERENCE, startTime: '={{ $json.from }}', endTime: '2024-08-03T00:00:00Z' },
				{ items: [{ from: 'not a date' }, { from: '2024-08-02' }], onError: 'continueRegularOutput' },
			),
		);

		expect(result.status).toBe('success');
		const [failed, created] = result.outputs['Amazon Pay'];
		expect(failed).toEqual({
			json: {
				error: 'The Start Time "not a date" is not a date that can be read.',
				description: expect.stringContaining('Give a date and time such as 2024-08-04T00:00:00Z'),
			},
			pairedItem: { item: 0 },
		});
		expect(created.json.reportId).toBe(emulator.reports()[0].reportId);
		expect(created.pairedItem).toEqual({ item: 1 });
	});
});

describe('Report: Get', () => {
	it("fails on an unknown reportId with Amazon's reasonCode and message", async () => {
		const result = await run(singleNodeWorkflow({ resource: 'report', operation: 'get', reportId: '999999999999' }));

		expect(result.status).toBe('error');
		expect(result.error?.httpCode).toBe('404');
		expect(result.error?.message).toBe('Amazon Pay has no such item');
		expect(result.error?.description).toMatch(/^Amazon Pay answered 404 ResourceNotFound: .*999999999999/);
	});

	it('reports COMPLETED with a reportDocumentId once Amazon has finished', async () => {
		const seeded = emulator.seedReport({ reportType: ORDER_REFERENCE, processingStatus: 'COMPLETED' });
		const result = await run(singleNodeWorkflow({ resource: 'report', operation: 'get', reportId: ` ${seeded.reportId} ` }));

		expect(result.outputs['Amazon Pay'][0].json).toMatchObject({
			reportId: seeded.reportId,
			processingStatus: 'COMPLETED',
			reportDocumentId: expect.any(String),
		});
	});

	it('refuses an empty Report ID before any request', async () => {
		const result = await run(singleNodeWorkflow({ resource: 'report', operation: 'get', reportId: '  ' }));
		expect(result.error?.message).toBe('The Report ID is empty.');
		expect(emulator.requests()).toHaveLength(0);
	});
});

describe('Report: Get Many', () => {
	it('follows nextToken across pages with Return All, none twice, none skipped', async () => {
		for (let index = 0; index < 230; index++) {
			emulator.seedReport({ reportType: ORDER_REFERENCE, processingStatus: 'COMPLETED' });
		}
		const result = await run(singleNodeWorkflow({ resource: 'report', operation: 'getMany', returnAll: true, filters: {} }));

		const ids = result.outputs['Amazon Pay'].map((item) => item.json.reportId);
		expect(ids).toHaveLength(230);
		expect(new Set(ids).size).toBe(230);
		const calls = emulator.requests();
		expect(calls).toHaveLength(3);
		expect(calls[1].path).toMatch(/^\/v2\/reports\?nextToken=[^&]+$/);
	});

	it('stops at the limit and filters by type and status', async () => {
		for (let index = 0; index < 30; index++) {
			emulator.seedReport({ reportType: ORDER_REFERENCE, processingStatus: index % 2 ? 'COMPLETED' : 'IN_PROGRESS' });
		}
		emulator.seedReport({ reportType: '_GET_FLAT_FILE_OFFAMAZONPAYMENTS_REFUND_DATA_', processingStatus: 'COMPLETED' });
		const result = await run(
			singleNodeWorkflow({
				resource: 'report',
				operation: 'getMany',
				returnAll: false,
				limit: 12,
				filters: { reportTypes: [ORDER_REFERENCE], processingStatuses: ['COMPLETED'] },
			}),
		);

		const reports = result.outputs['Amazon Pay'].map((item) => item.json);
		expect(reports).toHaveLength(12);
		expect(reports.every((report) => report.reportType === ORDER_REFERENCE && report.processingStatus === 'COMPLETED')).toBe(true);
		expect(emulator.requests()).toHaveLength(1);
	});
});

describe('signature rejections name the likely causes', () => {
	it('wrong private key for the key ID', async () => {
		const { generateKeyPairSync } = await import('node:crypto');
		const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' });
		const result = await run(singleNodeWorkflow({ resource: 'report', operation: 'get', reportId: '1' }), { privateKey: other });

		expect(result.status).toBe('error');
		expect(result.error?.httpCode).toBe('401');
		expect(result.error?.message).toBe('Amazon Pay rejected the request signature');
		expect(result.error?.description).toContain('Likely causes: the Private Key does not belong to the Public Key ID');
	});

	it('right key, wrong region', async () => {
		const result = await run(singleNodeWorkflow({ resource: 'report', operation: 'get', reportId: '1' }), { region: 'eu' });
		expect(result.error?.message).toBe('Amazon Pay rejected the request signature');
		expect(result.error?.description).toContain("the Region does not match the merchant account's");
	});
});
