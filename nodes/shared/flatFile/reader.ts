import { findReportType, SETTLEMENT_REPORT_TYPES } from '../reportTypes';
import { columnKeys, keysOf, rowToObject, uniqueKey, type FlatFileRow } from './columns';
import { assertFlatFileDocument, FIRST_BYTES_NEEDED } from './documentCheck';
import {
	couldBeFactsBlock,
	isTransactionTableHeader,
	readSettlementFacts,
	startsTransactionTable,
	type SettlementFacts,
} from './settlementFacts';
import { CsvTokenizer } from './tokenizer';

/**
 * Where a settlement report's facts (SellerId, SettlementStartDate, TotalAmount, ...) go:
 * - `eachRow`: added to every transaction row after its own columns. A fact never overwrites a
 *   column: one whose name the table already uses (CurrencyCode, SettlementId) is added as
 *   `Settlement_<name>` instead.
 * - `separateItem`: rows stay as the table has them; the facts are returned once, apart.
 * - `omit`: the facts are read past and not returned.
 */
export type SettlementFactsPlacement = 'eachRow' | 'separateItem' | 'omit';

export interface FlatFileReaderOptions {
	/** `separateItem` by default. Ignored for documents other than settlement reports. */
	settlementFacts?: SettlementFactsPlacement;
	/** One character; `,` by default. */
	delimiter?: string;
	/** Decoding for Buffer chunks, as TextDecoder names it; `utf-8` by default. */
	encoding?: string;
}

export interface FlatFileReader {
	/** Reads one more piece of the document; returns the rows it completed. */
	write(chunk: string | Uint8Array): FlatFileRow[];
	/** Ends the document; returns the rows still open. */
	end(): FlatFileRow[];
	/**
	 * The settlement facts once the transaction table starts (or at the end); undefined for other
	 * reports and with `settlementFacts: 'omit'`.
	 */
	readonly facts: SettlementFacts | undefined;
	/** The column keys of the table, once its header row has been read. */
	readonly columns: string[] | undefined;
	/** True when the document ended inside a quoted field (it was probably cut short). */
	readonly truncated: boolean;
}

export interface FlatFileContent {
	/** Set for settlement reports unless `settlementFacts` is `omit`. */
	facts?: SettlementFacts;
	rows: FlatFileRow[];
}

// A settlement's facts block is a handful of rows; a document with more rows than this before the
// transaction header is not laid out that way and is read as a plain table instead.
const MOST_ROWS_BEFORE_TABLE = 100;

/**
 * How a document is laid out: `settlement` (facts, then the transaction table), `table` (the
 * first row is the header), or `detect` when the report type is not given or not known: then the
 * content decides (a facts block with Amazon's fact names, then a TransactionPostedDate header).
 */
type Layout = 'settlement' | 'table' | 'detect';

function layoutOf(reportType: string): Layout {
	// Matched as Amazon writes types (trimmed, upper case), so `_get_flat_file_..._` still counts.
	const known = findReportType(reportType);
	if (known === undefined) return 'detect';
	return SETTLEMENT_REPORT_TYPES.includes(known.value) ? 'settlement' : 'table';
}

/**
 * Reads an Amazon Pay flat-file report chunk by chunk, without holding the whole text. Without a
 * known report type, a settlement report is recognised from its content.
 */
export function createFlatFileReader(
	reportType: string,
	options: FlatFileReaderOptions = {},
): FlatFileReader {
	return new StreamingFlatFileReader(layoutOf(reportType), options);
}

/** Reads a whole report document: settlement, transaction or multi-currency. */
export function readFlatFile(
	document: string | Uint8Array,
	reportType: string,
	options: FlatFileReaderOptions = {},
): FlatFileContent {
	const reader = createFlatFileReader(reportType, options);
	const rows = reader.write(document);
	for (const row of reader.end()) {
		rows.push(row);
	}
	return reader.facts === undefined ? { rows } : { facts: reader.facts, rows };
}

class StreamingFlatFileReader implements FlatFileReader {
	private readonly tokenizer: CsvTokenizer;
	private readonly placement: SettlementFactsPlacement;

	/** Chunks held back until the first bytes show the document is text. */
	private firstChunks: Array<string | Uint8Array> | undefined = [];
	private firstChunksSize = 0;

	private readonly layout: Layout;
	/** Rows above the settlement's transaction header, kept until that header appears. */
	private rowsBeforeTable: string[][] | undefined;
	private keys: string[] | undefined;
	private settlementFacts: SettlementFacts | undefined;
	/** The facts as [key, value] pairs to add to each row, for `eachRow`. */
	private factsForRows: Array<[string, string]> = [];

	constructor(layout: Layout, options: FlatFileReaderOptions) {
		this.tokenizer = new CsvTokenizer({ delimiter: options.delimiter, encoding: options.encoding });
		this.placement = options.settlementFacts ?? 'separateItem';
		this.layout = layout;
		this.rowsBeforeTable = layout === 'table' ? undefined : [];
	}

	get facts(): SettlementFacts | undefined {
		return this.placement === 'omit' ? undefined : this.settlementFacts;
	}

	get columns(): string[] | undefined {
		return this.keys;
	}

	get truncated(): boolean {
		return this.tokenizer.unterminatedQuote;
	}

