/** One report row keyed by its column names; every value is the text exactly as Amazon wrote it. */
export type FlatFileRow = Record<string, string>;

/**
 * Turns a header row into object keys that are unique and safe as property names: a repeated name
 * gets `_2`, `_3`, ...; an empty name becomes `_column_<position>`, and so does `__proto__`, which
 * a plain object would swallow.
 */
export function columnKeys(header: string[]): string[] {
	const taken = new Set<string>();
	return header.map((name, index) => {
		const base = name === '' || name === '__proto__' ? `_column_${index + 1}` : name;
		const key = uniqueKey(base, taken);
		taken.add(key);
		return key;
	});
}

export function uniqueKey(base: string, taken: { has(key: string): boolean }): string {
	if (!taken.has(base)) {
		return base;
	}
	let suffix = 2;
	while (taken.has(`${base}_${suffix}`)) {
		suffix++;
	}
	return `${base}_${suffix}`;
}

/**
 * Pairs a row with the header. A short row gets '' for the columns it lacks; a long row keeps its
 * extra values under `_extra_1`, `_extra_2`, ... so that nothing is dropped.
 */
export function rowToObject(keys: string[], row: string[]): FlatFileRow {
	const record: FlatFileRow = {};
	const columnCount = keys.length;
	for (let index = 0; index < columnCount; index++) {
		record[keys[index]] = index < row.length ? row[index] : '';
	}
	for (let index = columnCount; index < row.length; index++) {
		record[uniqueKey(`_extra_${index - columnCount + 1}`, keysOf(record))] = row[index];
	}
	return record;
}

/** The keys a record already holds, as uniqueKey asks for them (own keys only, not `toString`). */
export function keysOf(record: Record<string, string>): { has(key: string): boolean } {
	return { has: (key) => Object.prototype.hasOwnProperty.call(record, key) };
}
