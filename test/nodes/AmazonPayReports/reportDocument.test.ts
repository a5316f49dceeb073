import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { startEmulator, type Emulator, type SeedReportInput } from '../../emulator';
import { getBinaryBuffer, runWorkflow } from '../../runner';
import { emulatorCredentials } from '../../support/emulatorCredentials';
import {
	downloads,
	parseSettlement,
	parseTable,
	servedDocument,
	servedText,
} from '../../support/servedDocuments';
import { singleNodeWorkflow } from '../../support/workflows';

process.env.NO_PROXY = '127.0.0.1,localhost';

const ORDER_REFERENCE = '_GET_FLAT_FILE_OFFAMAZONPAYMENTS_ORDER_REFERENCE_DATA_';
const REFUND = '_GET_FLAT_FILE_OFFAMAZONPAYMENTS_REFUND_DATA_';
const SANDBOX_SETTLEMENT = '_GET_FLAT_FILE_OFFAMAZONPAYMENTS_SANDBOX_SETTLEMENT_DATA_';
const SETTLEMENT = '_GET_FLAT_FILE_OFFAMAZONPAYMENTS_SETTLEMENT_DATA_';
const MULTI_CURRENCY = '_GET_CSV_CUSTOM_OFFAMAZONPAYMENTS_MULTI_CURRENCY_PAYMENTS_DATA_';

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

const run = (parameters: IDataObject, options: Parameters<typeof singleNodeWorkflow>[1] = {}) =>
	runWorkflow(singleNodeWorkflow(parameters, options), {
		credentials: { amazonPayApi: emulatorCredentials(emulator) },
	});

/** A completed report, so one with a reportDocumentId. */
function seed(input: Partial<SeedReportInput> = {}) {
	const report = emulator.seedReport({
		reportType: ORDER_REFERENCE,
		processingStatus: 'COMPLETED',
		startTime: '20240801T000000Z',
		endTime: '20240802T000000Z',
		...input,
	});
	if (report.reportDocumentId === undefined) throw new Error('a completed report has a document');
	return { ...report, reportDocumentId: report.reportDocumentId };
}

const download = (reportDocumentId: string, documentOutput: string, options: IDataObject = {}) =>
	run({ resource: 'reportDocument', operation: 'download', reportDocumentId, documentOutput, options });

const jsonOf = (items: INodeExecutionData[]) => items.map((item) => item.json);

describe('Report Document: Get', () => {
	it('returns the document metadata with a download URL that serves the document', async () => {
		const report = seed({ documentRows: 5 });

		const result = await run({ resource: 'reportDocument', operation: 'get', reportDocumentId: report.reportDocumentId });

		expect(result.status).toBe('success');
		const [metadata] = jsonOf(result.outputs['Amazon Pay']);
		expect(metadata).toEqual({
			reportDocumentId: report.reportDocumentId,
			url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/__documents\/.+X-Amz-Signature=/),
			compressionAlgorithm: 'N/A',
		});
		const fetched = await fetch(String(metadata.url));
		expect(fetched.status).toBe(200);
		expect(parseTable(Buffer.from(await fetched.arrayBuffer()))).toHaveLength(5);
	});

	it("fails on an unknown reportDocumentId with Amazon's 404", async () => {
		const result = await run({ resource: 'reportDocument', operation: 'get', reportDocumentId: 'amzn1.tortuga.4.na.NOPE' });

		expect(result.status).toBe('error');
		expect(result.error?.httpCode).toBe('404');
		expect(result.error?.description).toContain('amzn1.tortuga.4.na.NOPE');
		expect(result.error?.description).toMatch(
			/Check the reportDocumentId: take it from a COMPLETED report \(Report > Get\)/,
		);
	});
});

