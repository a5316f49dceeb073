import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

import { parse } from 'csv-parse/sync';
import fc from 'fast-check';

import { AmazonPayInputError } from '../../../../nodes/shared/errors';
import {
	columnKeys,
	createFlatFileReader,
	detectCompression,
	readFlatFile,
	type FlatFileRow,
} from '../../../../nodes/shared/flatFile';
import {
	expectedSettlementFacts,
	generateSettlementFile,
	settlementFileChunks,
} from '../../../fixtures/flatFiles/generate';

const SETTLEMENT = '_GET_FLAT_FILE_OFFAMAZONPAYMENTS_SETTLEMENT_DATA_';
const SANDBOX_SETTLEMENT = '_GET_FLAT_FILE_OFFAMAZONPAYMENTS_SANDBOX_SETTLEMENT_DATA_';
const ORDER_REFERENCE = '_GET_FLAT_FILE_OFFAMAZONPAYMENTS_ORDER_REFERENCE_DATA_';
const MULTI_CURRENCY = '_GET_CSV_CUSTOM_OFFAMAZONPAYMENTS_MULTI_CURRENCY_PAYMENTS_DATA_';

const FIXTURES = join(__dirname, '../../../fixtures/flatFiles');
const fixture = (name: string) => readFileSync(join(FIXTURES, name));

const SETTLEMENT_FACTS = {
	SellerId: 'A1XX111XXX111XXX',
	SettlementStartDate: '2015-05-18T14:37:01-0700',
	SettlementEndDate: '2015-05-21T14:37:03-0700',
	DepositDate: '2015-05-22T09:12:44-0700',
	TotalAmount: '53.39',
	CurrencyCode: 'USD',
};

const CAPTURE_ROW = {
	TransactionPostedDate: '2015-05-18T16:02:11-0700',
	SettlementId: '5044561311',
	AmazonTransactionId: 'P01-2400747-7777779-C084595',
	SellerReferenceId: 'CAP-1001',
	TransactionType: 'Capture',
	AmazonOrderReferenceId: 'P01-2400747-7777779',
	SellerOrderId: 'ORDER-1001',
	StoreName: 'Example Store',
	CurrencyCode: 'USD',
	TransactionAmount: '120.00',
	TotalTransactionFee: '-3.78',
	TransactionPercentageFee: '-3.48',
	TransactionFixedFee: '-0.30',
	NetTransactionAmount: '116.22',
	SellerNote: 'Gift wrap, please: "Happy birthday"\nLeave at the back door',
};

function catchError(action: () => unknown): AmazonPayInputError {
	try {
		action();
	} catch (error) {
		if (error instanceof AmazonPayInputError) {
			return error;
		}
		throw error;
	}
	throw new Error('expected an AmazonPayInputError');
}

