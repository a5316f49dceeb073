import type { IDataObject } from 'n8n-workflow';

import { startEmulator, type Emulator, type SeedReportInput } from '../../emulator';
import { getBinaryBuffer, runWorkflow } from '../../runner';
import { emulatorCredentials } from '../../support/emulatorCredentials';
import { apiCalls, parseTable, servedDocument } from '../../support/servedDocuments';
import { singleNodeWorkflow } from '../../support/workflows';

process.env.NO_PROXY = '127.0.0.1,localhost';

const ORDER_REFERENCE = '_GET_FLAT_FILE_OFFAMAZONPAYMENTS_ORDER_REFERENCE_DATA_';
// Created reports stay IN_PROGRESS this long; the node checks every half second at first.
const PROCESSING_DELAY_MS = 300;

let emulator: Emulator;
beforeAll(async () => {
	emulator = await startEmulator({ processingDelayMs: PROCESSING_DELAY_MS });
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

const createAndWait = (documentOutput: string, extra: IDataObject = {}) =>
	run({
		resource: 'report',
		operation: 'create',
		reportType: ORDER_REFERENCE,
		startTime: '2024-08-01T00:00:00Z',
		endTime: '2024-08-02T00:00:00Z',
		waitForCompletion: true,
		downloadDocument: true,
		documentOutput,
		...extra,
	});

const getAndWait = (reportId: string, options: IDataObject = {}, extra: IDataObject = {}) =>
	run({ resource: 'report', operation: 'get', reportId, waitForCompletion: true, options, ...extra });

const seedInProgress = (input: Partial<SeedReportInput>) =>
	emulator.seedReport({ reportType: ORDER_REFERENCE, processingDelayMs: PROCESSING_DELAY_MS, ...input });

const reportChecks = (reportId: string) =>
	apiCalls(emulator, `/v2/reports/${reportId}`).filter((call) => call.method === 'GET');

describe('Wait for Completion', () => {
	it('waits for a created report to complete, then hands on its rows', async () => {
		const startedAt = Date.now();
		const result = await createAndWait('rows');

		expect(result.status).toBe('success');
		expect(Date.now() - startedAt).toBeGreaterThanOrEqual(PROCESSING_DELAY_MS);
		const [report] = emulator.reports();
		expect(report.processingStatus).toBe('COMPLETED');
		expect(reportChecks(report.reportId).length).toBeGreaterThanOrEqual(2);
		const rows = result.outputs['Amazon Pay'].map((item) => item.json);
		expect(rows).toEqual(parseTable(await servedDocument(emulator, report.reportId)));
		expect(rows).toHaveLength(20);
		expect(result.outputs['Amazon Pay'].every((item) => item.pairedItem !== undefined)).toBe(true);
	});

	it('waits for a created report to complete, then hands on its file', async () => {
		const result = await createAndWait('binary');

		expect(result.status).toBe('success');
		const [report] = emulator.reports();
		const [item] = result.outputs['Amazon Pay'];
		expect(item.json).toMatchObject({
			reportId: report.reportId,
			reportType: ORDER_REFERENCE,
			processingStatus: 'COMPLETED',
			reportDocumentId: report.reportDocumentId,
			fileName: 'amazon-pay-order-reference-20240801-20240802.csv',
		});
		expect(item.binary?.data).toMatchObject({ mimeType: 'text/csv', fileName: 'amazon-pay-order-reference-20240801-20240802.csv' });
		expect((await getBinaryBuffer(item)).equals(await servedDocument(emulator, report.reportId))).toBe(true);
	});

	it('Report > Get waits for an IN_PROGRESS report and outputs it once COMPLETED', async () => {
		const seeded = seedInProgress({ processingStatus: 'COMPLETED' });
		expect(seeded.processingStatus).toBe('IN_PROGRESS');

		const result = await getAndWait(seeded.reportId);

		expect(result.status).toBe('success');
		const [completed] = emulator.reports();
		expect(completed.reportDocumentId).toEqual(expect.any(String));
		expect(result.outputs['Amazon Pay'].map((item) => item.json)).toEqual([completed]);
		expect(completed).toMatchObject({ reportId: seeded.reportId, processingStatus: 'COMPLETED' });
		expect(reportChecks(seeded.reportId).length).toBeGreaterThanOrEqual(2);
	});

	it('Report > Get waits and downloads as rows', async () => {
		const seeded = seedInProgress({ processingStatus: 'COMPLETED', documentRows: 7 });

		const result = await getAndWait(seeded.reportId, {}, { downloadDocument: true, documentOutput: 'rows' });

		expect(result.outputs['Amazon Pay'].map((item) => item.json)).toEqual(
			parseTable(await servedDocument(emulator, seeded.reportId)),
		);
	});

	it.each([
		['FAILED', /could not build it/],
		['CANCELLED', /cancels a report when the period has no data/],
	] as const)('a report that ends %s fails naming the reportId and why', async (status, why) => {
		const seeded = seedInProgress({ processingStatus: status });

		const result = await getAndWait(seeded.reportId, {}, { downloadDocument: true });

		expect(result.status).toBe('error');
		expect(result.error?.message).toBe(`Amazon Pay report ${seeded.reportId} ended ${status}, so it has no document`);
		expect(result.error?.description).toMatch(why);
		expect(apiCalls(emulator, '/v2/report-documents')).toHaveLength(0);
	});

	it('stops at Max Wait with a timeout naming the reportId', async () => {
		const seeded = emulator.seedReport({ reportType: ORDER_REFERENCE, processingStatus: 'IN_PROGRESS' });

		const startedAt = Date.now();
		const result = await getAndWait(seeded.reportId, { maxWaitMinutes: 0.02 });

		const elapsedMs = Date.now() - startedAt;
		expect(result.status).toBe('error');
		expect(result.error?.message).toBe(`Amazon Pay report ${seeded.reportId} is still IN_PROGRESS after 1.2 second(s)`);
		expect(result.error?.description).toMatch(/Raise "Max Wait \(Minutes\)"/);
		expect(elapsedMs).toBeGreaterThanOrEqual(1200);
		expect(elapsedMs).toBeLessThan(6000);
		expect(reportChecks(seeded.reportId).length).toBeGreaterThanOrEqual(2);
	});

	it('with continue-on-fail, a failed report becomes an error item and the next item goes on', async () => {
		const failed = seedInProgress({ processingStatus: 'FAILED' });
		const completed = seedInProgress({ processingStatus: 'COMPLETED', documentRows: 3 });

		const result = await run(
			{ resource: 'report', operation: 'get', reportId: '={{ $json.reportId }}', waitForCompletion: true, downloadDocument: true, documentOutput: 'rows' },
			{ items: [{ reportId: failed.reportId }, { reportId: completed.reportId }], onError: 'continueRegularOutput' },
		);

		expect(result.status).toBe('success');
		const [errorItem, ...rows] = result.outputs['Amazon Pay'];
		expect(errorItem).toEqual({
			json: {
				error: `Amazon Pay report ${failed.reportId} ended FAILED, so it has no document`,
				description: 'Amazon Pay could not build it; create it again, perhaps for a shorter period.',
			},
			pairedItem: { item: 0 },
		});
		expect(rows.map((item) => item.json)).toEqual(parseTable(await servedDocument(emulator, completed.reportId)));
		expect(rows.every((item) => (item.pairedItem as { item: number }).item === 1)).toBe(true);
	});

	it('without waiting, asking for the document of an unfinished report says to turn waiting on', async () => {
		const seeded = emulator.seedReport({ reportType: ORDER_REFERENCE, processingStatus: 'IN_PROGRESS' });

		const result = await run({ resource: 'report', operation: 'get', reportId: seeded.reportId, downloadDocument: true });

		expect(result.status).toBe('error');
		expect(result.error?.message).toBe(`Amazon Pay report ${seeded.reportId} has no document yet (processingStatus IN_PROGRESS)`);
		expect(result.error?.description).toMatch(/Turn on "Wait for Completion"/);
	});

	it.each([
		['FAILED', /could not build it/],
		['CANCELLED', /cancels a report when the period has no data/],
	] as const)('without waiting, a report that ended %s says no document will come', async (status, why) => {
		const seeded = emulator.seedReport({ reportType: ORDER_REFERENCE, processingStatus: status });

		const result = await run({ resource: 'report', operation: 'get', reportId: seeded.reportId, downloadDocument: true });

		expect(result.status).toBe('error');
		expect(result.error?.message).toBe(`Amazon Pay report ${seeded.reportId} ended ${status}, so it has no document`);
		expect(result.error?.description).toMatch(why);
		expect(result.error?.description).not.toMatch(/Wait for Completion/);
	});
});