describe('Report Document: Download', () => {
	it('as a binary file: text/csv, named after the report type, the bytes the emulator served', async () => {
		const report = seed({ documentRows: 40 });

		const result = await download(report.reportDocumentId, 'binary', { reportType: ORDER_REFERENCE });

		expect(result.status).toBe('success');
		const items = result.outputs['Amazon Pay'];
		expect(items).toHaveLength(1);
		const binary = items[0].binary?.data;
		expect(binary).toMatchObject({ mimeType: 'text/csv', fileName: 'amazon-pay-order-reference.csv' });
		const served = await servedDocument(emulator, report.reportId);
		expect((await getBinaryBuffer(items[0])).equals(served)).toBe(true);
		expect(items[0].json).toMatchObject({
			reportDocumentId: report.reportDocumentId,
			fileName: 'amazon-pay-order-reference.csv',
			bytes: served.length,
		});
	});

	it('names the file after the report type and date range when the report is known (Report > Get)', async () => {
		const report = seed({ reportType: REFUND, documentRows: 3 });

		const result = await run({
			resource: 'report',
			operation: 'get',
			reportId: report.reportId,
			downloadDocument: true,
			documentOutput: 'binary',
			options: { binaryPropertyName: 'refunds' },
		});

		expect(result.status).toBe('success');
		const [item] = result.outputs['Amazon Pay'];
		expect(item.binary?.refunds).toMatchObject({
			mimeType: 'text/csv',
			fileName: 'amazon-pay-refund-20240801-20240802.csv',
		});
		expect(item.json).toMatchObject({ reportId: report.reportId, reportType: REFUND });
		expect((await getBinaryBuffer(item, 'refunds')).equals(await servedDocument(emulator, report.reportId))).toBe(true);
	});

	it('without a known report type, names the file after the reportDocumentId', async () => {
		const report = seed({ documentRows: 2 });

		const result = await download(report.reportDocumentId, 'binary');

		expect(result.outputs['Amazon Pay'][0].binary?.data.fileName).toBe(
			`amazon-pay-report-document-${report.reportDocumentId.replace(/[^A-Za-z0-9._-]+/g, '_')}.csv`,
		);
	});

	it('as rows: one item per table row, equal to what csv-parse reads from the served bytes', async () => {
		const report = seed({ documentRows: 60 });

		const result = await download(report.reportDocumentId, 'rows', { reportType: ORDER_REFERENCE });

		expect(result.status).toBe('success');
		const expected = parseTable(await servedDocument(emulator, report.reportId));
		expect(expected).toHaveLength(60);
		expect(jsonOf(result.outputs['Amazon Pay'])).toEqual(expected);
		expect(result.outputs['Amazon Pay'].every((item) => item.binary === undefined)).toBe(true);
	});

	it('as both: the file first, then one item per row', async () => {
		const report = seed({ documentRows: 12 });

		const result = await download(report.reportDocumentId, 'both', { reportType: ORDER_REFERENCE });

		const [fileItem, ...rowItems] = result.outputs['Amazon Pay'];
		const served = await servedDocument(emulator, report.reportId);
		expect(fileItem.json).toMatchObject({ reportDocumentId: report.reportDocumentId, rowCount: 12, bytes: served.length });
		expect((await getBinaryBuffer(fileItem)).equals(served)).toBe(true);
		expect(jsonOf(rowItems)).toEqual(parseTable(served));
		expect(rowItems.every((item) => item.binary === undefined)).toBe(true);
	});

	describe.each([
		['declared as GZIP', false],
		['served as gzip while declared N/A', true],
	])('a gzip-compressed document %s', (_, undeclared) => {
		it.each(['binary', 'rows', 'both'])('is unpacked for %s output', async (documentOutput) => {
			const report = seed({
				documentRows: 30,
				documentCompression: 'GZIP',
				documentCompressionUndeclared: undeclared,
			});

			const result = await download(report.reportDocumentId, documentOutput, {
				reportType: ORDER_REFERENCE,
			});

			expect(result.status).toBe('success');
			const packed = await servedDocument(emulator, report.reportId);
			expect(packed.subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));
			const unpacked = await servedText(emulator, report.reportId);
			const items = result.outputs['Amazon Pay'];
			const rowItems = documentOutput === 'binary' ? [] : items.slice(documentOutput === 'both' ? 1 : 0);
			if (documentOutput !== 'rows') {
				expect(items[0].binary?.data.mimeType).toBe('text/csv');
				expect(items[0].json.bytes).toBe(unpacked.length);
				expect((await getBinaryBuffer(items[0])).equals(unpacked)).toBe(true);
			}
			if (documentOutput !== 'binary') {
				expect(jsonOf(rowItems)).toEqual(parseTable(unpacked));
				expect(rowItems).toHaveLength(30);
			}
		});
	});

	it.each([
		['plain', undefined],
		['gzip, undeclared', 'GZIP'],
	] as const)(
		'reads rows of a %s document whose first piece is a single byte',
		async (_, documentCompression) => {
			const report = seed({
				reportType: SETTLEMENT,
				documentRows: 200,
				documentCompression,
				documentCompressionUndeclared: documentCompression !== undefined,
			});
			emulator.addFault({ action: 'slow', afterBytes: 1, delayMs: 50 });

			const result = await download(report.reportDocumentId, 'rows', { reportType: SETTLEMENT });

			expect(result.status).toBe('success');
			const { facts, rows } = parseSettlement(await servedText(emulator, report.reportId));
			const [factsItem, ...rowItems] = result.outputs['Amazon Pay'];
			expect(factsItem.json).toEqual({ settlementFacts: facts });
			expect(jsonOf(rowItems)).toEqual(rows);
		},
	);

	it('fetches a fresh URL once when the first one has expired, and succeeds', async () => {
		const report = seed({ documentRows: 8 });
		emulator.addFault({ match: { path: '/__documents/*' }, action: 'expire', times: 1 });

		const result = await download(report.reportDocumentId, 'rows', { reportType: ORDER_REFERENCE });

		expect(result.status).toBe('success');
		expect(result.outputs['Amazon Pay']).toHaveLength(8);
		const calls = emulator.requests();
		expect(calls.map((call) => [call.kind ?? 'api', call.status])).toEqual([
			['api', 200],
			['document', 403],
			['api', 200],
			['document', 200],
		]);
		// The second download used the new URL, not the expired one again.
		expect(calls[3].path).not.toBe(calls[1].path);
	});

	it('fails naming the reportDocumentId when the fresh URL has expired too', async () => {
		const report = seed({ documentRows: 8 });
		emulator.addFault({ match: { path: '/__documents/*' }, action: 'expire', times: 2 });

		const result = await download(report.reportDocumentId, 'rows', { reportType: ORDER_REFERENCE });

		expect(result.status).toBe('error');
		expect(result.error?.message).toBe(
			`The report document could not be downloaded (403) for reportDocumentId ${report.reportDocumentId}`,
		);
		expect(result.error?.description).toMatch(/403.*AccessDenied: Request has expired/);
		expect(result.error?.description).toMatch(/expire about 30 seconds/);
		expect(downloads(emulator)).toHaveLength(2);
	});

	it.each(['binary', 'rows', 'both'])(
		'a download cut off twice fails clearly instead of handing on short data (%s)',
		async (documentOutput) => {
			const report = seed({ documentRows: 400 });
			emulator.addFault({ match: { path: '/__documents/*' }, action: 'truncate', afterBytes: 5000, times: 2 });

			const result = await download(report.reportDocumentId, documentOutput, { reportType: ORDER_REFERENCE });

			expect(result.status).toBe('error');
			expect(result.error?.message).toBe(`The download of report document ${report.reportDocumentId} was cut off twice`);
			expect(result.outputs['Amazon Pay'] ?? []).toEqual([]);
			expect(downloads(emulator).map((call) => call.dropped)).toEqual([true, true]);
		},
	);

	it('a connection to the download host dropped once is tried again with a fresh URL', async () => {
		const report = seed({ documentRows: 8 });
		emulator.addFault({ match: { path: '/__documents/*' }, action: 'drop', times: 1 });

		const result = await download(report.reportDocumentId, 'rows', { reportType: ORDER_REFERENCE });

		expect(result.status).toBe('success');
		const calls = emulator.requests();
		expect(jsonOf(result.outputs['Amazon Pay'])).toEqual(parseTable(await servedDocument(emulator, report.reportId)));
		expect(calls.map((call) => [call.kind ?? 'api', call.dropped ?? false])).toEqual([
			['api', false],
			['document', true],
			['api', false],
			['document', false],
		]);
		expect(calls[3].path).not.toBe(calls[1].path);
	});

	it('a connection to the download host dropped twice fails saying what happened', async () => {
		const report = seed({ documentRows: 8 });
		emulator.addFault({ match: { path: '/__documents/*' }, action: 'drop', times: 2 });

		const result = await download(report.reportDocumentId, 'binary', { reportType: ORDER_REFERENCE });

		expect(result.status).toBe('error');
		expect(result.error?.message).toBe('Could not reach the host that serves Amazon Pay report documents');
		expect(result.error?.description).toBe(
			'The connection dropped before an answer, also with a fresh download link. Check that the n8n server can reach the download host (proxy, firewall, DNS).',
		);
		expect(downloads(emulator).map((call) => call.dropped)).toEqual([true, true]);
	});

	it.each(['rows', 'both'])(
		'a whole document (every byte of its content-length) that ends inside quotes is read once, the open field taking the rest (%s)',
		async (documentOutput) => {
			const report = seed({ documentContent: 'a,b\n"1,2\n' });

			const result = await download(report.reportDocumentId, documentOutput, { reportType: ORDER_REFERENCE });

			expect(result.status).toBe('success');
			const items = result.outputs['Amazon Pay'];
			expect(jsonOf(items.slice(documentOutput === 'both' ? 1 : 0))).toEqual([{ a: '1,2\n', b: '' }]);
			expect(downloads(emulator)).toHaveLength(1);
		},
	);

	it('a document without a content-length that ends inside quotes may be cut short: fetched again, then refused', async () => {
		const report = seed({ documentContent: 'a,b\n"1,2\n' });
		emulator.addFault({ match: { path: '/__documents/*' }, action: 'unsized', times: 2 });

		const result = await download(report.reportDocumentId, 'rows', { reportType: ORDER_REFERENCE });

		expect(result.status).toBe('error');
		expect(result.error?.message).toBe(`The download of report document ${report.reportDocumentId} was cut off twice`);
		expect(downloads(emulator).map((call) => call.fault)).toEqual(['unsized', 'unsized']);
	});

	it('a document without a content-length that ends cleanly reads as usual', async () => {
		const report = seed({ documentRows: 20 });
		emulator.addFault({ match: { path: '/__documents/*' }, action: 'unsized', times: 1 });

		const result = await download(report.reportDocumentId, 'rows', { reportType: ORDER_REFERENCE });

		expect(result.status).toBe('success');
		expect(downloads(emulator)).toHaveLength(1);
		expect(jsonOf(result.outputs['Amazon Pay'])).toEqual(parseTable(await servedDocument(emulator, report.reportId)));
	});

	it('a download cut off once is fetched again and comes out whole', async () => {
		const report = seed({ documentRows: 400 });
		emulator.addFault({ match: { path: '/__documents/*' }, action: 'truncate', afterBytes: 5000, times: 1 });

		const result = await download(report.reportDocumentId, 'binary', { reportType: ORDER_REFERENCE });

		expect(result.status).toBe('success');
		const served = await servedDocument(emulator, report.reportId);
		expect((await getBinaryBuffer(result.outputs['Amazon Pay'][0])).equals(served)).toBe(true);
	});

	it.each([
		['a PDF', '%PDF-1.7\n%âãÏÓ\n1 0 obj\n<< /Type /Catalog >>\nendobj\n', /not a flat file: it looks like a PDF file/],
		['an HTML page', '<!DOCTYPE html><html><body>Sign in</body></html>', /not a flat file: it looks like an HTML page/],
		['JSON', '{"reasonCode":"ResourceNotFound","message":"gone"}', /not a flat file: it looks like JSON/],
	])('refuses %s in rows mode, saying what it looks like', async (_kind, documentContent, expected) => {
		const report = seed({ documentContent });

		const result = await download(report.reportDocumentId, 'rows', { reportType: ORDER_REFERENCE });

		expect(result.status).toBe('error');
		expect(result.error?.message).toMatch(expected);
		expect(result.error?.description).toMatch(/Expected comma-separated text/);
	});
});