describe('settlement report', () => {
	test('reads the table under its TransactionPostedDate header, facts apart', () => {
		const { facts, rows } = readFlatFile(fixture('settlement.csv'), SETTLEMENT);

		expect(facts).toEqual(SETTLEMENT_FACTS);
		expect(rows).toHaveLength(8);
		expect(rows.map((row) => row.TransactionType)).toEqual([
			'Authorization',
			'Capture',
			'Refund',
			'Debt',
			'A-to-z Guarantee Claim',
			'Chargeback',
			'Dispute',
			'Adjustment',
		]);
		expect(rows[1]).toEqual(CAPTURE_ROW);
		expect(rows[2]).toMatchObject({
			TransactionAmount: '-20.00',
			TotalTransactionFee: '0.58',
			NetTransactionAmount: '-19.42',
		});
		expect(rows[4].StoreName).toBe('Café Müller');
		expect(rows[5]).toMatchObject({
			TransactionFixedFee: '-20.00',
			NetTransactionAmount: '-62.50',
		});
		expect(rows[7]).toMatchObject({
			AmazonTransactionId: '',
			SellerNote: 'Reserve release, see case 12345',
		});
	});

	test('eachRow adds the facts after the columns, never over a column of the same name', () => {
		const { facts, rows } = readFlatFile(fixture('settlement.csv'), SANDBOX_SETTLEMENT, {
			settlementFacts: 'eachRow',
		});

		expect(facts).toEqual(SETTLEMENT_FACTS);
		expect(rows[1]).toEqual({
			...CAPTURE_ROW,
			SellerId: 'A1XX111XXX111XXX',
			SettlementStartDate: '2015-05-18T14:37:01-0700',
			SettlementEndDate: '2015-05-21T14:37:03-0700',
			DepositDate: '2015-05-22T09:12:44-0700',
			TotalAmount: '53.39',
			Settlement_CurrencyCode: 'USD',
		});
		expect(Object.keys(rows[1]).slice(-6)).toEqual([
			'SellerId',
			'SettlementStartDate',
			'SettlementEndDate',
			'DepositDate',
			'TotalAmount',
			'Settlement_CurrencyCode',
		]);
	});

	test('omit returns the table alone', () => {
		const content = readFlatFile(fixture('settlement.csv'), SETTLEMENT, {
			settlementFacts: 'omit',
		});

		expect(content).not.toHaveProperty('facts');
		expect(content.rows[1]).toEqual(CAPTURE_ROW);
	});

	test('the facts block may be name,value rows', () => {
		const text = [
			'"SellerId","A1XX111XXX111XXX"',
			'"SettlementStartDate","2015-05-18T14:37:01-0700"',
			'"TotalAmount","-12.30"',
			'',
			'"TransactionPostedDate","TransactionType","TransactionAmount"',
			'"2015-05-18T15:48:50-0700","Refund","-12.30"',
		].join('\n');

		expect(readFlatFile(text, SETTLEMENT)).toEqual({
			facts: {
				SellerId: 'A1XX111XXX111XXX',
				SettlementStartDate: '2015-05-18T14:37:01-0700',
				TotalAmount: '-12.30',
			},
			rows: [
				{
					TransactionPostedDate: '2015-05-18T15:48:50-0700',
					TransactionType: 'Refund',
					TransactionAmount: '-12.30',
				},
			],
		});
	});

	test('BOM, CRLF, blank lines and a ragged last line', () => {
		const text =
			'\ufeff"SellerId","TotalAmount","CurrencyCode"\r\n"A1XX111XXX111XXX","0.70","EUR"\r\n\r\n\r\n' +
			'"TransactionPostedDate","TransactionType","TransactionAmount","SellerNote"\r\n' +
			'"2015-05-18T15:48:50-0700","Capture","1.00","a\r\nb"\r\n' +
			'\r\n' +
			'"2015-05-19T15:48:50-0700","Debt","-0.30"';

		expect(readFlatFile(Buffer.from(text, 'utf8'), SETTLEMENT)).toEqual({
			facts: { SellerId: 'A1XX111XXX111XXX', TotalAmount: '0.70', CurrencyCode: 'EUR' },
			rows: [
				{
					TransactionPostedDate: '2015-05-18T15:48:50-0700',
					TransactionType: 'Capture',
					TransactionAmount: '1.00',
					SellerNote: 'a\r\nb',
				},
				{
					TransactionPostedDate: '2015-05-19T15:48:50-0700',
					TransactionType: 'Debt',
					TransactionAmount: '-0.30',
					SellerNote: '',
				},
			],
		});
	});

	test('a settlement without transactions has facts and no rows', () => {
		const text = '"SellerId","TotalAmount"\n"A1XX111XXX111XXX","0.00"\n';
		expect(readFlatFile(text, SETTLEMENT)).toEqual({
			facts: { SellerId: 'A1XX111XXX111XXX', TotalAmount: '0.00' },
			rows: [],
		});
	});

	test('a settlement-typed document without a facts block reads as a plain table', () => {
		const text =
			'"TransactionPostedDate","TransactionType"\n"2015-05-18T15:48:50-0700","Capture"\n';
		expect(readFlatFile(text, SETTLEMENT)).toEqual({
			facts: {},
			rows: [{ TransactionPostedDate: '2015-05-18T15:48:50-0700', TransactionType: 'Capture' }],
		});
	});

	test('read in pieces of 7 bytes, facts appear with the table header', () => {
		const bytes = fixture('settlement.csv');
		const reader = createFlatFileReader(SETTLEMENT);
		const rows: FlatFileRow[] = [];
		let factsBeforeHeader: unknown = 'not looked at';
		for (let start = 0; start < bytes.length; start += 7) {
			if (reader.columns === undefined) {
				factsBeforeHeader = reader.facts;
			}
			rows.push(...reader.write(bytes.subarray(start, start + 7)));
		}
		rows.push(...reader.end());

		expect(factsBeforeHeader).toBeUndefined();
		expect(reader.facts).toEqual(SETTLEMENT_FACTS);
		expect(reader.columns?.[0]).toBe('TransactionPostedDate');
		expect(rows).toEqual(readFlatFile(bytes, SETTLEMENT).rows);
		expect(reader.truncated).toBe(false);
	});

	test('a generated 20,000-row file read chunk by chunk equals the whole text read at once', () => {
		const options = { rows: 20_000, seed: 42 };
		const whole = readFlatFile(generateSettlementFile(options), SETTLEMENT, {
			settlementFacts: 'eachRow',
		});

		const reader = createFlatFileReader(SETTLEMENT, { settlementFacts: 'eachRow' });
		const rows: FlatFileRow[] = [];
		let chunks = 0;
		for (const chunk of settlementFileChunks(options)) {
			rows.push(...reader.write(chunk));
			chunks++;
		}
		rows.push(...reader.end());

		expect(chunks).toBeGreaterThan(20);
		expect(whole.rows).toHaveLength(20_000);
		expect(rows).toEqual(whole.rows);
		expect(reader.facts).toEqual(expectedSettlementFacts(options));
		expect(whole.facts).toEqual(expectedSettlementFacts(options));

		const totalCents = rows.reduce(
			(sum, row) => sum + Math.round(Number(row.NetTransactionAmount) * 100),
			0,
		);
		expect((totalCents / 100).toFixed(2)).toBe(whole.facts?.TotalAmount);
		expect(rows[19_999].SellerOrderId).toBe('ORDER-42-19999');
		expect(rows.filter((row) => row.SellerNote.includes('\n')).length).toBeGreaterThan(0);
	});
});

