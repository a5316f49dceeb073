import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { startEmulator, type Emulator, type Report } from '../../emulator';
import { getBinaryBuffer, runWorkflow, type RunResult, type WorkflowJson } from '../../runner';
import { afterTimePasses } from '../../support/clock';
import { emulatorCredentials } from '../../support/emulatorCredentials';
import {
	apiCalls,
	downloads,
	parseSettlement,
	queryOf,
	servedDocument,
} from '../../support/servedDocuments';
import { TRIGGER_TYPE } from '../../support/workflows';

process.env.NO_PROXY = '127.0.0.1,localhost';

const SANDBOX_SETTLEMENT = '_GET_FLAT_FILE_OFFAMAZONPAYMENTS_SANDBOX_SETTLEMENT_DATA_';
const SETTLEMENT = '_GET_FLAT_FILE_OFFAMAZONPAYMENTS_SETTLEMENT_DATA_';
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

/** The trigger, then a No Operation node that receives what it emits. */
function workflowWithTrigger(parameters: IDataObject): WorkflowJson {
	return {
		name: 'settlement rows',
		nodes: [
			{
				id: 'a1f0c3d2-0000-4000-8000-000000000001',
				name: 'New Settlement',
				type: TRIGGER_TYPE,
				typeVersion: 1,
				position: [0, 0],
				parameters: { reportTypes: [SETTLEMENT, SANDBOX_SETTLEMENT], ...parameters },
				credentials: { amazonPayApi: { id: 'amazonPayEmulator', name: 'Amazon Pay (emulator)' } },
			},
			{
				id: 'a1f0c3d2-0000-4000-8000-000000000002',
				name: 'Received',
				type: 'n8n-nodes-base.noOp',
				typeVersion: 1,
				position: [220, 0],
				parameters: {},
			},
		],
		connections: { 'New Settlement': { main: [[{ node: 'Received', type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1' },
	};
}

/**
 * An active workflow's polls: static data goes from each successful poll to the next, as n8n
 * keeps it. The first poll only sets the starting point.
 */
async function activate(parameters: IDataObject) {
	const poll = poller(parameters);
	const first = await poll();
	expect(first.started).toBe(false);
	return poll;
}

/** Polls of an active workflow, the first of them included. */
function poller(parameters: IDataObject): () => Promise<RunResult> {
	let staticData: IDataObject = {};
	return async () => {
		const result = await runWorkflow(workflowWithTrigger(parameters), {
			mode: 'trigger',
			staticData,
			credentials: { amazonPayApi: emulatorCredentials(emulator) },
		});
		if (result.status === 'success') staticData = result.staticData;
		return result;
	};
}

/** A settlement report Amazon has just completed; listed once the clock has passed it. */
async function settle(input: { reportType?: string; documentRows?: number } = {}): Promise<Report> {
	const report = emulator.seedReport({
		reportType: input.reportType ?? SANDBOX_SETTLEMENT,
		processingStatus: 'COMPLETED',
		startTime: '20240801T000000Z',
		endTime: '20240815T000000Z',
		documentRows: input.documentRows ?? 12,
	});
	await new Promise((resolve) => setTimeout(resolve, 5));
	return report;
}

const received = (result: RunResult): INodeExecutionData[] => result.outputs.Received ?? [];

describe('Trigger: attach the document of a newly completed settlement report', () => {
	it('as a binary file: one item with the report and its CSV', async () => {
		const poll = await activate({ attachDocument: 'binary' });
		const report = await settle();

		const result = await poll();

		expect(result.status).toBe('success');
		const items = received(result);
		expect(items).toHaveLength(1);
		expect(items[0].json).toEqual({
			...report,
			fileName: 'amazon-pay-settlement-sandbox-20240801-20240815.csv',
			bytes: expect.any(Number),
		});
		expect(items[0].binary?.data).toMatchObject({
			mimeType: 'text/csv',
			fileName: 'amazon-pay-settlement-sandbox-20240801-20240815.csv',
		});
		const served = await servedDocument(emulator, report.reportId);
		expect((await getBinaryBuffer(items[0])).equals(served)).toBe(true);
		expect(items[0].json.bytes).toBe(served.length);
	});

	it('as rows: the settlement facts first, then each transaction row, all naming the report', async () => {
		const poll = await activate({ attachDocument: 'rows' });
		const report = await settle({ documentRows: 30 });

		const result = await poll();

		const { facts, rows } = parseSettlement(await servedDocument(emulator, report.reportId));
		expect(received(result).map((item) => item.json)).toEqual([
			{ reportId: report.reportId, settlementFacts: facts },
			...rows.map((row) => ({ reportId: report.reportId, ...row })),
		]);
		expect(received(result).every((item) => item.binary === undefined)).toBe(true);
	});

	it('as rows with the settlement facts on every row', async () => {
		const poll = await activate({ attachDocument: 'rows', options: { settlementFacts: 'eachRow' } });
		const report = await settle({ documentRows: 9 });

		const result = await poll();

		const { facts, columns, rows } = parseSettlement(await servedDocument(emulator, report.reportId));
		const factFields = Object.fromEntries(
			Object.entries(facts).map(([name, value]) => [columns.includes(name) ? `Settlement_${name}` : name, value]),
		);
		expect(received(result).map((item) => item.json)).toEqual(
			rows.map((row) => ({ reportId: report.reportId, ...row, ...factFields })),
		);
	});

	it('as both: per report, the file item then its rows; reports of other types are not emitted', async () => {
		const poll = await activate({ attachDocument: 'both', options: { settlementFacts: 'omit', binaryPropertyName: 'settlement' } });
		emulator.seedReport({ reportType: ORDER_REFERENCE, processingStatus: 'COMPLETED' });
		const older = await settle({ documentRows: 4 });
		const newer = await settle({ reportType: SETTLEMENT, documentRows: 6 });

		const result = await poll();

		const items = received(result);
		expect(items).toHaveLength(2 + 4 + 6);
		const fileItems = items.filter((item) => item.binary !== undefined);
		expect(fileItems.map((item) => item.json.reportId).sort()).toEqual([older.reportId, newer.reportId].sort());
		for (const report of [older, newer]) {
			const at = items.findIndex((item) => item.binary !== undefined && item.json.reportId === report.reportId);
			const served = await servedDocument(emulator, report.reportId);
			expect((await getBinaryBuffer(items[at], 'settlement')).equals(served)).toBe(true);
			const { rows } = parseSettlement(served);
			expect(items.slice(at + 1, at + 1 + rows.length).map((item) => item.json)).toEqual(
				rows.map((row) => ({ reportId: report.reportId, ...row })),
			);
		}
	});

	it('the next poll emits nothing again, and downloads nothing', async () => {
		const poll = await activate({ attachDocument: 'rows' });
		await settle();
		await poll();
		const downloadsAfterFirst = downloads(emulator).length;

		const again = await poll();

		expect(again.started).toBe(false);
		expect(downloads(emulator)).toHaveLength(downloadsAfterFirst);
	});

	it('a download that fails loses nothing: the next poll emits the report with its rows', async () => {
		const poll = await activate({ attachDocument: 'rows' });
		const report = await settle({ documentRows: 5 });
		emulator.addFault({ match: { path: '/__documents/*' }, action: 'expire', times: 2 });

		const failed = await poll();
		expect(failed.status).toBe('error');
		expect(failed.error?.message).toContain(report.reportDocumentId);

		const retried = await poll();
		expect(retried.status).toBe('success');
		expect(received(retried).filter((item) => item.json.settlementFacts === undefined)).toHaveLength(5);
		expect(received(retried).every((item) => item.json.reportId === report.reportId)).toBe(true);
	});

	it('a document that cannot be read holds up no other report, and fails the poll when alone', async () => {
		const poll = await activate({ attachDocument: 'binary' });
		const broken = emulator.seedReport({
			reportType: SANDBOX_SETTLEMENT,
			processingStatus: 'COMPLETED',
			documentContent: '<html><body>Service under maintenance</body></html>',
		});
		const good = await settle();

		const first = await poll();
		expect(first.status).toBe('success');
		expect(received(first).map((item) => item.json.reportId)).toEqual([good.reportId]);

		// Only the broken one is left: the poll says why, and the report stays for the next one.
		const second = await poll();
		expect(second.status).toBe('error');
		expect(second.error?.message).toContain('not a flat file');
		expect(second.error?.message).toContain(broken.reportId);
	});

	it('a report completed long ago whose download fails once is tried again at the next poll', async () => {
		const report = emulator.seedReport({
			reportType: SANDBOX_SETTLEMENT,
			processingStatus: 'COMPLETED',
			createdTime: Date.now() - 3 * 3600_000,
			documentRows: 4,
		});
		emulator.addFault({ match: { path: '/__documents/*' }, action: 'expire', times: 2 });
		const poll = poller({ attachDocument: 'rows', includeLastDays: 1 });

		const failed = await poll();
		expect(failed.status).toBe('error');

		const retried = await poll();
		expect(retried.status).toBe('success');
		const rows = received(retried).filter((item) => item.json.settlementFacts === undefined);
		expect(rows).toHaveLength(4);
		expect(rows.every((item) => item.json.reportId === report.reportId && !('documentError' in item.json))).toBe(true);
	});

	it('an hour after its document first failed, a report is handed on with the error', async () => {
		const poll = await activate({ attachDocument: 'rows' });
		const broken = emulator.seedReport({
			reportType: SANDBOX_SETTLEMENT,
			processingStatus: 'COMPLETED',
			documentContent: '{"error":"gone"}',
		});
		const good = await settle({ documentRows: 2 });

		// The good report goes on; the broken one's first failure is remembered with it.
		const first = await poll();
		expect(new Set(received(first).map((item) => item.json.reportId))).toEqual(new Set([good.reportId]));
		expect((await poll()).status).toBe('error');

		const late = await afterTimePasses(emulator, 61 * 60_000, poll);

		expect(late.status).toBe('success');
		expect(received(late).map((item) => item.json)).toEqual([
			{
				...broken,
				documentError: {
					message: expect.stringContaining('not a flat file'),
					description: expect.any(String),
				},
			},
		]);
		expect((await poll()).started).toBe(false);
	});

	it.each([
		['a transaction report without rows', ORDER_REFERENCE, {}],
		['a settlement without transactions, facts on every row', SANDBOX_SETTLEMENT, { settlementFacts: 'eachRow' }],
	])('%s still starts the workflow once, with the report', async (_name, reportType, options) => {
		const poll = await activate({ attachDocument: 'rows', reportTypes: [reportType], options });
		const report = emulator.seedReport({ reportType, processingStatus: 'COMPLETED', documentRows: 0 });
		await new Promise((resolve) => setTimeout(resolve, 5));

		const result = await poll();

		expect(received(result).map((item) => item.json)).toEqual([{ ...report, rowCount: 0 }]);
		expect((await poll()).started).toBe(false);
	});

	it('a poll over several pages keeps the type and status filters on every page', async () => {
		const poll = await activate({ attachDocument: 'none' });
		// Created after activation, a few sharing each millisecond; listed once the clock has passed them.
		const start = Date.now();
		for (let index = 0; index < 230; index++) {
			emulator.seedReport({ reportType: SANDBOX_SETTLEMENT, processingStatus: 'COMPLETED', createdTime: start + (index % 3) });
		}
		await new Promise((resolve) => setTimeout(resolve, 10));

		const result = await poll();

		expect(received(result)).toHaveLength(230);
		const [first, ...later] = apiCalls(emulator, '/v2/reports').map((call) => Object.fromEntries(queryOf(call))).slice(-3);
		expect(first).toMatchObject({ processingStatuses: 'COMPLETED,IN_PROGRESS', pageSize: '100' });
		expect(later).toEqual([
			{ nextToken: expect.any(String), reportTypes: first.reportTypes, processingStatuses: first.processingStatuses },
			{ nextToken: expect.any(String), reportTypes: first.reportTypes, processingStatuses: first.processingStatuses },
		]);
	});
});
