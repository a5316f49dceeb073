import { parse } from 'csv-parse/sync';
import { request } from 'undici';
import { gunzipSync } from 'node:zlib';

import { startEmulator, type Emulator } from './index';
import { callApi, control } from './testClient';

const SANDBOX_SETTLEMENT = '_GET_FLAT_FILE_OFFAMAZONPAYMENTS_SANDBOX_SETTLEMENT_DATA_';
const ORDER_REFERENCE = '_GET_FLAT_FILE_OFFAMAZONPAYMENTS_ORDER_REFERENCE_DATA_';
const MULTI_CURRENCY = '_GET_CSV_CUSTOM_OFFAMAZONPAYMENTS_MULTI_CURRENCY_PAYMENTS_DATA_';

// 2024-08-01T10:00:00Z, fixed so that URL dates and expiry are exact.
const START = Date.UTC(2024, 7, 1, 10, 0, 0);

let emulator: Emulator;

beforeAll(async () => {
	emulator = await startEmulator({ now: () => START, processingDelayMs: 0 });
});
afterAll(async () => emulator.close());
beforeEach(() => emulator.reset());

const getDocument = (reportDocumentId: string) =>
	callApi(emulator, { method: 'GET', path: `/v2/report-documents/${reportDocumentId}` });

async function download(url: string, headers?: Record<string, string>) {
	const response = await request(url, { headers });
	const bytes = Buffer.from(await response.body.arrayBuffer());
	return { status: response.statusCode, headers: response.headers, bytes, text: bytes.toString() };
}

async function documentUrl(input: Parameters<Emulator['seedReport']>[0]): Promise<string> {
	const report = emulator.seedReport(input);
	const answer = await getDocument(report.reportDocumentId!);
	expect(answer.status).toBe(200);
	return answer.body.url;
}

const readCsv = (text: string): string[][] =>
	parse(text, { relax_column_count: true, skip_empty_lines: true });