describe('a settlement report without its report type', () => {
	// As Amazon Pay's settlement file: one "name","value" row per fact, then the table.
	const PER_LINE_SETTLEMENT = [
		'"SellerId","A1XX111XXX111XXX"',
		'"SettlementId","5044561311"',
		'"SettlementStartDate","2015-05-18T14:37:01-0700"',
		'"TotalAmount","116.22"',
		'',
		'"TransactionPostedDate","SettlementId","TransactionType","NetTransactionAmount"',
		'"2015-05-18T16:02:11-0700","5044561311","Capture","116.22"',
		'',
	].join('\n');

	test.each([
		['no report type', ''],
		['a report type in lower case, with spaces', `  ${SETTLEMENT.toLowerCase()} `],
		['a report type Amazon Pay does not list', '_GET_FLAT_FILE_OFFAMAZONPAYMENTS_NEW_DATA_'],
	])('is recognised by its content with %s: facts apart, the real columns', (_name, reportType) => {
		expect(readFlatFile(fixture('settlement.csv'), reportType)).toEqual(
			readFlatFile(fixture('settlement.csv'), SETTLEMENT),
		);
		expect(readFlatFile(PER_LINE_SETTLEMENT, reportType)).toEqual({
			facts: {
				SellerId: 'A1XX111XXX111XXX',
				SettlementId: '5044561311',
				SettlementStartDate: '2015-05-18T14:37:01-0700',
				TotalAmount: '116.22',
			},
			rows: [
				{
					TransactionPostedDate: '2015-05-18T16:02:11-0700',
					SettlementId: '5044561311',
					TransactionType: 'Capture',
					NetTransactionAmount: '116.22',
				},
			],
		});
	});

	// Hand-made or re-saved files: a spreadsheet program pads rows with empty cells, people
	// write names with units or in their own language.
	test.each([
		[
			'a name with a unit in brackets',
			['SellerId,A2ZXBKC9EXAMPLE', 'Total Amount (USD),15.00'],
			{ SellerId: 'A2ZXBKC9EXAMPLE', 'Total Amount (USD)': '15.00' },
		],
		[
			'rows padded with empty cells, and a row of empty cells',
			['SellerId,A1B2,', 'SettlementId,123,', 'TotalAmount,10.00,', ',,'],
			{ SellerId: 'A1B2', SettlementId: '123', TotalAmount: '10.00' },
		],
		[
			'a name in another script',
			['SellerId,A2ZXBKC9EXAMPLE', 'Händler,Café Müller 1', 'TotalAmount,10.00', 'Währung,EUR'],
			{ SellerId: 'A2ZXBKC9EXAMPLE', Händler: 'Café Müller 1', TotalAmount: '10.00', Währung: 'EUR' },
		],
	])('one fact per row with %s: read as facts, with or without the type', (_name, factLines, facts) => {
		const document = [...factLines, '', 'TransactionPostedDate,SettlementId', '2015-05-18T16:02:11-0700,5044561311', ''].join('\n');
		const expected = { facts, rows: [{ TransactionPostedDate: '2015-05-18T16:02:11-0700', SettlementId: '5044561311' }] };

		expect(readFlatFile(document, SETTLEMENT)).toEqual(expected);
		expect(readFlatFile(document, '')).toEqual(expected);
	});

	test('a generated file read in pieces without a type equals the typed read', () => {
		const options = { rows: 3_000, seed: 7 };
		const reader = createFlatFileReader('', { settlementFacts: 'eachRow' });
		const rows: FlatFileRow[] = [];
		for (const chunk of settlementFileChunks(options)) {
			rows.push(...reader.write(chunk));
		}
		rows.push(...reader.end());

		const typed = readFlatFile(generateSettlementFile(options), SETTLEMENT, {
			settlementFacts: 'eachRow',
		});
		expect(reader.facts).toEqual(expectedSettlementFacts(options));
		expect(rows).toEqual(typed.rows);
	});

	test('report types match whatever their case, for every known type', () => {
		const text = fixture('orderReference.csv');
		expect(readFlatFile(text, ORDER_REFERENCE.toLowerCase())).toEqual(
			readFlatFile(text, ORDER_REFERENCE),
		);
		expect(readFlatFile(text, ` ${MULTI_CURRENCY.toLowerCase()}`)).toEqual(
			readFlatFile(text, MULTI_CURRENCY),
		);
		expect(readFlatFile(fixture('settlement.csv'), SANDBOX_SETTLEMENT.toLowerCase())).toEqual(
			readFlatFile(fixture('settlement.csv'), SANDBOX_SETTLEMENT),
		);
	});

	test.each([
		['a transaction report', 'orderReference.csv'],
		['a multi-currency report (TransactionPostedDate second)', 'multiCurrency.csv'],
	])('%s without a type reads as before: first row the header, no facts', (_name, file) => {
		expect(readFlatFile(fixture(file), '')).toEqual({
			rows: readFlatFile(fixture(file), ORDER_REFERENCE).rows,
		});
	});

	test('a table that opens with TransactionPostedDate is a plain table, without facts', () => {
		const text = '"TransactionPostedDate","TransactionType"\n"2015-05-18T15:48:50-0700","Capture"\n';
		expect(readFlatFile(text, '')).toEqual({
			rows: [{ TransactionPostedDate: '2015-05-18T15:48:50-0700', TransactionType: 'Capture' }],
		});
	});

	test('name/value-looking rows above a TransactionPostedDate row, without fact names, are a table', () => {
		const text = 'Name,Value\nColour,Blue\nTransactionPostedDate,2015-05-18\n';
		expect(readFlatFile(text, '')).toEqual({
			rows: [
				{ Name: 'Colour', Value: 'Blue' },
				{ Name: 'TransactionPostedDate', Value: '2015-05-18' },
			],
		});
	});

	test('facts alone (a settlement without transactions) need the type: without it, a table', () => {
		const text = '"SellerId","TotalAmount"\n"A1XX111XXX111XXX","0.00"\n';
		expect(readFlatFile(text, '')).toEqual({
			rows: [{ SellerId: 'A1XX111XXX111XXX', TotalAmount: '0.00' }],
		});
	});

	test('a plain table streams its rows from the third row on, not at the end', () => {
		const reader = createFlatFileReader('');
		const header = '"Id","Amount","Note"\n';
		const rows = [header, ...Array.from({ length: 40 }, (_, index) => `"${index}","1.00","n"\n`)];
		const early = reader.write(rows.join('').padEnd(600, '\n'));
		expect(early).toHaveLength(40);
		expect(reader.end()).toEqual([]);
	});

	// Documents without a TransactionPostedDate row at the start of a line: read without a type
	// exactly as csv-parse reads a table whose first line is its header.
	test('property: any table without a TransactionPostedDate row reads as csv-parse reads it', () => {
		const cell = fc.oneof(
			fc.constantFrom('SellerId', 'TotalAmount', 'Name', 'Value', 'a b', 'x-y', '', '5044', '1.00', 'é'),
			fc.string({ unit: fc.constantFrom('a', 'Z', '0', ' ', '-', ',', '"', '\n'), maxLength: 6 }),
		);
		const table = fc.array(fc.array(cell, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 8 });
		fc.assert(
			fc.property(table, (cells) => {
				const text = cells
					.map((row) => row.map((value) => `"${value.replace(/"/g, '""')}"`).join(','))
					.join('\n');
				const records = parse(text, { relax_column_count: true, skip_empty_lines: true }) as string[][];
				fc.pre(records.every((record) => record[0]?.trim().toLowerCase() !== 'transactionposteddate'));

				const [header, ...body] = records;
				const read = readFlatFile(text, '');
				expect(read.facts).toBeUndefined();
				expect(read.rows).toEqual(readFlatFile(text, ORDER_REFERENCE).rows);
				expect(read.rows).toHaveLength(body.length);
				const keys = columnKeys(header);
				expect(read.rows.map((row) => keys.map((key) => row[key]))).toEqual(
					body.map((record) => header.map((_, index) => record[index] ?? '')),
				);
			}),
			{ numRuns: 3_000 },
		);
	});
});

