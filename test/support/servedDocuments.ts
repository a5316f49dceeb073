import { gunzipSync } from 'node:zlib';

import { parse } from 'csv-parse/sync';

import type { Emulator, RequestLogEntry } from '../emulator';

// What the emulator serves, read independently of the package: the bytes come from a fresh
// document URL, the rows from csv-parse. Tests compare the node's output with these.

/** The document bytes of a report exactly as its download URL serves them. */
export async function servedDocument(emulator: Emulator, reportId: string): Promise<Buffer> {
	const response = await fetch(emulator.documentUrlFor(reportId));
	if (!response.ok) throw new Error(`document of report ${reportId}: HTTP ${response.status}`);
	return Buffer.from(await response.arrayBuffer());
}

/** The same, unpacked when the emulator serves it gzip-compressed. */
export async function servedText(emulator: Emulator, reportId: string): Promise<Buffer> {
	const bytes = await servedDocument(emulator, reportId);
	return bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : bytes;
}

/** A table whose first line is the header: one object per line after it. */
export function parseTable(document: Buffer): Array<Record<string, string>> {
	return parse(document, { columns: true, skip_empty_lines: true }) as Array<Record<string, string>>;
}

/**
 * A settlement flat file: its facts block (one `"name","value"` line each), then the table
 * whose header starts with TransactionPostedDate.
 */
export function parseSettlement(document: Buffer): {
	facts: Record<string, string>;
	columns: string[];
	rows: Array<Record<string, string>>;
} {
	const records = parse(document, { relax_column_count: true, skip_empty_lines: true }) as string[][];
	const headerIndex = records.findIndex((record) => record[0] === 'TransactionPostedDate');
	if (headerIndex < 0) throw new Error('no TransactionPostedDate header in the settlement file');

	const facts = Object.fromEntries(records.slice(0, headerIndex).map(([name, value]) => [name, value]));
	const columns = records[headerIndex];
	const rows = records
		.slice(headerIndex + 1)
		.map((record) => Object.fromEntries(columns.map((column, index) => [column, record[index]])));
	return { facts, columns, rows };
}

/** The query of a logged request as name/value pairs, in the order sent. */
export function queryOf(entry: RequestLogEntry): Array<[string, string]> {
	return [...new URL(entry.path, 'http://emulator').searchParams.entries()];
}

export function apiCalls(emulator: Emulator, pathStart: string): RequestLogEntry[] {
	return emulator
		.requests()
		.filter((entry) => entry.kind !== 'document' && entry.path.split('?')[0].startsWith(pathStart));
}

export function downloads(emulator: Emulator): RequestLogEntry[] {
	return emulator.requests().filter((entry) => entry.kind === 'document');
}