describe('rows of each kind of report', () => {
	it('settlement facts as fields on every row, never overwriting a column', async () => {
		const report = seed({ reportType: SANDBOX_SETTLEMENT, documentRows: 25 });

		const result = await download(report.reportDocumentId, 'rows', {
			reportType: SANDBOX_SETTLEMENT,
			settlementFacts: 'eachRow',
		});

		const { facts, columns, rows } = parseSettlement(await servedDocument(emulator, report.reportId));
		expect(Object.keys(facts)).toEqual(
			expect.arrayContaining(['SellerId', 'SettlementStartDate', 'SettlementEndDate', 'TotalAmount']),
		);
		// A fact whose name the table already uses comes out as Settlement_<name>.
		const factFields = Object.fromEntries(
			Object.entries(facts).map(([name, value]) => [columns.includes(name) ? `Settlement_${name}` : name, value]),
		);
		expect(factFields).toHaveProperty('Settlement_SettlementId');
		expect(jsonOf(result.outputs['Amazon Pay'])).toEqual(rows.map((row) => ({ ...row, ...factFields })));
		expect(rows).toHaveLength(25);
	});

	it('settlement facts as a separate first item, rows as the table has them', async () => {
		const report = seed({ reportType: SANDBOX_SETTLEMENT, documentRows: 10 });

		const result = await download(report.reportDocumentId, 'rows', {
			reportType: SANDBOX_SETTLEMENT,
			settlementFacts: 'separateItem',
		});

		const { facts, rows } = parseSettlement(await servedDocument(emulator, report.reportId));
		expect(jsonOf(result.outputs['Amazon Pay'])).toEqual([{ settlementFacts: facts }, ...rows]);
	});

	it('settlement facts left out on request', async () => {
		const report = seed({ reportType: SANDBOX_SETTLEMENT, documentRows: 4 });

		const result = await download(report.reportDocumentId, 'rows', { reportType: SANDBOX_SETTLEMENT, settlementFacts: 'omit' });

		const { rows } = parseSettlement(await servedDocument(emulator, report.reportId));
		expect(jsonOf(result.outputs['Amazon Pay'])).toEqual(rows);
	});

	it('a live settlement report the trigger found reads the same way', async () => {
		const report = seed({ reportType: SETTLEMENT, environment: 'sandbox', documentRows: 6 });

		const result = await download(report.reportDocumentId, 'rows', { reportType: SETTLEMENT, settlementFacts: 'eachRow' });

		const { facts, rows } = parseSettlement(await servedDocument(emulator, report.reportId));
		const items = jsonOf(result.outputs['Amazon Pay']);
		expect(items).toHaveLength(rows.length);
		expect(items.every((item) => item.SellerId === facts.SellerId && item.TotalAmount === facts.TotalAmount)).toBe(true);
	});

	it.each([
		['without a Report Type', {}],
		['with the Report Type in lower case', { reportType: SANDBOX_SETTLEMENT.toLowerCase() }],
		['with a Report Type Amazon Pay does not list', { reportType: '_GET_FLAT_FILE_OFFAMAZONPAYMENTS_NEW_DATA_' }],
	])('a settlement report downloaded %s is recognised by its content', async (_, options) => {
		const report = seed({ reportType: SANDBOX_SETTLEMENT, documentRows: 12 });

		const result = await download(report.reportDocumentId, 'rows', options);

		expect(result.status).toBe('success');
		const { facts, rows } = parseSettlement(await servedDocument(emulator, report.reportId));
		expect(Object.keys(rows[0])[0]).toBe('TransactionPostedDate');
		expect(jsonOf(result.outputs['Amazon Pay'])).toEqual([{ settlementFacts: facts }, ...rows]);
	});

	it('a Report Type in lower case names the file as the listed type does', async () => {
		const report = seed({ reportType: SANDBOX_SETTLEMENT, documentRows: 3 });

		const result = await download(report.reportDocumentId, 'binary', {
			reportType: ` ${SANDBOX_SETTLEMENT.toLowerCase()} `,
		});

		expect(result.outputs['Amazon Pay'][0].binary?.data.fileName).toBe('amazon-pay-settlement-sandbox.csv');
		expect(result.outputs['Amazon Pay'][0].json.reportType).toBe(SANDBOX_SETTLEMENT);
	});

	it('a transaction report downloaded without a Report Type reads as before: first row the header', async () => {
		const report = seed({ reportType: ORDER_REFERENCE, documentRows: 30 });

		const result = await download(report.reportDocumentId, 'rows');

		expect(jsonOf(result.outputs['Amazon Pay'])).toEqual(parseTable(await servedDocument(emulator, report.reportId)));
	});

	it('a settlement-typed table whose rows only look like name/value pairs keeps every row', async () => {
		const report = seed({ documentContent: 'SettlementId,Note\n5044,Hello\nOther,World\n5046,x' });

		const result = await download(report.reportDocumentId, 'rows', { reportType: SETTLEMENT });

		// A settlement-typed document always reports its facts: here there are none.
		expect(jsonOf(result.outputs['Amazon Pay'])).toEqual([
			{ settlementFacts: {} },
			{ SettlementId: '5044', Note: 'Hello' },
			{ SettlementId: 'Other', Note: 'World' },
			{ SettlementId: '5046', Note: 'x' },
		]);
	});

	it.each([
		['order reference', ORDER_REFERENCE],
		['refund', REFUND],
		['billing agreement', '_GET_FLAT_FILE_OFFAMAZONPAYMENTS_BILLING_AGREEMENT_DATA_'],
		['authorization', '_GET_FLAT_FILE_OFFAMAZONPAYMENTS_AUTHORIZATION_DATA_'],
		['multi-currency', MULTI_CURRENCY],
	])('a %s file: rows equal csv-parse of the served bytes', async (_name, reportType) => {
		const report = seed({ reportType, documentRows: 150, documentSeed: 7 });

		const result = await download(report.reportDocumentId, 'rows', { reportType });

		const expected = parseTable(await servedDocument(emulator, report.reportId));
		expect(expected).toHaveLength(150);
		expect(jsonOf(result.outputs['Amazon Pay'])).toEqual(expected);
	});

	it('keeps quoted commas, quotes and line breaks inside fields', async () => {
		const documentContent =
			'"AmazonOrderReferenceId","SellerOrderId","SellerNote"\n' +
			'"S01-1","ORD-1, gift","He said ""thanks"""\n' +
			'"S01-2","ORD-2","two\nlines"\n';
		const report = seed({ documentContent });

		const result = await download(report.reportDocumentId, 'rows', { reportType: ORDER_REFERENCE });

		expect(jsonOf(result.outputs['Amazon Pay'])).toEqual([
			{ AmazonOrderReferenceId: 'S01-1', SellerOrderId: 'ORD-1, gift', SellerNote: 'He said "thanks"' },
			{ AmazonOrderReferenceId: 'S01-2', SellerOrderId: 'ORD-2', SellerNote: 'two\nlines' },
		]);
	});
});