describe('a settlement-typed document that is not laid out as one', () => {
	test('rows that merely look like name/value pairs are a table, every row kept', () => {
		const text = 'SettlementId,Note\n5044,Hello\nOther,World\n5046,x';
		expect(readFlatFile(text, SETTLEMENT)).toEqual({
			facts: {},
			rows: [
				{ SettlementId: '5044', Note: 'Hello' },
				{ SettlementId: 'Other', Note: 'World' },
				{ SettlementId: '5046', Note: 'x' },
			],
		});
	});

	test.each([
		['names over values', 'Region,Channel\nNorth,Web\nSouth,Shop\nEast,App\n'],
		['one name,value row each', 'Colour,Blue\nSize,Large\nShape,Round\n'],
		['names over values using table columns only', 'SettlementId,CurrencyCode\n5044,USD\n'],
	])('%s without a fact of the facts block is a table', (_name, text) => {
		const [header, ...body] = parse(text) as string[][];
		expect(readFlatFile(text, SETTLEMENT)).toEqual({
			facts: {},
			rows: body.map((record) => Object.fromEntries(header.map((name, index) => [name, record[index]]))),
		});
	});
});

describe('transaction and multi-currency reports', () => {
	test('order reference report: header row, then rows', () => {
		const { facts, rows } = readFlatFile(fixture('orderReference.csv'), ORDER_REFERENCE);

		expect(facts).toBeUndefined();
		expect(rows).toHaveLength(3);
		expect(rows[1]).toEqual({
			AmazonOrderReferenceId: 'P01-8817344-1234567',
			SellerOrderId: 'ORDER-1002',
			OrderReferenceState: 'Open',
			ReasonCode: '',
			CreationTimestamp: '2015-05-19T10:01:00-0700',
			LastUpdateTimestamp: '2015-05-19T10:01:04-0700',
			ExpirationTimestamp: '2015-11-15T10:01:00-0700',
			OrderTotal: '5.00',
			CurrencyCode: 'USD',
			StoreName: 'Example Store',
			SellerNote: '',
			CustomInformation: '{"campaign":"spring, 2015"}',
			PlatformId: 'A2PLATFORM00001',
		});
		expect(rows[2]).toMatchObject({ OrderTotal: '1999.99', StoreName: '東京ストア' });
	});

	test('multi-currency report with a BOM, CRLF and no final line break', () => {
		const { rows } = readFlatFile(fixture('multiCurrency.csv'), MULTI_CURRENCY);

		expect(rows).toHaveLength(3);
		expect(Object.keys(rows[0])[0]).toBe('SettlementId');
		expect(rows[1]).toEqual({
			SettlementId: '4011223344',
			TransactionPostedDate: '2019-03-05T17:00:01-0800',
			AmazonTransactionId: 'S02-7654321-7654321-R000002',
			AmazonOrderReferenceId: 'S02-7654321-7654321',
			SellerOrderId: 'EU-6990',
			TransactionType: 'Refund',
			TransactionAmount: '-12.10',
			TransactionCurrencyCode: 'EUR',
			PresentmentAmount: '-1650',
			PresentmentCurrencyCode: 'JPY',
			ForeignExchangeRate: '0.007333',
			ForeignExchangeFee: '0.18',
		});
	});

	test('unquoted fields, duplicate and empty header names, short and long rows', () => {
		const text =
			'Amount,Amount,,Note,Amount_2\n1.10,2.20,x,n,y\n3.30\n4.40,5.50,,,,extra one,extra two\n';

		expect(readFlatFile(text, ORDER_REFERENCE).rows).toEqual([
			{ Amount: '1.10', Amount_2: '2.20', _column_3: 'x', Note: 'n', Amount_2_2: 'y' },
			{ Amount: '3.30', Amount_2: '', _column_3: '', Note: '', Amount_2_2: '' },
			{
				Amount: '4.40',
				Amount_2: '5.50',
				_column_3: '',
				Note: '',
				Amount_2_2: '',
				_extra_1: 'extra one',
				_extra_2: 'extra two',
			},
		]);
	});

	test('values are kept exactly: spaces, long decimals, leading zeros', () => {
		const text = '"Amount","Id"\n" -0.10 ","007"\n"12345678901234567890.123456789","0"\n';

		expect(readFlatFile(text, ORDER_REFERENCE).rows).toEqual([
			{ Amount: ' -0.10 ', Id: '007' },
			{ Amount: '12345678901234567890.123456789', Id: '0' },
		]);
	});

	test('a header called __proto__ does not swallow its values', () => {
		const { rows } = readFlatFile('__proto__,constructor\nA,B\n', ORDER_REFERENCE);
		expect(rows).toEqual([{ _column_1: 'A', constructor: 'B' }]);
		expect(Object.getPrototypeOf(rows[0])).toBe(Object.prototype);
	});

	test('a document cut short inside quotes keeps the rest and says so', () => {
		const reader = createFlatFileReader(ORDER_REFERENCE);
		const rows = [...reader.write('"Id","Note"\n"1","unfinished, note'), ...reader.end()];

		expect(rows).toEqual([{ Id: '1', Note: 'unfinished, note' }]);
		expect(reader.truncated).toBe(true);
	});
});

