import { parse } from 'csv-parse/sync';

import { REPORT_TYPES } from './constants';
import { flatFileChunks, planFlatFile, type FlatFileRequest } from './documents/flatFiles';

const WEEK = {
	startTime: Date.UTC(2024, 6, 25, 7),
	endTime: Date.UTC(2024, 7, 1, 7),
};

function makeFile(request: FlatFileRequest): { text: string; size: number; rows: number } {
	const plan = planFlatFile(request);
	const text = Buffer.concat([...flatFileChunks(request, plan)]).toString('utf8');
	return { text, size: plan.size, rows: plan.rows };
}

describe('generated flat files', () => {
	it.each(REPORT_TYPES)('%s: the plan gives the exact size of what is streamed', (reportType) => {
		const file = makeFile({ reportType, environment: 'live', seed: 5, rows: 300, ...WEEK });
		expect(Buffer.byteLength(file.text)).toBe(file.size);
		expect(file.rows).toBe(300);

		const records: string[][] = parse(file.text, {
			relax_column_count: true,
			skip_empty_lines: true,
		});
		const headerIndex = records.findIndex((row) => row.length > 2);
		expect(records.length - headerIndex - 1).toBe(300);
		const width = records[headerIndex].length;
		expect(records.slice(headerIndex).every((row) => row.length === width)).toBe(true);
	});

	it('holds fields with commas, quotes and line breaks, quoted as a flat file quotes them', () => {
		const { text } = makeFile({
			reportType: '_GET_FLAT_FILE_OFFAMAZONPAYMENTS_SETTLEMENT_DATA_',
			environment: 'live',
			seed: 11,
			rows: 400,
			...WEEK,
		});
		expect(text).toContain('"Müller & Söhne, Berlin"');
		expect(text).toContain('"The ""Good"" Shop"');
		expect(text).toContain('"Chargeback reviewed\nsee case notes"');
		expect(text).toMatch(/"ORD-\d{6}, gift"/);
		expect(text).toMatch(/"P01-\d{7}-\d{7}"/);

	});

	it('stops a byte-sized file at about its target', () => {
		const file = makeFile({
			reportType: '_GET_FLAT_FILE_OFFAMAZONPAYMENTS_REFUND_DATA_',
			environment: 'sandbox',
			seed: 1,
			bytes: 50_000,
			...WEEK,
		});
		expect(Math.abs(file.size - 50_000)).toBeLessThan(500);
		expect(Buffer.byteLength(file.text)).toBe(file.size);
	});

	it('changes with the seed', () => {
		const request = {
			reportType: '_GET_FLAT_FILE_OFFAMAZONPAYMENTS_AUTHORIZATION_DATA_',
			environment: 'sandbox' as const,
			rows: 10,
			...WEEK,
		};
		expect(makeFile({ ...request, seed: 1 }).text).not.toBe(makeFile({ ...request, seed: 2 }).text);
		expect(makeFile({ ...request, seed: 1 }).text).toBe(makeFile({ ...request, seed: 1 }).text);
	});
});
