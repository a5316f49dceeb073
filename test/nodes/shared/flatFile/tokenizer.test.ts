import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { parse } from 'csv-parse/sync';
import fc from 'fast-check';

import { CsvTokenizer, parseCsv } from '../../../../nodes/shared/flatFile/tokenizer';
import { generateSettlementFile } from '../../../fixtures/flatFiles/generate';

const FIXTURES = join(__dirname, '../../../fixtures/flatFiles');

// The csv-parse options that match the tokenizer's documented rules (see tokenizer.ts). csv-parse
// guesses one record delimiter from the first line unless given the list.
const CSV_PARSE_OPTIONS = {
	bom: true,
	relax_quotes: true,
	relax_column_count: true,
	skip_empty_lines: true,
	record_delimiter: ['\r\n', '\n', '\r'],
};

function csvParse(text: string, delimiter = ','): string[][] {
	return parse(text, { ...CSV_PARSE_OPTIONS, delimiter }) as string[][];
}

/** Feeds pieces one after another, as a download would, and collects every row. */
function tokenizeInPieces(pieces: Array<string | Uint8Array>, delimiter = ','): string[][] {
	const tokenizer = new CsvTokenizer({ delimiter });
	const rows: string[][] = [];
	for (const piece of pieces) {
		rows.push(...tokenizer.write(piece));
	}
	rows.push(...tokenizer.end());
	return rows;
}

function splitAt<T extends { slice(start: number, end?: number): T; length: number }>(
	whole: T,
	cuts: number[],
): T[] {
	const positions = [...new Set(cuts.map((cut) => cut % (whole.length + 1)))].sort((a, b) => a - b);
	const pieces: T[] = [];
	let start = 0;
	for (const position of positions) {
		pieces.push(whole.slice(start, position));
		start = position;
	}
	pieces.push(whole.slice(start));
	return pieces;
}

describe('parseCsv: edge cases, each as csv-parse reads it', () => {
	test.each<[string, string, string[][]]>([
		[
			'quoted comma, doubled quote, LF inside quotes',
			'"a,b","c""d","e\nf"\n',
			[['a,b', 'c"d', 'e\nf']],
		],
		['CRLF and CR inside quotes', '"x\r\ny","z\rw"', [['x\r\ny', 'z\rw']]],
		['byte-order mark at the start', '\ufeffSellerId,TotalAmount\n', [['SellerId', 'TotalAmount']]],
		['a second byte-order mark is data', '\ufeff\ufeffa', [['\ufeffa']]],
		['byte-order mark after the start is data', 'a\n\ufeffb', [['a'], ['\ufeffb']]],
		['CRLF, LF and lone CR row ends, mixed', 'a\r\nb\nc\rd', [['a'], ['b'], ['c'], ['d']]],
		['blank lines skipped', '\n\na,b\r\n\r\n\rc\n\n', [['a', 'b'], ['c']]],
		['a line of spaces is a row', ' \n', [[' ']]],
		['a line holding "" is a row', '""\n', [['']]],
		['a lone delimiter is two empty fields', ',\n', [['', '']]],
		['trailing delimiter at the end of input', 'a,b,', [['a', 'b', '']]],
		[
			'no final line break',
			'a,b\nc,d',
			[
				['a', 'b'],
				['c', 'd'],
			],
		],
		['short last row', 'a,b,c\nd', [['a', 'b', 'c'], ['d']]],
		['closing quote then CR at the end', 'a,"b"\r', [['a', 'b']]],
		['quote inside an unquoted field is kept', 'ab"c"d,e', [['ab"c"d', 'e']]],
		['space before a quote makes it unquoted', ' "a",b', [[' "a"', 'b']]],
		['text after a closing quote keeps both quotes', '"ab"c,d', [['"ab"c', 'd']]],
		['... with the content unescaped', '"a""b"x,c', [['"a"b"x', 'c']]],
		['... and the rest read as unquoted text', '"a"x"y,z",w', [['"a"x"y', 'z"', 'w']]],
		['spaces after a closing quote', '"a"  ,b', [['"a"  ', 'b']]],
		['four quotes are one quote', '"""",a', [['"', 'a']]],
		['empty quoted field in the middle', 'a,"",c', [['a', '', 'c']]],
		['multi-byte text', '"Café Müller","東京ストア","😀"', [['Café Müller', '東京ストア', '😀']]],
	])('%s', (_name, input, expected) => {
		expect(parseCsv(input)).toEqual(expected);
		expect(csvParse(input)).toEqual(expected);
	});

	test('an empty document has no rows', () => {
		expect(parseCsv('')).toEqual([]);
		expect(parseCsv('\ufeff')).toEqual([]);
		expect(parseCsv('\r\n\n\r')).toEqual([]);
	});

	test('tab as the delimiter', () => {
		expect(parseCsv('a\tb,c\t"d\te"\n', { delimiter: '\t' })).toEqual([['a', 'b,c', 'd\te']]);
	});

	test('refuses a delimiter that cannot separate fields', () => {
		expect(() => new CsvTokenizer({ delimiter: '"' })).toThrow('cannot separate CSV fields');
		expect(() => new CsvTokenizer({ delimiter: ';;' })).toThrow('cannot separate CSV fields');
	});
});