describe('documents that are not flat files', () => {
	test.each<[string, string | Buffer, string, string]>([
		[
			'an HTML page',
			'<!DOCTYPE html>\n<html><head><title>Error</title></head><body>Access denied</body></html>',
			'The report document is not a flat file: it looks like an HTML page and starts with "<!DOCTYPE html>\\n<html><head><title>Error…".',
			'download address expired',
		],
		[
			'an S3 error answer (XML), after a BOM and spaces',
			'\ufeff  <?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>AccessDenied</Code></Error>',
			'The report document is not a flat file: it looks like an XML error answer and starts with "  <?xml version=\\"1.0\\" encoding=\\"UTF-8\\"?>…".',
			'download address expired',
		],
		[
			'JSON',
			'{"reasonCode":"InvalidRequest","message":"bad"}',
			'The report document is not a flat file: it looks like JSON and starts with "{\\"reasonCode\\":\\"InvalidRequest\\",\\"message\\"…".',
			'reasonCode',
		],
		[
			'a PDF',
			Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.from([0x25, 0xe2, 0xe3, 0xcf, 0xd3, 0x0a])]),
			'The report document is not a flat file: it looks like a PDF file and starts with "%PDF-1.7\\n%????\\n".',
			'Report Document ID',
		],
		[
			'a ZIP archive',
			Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x00, 0x00, 0x08, 0x00]),
			'The report document is not a flat file: it looks like a ZIP archive and starts with bytes 50 4b 03 04 14 00 00 00 ….',
			'Report Document ID',
		],
		[
			'binary data with NUL bytes',
			Buffer.from([0x41, 0x00, 0x42, 0x00, 0x1b]),
			'The report document is not a flat file: it looks like binary data and starts with bytes 41 00 42 00 1b.',
			'Report Document ID',
		],
		[
			'gzip-compressed CSV',
			gzipSync(Buffer.from('"SellerId"\n"A1"\n')),
			'The report document is gzip-compressed (it starts with bytes 1f 8b 08 00 00 00 00 00 …) and must be decompressed before it is read as a flat file.',
			'gunzip',
		],
	])('%s', (_name, document, message, hintPart) => {
		const error = catchError(() => readFlatFile(document, SETTLEMENT));

		expect(error.field).toBe('Report Document');
		expect(error.message).toBe(message);
		expect(error.hint).toContain(hintPart);
	});

	test('the check happens even when the first chunk is tiny', () => {
		const reader = createFlatFileReader(ORDER_REFERENCE);
		expect(reader.write('<')).toEqual([]);
		expect(() => reader.end()).toThrow('it looks like an XML document');
	});

	test('a long HTML page is refused once 512 bytes have arrived, before the end', () => {
		const reader = createFlatFileReader(ORDER_REFERENCE);
		expect(reader.write('<html>')).toEqual([]);
		expect(() => reader.write('x'.repeat(600))).toThrow('it looks like an HTML page');
	});

	test('a CSV that starts with a bracket is still a CSV', () => {
		expect(readFlatFile('[Note],Id\n[a],1\n', ORDER_REFERENCE).rows).toEqual([
			{ '[Note]': '[a]', Id: '1' },
		]);
	});

	test('an empty document is zero rows, not an error', () => {
		expect(readFlatFile('', ORDER_REFERENCE)).toEqual({ rows: [] });
		expect(readFlatFile(Buffer.alloc(0), SETTLEMENT)).toEqual({ facts: {}, rows: [] });
		expect(readFlatFile('\ufeff\r\n', MULTI_CURRENCY)).toEqual({ rows: [] });
	});

	test('detectCompression tells gzip from plain text', () => {
		expect(detectCompression(gzipSync(Buffer.from('a')))).toBe('gzip');
		expect(detectCompression(Buffer.from('"SellerId"'))).toBe('none');
		expect(detectCompression(Buffer.from([0x1f]))).toBe('none');
		expect(detectCompression(new Uint8Array())).toBe('none');
	});
});