describe('Get Report Document', () => {
	it('names the host the client reached in the download link, as from a container', async () => {
		const report = emulator.seedReport({ reportType: SANDBOX_SETTLEMENT, documentContent: '"SellerId","A1"\n' });
		const host = `host.docker.internal:${emulator.port}`;

		const answer = await callApi(emulator, {
			method: 'GET',
			path: `/v2/report-documents/${report.reportDocumentId}`,
			afterSigning: { headers: { host } },
		});

		expect(answer.status).toBe(200);
		expect(answer.body.url).toMatch(new RegExp(`^http://${host}/__documents/`));
	});

	it('answers the metadata with a pre-signed URL that serves the content unsigned', async () => {
		const report = emulator.seedReport({
			reportType: SANDBOX_SETTLEMENT,
			documentContent: '"SellerId","A1"\n',
		});

		const answer = await getDocument(report.reportDocumentId!);
		expect(answer.status).toBe(200);
		expect(answer.body).toEqual({
			reportDocumentId: report.reportDocumentId,
			url: expect.stringMatching(
				new RegExp(
					`^${emulator.url}/__documents/[0-9a-f]{32}/${report.reportId}\\.csv\\?` +
						'X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Date=20240801T100000Z&X-Amz-Expires=30&' +
						'X-Amz-SignedHeaders=host&X-Amz-Signature=[0-9a-f]{64}$',
				),
			),
			compressionAlgorithm: 'N/A',
		});

		const file = await download(answer.body.url);
		expect(file.status).toBe(200);
		expect(file.headers['content-type']).toBe('text/csv');
		expect(file.headers['content-length']).toBe('16');
		expect(file.text).toBe('"SellerId","A1"\n');
		expect(emulator.requests().at(-1)).toMatchObject({ kind: 'document', status: 200 });
	});

	it('answers 404 ResourceNotFound for an unknown document and one still processing', async () => {
		const unknown = await getDocument('amzn1.tortuga.4.na.unknown');
		expect(unknown.status).toBe(404);
		expect(unknown.body.reasonCode).toBe('ResourceNotFound');

		const pending = emulator.seedReport({
			reportType: SANDBOX_SETTLEMENT,
			processingStatus: 'COMPLETED',
			processingDelayMs: 60_000,
			reportDocumentId: 'amzn1.tortuga.4.na.pending',
		});
		expect(pending.processingStatus).toBe('IN_PROGRESS');
		expect((await getDocument('amzn1.tortuga.4.na.pending')).status).toBe(404);
	});

	it('keeps the URL valid for 30 s of the emulator clock, then answers 403 as S3 does', async () => {
		const url = await documentUrl({ reportType: ORDER_REFERENCE });

		emulator.advanceClock(30_000);
		expect((await download(url)).status).toBe(200);

		emulator.advanceClock(1);
		const expired = await download(url);
		expect(expired.status).toBe(403);
		expect(expired.headers['content-type']).toBe('application/xml');
		expect(expired.text).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<Error>/);
		expect(expired.text).toContain(
			'<Code>AccessDenied</Code><Message>Request has expired</Message>',
		);
	});

	it('refuses a download that carries an Authorization header', async () => {
		const url = await documentUrl({ reportType: ORDER_REFERENCE });
		const signed = await download(url, {
			authorization: 'AMZN-PAY-RSASSA-PSS-V2 PublicKeyId=X, SignedHeaders=a, Signature=b',
		});

		expect(signed.status).toBe(400);
		expect(signed.headers['content-type']).toBe('application/xml');
		expect(signed.text).toContain('<Code>InvalidArgument</Code>');
		expect(signed.text).toContain('Only one auth mechanism allowed');
	});

	it('refuses a URL whose signature it did not issue', async () => {
		const url = await documentUrl({ reportType: ORDER_REFERENCE });
		const tampered = await download(url.replace(/X-Amz-Signature=[0-9a-f]{4}/, 'X-Amz-Signature=0000'));
		expect(tampered.status).toBe(403);
		expect(tampered.text).toContain('<Code>SignatureDoesNotMatch</Code>');
	});

	it('serves a GZIP document as bytes, and says so', async () => {
		const report = emulator.seedReport({
			reportType: SANDBOX_SETTLEMENT,
			documentContent: 'compressed content\n',
			documentCompression: 'GZIP',
		});
		const answer = await getDocument(report.reportDocumentId!);
		expect(answer.body.compressionAlgorithm).toBe('GZIP');

		const file = await download(answer.body.url);
		expect(file.headers['content-type']).toBe('application/octet-stream');
		expect(file.headers['content-encoding']).toBeUndefined();
		expect(Number(file.headers['content-length'])).toBe(file.bytes.length);
		expect(gunzipSync(file.bytes).toString()).toBe('compressed content\n');
	});

	it('gzips a generated file too', async () => {
		const plain = await download(
			await documentUrl({ reportType: ORDER_REFERENCE, documentRows: 50, documentSeed: 3 }),
		);
		const gzipped = await download(
			await documentUrl({
				reportType: ORDER_REFERENCE,
				documentRows: 50,
				documentSeed: 3,
				documentCompression: 'GZIP',
				startTime: START - 24 * 3600_000,
				endTime: START,
			}),
		);
		expect(gunzipSync(gzipped.bytes).toString()).toBe(plain.text);
	});
});