describe('an unterminated quote at the end of the input', () => {
	// csv-parse throws CSV_QUOTE_NOT_CLOSED here; the tokenizer keeps the text instead.
	test.each<[string, string[][]]>([
		['a,"bc\nd', [['a', 'bc\nd']]],
		['"ab""c', [['ab"c']]],
		['x\n"', [['x'], ['']]],
		['"abc""', [['abc"']]],
	])('%j keeps everything after the quote', (input, expected) => {
		const tokenizer = new CsvTokenizer();
		const rows = [...tokenizer.write(input), ...tokenizer.end()];

		expect(rows).toEqual(expected);
		expect(tokenizer.unterminatedQuote).toBe(true);
		expect(() => csvParse(input)).toThrow('Quote Not Closed');
	});

	test('a closed document does not report it', () => {
		const tokenizer = new CsvTokenizer();
		tokenizer.write('"a","b"');
		tokenizer.end();
		expect(tokenizer.unterminatedQuote).toBe(false);
	});
});

describe('streaming', () => {
	test('a doubled quote split between chunks', () => {
		expect(tokenizeInPieces(['"a"', '"b",c'])).toEqual([['a"b', 'c']]);
	});

	test('CR and LF split between chunks', () => {
		expect(tokenizeInPieces(['a,b\r', '\nc,d\r', '', '\n'])).toEqual([
			['a', 'b'],
			['c', 'd'],
		]);
	});

	test('a closing quote at a chunk end followed by text', () => {
		expect(tokenizeInPieces(['"ab"', 'c,d'])).toEqual([['"ab"c', 'd']]);
	});

	test('a UTF-8 character split between Buffers', () => {
		const bytes = Buffer.from('"東京",é\n', 'utf8');
		const pieces = Array.from(bytes, (byte) => Uint8Array.of(byte));
		expect(tokenizeInPieces(pieces)).toEqual([['東京', 'é']]);
	});

	test('a byte-order mark split between Buffers, after an empty chunk', () => {
		expect(
			tokenizeInPieces([Buffer.alloc(0), Buffer.from([0xef]), Buffer.from([0xbb, 0xbf, 0x61])]),
		).toEqual([['a']]);
	});

	test('write returns rows as soon as they are complete', () => {
		const tokenizer = new CsvTokenizer();
		expect(tokenizer.write('a,b\nc,')).toEqual([['a', 'b']]);
		expect(tokenizer.write('d\ne')).toEqual([['c', 'd']]);
		expect(tokenizer.end()).toEqual([['e']]);
		expect(tokenizer.end()).toEqual([]);
		expect(() => tokenizer.write('x')).toThrow('after end()');
	});
});

describe('agrees with csv-parse', () => {
	test.each(['settlement.csv', 'orderReference.csv', 'multiCurrency.csv'])('on %s', (name) => {
		const text = readFileSync(join(FIXTURES, name), 'utf8');
		const expected = csvParse(text);

		expect(expected.length).toBeGreaterThan(3);
		expect(parseCsv(text)).toEqual(expected);
		expect(parseCsv(readFileSync(join(FIXTURES, name)))).toEqual(expected);
	});

	test('on a generated 2,000-row settlement file, whole and in 1 KB Buffers', () => {
		const text = generateSettlementFile({ rows: 2000, seed: 11, lineEnding: '\r\n', bom: true });
		const expected = csvParse(text);
		const bytes = Buffer.from(text, 'utf8');
		const pieces: Buffer[] = [];
		for (let start = 0; start < bytes.length; start += 1000) {
			pieces.push(bytes.subarray(start, start + 1000));
		}

		expect(expected).toHaveLength(2000 + 3);
		expect(parseCsv(text)).toEqual(expected);
		expect(tokenizeInPieces(pieces)).toEqual(expected);
	});
});

// Field contents drawn from what breaks CSV readers.
const fieldText = fc
	.array(
		fc.constantFrom(
			',',
			'"',
			'\r',
			'\n',
			'\r\n',
			' ',
			'a',
			'Z',
			'0',
			'-1.23',
			'é',
			'東',
			'😀',
			'\t',
		),
		{
			maxLength: 6,
		},
	)
	.map((parts) => parts.join(''));