	write(chunk: string | Uint8Array): FlatFileRow[] {
		if (this.firstChunks === undefined) {
			return this.readRows(this.tokenizer.write(chunk));
		}
		this.firstChunks.push(chunk);
		this.firstChunksSize += chunk.length;
		return this.firstChunksSize < FIRST_BYTES_NEEDED ? [] : this.releaseFirstChunks();
	}

	end(): FlatFileRow[] {
		const rows = this.firstChunks === undefined ? [] : this.releaseFirstChunks();
		for (const row of this.readRows(this.tokenizer.end())) {
			rows.push(row);
		}

		if (this.rowsBeforeTable !== undefined) {
			// No transaction header came: a settlement without transactions, or another layout.
			// Only a settlement-typed document may be facts alone; the facts must name Amazon's.
			// Limitation: a settlement-typed table of one header row and one data row, without a
			// TransactionPostedDate column but with a column such as SellerId or TotalAmount,
			// looks like a facts block and comes back as facts.
			const { facts, recognised } = readSettlementFacts(this.rowsBeforeTable);
			if (recognised && this.layout === 'settlement') {
				this.settlementFacts = facts;
				this.rowsBeforeTable = undefined;
			} else {
				for (const row of this.readAsPlainTable()) {
					rows.push(row);
				}
			}
		}
		return rows;
	}

	private releaseFirstChunks(): FlatFileRow[] {
		const chunks = this.firstChunks ?? [];
		this.firstChunks = undefined;
		assertFlatFileDocument(firstBytesOf(chunks));

		const rows: FlatFileRow[] = [];
		for (const chunk of chunks) {
			for (const row of this.readRows(this.tokenizer.write(chunk))) {
				rows.push(row);
			}
		}
		return rows;
	}

	private readRows(cells: string[][]): FlatFileRow[] {
		const rows: FlatFileRow[] = [];
		let index = 0;

		if (this.rowsBeforeTable !== undefined) {
			for (; index < cells.length && this.rowsBeforeTable !== undefined; index++) {
				this.readRowBeforeTable(cells[index], rows);
			}
		}

		for (; index < cells.length; index++) {
			if (this.keys === undefined) {
				this.keys = columnKeys(cells[index]);
				continue;
			}
			rows.push(this.toRow(cells[index]));
		}
		return rows;
	}

	private readRowBeforeTable(cells: string[], rows: FlatFileRow[]): void {
		const rowsBeforeTable = this.rowsBeforeTable ?? [];
		const isHeader =
			this.layout === 'settlement'
				? isTransactionTableHeader(cells)
				: startsTransactionTable(cells);
		if (isHeader) {
			const { facts, recognised } = readSettlementFacts(rowsBeforeTable);
			// A settlement-typed document's rows above the table are its facts, whatever they
			// hold; without the type, only a block that reads as Amazon's facts makes it one.
			if (this.layout === 'settlement' || (recognised && rowsBeforeTable.length > 0)) {
				this.rowsBeforeTable = undefined;
				this.settlementFacts = facts;
				this.useHeader(cells);
				return;
			}
			rowsBeforeTable.push(cells);
			for (const row of this.readAsPlainTable()) {
				rows.push(row);
			}
			return;
		}

		rowsBeforeTable.push(cells);
		const stillPossible =
			rowsBeforeTable.length <= MOST_ROWS_BEFORE_TABLE &&
			(this.layout === 'settlement' || couldBeFactsBlock(rowsBeforeTable));
		if (!stillPossible) {
			for (const row of this.readAsPlainTable()) {
				rows.push(row);
			}
		}
	}

	/**
	 * For a document without the settlement layout: first row as the header. A settlement-typed
	 * one still reports its (empty) facts.
	 */
	private readAsPlainTable(): FlatFileRow[] {
		if (this.layout === 'settlement') {
			this.settlementFacts = {};
		}
		const [header, ...body] = this.rowsBeforeTable ?? [];
		this.rowsBeforeTable = undefined;
		if (header === undefined) {
			return [];
		}
		this.useHeader(header);
		return body.map((cells) => this.toRow(cells));
	}

	private useHeader(header: string[]): void {
		const keys = columnKeys(header);
		this.keys = keys;
		if (this.placement !== 'eachRow' || this.settlementFacts === undefined) {
			return;
		}
		const taken = new Set(keys);
		this.factsForRows = Object.entries(this.settlementFacts).map(([name, value]) => {
			const key = uniqueKey(taken.has(name) ? `Settlement_${name}` : name, taken);
			taken.add(key);
			return [key, value];
		});
	}

	private toRow(cells: string[]): FlatFileRow {
		const row = rowToObject(this.keys ?? [], cells);
		if (this.factsForRows.length > 0) {
			// A long row's `_extra_N` keys are the only ones a fact could still meet.
			const taken = keysOf(row);
			for (const [key, value] of this.factsForRows) {
				row[uniqueKey(key, taken)] = value;
			}
		}
		return row;
	}
}

function firstBytesOf(chunks: Array<string | Uint8Array>): Uint8Array {
	const parts: Uint8Array[] = [];
	let size = 0;
	for (const chunk of chunks) {
		if (size >= FIRST_BYTES_NEEDED) {
			break;
		}
		const part =
			typeof chunk === 'string'
				? Buffer.from(chunk.slice(0, FIRST_BYTES_NEEDED), 'utf8')
				: chunk.subarray(0, FIRST_BYTES_NEEDED);
		parts.push(part);
		size += part.length;
	}
	return Buffer.concat(parts);
}