describe('generated documents', () => {
	it('writes a settlement file: facts block, blank line, then the transaction table', async () => {
		const file = await download(
			await documentUrl({ reportType: SANDBOX_SETTLEMENT, documentRows: 7, documentSeed: 42 }),
		);
		expect(Number(file.headers['content-length'])).toBe(Buffer.byteLength(file.text));

		const rows = readCsv(file.text);
		expect(rows[0]).toEqual(['SellerId', expect.stringMatching(/^A[A-Z0-9]{13}$/)]);
		const headerIndex = rows.findIndex((row) => row[0] === 'TransactionPostedDate');
		expect(headerIndex).toBe(9);
		expect(file.text).toContain('\n\n"TransactionPostedDate","SettlementId",');

		const facts = Object.fromEntries(rows.slice(0, headerIndex));
		const header = rows[headerIndex];
		const table = rows.slice(headerIndex + 1).map((row) =>
			Object.fromEntries(header.map((name, i) => [name, row[i]])),
		);
		expect(table).toHaveLength(7);
		expect(table.every((row) => row.SettlementId === facts.SettlementId)).toBe(true);
		expect(table[0].TransactionPostedDate).toMatch(/^2024-07-3\dT\d\d:\d\d:\d\d-0700$/);

		const cents = (text: string) => Math.round(Number(text) * 100);
		const net = table.reduce((sum, row) => sum + cents(row.NetTransactionAmount), 0);
		expect(cents(facts.TotalAmount)).toBe(net);
	});

	it('makes the same file from the same seed and period', async () => {
		const input = { reportType: SANDBOX_SETTLEMENT, documentRows: 30, documentSeed: 9 };
		const first = await download(await documentUrl(input));
		const second = await download(await documentUrl(input));
		expect(second.text).toBe(first.text);
	});

	it('writes transaction files with one header row, and uses the default row count', async () => {
		const file = await download(await documentUrl({ reportType: ORDER_REFERENCE }));
		const rows = readCsv(file.text);
		expect(rows[0][0]).toBe('AmazonOrderReferenceId');
		expect(rows).toHaveLength(1 + 20);
		// Every field of a flat file is quoted.
		expect(file.text.startsWith('"AmazonOrderReferenceId","SellerOrderId",')).toBe(true);

		emulator.setOptions({ defaultDocumentRows: 3 });
		const smaller = await download(await documentUrl({ reportType: ORDER_REFERENCE }));
		expect(readCsv(smaller.text)).toHaveLength(1 + 3);
	});

	it('writes the multi-currency report as a plain CSV', async () => {
		const file = await download(await documentUrl({ reportType: MULTI_CURRENCY, documentRows: 4 }));
		expect(file.text.startsWith('AmazonTransactionId,TransactionType,TransactionDate,')).toBe(true);
		expect(readCsv(file.text)).toHaveLength(5);
	});

	it('seeds through the control endpoint and hands out a URL by reportId', async () => {
		const seeded = await control(emulator, 'POST', 'reports', {
			reportType: SANDBOX_SETTLEMENT,
			documentContent: 'exact fixture',
		});
		const issued = await control(emulator, 'POST', 'document-url', {
			reportId: seeded.body.reportId,
		});
		expect(issued.status).toBe(200);
		expect((await download(issued.body.url)).text).toBe('exact fixture');
	});

	// EMULATOR_LARGE_DOCUMENT=1 runs the 200 MB case (about 10 s); the default run streams 20 MB.
	const largeBytes = process.env.EMULATOR_LARGE_DOCUMENT ? 200_000_000 : 20_000_000;
	it(`streams a ${largeBytes / 1e6} MB document while memory stays flat`, async () => {
		const report = emulator.seedReport({ reportType: SANDBOX_SETTLEMENT, documentBytes: largeBytes });
		const url = emulator.documentUrlFor(report.reportId);
		const rssBefore = process.memoryUsage().rss;

		const response = await request(url);
		let received = 0;
		let peakRss = rssBefore;
		for await (const chunk of response.body) {
			received += (chunk as Buffer).length;
			peakRss = Math.max(peakRss, process.memoryUsage().rss);
		}

		expect(response.statusCode).toBe(200);
		expect(received).toBe(Number(response.headers['content-length']));
		// documentBytes is a target: the file stops at the row that reaches it, give or take.
		expect(Math.abs(received - largeBytes)).toBeLessThan(1000);
		// A file held whole would cost its size at least twice over (text and bytes).
		const allowedGrowth = Math.min(100 * 1024 * 1024, 2.5 * largeBytes);
		expect(peakRss - rssBefore).toBeLessThan(allowedGrowth);
	});
});