const field = fc.record({ text: fieldText, quoted: fc.boolean() });
const document = fc.record({
	rows: fc.array(
		fc.record({
			fields: fc.array(field, { minLength: 1, maxLength: 6 }),
			lineEnding: fc.constantFrom('\n', '\r\n', '\r'),
			blankLinesAfter: fc.nat({ max: 2 }),
		}),
		{ maxLength: 8 },
	),
	bom: fc.boolean(),
	finalLineBreak: fc.boolean(),
	delimiter: fc.constantFrom(',', ',', '\t'),
});
type GeneratedDocument = typeof document extends fc.Arbitrary<infer T> ? T : never;

/** Writes the document; returns the text and the rows a reader must find in it. */
function writeCsv(generated: GeneratedDocument): { text: string; rows: string[][] } {
	const { delimiter } = generated;
	let text = generated.bom ? '\ufeff' : '';
	const rows: string[][] = [];
	generated.rows.forEach((row, index) => {
		const cells = row.fields.map(({ text: content, quoted }) => {
			const mustQuote =
				/[\r\n"]/.test(content[0] ?? '') || /[\r\n]/.test(content) || content.includes(delimiter);
			return quoted || mustQuote ? `"${content.replace(/"/g, '""')}"` : content;
		});
		text += cells.join(delimiter);
		const isLast = index === generated.rows.length - 1;
		if (!isLast || generated.finalLineBreak) {
			text += row.lineEnding + row.lineEnding.repeat(row.blankLinesAfter);
		}
		// One unquoted empty field is an empty line, which readers skip.
		if (cells.length !== 1 || cells[0] !== '') {
			rows.push(row.fields.map(({ text: content }) => content));
		}
	});
	return { text, rows };
}

describe('properties (fast-check)', () => {
	test('generated documents read back exactly, as csv-parse reads them, in any chunking', () => {
		fc.assert(
			fc.property(document, fc.array(fc.nat(), { maxLength: 6 }), (generated, cuts) => {
				const { text, rows } = writeCsv(generated);
				const options = { delimiter: generated.delimiter };

				expect(parseCsv(text, options)).toEqual(rows);
				expect(csvParse(text, generated.delimiter)).toEqual(rows);
				expect(tokenizeInPieces(splitAt(text, cuts), generated.delimiter)).toEqual(rows);
				expect(
					tokenizeInPieces(splitAt(Buffer.from(text, 'utf8'), cuts), generated.delimiter),
				).toEqual(rows);
			}),
			{ numRuns: 10_000 },
		);
	});

	test('any text made of CSV characters reads as csv-parse reads it', () => {
		const csvCharacters = fc.string({
			unit: fc.constantFrom(',', '"', '"', '\r', '\n', ' ', 'a', 'é', '😀', '\ufeff'),
			maxLength: 40,
		});
		fc.assert(
			fc.property(csvCharacters, fc.array(fc.nat(), { maxLength: 4 }), (text, cuts) => {
				const tokenizer = new CsvTokenizer();
				const rows = [...tokenizer.write(text), ...tokenizer.end()];
				expect(tokenizeInPieces(splitAt(text, cuts))).toEqual(rows);

				let expected: string[][] | undefined;
				try {
					expected = csvParse(text);
				} catch {
					expected = undefined;
				}
				if (expected === undefined) {
					// csv-parse refuses only an open quote at the end, which the tokenizer keeps.
					expect(tokenizer.unterminatedQuote).toBe(true);
				} else {
					expect(rows).toEqual(expected);
					expect(tokenizer.unterminatedQuote).toBe(false);
				}
			}),
			{ numRuns: 10_000 },
		);
	});

	test('never throws and always ends on arbitrary text', () => {
		fc.assert(
			fc.property(
				fc.string({ unit: 'binary', maxLength: 200 }),
				fc.array(fc.nat()),
				(text, cuts) => {
					const rows = tokenizeInPieces(splitAt(text, cuts));
					expect(Array.isArray(rows)).toBe(true);
				},
			),
			{ numRuns: 3_000 },
		);
	});

	test('never throws on arbitrary bytes, and any Buffer chunking gives the same rows', () => {
		fc.assert(
			fc.property(fc.uint8Array({ maxLength: 200 }), fc.array(fc.nat()), (bytes, cuts) => {
				const whole = tokenizeInPieces([bytes]);
				expect(tokenizeInPieces(splitAt(bytes, cuts))).toEqual(whole);
			}),
			{ numRuns: 3_000 },
		);
	});
});
