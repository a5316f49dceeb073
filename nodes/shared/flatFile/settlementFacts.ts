import { keysOf, uniqueKey } from './columns';

/** The settlement report's header block: SellerId, SettlementStartDate, TotalAmount, ... */
export type SettlementFacts = Record<string, string>;

// "Settlement Report Details", Report Header table, plus the totals seen in real files.
const KNOWN_FACT_NAMES = new Set(
	[
		'SellerId',
		'SettlementId',
		'SettlementStartDate',
		'SettlementEndDate',
		'DepositDate',
		'TotalAmount',
		'CurrencyCode',
	].map((name) => name.toLowerCase()),
);

// The facts no transaction table has as a column (SettlementId and CurrencyCode are columns
// too): a block naming none of them is a table that only happens to look like name/value pairs.
const SETTLEMENT_ONLY_FACT_NAMES = new Set(
	['SellerId', 'SettlementStartDate', 'SettlementEndDate', 'DepositDate', 'TotalAmount'].map(
		(name) => name.toLowerCase(),
	),
);

/** The header row of the settlement's transaction table holds this column. */
export function isTransactionTableHeader(row: string[]): boolean {
	return row.some((cell) => cell.trim().toLowerCase() === 'transactionposteddate');
}

/** The header row of the transaction table, as Amazon writes it: TransactionPostedDate first. */
export function startsTransactionTable(row: string[]): boolean {
	return row[0]?.trim().toLowerCase() === 'transactionposteddate';
}

/**
 * Reads the block of rows above the transaction table. Two shapes are known: a row of names
 * above a row of values (possibly several such pairs), or one `name,value` row per fact.
 * `recognised` is true only when the block has one of these shapes and names at least one fact
 * that only a settlement's facts block has (SellerId, SettlementStartDate, TotalAmount, ...);
 * otherwise the facts still hold every cell.
 */
export function readSettlementFacts(rowsAsRead: string[][]): {
	facts: SettlementFacts;
	recognised: boolean;
} {
	if (rowsAsRead.length === 0) {
		return { facts: {}, recognised: true };
	}
	const rows = meaningfulRows(rowsAsRead);
	if (rows.length === 0) {
		return { facts: {}, recognised: false };
	}

	const pairs = fitsNamesOverValues(rows);
	const perLine = fitsOneFactPerRow(rows);
	if (perLine && (!pairs || isKnownFactName(rows[1][0]))) {
		return {
			facts: readOneFactPerRow(rows),
			recognised: rows.some((row) => isSettlementOnlyFactName(row[0])),
		};
	}
	return {
		facts: readNamesOverValues(rows),
		recognised:
			pairs &&
			rows.some((row, index) => index % 2 === 0 && row.some(isSettlementOnlyFactName)),
	};
}

/**
 * Whether rows read so far may still be the start of a facts block: each a `name,value` row, or
 * names rows alternating with values rows. A plain table fails this by its third row at the latest
 * (unless its rows are pairs of names and values themselves).
 */
export function couldBeFactsBlock(rowsAsRead: string[][]): boolean {
	const rows = meaningfulRows(rowsAsRead);
	return fitsOneFactPerRow(rows) || namesRowsFit(rows);
}

// A spreadsheet program pads every row to the widest one when it saves: trailing empty cells,
// and rows of nothing but empty cells, are no part of the facts.
function meaningfulRows(rows: string[][]): string[][] {
	return rows.map(withoutTrailingEmpty).filter((row) => row.length > 0);
}

function fitsNamesOverValues(rows: string[][]): boolean {
	return rows.length % 2 === 0 && namesRowsFit(rows);
}

function namesRowsFit(rows: string[][]): boolean {
	for (let index = 0; index < rows.length; index += 2) {
		const names = rows[index].filter((cell) => cell !== '');
		if (names.length === 0 || !names.every(isNameLike)) {
			return false;
		}
	}
	return true;
}

function fitsOneFactPerRow(rows: string[][]): boolean {
	return rows.every((row) => withoutTrailingEmpty(row).length <= 2 && isNameLike(row[0]));
}

function readOneFactPerRow(rows: string[][]): SettlementFacts {
	const facts: SettlementFacts = {};
	for (const row of rows) {
		facts[uniqueKey(row[0], keysOf(facts))] = row[1] ?? '';
	}
	return facts;
}

/** Pairs rows as names over values; a last row without a partner keeps its cells as `_extra_N`. */
function readNamesOverValues(rows: string[][]): SettlementFacts {
	const facts: SettlementFacts = {};
	let extra = 0;
	for (let index = 0; index < rows.length; index += 2) {
		const names = rows[index];
		const values = rows[index + 1];
		if (values === undefined) {
			for (const cell of names) {
				facts[uniqueKey(`_extra_${++extra}`, keysOf(facts))] = cell;
			}
			break;
		}
		const width = Math.max(names.length, values.length);
		for (let column = 0; column < width; column++) {
			const name = names[column];
			const base = name === undefined ? `_extra_${++extra}` : factKey(name, column);
			facts[uniqueKey(base, keysOf(facts))] = values[column] ?? '';
		}
	}
	return facts;
}

function factKey(name: string, column: number): string {
	return name === '' || name === '__proto__' ? `_column_${column + 1}` : name;
}

function isNameLike(cell: string | undefined): boolean {
	// Amazon's names are CamelCase words, hand-made ones words in any script, perhaps with a unit
	// in brackets ("Total Amount (USD)"); values (IDs, dates, amounts) carry digits.
	return cell !== undefined && /^\p{L}[\p{L}\p{M} _()/.&%#-]*$/u.test(cell.trim());
}

function isKnownFactName(cell: string | undefined): boolean {
	return cell !== undefined && KNOWN_FACT_NAMES.has(cell.trim().toLowerCase());
}

function isSettlementOnlyFactName(cell: string | undefined): boolean {
	return cell !== undefined && SETTLEMENT_ONLY_FACT_NAMES.has(cell.trim().toLowerCase());
}

function withoutTrailingEmpty(row: string[]): string[] {
	let end = row.length;
	while (end > 0 && row[end - 1] === '') {
		end--;
	}
	return row.slice(0, end);
}
